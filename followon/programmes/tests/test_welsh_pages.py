"""Programme pages in Welsh (issue 18 phase C; ADR 0027): every member and staff page of the programmes
app under /cy/, with realistic data so optional sections show, and no English sentence left on them.
Names people gave (the programme, the venue, the groups, staff names) are data, not the page's words."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from followon.core.tests.english import english_sentences
from followon.notifications.models import OutboundMessage
from followon.notifications.services import inbound_sms_receive
from followon.peergroups.tests.factories import form_group
from followon.programmes import services
from followon.programmes.models import MemberLink
from followon.programmes.protocol_defaults import step_in_language
from followon.programmes.tests.factories import answer, join, make_programme, share

pytestmark = pytest.mark.django_db

# The contact-sharing notice is the accounts app's standard wording (accounts/notices.py), stored per
# service: it is translated with the accounts pages, not here.
CONTACT_NOTICE = frozenset(
    {
        "Sharing your contact details with your group",
        "If you agree, the people in your programme or group can see the contact details you choose to "
        "share, so you do not lose touch when the programme ends",
        "You choose which details to share",
        "If you change your mind, your details are hidden from the group straight away",
    }
)


def welsh(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


# The staff pages' "You are working in <service>" bar is the base layout's (templates/layout.jinja, still
# listed in core/tests/test_template_literals.py), not this app's.
STAFF_LAYOUT = frozenset({"You are working in North Bristol Pain Service"})


def sentences(text: str) -> frozenset:
    """Text split as the English scan splits it into sentences."""
    for mark in "?!:;·":
        text = text.replace(mark, ".")
    return frozenset(" ".join(part.split()) for part in text.replace("\n", ".").split(".") if part.strip())


def no_english(body, allowed=frozenset()):
    found = english_sentences(body, "cy", allowed)
    assert found == [], found


@pytest.fixture
def programme(service, clinician, ptv):
    # Started three weeks ago, so the stage, the next session and the hand-over checklist all show.
    return make_programme(
        service, clinician, ptvs=[ptv], start=timezone.localdate() - timedelta(weeks=3), title="Rhaglen Caerdydd"
    )


@pytest.fixture
def world(programme, clinician, service_admin):
    """A programme with people who answered, share details, a group and an upload with a bad row."""
    ann = join(programme, preferred_name="Ann", mobile="+447700900301", email="ann@example.test")
    bryn = join(programme, preferred_name="Bryn", mobile="+447700900302")
    join(programme, preferred_name="Ceri", mobile="+447700900303")
    answer(ann, "yes", days=["mon", "wed"], times_of_day=["morning"], travel="5", keep_in_touch=["sms"])
    answer(bryn, "maybe", reason="travel_timing", travel="2")
    share(ann, "name", "mobile", "email")
    share(bryn, "mobile")
    group = form_group(programme, clinician, name="Grŵp bore Llun")
    services.protocol_step_mark(step=programme.protocol_steps.first(), actor=clinician, done=True)
    with translation.override("cy"):  # uploaded from a Welsh page: the rows' notes are written in Welsh
        upload = services.upload_preview_create(
            programme=programme,
            uploaded_by=service_admin,
            data=b"name,mobile,email\nDai,07700900311,\nDai again,07700900311,\n,,\nAnn,07700900301,\n",
        )
    step = services.protocol_template_ensure(service=programme.service)[0]
    return {"programme": programme, "ann": ann, "bryn": bryn, "group": group, "upload": upload, "step": step}


def test_a_members_programme_pages_in_welsh(client, world):
    programme, ann = world["programme"], world["ann"]
    client.force_login(ann.user)
    body = client.get(welsh("programmes:my-programmes")).content.decode()
    assert "<h1>Eich rhaglenni</h1>" in body
    no_english(body)
    body = client.get(welsh("programmes:my-programme", programme.public_id)).content.decode()
    assert "Eich ateb i ymuno â grŵp dilynol oedd <strong>hoffwn</strong>" in body
    assert "Grwpiau dilynol: aros gyda&#39;ch gilydd ar ôl eich rhaglen" in body
    assert "Grŵp bore Llun" in body and "Y sesiwn nesaf:" in body
    no_english(body)
    body = client.get(welsh("programmes:my-contacts", programme.public_id)).content.decode()
    assert "Manylion cyswllt o'ch rhaglen" in body
    no_english(body)
    body = client.get(welsh("programmes:my-contact-sharing", programme.public_id)).content.decode()
    assert "Cadw fy newisiadau" in body
    no_english(body, CONTACT_NOTICE)


def test_the_follow_on_question_in_welsh_with_its_errors(client, world):
    programme, ceri = world["programme"], world["programme"].enrolments.get(name="Ceri")
    client.force_login(ceri.user)
    address = welsh("programmes:my-interest", programme.public_id)
    body = client.get(address).content.decode()
    assert "Hoffech chi ymuno â grŵp dilynol?" in body and "Dydd Llun" in body
    no_english(body)
    # Nothing chosen, and a day that is not offered: each message names the question, in Welsh.
    body = client.post(address, {"days": ["someday"], "travel": "99"}).content.decode()
    assert "Dewiswch hoffwn, efallai neu na hoffwn" in body
    assert "Dewiswch pa ddiwrnodau sy&#39;n gyfleus i chi" in body
    assert "Dewiswch pa mor bell y gallwch deithio i gwrdd" in body
    no_english(body)
    response = client.post(address, {"answer": "no", "reason": "health"}, follow=True)
    assert "Diolch. Mae eich ateb wedi" in response.content.decode()
    no_english(response.content.decode())


def test_the_link_pages_in_welsh(client, world):
    ceri = world["programme"].enrolments.get(name="Ceri")
    _link, token = services.member_link_issue(enrolment=ceri, purpose=MemberLink.Purpose.INTEREST)
    address = welsh("programmes:interest-link", token)
    body = client.get(address).content.decode()
    assert "Does dim angen i chi fewngofnodi i ateb" in body
    no_english(body)
    body = client.post(address, {"answer": "yes"}).content.decode()
    assert "Diolch, mae eich ateb wedi" in body
    no_english(body)
    MemberLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(address)
    assert response.status_code == 404
    assert "Dim ond am amser cyfyngedig" in response.content.decode()
    no_english(response.content.decode())


STAFF_PAGES = [
    ("programmes:staff-list", lambda w: []),
    ("programmes:staff-create", lambda w: []),
    ("programmes:staff-detail", lambda w: [w["programme"].public_id]),
    ("programmes:staff-edit", lambda w: [w["programme"].public_id]),
    ("programmes:staff-sessions", lambda w: [w["programme"].public_id]),
    ("programmes:staff-session-move", lambda w: [w["programme"].public_id, 5]),
    ("programmes:staff-interest-send", lambda w: [w["programme"].public_id]),
    ("programmes:staff-invite", lambda w: [w["programme"].public_id]),
    ("programmes:staff-upload", lambda w: [w["programme"].public_id]),
    ("programmes:staff-upload-preview", lambda w: [w["programme"].public_id, w["upload"].public_id]),
    ("programmes:staff-withdraw", lambda w: [w["programme"].public_id, w["ann"].public_id]),
    ("programmes:admin-protocol", lambda w: []),
    ("programmes:admin-protocol-add", lambda w: []),
    ("programmes:admin-protocol-step", lambda w: [w["step"].public_id]),
    ("programmes:admin-protocol-delete", lambda w: [w["step"].public_id]),
    ("programmes:admin-information-sheet", lambda w: []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES, ids=[name for name, _args in STAFF_PAGES])
def test_staff_pages_in_welsh(staff_client, service_admin, world, name, args):
    body = staff_client(service_admin).get(welsh(name, *args(world))).content.decode()
    assert 'lang="cy"' in body
    # The pages that edit the shipped step or sheet show its stored words in the boxes being edited.
    editing = name in {"programmes:admin-protocol-step", "programmes:admin-information-sheet"}
    no_english(body, STAFF_LAYOUT | (stored_wording(world) if editing else frozenset()))


def stored_wording(world) -> frozenset:
    """The shipped hand-over step's and information sheet's words as stored (English until a service
    changes them); everywhere else they are shown in the page's language while unchanged."""
    sheet = services.information_sheet_ensure(service=world["programme"].service)
    step = world["step"]
    return sentences(sheet.title) | sentences(sheet.body) | sentences(step.title) | sentences(step.guidance)


def test_the_shipped_steps_show_in_welsh_and_a_services_own_step_as_written(staff_client, service_admin, world):
    programme = world["programme"]
    changed = programme.protocol_steps.first()
    type(changed).objects.filter(pk=changed.pk).update(title="Paned a sgwrs gyda'r PTV")
    body = staff_client(service_admin).get(welsh("programmes:staff-detail", programme.public_id)).content.decode()
    assert "Paned a sgwrs gyda&#39;r PTV" in body
    assert "Anfon cwestiwn y grŵp dilynol at y cyfranogwyr" in body
    assert "Send the follow-on group question to participants" not in body


def test_staff_form_errors_in_welsh(staff_client, service_admin, world):
    client = staff_client(service_admin)
    body = client.post(welsh("programmes:staff-create"), {}).content.decode()
    assert "Rhowch deitl i&#39;r rhaglen" in body
    # The date and time boxes' own messages (core/forms.py's NhsDateField and NhsTimeField) are Welsh too.
    assert "Mae angen dyddiad y sesiwn gyntaf" in body
    no_english(body, STAFF_LAYOUT)
    body = client.post(welsh("programmes:staff-invite", world["programme"].public_id), {}).content.decode()
    assert "Rhowch enw&#39;r cyfranogwr" in body
    no_english(body, STAFF_LAYOUT)


def test_a_welsh_member_gets_the_follow_on_question_in_welsh_and_answers_ie(programme, clinician):
    programme.service.message_languages = ["cy"]
    programme.service.save()
    enrolment = join(programme, preferred_name="Eleri", mobile="+447700900219", language="cy")
    services.interest_question_send(programme=programme, sent_by=clinician)
    text = OutboundMessage.objects.get(recipient=enrolment.user, template="interest_question", channel="sms").body
    assert text.startswith("Helo Eleri. Hoffech chi ddal i gwrdd gyda phobl o'ch rhaglen rheoli poen")
    assert "Atebwch IE, EFALLAI neu NA" in text and "/cy/" in text
    inbound_sms_receive(
        notify_id="welsh-interest", source_number="07700900219", message="Ie", received_at=timezone.now()
    )
    enrolment.refresh_from_db()
    assert enrolment.interest.answer == "yes"


@pytest.mark.parametrize(
    ("at", "said"),
    [
        ("2026-12-04T10:30:00+00:00", "Mae Eirlys wedi cael gwahoddiad"),
        # 10:30pm in London: the invitation text waits for 8am, and the flash says so in Welsh.
        ("2026-12-04T22:30:00+00:00", "Bydd Eirlys yn cael gwahoddiad. Bydd negeseuon testun yn cael eu hanfon"),
    ],
)
def test_inviting_a_participant_tells_staff_in_welsh(staff_client, service_admin, world, at, said):
    with time_machine.travel(at, tick=False):
        response = staff_client(service_admin).post(
            welsh("programmes:staff-invite", world["programme"].public_id),
            {"name": "Eirlys", "mobile": "07700 900 321", "email": ""},
            follow=True,
        )
    body = response.content.decode()
    assert said in html.unescape(body)
    assert "has been invited" not in body and "will be invited" not in body
    no_english(body, STAFF_LAYOUT)


def test_marking_a_hand_over_step_tells_staff_in_welsh(staff_client, service_admin, world):
    programme = world["programme"]
    step = programme.protocol_steps.order_by("id")[1]
    response = staff_client(service_admin).post(
        welsh("programmes:staff-protocol-step", programme.public_id, step.public_id), {"done": "yes"}, follow=True
    )
    body = html.unescape(response.content.decode())
    with translation.override("cy"):
        title = step_in_language(step.title)
    assert title != step.title
    assert f"Mae “{title}” wedi'i farcio fel wedi'i wneud" in body
    assert "marked as done" not in body
    no_english(response.content.decode(), STAFF_LAYOUT)
