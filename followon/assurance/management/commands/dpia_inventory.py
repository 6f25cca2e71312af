"""`python manage.py dpia_inventory` (`make dpia`): regenerate the DPIA's data inventory from the models."""

from django.core.management.base import BaseCommand, CommandError

from followon.assurance import inventory


class Command(BaseCommand):
    help = "Rewrite the data inventory in docs/assurance/dpia.md from the models and the classification file."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only check; exit 1 if anything is out of date")

    def handle(self, *args, check: bool = False, **options):
        found = inventory.problems()
        if found:
            raise CommandError("classify these in docs/assurance/data-classification.yaml first:\n" + "\n".join(found))
        if check:
            current = inventory.DPIA.read_text(encoding="utf-8")
            if inventory.dpia_text(current, inventory.dpia_section()) != current:
                raise CommandError("docs/assurance/dpia.md's inventory is out of date: run `make dpia`")
            self.stdout.write("dpia inventory: up to date")
            return
        changed = inventory.write_dpia()
        self.stdout.write(f"dpia inventory: {'rewritten' if changed else 'already up to date'} ({inventory.DPIA})")
