"""`manage.py restore_drill`: dump this database, restore it into a fresh one, compare (docs/deploy.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from followon.assurance.restore_drill import run_drill


class Command(BaseCommand):
    help = "Dump the database, restore it into a fresh database and check every table's rows match."

    def add_arguments(self, parser):
        parser.add_argument("--target", help="name of the fresh database (default: <name>_restore_drill)")
        parser.add_argument("--keep", action="store_true", help="keep the restored database (it holds personal data)")

    def handle(self, *args, target=None, keep=False, **options):
        if connection.vendor != "postgresql":
            raise CommandError("the restore drill needs PostgreSQL (set DATABASE_URL)")
        result = run_drill(connection.settings_dict, target_name=target, keep=keep)
        for line in result.summary_lines():
            self.stdout.write(line)
        if not result.passed:
            raise CommandError("restore drill failed: see the MISMATCH and EXTRA lines")
