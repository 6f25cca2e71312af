"""Demo data for `make run`. Idempotent: running it twice changes nothing."""

from django.db import transaction

from followon.accounts.models import User
from followon.organisations.models import PainService, StaffRole

DEMO_PASSWORD = "demo-followon-2026"

DEMO_STAFF = [
    ("admin@demo.followon.test", "Sam Admin", StaffRole.Role.SERVICE_ADMIN),
    ("clinician@demo.followon.test", "Dr Chris Clinician", StaffRole.Role.CLINICIAN),
    ("ptv@demo.followon.test", "Pat Tutor", StaffRole.Role.PTV),
    ("researcher@demo.followon.test", "Riley Researcher", StaffRole.Role.RESEARCHER),
]
DEMO_MEMBER = ("member@demo.followon.test", "+447700900982", "Mo Member")


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
    for email, name, role in DEMO_STAFF:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, preferred_name=name)
        StaffRole.objects.get_or_create(service=service, user=user, role=role)
    email, mobile, name = DEMO_MEMBER
    if not User.objects.filter(email=email).exists():
        User.objects.create_user(email=email, mobile=mobile, preferred_name=name)
    return {"service": service}
