from django.core.management.base import BaseCommand

from followon.home.demo import DEMO_MEMBER, DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET, load_demo_data
from followon.home.demo.programmes import DEMO_GROUP_MEMBER


class Command(BaseCommand):
    help = "Load the demo pain service, staff and member (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="where the demo runs, for the sign-in line it prints"
        )

    def handle(self, *args, **options):
        load_demo_data()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"\nSign in at {options['url']}")
        self.stdout.write(f"  Staff (password {DEMO_PASSWORD}):")
        for email, _name, role in DEMO_STAFF:
            self.stdout.write(f"    {role.label:<32} {email}")
        self.stdout.write(
            f"    then the code from an authenticator app with the demo key {DEMO_TOTP_SECRET},\n"
            "    or print it with: .venv/bin/python manage.py demo_totp clinician@demo.followon.test"
        )
        email, mobile, name = DEMO_MEMBER
        self.stdout.write(
            f"  Member: {name}: sign in with {mobile} or {email}; the code is printed by the app's console."
        )

        email, mobile, name = DEMO_GROUP_MEMBER
        self.stdout.write(f"  Member of a forming follow-on group: {name}: sign in with {mobile} or {email}.")
