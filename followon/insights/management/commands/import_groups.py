"""python manage.py import_groups FILE.csv --service SLUG [--skip-invalid]"""

from django.core.management.base import BaseCommand, CommandError

from followon.insights.services import ImportError_, historical_groups_import
from followon.organisations.models import PainService


class Command(BaseCommand):
    help = "Import a pain service's historical follow-on groups from a CSV file (see insights/data/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--service", required=True, help="The pain service's slug")
        parser.add_argument("--skip-invalid", action="store_true", help="Save the good rows even if some rows are bad")

    def handle(self, *args, **options):
        try:
            service = PainService.objects.get(slug=options["service"])
        except PainService.DoesNotExist:
            raise CommandError(f"No pain service with the slug {options['service']!r}") from None
        try:
            with open(options["file"], newline="", encoding="utf-8-sig") as handle:
                result = historical_groups_import(service=service, lines=handle, skip_invalid=options["skip_invalid"])
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{options['file']} is not a UTF-8 CSV file") from None
        except ImportError_ as error:
            raise CommandError(str(error)) from None
        for message in result.errors:
            self.stderr.write(message)
        if not result.saved:
            raise CommandError(
                f"Nothing imported: {len(result.errors)} row(s) have problems. "
                "Fix them, or run again with --skip-invalid"
            )
        self.stdout.write(f"imported created={result.created} updated={result.updated} skipped={result.skipped}")
