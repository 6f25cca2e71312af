"""The demo's national identities: who can sign in at the local mock provider (`make run`).

Mo and Jo have NHS login identities linked to their FollowOn accounts; the clinician has a
linked CIS2 identity. Sam is at NHS login with the same verified email as no one (not linked),
and Lee has only a P0 (unproven) NHS login, to show those pages too.
"""

from __future__ import annotations

from django.db import transaction

from followon.identity.models import NationalIdentity, ServiceSignInSettings
from followon.identity.providers import Cis2Level, Environment, NhsLoginLevel, Provider

NHS_LOGIN_CLIENT_ID = "followon-demo-nhs-login"
CIS2_CLIENT_ID = "followon-demo-cis2"
CIS2_CLINICIAN_ROLE = {
    "person_orgid": "100000000001",
    "person_roleid": "555000000101",
    "org_code": "RVJ",
    "role_name": '"Clinical":"Clinical Provision":"Nurse Access Role"',
    "role_code": "S8000:G8000:R8001",
}

# (key, label, claims) at NHS login; the first two are linked to the demo members.
NHS_LOGIN_PEOPLE = [
    (
        "mo",
        "Mo Member (P9, linked to the demo member)",
        {
            "sub": "demo-nhs-login-mo-0001",
            "vot": "P9.Cp.Cd",
            "identity_proofing_level": "P9",
            "email": "member@demo.followon.test",
            "email_verified": True,
            "phone_number": "+447700900982",
            "phone_number_verified": True,
            "nhs_number": "9000000009",
            "family_name": "Member",
            "birthdate": "1962-04-01",
        },
    ),
    (
        "jo",
        "Jo Coordinator (P5, linked to the demo coordinator)",
        {
            "sub": "demo-nhs-login-jo-0002",
            "vot": "P5.Cp.Cd",
            "identity_proofing_level": "P5",
            "email": "jo@demo.followon.test",
            "email_verified": True,
            "phone_number": "+447700900101",
            "phone_number_verified": True,
            "nhs_number": "9000000017",
        },
    ),
    (
        "sam",
        "Sam Newcomer (P9, no FollowOn account)",
        {
            "sub": "demo-nhs-login-sam-0003",
            "vot": "P9.Cp.Ck",
            "identity_proofing_level": "P9",
            "email": "sam.newcomer@example.test",
            "email_verified": True,
            "phone_number": "+447700900555",
            "phone_number_verified": True,
        },
    ),
    (
        "lee",
        "Lee Lowlevel (P0: email and phone only)",
        {
            "sub": "demo-nhs-login-lee-0004",
            "vot": "P0.Cp.Cd",
            "identity_proofing_level": "P0",
            "email": "lee@example.test",
            "email_verified": True,
        },
    ),
]
CIS2_PEOPLE = [
    (
        "clinician",
        "Dr Chris Clinician (smartcard, AAL3, linked to the demo clinician)",
        {
            "sub": "555000000001",
            "uid": "555000000001",
            "name": "Chris Clinician",
            "given_name": "Chris",
            "family_name": "Clinician",
            "acr": "AAL3_ANY",
            "authentication_assurance_level": "3",
            "id_assurance_level": "3",
            "selected_roleid": CIS2_CLINICIAN_ROLE["person_roleid"],
            "nhsid_nrbac_roles": [CIS2_CLINICIAN_ROLE],
        },
    ),
    (
        "locum",
        "Alex Locum (smartcard, not linked to FollowOn)",
        {
            "sub": "555000000002",
            "uid": "555000000002",
            "name": "Alex Locum",
            "acr": "AAL3_ANY",
            "authentication_assurance_level": "3",
            "id_assurance_level": "3",
            "nhsid_nrbac_roles": [],
        },
    ),
]


def demo_people():
    """(provider, key, label, claims) for everyone at the demo's mock provider."""
    for key, label, claims in NHS_LOGIN_PEOPLE:
        yield Provider.NHS_LOGIN, key, label, claims
    for key, label, claims in CIS2_PEOPLE:
        yield Provider.CIS2, key, label, claims


@transaction.atomic
def load_identity_demo(*, service, mo, jo, clinician) -> None:
    """Offer both routes at the demo service, against the mock; link Mo, Jo and the clinician."""
    ServiceSignInSettings.objects.update_or_create(
        service=service,
        defaults={
            "nhs_login_enabled": True,
            "nhs_login_environment": Environment.MOCK,
            "nhs_login_client_id": NHS_LOGIN_CLIENT_ID,
            "nhs_login_level": NhsLoginLevel.P5,
            "cis2_enabled": True,
            "cis2_environment": Environment.MOCK,
            "cis2_client_id": CIS2_CLIENT_ID,
            "cis2_level": Cis2Level.AAL3,
        },
    )
    links = [(mo, Provider.NHS_LOGIN, NHS_LOGIN_PEOPLE[0][2]), (clinician, Provider.CIS2, CIS2_PEOPLE[0][2])]
    if jo is not None:
        links.append((jo, Provider.NHS_LOGIN, NHS_LOGIN_PEOPLE[1][2]))
    for user, provider, claims in links:
        NationalIdentity.objects.get_or_create(
            provider=provider,
            environment=Environment.MOCK,
            subject=claims["sub"],
            defaults={"user": user, "how": NationalIdentity.How.DEMO},
        )
