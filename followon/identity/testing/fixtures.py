"""pytest fixtures: the local mock provider (one per test session, reset for each test) and helpers
to set a service up for NHS login and CIS2 and to walk a sign-in through the mock over HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.urls import reverse

from followon.identity import keys
from followon.identity.models import ServiceSignInSettings
from followon.identity.oidc import forget_provider_metadata
from followon.identity.providers import Cis2Level, Environment, NhsLoginLevel, Provider
from followon.identity.testing.mock_provider import MockIdentityProvider

NHS_LOGIN_CLIENT = "followon-test-nhs-login"
CIS2_CLIENT = "followon-test-cis2"


@dataclass
class NationalSignIn:
    mock: MockIdentityProvider

    def register(self, *, jwks_uri: str = "") -> None:
        """Register FollowOn's two clients at the mock, at FOLLOWON_BASE_URL, with our JWKS."""
        base = settings.FOLLOWON_BASE_URL
        done = [base + reverse("accounts:signed-out")]
        jwks = None if jwks_uri else keys.public_jwks()
        for provider, client_id, callback in (
            (Provider.NHS_LOGIN, NHS_LOGIN_CLIENT, "accounts:nhs-login-callback"),
            (Provider.CIS2, CIS2_CLIENT, "accounts:cis2-callback"),
        ):
            self.mock.register_client(
                provider,
                client_id,
                redirect_uris=[base + reverse(callback)],
                post_logout_redirect_uris=done,
                jwks=jwks,
                jwks_uri=jwks_uri,
            )

    def enable(
        self,
        service,
        *,
        nhs_login: bool = True,
        cis2: bool = True,
        nhs_login_level: str = NhsLoginLevel.P5,
        cis2_level: str = Cis2Level.AAL3,
        keeps_nhs_number: bool = False,
    ) -> ServiceSignInSettings:
        row, _ = ServiceSignInSettings.objects.update_or_create(
            service=service,
            defaults={
                "nhs_login_enabled": nhs_login,
                "nhs_login_environment": Environment.MOCK,
                "nhs_login_client_id": NHS_LOGIN_CLIENT,
                "nhs_login_level": nhs_login_level,
                "nhs_login_keeps_nhs_number": keeps_nhs_number,
                "cis2_enabled": cis2,
                "cis2_environment": Environment.MOCK,
                "cis2_client_id": CIS2_CLIENT,
                "cis2_level": cis2_level,
            },
        )
        return row

    def member(self, key: str, label: str = "", **claims):
        claims.setdefault("sub", f"nhs-login-{key}")
        claims.setdefault("vot", "P9.Cp.Cd")
        return self.mock.add_person(Provider.NHS_LOGIN, key, label or key.title(), **claims)

    def staff(self, key: str, label: str = "", **claims):
        claims.setdefault("sub", f"5550000{abs(hash(key)) % 100000:05d}")
        claims.setdefault("acr", "AAL3_ANY")
        claims.setdefault("authentication_assurance_level", "3")
        return self.mock.add_person(Provider.CIS2, key, label or key.title(), **claims)

    def through_provider(self, client, start_path: str, *, person: str | None):
        """Start at `start_path` with the Django test client, sign in at the mock as `person`
        (None: cancel) over real HTTP, and come back to the callback. Returns the callback's response."""
        started = client.get(start_path)
        assert started.status_code == 302, f"{start_path} answered {started.status_code}"
        location = started["Location"]
        assert location.startswith(self.mock.base_url), location
        self.mock.choose(person if person is not None else "")
        answer = requests.get(location, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        back = urlsplit(answer.headers["Location"])
        return client.get(f"{back.path}?{back.query}")


@pytest.fixture(scope="session")
def _mock_identity_server():
    with MockIdentityProvider() as mock:
        yield mock


@pytest.fixture
def national(_mock_identity_server, settings):
    """The mock provider, reset, as the `mock` environment; FollowOn's clients registered with it."""
    mock = _mock_identity_server
    mock.reset()
    mock.clients.clear()
    for people in mock.people.values():
        people.clear()
    settings.NATIONAL_IDENTITY_MOCK_URL = mock.base_url
    settings.FOLLOWON_BASE_URL = "http://testserver"
    forget_provider_metadata()
    helper = NationalSignIn(mock)
    helper.register()
    yield helper
    forget_provider_metadata()
