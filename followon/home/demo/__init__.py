"""Demo data for `make run`. Idempotent: running it twice changes nothing."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from followon.accounts.models import ServiceMembership, User
from followon.accounts.services import consent_notices_ensure
from followon.home.demo.conversations import load_board_demo
from followon.home.demo.insights import load_insights_demo
from followon.home.demo.meetings import load_meetings_demo
from followon.home.demo.network import load_network_demo
from followon.home.demo.programmes import DEMO_GROUP_MEMBER, load_programme_demo
from followon.home.demo.selfcare import load_selfcare_demo
from followon.identity.demo import load_identity_demo
from followon.organisations.models import PainService, StaffRole

DEMO_PASSWORD = "demo-followon-2026"

DEMO_STAFF = [
    ("admin@demo.followon.test", "Sam Admin", StaffRole.Role.SERVICE_ADMIN),
    ("clinician@demo.followon.test", "Dr Chris Clinician", StaffRole.Role.CLINICIAN),
    ("ptv@demo.followon.test", "Pat Tutor", StaffRole.Role.PTV),
    ("researcher@demo.followon.test", "Riley Researcher", StaffRole.Role.RESEARCHER),
]
DEMO_MEMBER = ("member@demo.followon.test", "+447700900982", "Mo Member")
# Every demo staff account has this authenticator-app key (staff must use MFA).
# Add it to any authenticator app, or print the current code with
# `python manage.py demo_totp EMAIL`. Never used outside the demo.
DEMO_TOTP_SECRET = "FOLLOWONDEMOTOTPSECRET23"


def demo_totp_ensure(user) -> None:

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)


@transaction.atomic
def load_demo_data() -> dict:
    service, _ = PainService.objects.get_or_create(
        slug="north-bristol",
        defaults={
            "name": "North Bristol Pain Management Service",
            "ods_code": "RVJ",
            "contact_phone": "0117 414 0000",
            "address": "Southmead Hospital, Bristol",
            "outcode": "BS10",
        },
    )
    PainService.objects.get_or_create(
        slug="other-demo",
        defaults={
            "name": "Another Pain Service",
            "ods_code": "ZZ001",
            "contact_phone": "0300 000 0000",
            "address": "Elsewhere",
            "outcode": "BA1",
        },
    )
    staff = {}
    for email, name, role in DEMO_STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, preferred_name=name)
        StaffRole.objects.get_or_create(service=service, user=user, role=role)
        demo_totp_ensure(user)
        staff[role] = user
    email, mobile, name = DEMO_MEMBER
    member = User.objects.filter(email=email).first()
    if member is None:
        member = User.objects.create_user(email=email, mobile=mobile, preferred_name=name)
    ServiceMembership.objects.get_or_create(service=service, user=member)
    consent_notices_ensure(service=service)
    # Programmes at each stage of the hand-over, and follow-on groups (programmes/demo.py).

    load_programme_demo(
        service=service, clinician=staff[StaffRole.Role.CLINICIAN], ptv=staff[StaffRole.Role.PTV], member=member
    )
    # Venues, a repeating meeting with RSVPs, an open poll and calendar feeds (meetings/demo.py).

    load_meetings_demo(service=service, members=[member, *User.objects.filter(email=DEMO_GROUP_MEMBER[0])])
    # A small group board with one flagged post (one open queue item) and a duty rota (conversations/demo.py).

    load_board_demo(service=service, clinician=staff[StaffRole.Role.CLINICIAN])
    # Listed groups around Bristol, a fading group on the support list, a network event (network/demo.py).

    load_network_demo(
        service=service, clinician=staff[StaffRole.Role.CLINICIAN], ptv=staff[StaffRole.Role.PTV], member=member
    )
    # The demo member's goal with progress, pacing plan with a log and set-back plan (selfcare/demo.py).

    load_selfcare_demo(member=member)
    # The study's eleven historical groups, three earlier programmes whose groups formed, and their
    # questionnaires answered over time: the insights dashboard and research export (home/demo/insights.py).
    load_insights_demo(service=service, clinician=staff[StaffRole.Role.CLINICIAN], ptv=staff[StaffRole.Role.PTV])
    # NHS login and CIS2 at the local mock provider: Mo, Jo and the clinician are linked (identity/demo.py).
    load_identity_demo(
        service=service,
        mo=member,
        jo=User.objects.filter(email=DEMO_GROUP_MEMBER[0]).first(),
        clinician=staff[StaffRole.Role.CLINICIAN],
    )
    return {"service": service}
