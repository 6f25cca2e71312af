"""`manage.py catalogues update|compile|check`: the translation catalogues (followon/core/catalogues.py)."""

from django.core.management.base import BaseCommand, CommandError

from followon.core import catalogues


class Command(BaseCommand):
    help = "update: catalogues from the sources; compile: the .mo files (make setup); check: fail if out of date"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "compile", "check"])

    def handle(self, *args, action: str, **options):
        if action == "update":
            catalogues.update()
            catalogues.compile_all()
            self.stdout.write("catalogues updated and compiled")
        elif action == "compile":
            for path in catalogues.compile_all():
                self.stdout.write(f"compiled {path.relative_to(catalogues.ROOT)}")
        else:
            problems = {code: found for code, found in catalogues.out_of_date().items() if any(found.values())}
            if problems:
                raise CommandError(f"catalogues out of date (run `manage.py catalogues update`): {problems}")
            self.stdout.write("catalogues up to date")
