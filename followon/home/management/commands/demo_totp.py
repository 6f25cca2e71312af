"""Print the current authenticator code of a demo staff account (the demo has no phone to hand)."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from followon.accounts.models import User
from followon.home.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current 6-digit authenticator code for a demo staff account."

    def add_arguments(self, parser):
        parser.add_argument("email", help="for example clinician@demo.followon.test")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first() if user else None
        if totp is None:
            raise CommandError(f"{email} has no authenticator app set up.")
        secret = decrypt(totp.data["secret"])
        if secret != DEMO_TOTP_SECRET:
            # Only the demo key is printed: this must never become a way to read a real person's codes.
            raise CommandError(f"{email} does not use the demo authenticator key.")
        now = time.time()
        code = format_hotp_value(hotp_value(secret, int(now) // app_settings.TOTP_PERIOD))
        left = app_settings.TOTP_PERIOD - int(now) % app_settings.TOTP_PERIOD
        self.stdout.write(f"{code}  (changes in {left} seconds)")
