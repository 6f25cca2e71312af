"""Per-service configuration (platform admin): routes, client ids, environment, level."""

import pytest
from django.core.exceptions import ValidationError

from followon.identity.models import ServiceSignInSettings
from followon.identity.oidc import Route
from followon.identity.providers import Environment, Provider, issuer_for
from followon.identity.selectors import route_for, services_offering

pytestmark = pytest.mark.django_db


def test_an_enabled_route_needs_a_client_id_and_an_environment_the_provider_has(service, settings):
    row = ServiceSignInSettings(service=service, nhs_login_enabled=True, cis2_enabled=True)
    row.cis2_environment = Environment.SANDPIT
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    errors = raised.value.message_dict
    assert "nhs_login_client_id" in errors and "cis2_client_id" in errors
    assert errors["cis2_environment"] == ["NHS CIS2 has no Sandpit environment"]


def test_the_mock_is_refused_outside_the_demo_and_tests(service, settings):
    settings.NATIONAL_IDENTITY_MOCK_ALLOWED = False
    row = ServiceSignInSettings(
        service=service, nhs_login_enabled=True, nhs_login_client_id="x", nhs_login_environment=Environment.MOCK
    )
    with pytest.raises(ValidationError, match="only for the demo"):
        row.full_clean()


def test_routes_are_per_service(service, other_service):
    ServiceSignInSettings.objects.create(
        service=service, nhs_login_enabled=True, nhs_login_client_id="nb-client", nhs_login_environment="live"
    )
    ServiceSignInSettings.objects.create(service=other_service, cis2_enabled=True, cis2_client_id="other-cis2")
    assert route_for(service, Provider.NHS_LOGIN) == Route(
        provider="nhs_login", environment="live", client_id="nb-client", level="P5", service_id=service.pk
    )
    assert route_for(service, Provider.CIS2) is None
    assert route_for(other_service, Provider.NHS_LOGIN) is None
    assert services_offering(Provider.NHS_LOGIN) == [service]
    assert services_offering(Provider.CIS2) == [other_service]
    assert route_for(service, Provider.NHS_LOGIN).issuer == "https://auth.login.nhs.uk"


def test_each_environment_has_its_issuer(settings):
    settings.NATIONAL_IDENTITY_MOCK_URL = "http://127.0.0.1:9999/"
    assert issuer_for("nhs_login", "mock") == "http://127.0.0.1:9999/nhs-login"
    assert issuer_for("nhs_login", "sandpit") == "https://auth.sandpit.signin.nhs.uk"
    assert issuer_for("nhs_login", "integration") == "https://auth.aos.signin.nhs.uk"
    assert issuer_for("cis2", "live").startswith("https://am.nhsidentity.spineservices.nhs.uk/")
    assert issuer_for("cis2", "sandpit") is None
