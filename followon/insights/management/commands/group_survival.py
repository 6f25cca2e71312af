"""python manage.py group_survival --service SLUG"""

from django.core.management.base import BaseCommand, CommandError

from followon.insights.selectors import service_group_survival
from followon.organisations.models import PainService


class Command(BaseCommand):
    help = "Print how long a service's follow-on groups last (live and imported) and the Kaplan-Meier table."

    def add_arguments(self, parser):
        parser.add_argument("--service", required=True, help="The pain service's slug")

    def handle(self, *args, **options):
        try:
            service = PainService.objects.get(slug=options["service"])
        except PainService.DoesNotExist:
            raise CommandError(f"No pain service with the slug {options['service']!r}") from None
        for line in service_group_survival(service=service).lines():
            self.stdout.write(line)
