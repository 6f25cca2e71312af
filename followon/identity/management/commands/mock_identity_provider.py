"""`python manage.py mock_identity_provider`: the local NHS login and CIS2 for the demo (`make run`)."""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from followon.identity.demo import CIS2_CLIENT_ID, NHS_LOGIN_CLIENT_ID, demo_people
from followon.identity.providers import Provider
from followon.identity.testing.mock_provider import MockIdentityProvider


class Command(BaseCommand):
    help = "Run the local mock NHS login and CIS2 with the demo's people (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--app-url", default=settings.FOLLOWON_BASE_URL, help="FollowOn's address")

    def handle(self, *args, port, app_url, **options):
        if not settings.NATIONAL_IDENTITY_MOCK_ALLOWED:
            raise CommandError("The mock identity provider is for the demo and the tests only.")
        app = app_url.rstrip("/")
        mock = MockIdentityProvider(port=port)
        jwks_uri = app + reverse("identity:jwks")
        done = app + reverse("accounts:signed-out")
        mock.register_client(
            Provider.NHS_LOGIN,
            NHS_LOGIN_CLIENT_ID,
            redirect_uris=[app + reverse("accounts:nhs-login-callback")],
            post_logout_redirect_uris=[done],
            jwks_uri=jwks_uri,
        )
        mock.register_client(
            Provider.CIS2,
            CIS2_CLIENT_ID,
            redirect_uris=[app + reverse("accounts:cis2-callback")],
            post_logout_redirect_uris=[done],
            jwks_uri=jwks_uri,
        )
        for provider, key, label, claims in demo_people():
            mock.add_person(provider, key, label, **claims)
        try:
            mock.start()
        except OSError as exc:
            raise CommandError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from exc
        self.stdout.write(f"Mock NHS login and CIS2 at {mock.base_url} (for {app})")
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            mock.stop()
