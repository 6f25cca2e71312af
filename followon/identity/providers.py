"""The two national identity providers, their environments and what FollowOn asks each for.

Addresses are the providers' published issuers; the discovery document
(`<issuer>/.well-known/openid-configuration`) gives every endpoint. The mock
environment is the local provider in `identity/testing/mock_provider.py`
(`make run` starts it; the tests start their own).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models


class Provider(models.TextChoices):
    NHS_LOGIN = "nhs_login", "NHS login"
    CIS2 = "cis2", "NHS CIS2"


class Environment(models.TextChoices):
    MOCK = "mock", "Local mock (demo and tests only)"
    SANDPIT = "sandpit", "Sandpit"
    INTEGRATION = "integration", "Integration"
    LIVE = "live", "Live"


class NhsLoginLevel(models.TextChoices):
    """NHS login identity proofing levels FollowOn may ask for (P0 is never enough)."""

    P5 = "P5", "P5: checked against the NHS record (PDS)"
    P9 = "P9", "P9: identity proved with photo ID"


class Cis2Level(models.TextChoices):
    """CIS2 authentication assurance: AAL3 is a smartcard or equivalent."""

    AAL2 = "AAL2", "AAL2 or AAL3"
    AAL3 = "AAL3", "AAL3 only (smartcard or equivalent)"


_CIS2_REALM = "/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare"
ISSUERS = {
    (Provider.NHS_LOGIN, Environment.SANDPIT): "https://auth.sandpit.signin.nhs.uk",
    (Provider.NHS_LOGIN, Environment.INTEGRATION): "https://auth.aos.signin.nhs.uk",
    (Provider.NHS_LOGIN, Environment.LIVE): "https://auth.login.nhs.uk",
    # CIS2 onboarding starts in its integration environment; it has no public sandpit.
    (Provider.CIS2, Environment.INTEGRATION): "https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk" + _CIS2_REALM,
    (Provider.CIS2, Environment.LIVE): "https://am.nhsidentity.spineservices.nhs.uk" + _CIS2_REALM,
}
MOCK_PATHS = {Provider.NHS_LOGIN: "/nhs-login", Provider.CIS2: "/cis2"}


def issuer_for(provider: str, environment: str) -> str | None:
    """The issuer of `provider` in `environment`, or None where there is none."""
    if environment == Environment.MOCK:
        return settings.NATIONAL_IDENTITY_MOCK_URL.rstrip("/") + MOCK_PATHS[Provider(provider)]
    return ISSUERS.get((Provider(provider), Environment(environment)))


# NHS login ----------------------------------------------------------------------------------------
# Vectors of trust: a proofing level (P5, P9) and how the person authenticated this time:
# Cp.Cd password + one-time code, Cp.Ck password + key (app), Cm the NHS App's biometrics.
NHS_LOGIN_CREDENTIALS = ("Cp.Cd", "Cp.Ck", "Cm")
_VOT = re.compile(r"^P(?P<level>[059])\.(?P<credential>Cp\.Cd|Cp\.Ck|Cm)$")


def nhs_login_vtr(level: str) -> list[str]:
    """The `vtr` to ask for: `level` with any of the credentials NHS login offers."""
    return [f"{NhsLoginLevel(level).value}.{credential}" for credential in NHS_LOGIN_CREDENTIALS]


def nhs_login_vot_level(vot: str | None) -> int | None:
    """The proofing level (0, 5, 9) of a returned `vot`, or None if it is not one NHS login issues."""
    match = _VOT.match(vot or "")
    return int(match["level"]) if match else None


def nhs_login_scopes(*, keeps_nhs_number: bool) -> list[str]:
    """Email and phone let a member confirm a match with their FollowOn account; `profile`
    (NHS number, name, date of birth) only for a service that keeps the NHS number."""
    scopes = ["openid", "email", "phone"]
    if keeps_nhs_number:
        scopes.append("profile")
    return scopes


# CIS2 ---------------------------------------------------------------------------------------------
CIS2_SCOPES = ["openid", "nhsperson", "nationalrbacaccess", "associatedorgs", "selectedrole"]
CIS2_ACR_VALUES = {Cis2Level.AAL2: "AAL2_OR_AAL3_ANY", Cis2Level.AAL3: "AAL3_ANY"}
_ACR = re.compile(r"^AAL(?P<level>[1-3])")


def cis2_assurance_level(claims: dict) -> int | None:
    """Authentication assurance (1-3) from CIS2's `authentication_assurance_level`, else its `acr`."""
    value = claims.get("authentication_assurance_level")
    if value is not None and str(value).isdigit():
        return int(value)
    match = _ACR.match(str(claims.get("acr") or ""))
    return int(match["level"]) if match else None


def cis2_required_level(level: str) -> int:
    return 3 if Cis2Level(level) == Cis2Level.AAL3 else 2
