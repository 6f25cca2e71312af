import io
import time as clock
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from followon.accounts.models import Invitation
from followon.core.formatting import LONDON
from followon.core.models import AuditEvent
from followon.programmes import services
from followon.programmes.models import Enrolment, MemberLink, ParticipantUpload
from followon.programmes.tests.factories import answer, join, make_programme, share

pytestmark = pytest.mark.django_db

ROLES = ["clinician", "service_admin", "ptv", "researcher"]
VIEWERS = {"clinician", "service_admin", "ptv"}
MANAGERS = {"clinician", "service_admin"}
ADMINS = {"service_admin"}


@pytest.fixture
def programme(service, clinician, ptv):
    return make_programme(service, clinician, ptvs=[ptv])


@pytest.fixture
def world(programme, service_admin):
    """Everything a staff URL can point at."""
    enrolment = join(programme, preferred_name="Ann")
    upload = services.upload_preview_create(
        programme=programme, uploaded_by=service_admin, data=b"name,mobile,email\nBo,07700900111,\n"
    )
    step = services.protocol_template_ensure(service=programme.service)[0]
    return {"programme": programme, "enrolment": enrolment, "upload": upload, "template_step": step}


def staff_urls(w):
    p = w["programme"].public_id
    return [
        ("programmes:staff-list", [], VIEWERS),
        ("programmes:staff-create", [], MANAGERS),
        ("programmes:staff-detail", [p], VIEWERS),
        ("programmes:staff-edit", [p], MANAGERS),
        ("programmes:staff-sessions", [p], VIEWERS),
        ("programmes:staff-session-move", [p, 2], MANAGERS),
        ("programmes:staff-interest-send", [p], MANAGERS),
        ("programmes:staff-invite", [p], MANAGERS),
        ("programmes:staff-upload", [p], MANAGERS),
        ("programmes:staff-upload-preview", [p, w["upload"].public_id], MANAGERS),
        ("programmes:staff-withdraw", [p, w["enrolment"].public_id], MANAGERS),
        ("programmes:admin-protocol", [], ADMINS),
        ("programmes:admin-protocol-add", [], ADMINS),
        ("programmes:admin-protocol-step", [w["template_step"].public_id], ADMINS),
        ("programmes:admin-protocol-delete", [w["template_step"].public_id], ADMINS),
        ("programmes:admin-information-sheet", [], ADMINS),
    ]


STAFF_URL_NAMES = [
    "staff-list",
    "staff-create",
    "staff-detail",
    "staff-edit",
    "staff-sessions",
    "staff-session-move",
    "staff-interest-send",
    "staff-invite",
    "staff-upload",
    "staff-upload-preview",
    "staff-withdraw",
    "admin-protocol",
    "admin-protocol-add",
    "admin-protocol-step",
    "admin-protocol-delete",
    "admin-information-sheet",
]


def url_for(world, short_name):
    for name, args, allowed in staff_urls(world):
        if name.endswith(":" + short_name):
            return reverse(name, args=args), allowed
    raise KeyError(short_name)


class TestStaffAccess:
    @pytest.mark.parametrize("short_name", STAFF_URL_NAMES)
    @pytest.mark.parametrize("role", ROLES)
    def test_each_role_is_allowed_or_forbidden(self, request, staff_client, world, short_name, role):
        url, allowed = url_for(world, short_name)
        response = staff_client(request.getfixturevalue(role)).get(url)
        assert response.status_code == (200 if role in allowed else 403)

    @pytest.mark.parametrize("short_name", STAFF_URL_NAMES)
    def test_members_are_forbidden(self, client, world, short_name):
        url, _allowed = url_for(world, short_name)
        client.force_login(world["enrolment"].user)
        assert client.get(url).status_code == 403

    @pytest.mark.parametrize("short_name", STAFF_URL_NAMES)
    def test_anonymous_people_are_sent_to_sign_in(self, client, world, short_name):
        url, _allowed = url_for(world, short_name)
        assert client.get(url).status_code == 302

    @pytest.mark.parametrize(
        "short_name", [n for n in STAFF_URL_NAMES if n not in {"staff-list", "staff-create"} and "admin" not in n]
    )
    def test_another_services_clinician_gets_404(self, staff_client, world, other_clinician, short_name):
        url, _allowed = url_for(world, short_name)
        assert staff_client(other_clinician).get(url).status_code == 404

    @pytest.mark.parametrize("short_name", ["admin-protocol-step", "admin-protocol-delete"])
    def test_another_services_admin_gets_404_for_protocol_steps(
        self, staff_client, world, make_staff, other_service, short_name
    ):
        url, _allowed = url_for(world, short_name)
        other_admin = make_staff(other_service, "service_admin")
        assert staff_client(other_admin).get(url).status_code == 404

    def test_the_list_shows_only_own_services_programmes(self, staff_client, programme, other_clinician, other_service):
        make_programme(other_service, other_clinician, title="Elsewhere PMP")
        body = staff_client(other_clinician).get(reverse("programmes:staff-list")).content.decode()
        assert "Elsewhere PMP" in body and programme.title not in body

    def test_protocol_step_post_allowed_for_ptv_forbidden_elsewhere(
        self, staff_client, programme, ptv, other_clinician, researcher
    ):
        step = programme.protocol_steps.first()
        url = reverse("programmes:staff-protocol-step", args=[programme.public_id, step.public_id])
        assert staff_client(ptv).post(url, {"done": "yes"}).status_code == 302
        step.refresh_from_db()
        assert step.done_by == ptv
        assert staff_client(researcher).post(url, {"done": "no"}).status_code == 403
        assert staff_client(other_clinician).post(url, {"done": "no"}).status_code == 404
        step.refresh_from_db()
        assert step.done_at is not None


class TestCreateProgramme:
    def form(self, clinician, **overrides):
        start = timezone.localdate() + timedelta(days=14)
        data = {
            "title": "Summer PMP",
            "venue": "Cossham Hospital",
            "start_date_0": str(start.day),
            "start_date_1": str(start.month),
            "start_date_2": str(start.year),
            "session_start_time": "1:30pm",
            "session_length_minutes": "180",
            "session_count": "10",
            "facilitators": [str(clinician.pk)],
        }
        data.update(overrides)
        return data

    def test_a_clinician_creates_a_programme(self, staff_client, clinician):
        response = staff_client(clinician).post(reverse("programmes:staff-create"), self.form(clinician))
        assert response.status_code == 302
        programme = clinician.facilitated_programmes.get()
        first = programme.sessions.get(number=1).starts_at.astimezone(LONDON)
        assert (first.hour, first.minute) == (13, 30)

    def test_a_past_start_date_is_refused_and_what_was_typed_is_kept(self, staff_client, clinician):
        past = timezone.localdate() - timedelta(days=1)
        data = self.form(
            clinician, start_date_0=str(past.day), start_date_1=str(past.month), start_date_2=str(past.year)
        )
        response = staff_client(clinician).post(reverse("programmes:staff-create"), data)
        body = response.content.decode()
        assert response.status_code == 200
        assert "The start date must be today or in the future" in body
        assert 'value="Summer PMP"' in body and 'value="Cossham Hospital"' in body

    def test_an_unusual_session_count_asks_for_confirmation(self, staff_client, clinician):
        client = staff_client(clinician)
        response = client.post(reverse("programmes:staff-create"), self.form(clinician, session_count="6"))
        body = response.content.decode()
        assert response.status_code == 200
        assert "usually have 8 to 12" in body and "confirm_session_count" in body
        response = client.post(
            reverse("programmes:staff-create"), self.form(clinician, session_count="6", confirm_session_count="on")
        )
        assert response.status_code == 302
        assert clinician.facilitated_programmes.get().sessions.count() == 6

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"session_count": "many"}, "Number of weekly sessions must be a number, like 10"),
            ({"start_date_1": "13"}, "The date of the first session must be a real date"),
            ({"start_date_0": ""}, "The date of the first session must include a day"),
            (
                {"session_start_time": "teatime"},
                "Enter the time sessions start as a time, like 10:30am, 12 noon or 14:30",
            ),
            ({"facilitators": []}, "Select at least one facilitating clinician"),
            ({"title": ""}, "Enter a title for the programme"),
        ],
    )
    def test_bad_input_gets_a_specific_message_not_a_500(self, staff_client, clinician, overrides, message):
        response = staff_client(clinician).post(reverse("programmes:staff-create"), self.form(clinician, **overrides))
        assert response.status_code == 200
        assert message in response.content.decode()


class TestFacilitatorView:
    def test_shows_protocol_with_dates_counts_and_groups_but_no_private_answers(
        self, staff_client, clinician, programme
    ):
        a, b = join(programme, preferred_name="Ann"), join(programme, preferred_name="Bob")
        answer(a, "no", reason="negativity", accessibility_needs="needs a hearing loop", places="The Secret Café")
        share(b, "mobile")
        body = (
            staff_client(clinician).get(reverse("programmes:staff-detail", args=[programme.public_id])).content.decode()
        )
        n_minus_3 = programme.sessions.get(number=7).starts_at
        assert f"Session 7: {n_minus_3.astimezone(LONDON).day}" in body
        assert "PTV shares their personal account" in body
        assert "Ann" in body and "Answered on" in body and "Not answered yet" in body
        assert "needs a hearing loop" not in body and "The Secret Café" not in body
        assert b.user.mobile not in body
        assert AuditEvent.objects.filter(action="programme.roster_viewed").exists()

    def test_query_count_does_not_grow_with_participants(
        self, staff_client, clinician, programme, django_assert_max_num_queries
    ):
        from followon.peergroups.tests.factories import form_group

        client = staff_client(clinician)
        url = reverse("programmes:staff-detail", args=[programme.public_id])
        answer(join(programme), "yes")
        form_group(programme, clinician, name="One")
        with django_assert_max_num_queries(40) as few:
            client.get(url)
        for i in range(12):
            enrolment = join(programme)
            answer(enrolment, ["yes", "maybe", "no"][i % 3], days=["mon"], times_of_day=["morning"])
            share(enrolment, "name")
        services.enrolment_invite(programme=programme, invited_by=clinician, name="Waiting", mobile="07700900777")
        form_group(programme, clinician, name="Two")
        form_group(programme, clinician, name="Three")
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url)


class TestUpload:
    HEADER = "name,mobile,email\n"

    def upload(self, client, programme, text):
        file = io.BytesIO(text.encode())
        file.name = "participants.csv"
        return client.post(reverse("programmes:staff-upload", args=[programme.public_id]), {"file": file})

    def test_a_wrong_header_names_the_expected_columns(self, staff_client, clinician, programme):
        response = self.upload(staff_client(clinician), programme, "First name,Phone\nAnn,07700900001\n")
        assert response.status_code == 200
        assert "must name the columns name, mobile, email" in response.content.decode()
        assert not ParticipantUpload.objects.exists()

    def test_500_mixed_rows_give_a_per_row_report_in_under_2_seconds_and_save_nothing_until_confirmed(
        self, staff_client, clinician, programme
    ):
        join(programme, mobile="+447911100007", email="existing@example.test")
        lines = []
        for i in range(500):
            kind = i % 5
            if kind == 0:
                lines.append(f"Person {i},07700 9{i:05d},")  # some valid, some not a real mobile
            elif kind == 1:
                lines.append(f"Person {i},,person{i}@example.test")
            elif kind == 2:
                lines.append(f",07700900{i % 1000:03d},")  # no name
            elif kind == 3:
                lines.append(f"Person {i},,not-an-email-{i}")
            else:
                lines.append(f"Repeat {i},,person{i - 3}@example.test")  # duplicate of a kind-1 row
        text = self.HEADER + "\n".join(lines) + "\nOld friend,07911 100007,\n"
        client = staff_client(clinician)
        # A running server has compiled its templates long before: warm them
        # with a small upload, so the timing is of the 500 rows, not of Jinja.
        warm = self.upload(client, programme, self.HEADER + "Warm,07700900001,\n")
        client.post(warm.url, {"action": "discard"})
        before = Enrolment.objects.count()

        started = clock.perf_counter()
        response = self.upload(client, programme, text)
        preview = client.get(response.url)
        elapsed = clock.perf_counter() - started

        assert response.status_code == 302 and preview.status_code == 200
        print(f"500-row upload and preview: {elapsed:.2f}s")
        assert elapsed < 2.0, f"upload and preview took {elapsed:.2f}s"
        body = preview.content.decode()
        upload = ParticipantUpload.objects.get(status="preview")
        assert len(upload.rows) == 501
        statuses = [row["status"] for row in upload.rows]
        assert statuses[-1] == "existing"
        assert statuses.count("merged") == 100
        assert statuses.count("error") >= 200
        assert "Enter a name" in body and "Enter an email address in the correct format" in body
        assert "Same person as row" in body
        assert Enrolment.objects.count() == before
        assert not Invitation.objects.exists()

        to_add = upload.summary["to_add"]
        confirm = client.post(preview.request["PATH_INFO"], {"action": "confirm"})
        assert confirm.status_code == 302
        assert Enrolment.objects.count() == before + to_add
        assert Invitation.objects.count() == to_add
        upload.refresh_from_db()
        assert upload.status == "confirmed" and upload.rows == []

    def test_confirming_twice_adds_nobody_twice(self, staff_client, clinician, programme):
        client = staff_client(clinician)
        preview_url = self.upload(client, programme, self.HEADER + "Ann,07700900001,\nBob,07700900002,\n").url
        client.post(preview_url, {"action": "confirm"})
        client.post(preview_url, {"action": "confirm"})
        assert programme.enrolments.count() == 2

    def test_discarding_saves_nothing(self, staff_client, clinician, programme):
        client = staff_client(clinician)
        preview_url = self.upload(client, programme, self.HEADER + "Ann,07700900001,\n").url
        client.post(preview_url, {"action": "discard"})
        assert programme.enrolments.count() == 0
        assert ParticipantUpload.objects.get().rows == []

    def test_the_preview_cannot_be_tampered_with_from_the_browser(self, staff_client, clinician, programme):
        client = staff_client(clinician)
        preview_url = self.upload(client, programme, self.HEADER + "Ann,07700900001,\n").url
        client.post(preview_url, {"action": "confirm", "rows": '[{"name": "Mallory", "mobile": "+447700900666"}]'})
        assert list(programme.enrolments.values_list("name", flat=True)) == ["Ann"]

    def test_a_non_csv_file_is_refused(self, staff_client, clinician, programme):
        file = io.BytesIO(b"%PDF-1.4")
        file.name = "participants.pdf"
        response = staff_client(clinician).post(
            reverse("programmes:staff-upload", args=[programme.public_id]), {"file": file}
        )
        assert "The selected file must be a CSV file" in response.content.decode()


class TestInvite:
    def test_inviting_twice_merges(self, staff_client, clinician, programme):
        client = staff_client(clinician)
        url = reverse("programmes:staff-invite", args=[programme.public_id])
        client.post(url, {"name": "Ann", "mobile": "07700 900 001", "email": ""})
        response = client.post(url, {"name": "Ann", "mobile": "+447700900001", "email": ""}, follow=True)
        assert "already on this programme" in response.content.decode()
        assert programme.enrolments.count() == 1

    def test_a_bad_mobile_keeps_what_was_typed(self, staff_client, clinician, programme):
        response = staff_client(clinician).post(
            reverse("programmes:staff-invite", args=[programme.public_id]),
            {"name": "Ann", "mobile": "0770", "email": ""},
        )
        body = response.content.decode()
        assert (
            "Enter a mobile phone number in the correct format, like 07700 900 982" in body and 'value="0770"' in body
        )


# Members -------------------------------------------------------------------------------

MEMBER_URLS = ["my-programme", "my-interest", "my-contacts", "my-contact-sharing"]


class TestMemberAccess:
    @pytest.mark.parametrize("name", MEMBER_URLS)
    def test_a_participant_sees_their_programme_pages(self, client, programme, name):
        enrolment = join(programme)
        client.force_login(enrolment.user)
        assert client.get(reverse(f"programmes:{name}", args=[programme.public_id])).status_code == 200

    @pytest.mark.parametrize("name", MEMBER_URLS)
    def test_a_member_of_another_programme_gets_404(self, client, service, clinician, programme, name):
        other = join(make_programme(service, clinician, title="Other PMP"))
        client.force_login(other.user)
        assert client.get(reverse(f"programmes:{name}", args=[programme.public_id])).status_code == 404

    @pytest.mark.parametrize("name", MEMBER_URLS)
    def test_staff_who_are_not_participants_get_404(self, staff_client, clinician, programme, name):
        assert staff_client(clinician).get(reverse(f"programmes:{name}", args=[programme.public_id])).status_code == 404

    @pytest.mark.parametrize("name", MEMBER_URLS)
    def test_a_withdrawn_participant_gets_404(self, client, clinician, programme, name):
        enrolment = join(programme)
        services.enrolment_withdraw(enrolment=enrolment, actor=clinician)
        client.force_login(enrolment.user)
        assert client.get(reverse(f"programmes:{name}", args=[programme.public_id])).status_code == 404

    @pytest.mark.parametrize("name", [*MEMBER_URLS, "my-programmes"])
    def test_anonymous_people_go_to_the_code_sign_in(self, client, programme, name):
        args = [] if name == "my-programmes" else [programme.public_id]
        response = client.get(reverse(f"programmes:{name}", args=args))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))

    def test_my_programmes_lists_only_my_own(self, client, service, clinician, programme):
        mine = join(programme)
        join(make_programme(service, clinician, title="Not mine PMP"))
        client.force_login(mine.user)
        body = client.get(reverse("programmes:my-programmes")).content.decode()
        assert programme.title in body and "Not mine PMP" not in body


class TestMemberPages:
    def test_answering_and_changing_interest_on_the_web(self, client, programme):
        enrolment = join(programme)
        client.force_login(enrolment.user)
        url = reverse("programmes:my-interest", args=[programme.public_id])
        response = client.post(
            url, {"answer": "maybe", "reason": "health", "days": ["mon", "thu"], "home_outcode": "bs7 8aa"}
        )
        assert response.status_code == 302
        interest = enrolment.interest
        assert (interest.answer, interest.reason, interest.days, interest.home_outcode) == (
            "maybe",
            "health",
            ["mon", "thu"],
            "BS7",
        )
        body = client.get(url).content.decode()
        assert 'value="maybe" checked' in body
        client.post(url, {"answer": "yes"})
        enrolment.interest.refresh_from_db()
        assert enrolment.interest.answer == "yes"

    def test_questions_with_several_answers_are_checkboxes_not_radios(self, client, programme):
        enrolment = join(programme)
        client.force_login(enrolment.user)
        body = client.get(reverse("programmes:my-interest", args=[programme.public_id])).content.decode()
        for name in ["days", "times_of_day", "keep_in_touch"]:
            assert f'name="{name}" type="checkbox"' in body
        assert 'name="answer" type="radio"' in body
        body = client.get(reverse("programmes:my-contact-sharing", args=[programme.public_id])).content.decode()
        assert 'name="fields_shared" type="checkbox"' in body

    def test_bad_interest_input_keeps_what_was_typed(self, client, programme):
        enrolment = join(programme)
        client.force_login(enrolment.user)
        url = reverse("programmes:my-interest", args=[programme.public_id])
        body = client.post(url, {"places": "Near the bus station", "home_outcode": "12345"}).content.decode()
        assert "Select yes, maybe or no" in body
        assert "Enter the first part of your postcode, like BS10" in body
        assert "Near the bus station" in body

    def test_sharing_and_seeing_contacts(self, client, programme):
        viewer = join(programme, preferred_name="Viv")
        other = join(programme, preferred_name="Ola", email="ola@example.test")
        share(other, "name", "email")
        client.force_login(viewer.user)
        contacts_url = reverse("programmes:my-contacts", args=[programme.public_id])
        assert "ola@example.test" not in client.get(contacts_url).content.decode()
        client.post(reverse("programmes:my-contact-sharing", args=[programme.public_id]), {"fields_shared": ["name"]})
        body = client.get(contacts_url).content.decode()
        assert "Ola" in body and "ola@example.test" in body

    def test_a_member_who_withdrew_never_appears_in_anyones_contact_list(self, client, programme):
        viewers = [join(programme) for _ in range(3)]
        for viewer in viewers:
            share(viewer, "name", "mobile")
        leaver = join(programme, preferred_name="Lee Leaver", mobile="+447911100999")
        share(leaver, "name", "mobile")
        client.force_login(leaver.user)
        response = client.post(reverse("programmes:my-contact-sharing", args=[programme.public_id]), {})
        assert response.status_code == 302
        for viewer in viewers:
            client.force_login(viewer.user)
            body = client.get(reverse("programmes:my-contacts", args=[programme.public_id])).content.decode()
            assert "Lee Leaver" not in body and "100999" not in body

    def test_contact_list_query_count_does_not_grow(self, client, programme, django_assert_max_num_queries):
        viewer = join(programme)
        share(viewer, "name")
        share(join(programme), "name", "mobile")
        client.force_login(viewer.user)
        url = reverse("programmes:my-contacts", args=[programme.public_id])
        with django_assert_max_num_queries(30) as few:
            client.get(url)
        for _ in range(15):
            share(join(programme), "name", "mobile", "email")
        with django_assert_max_num_queries(len(few.captured_queries)):
            body = client.get(url).content.decode()
        assert body.count("nhsuk-heading-s") == 16

    def test_a_member_of_one_programme_sees_nothing_of_another(self, client, service, clinician, programme):
        other_programme = make_programme(service, clinician, title="Secret PMP")
        stranger = join(other_programme, preferred_name="Stranger Sam", email="sam@example.test")
        share(stranger, "name", "email")
        answer(stranger, "yes")
        from followon.peergroups.tests.factories import form_group

        form_group(other_programme, clinician, name="Sam's group")
        viewer = join(programme)
        share(viewer, "name")
        client.force_login(viewer.user)
        pages = [
            reverse("programmes:my-programmes"),
            reverse("programmes:my-programme", args=[programme.public_id]),
            reverse("programmes:my-contacts", args=[programme.public_id]),
            reverse("peergroups:my-groups"),
        ]
        for page in pages:
            body = client.get(page).content.decode()
            assert "Stranger Sam" not in body and "sam@example.test" not in body
            assert "Secret PMP" not in body and "Sam&#39;s group" not in body


class TestInterestLink:
    def link(self, programme):
        enrolment = join(programme)
        _link, token = services.member_link_issue(enrolment=enrolment, purpose=MemberLink.Purpose.INTEREST)
        return enrolment, reverse("programmes:interest-link", args=[token])

    def test_answering_by_link_needs_no_sign_in(self, client, programme):
        enrolment, url = self.link(programme)
        page = client.get(url)
        assert page.status_code == 200
        assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
        assert page["X-Robots-Tag"] == "noindex, nofollow"
        assert enrolment.user.mobile not in page.content.decode()
        response = client.post(url, {"answer": "yes", "keep_in_touch": ["sms", "whatsapp"]})
        assert response.status_code == 200 and "Thank you" in response.content.decode()
        enrolment.interest.refresh_from_db()
        assert enrolment.interest.answered_via == "sms_link"
        assert enrolment.interest.keep_in_touch == ["sms", "whatsapp"]

    def test_the_link_can_be_used_again_to_change_the_answer(self, client, programme):
        enrolment, url = self.link(programme)
        client.post(url, {"answer": "yes"})
        client.post(url, {"answer": "no", "reason": "prefer_not_to_say"})
        enrolment.interest.refresh_from_db()
        assert enrolment.interest.answer == "no"

    @pytest.mark.parametrize("token", ["nonsense", "x" * 32, "a" * 200])
    def test_unknown_tokens_get_404(self, client, token):
        response = client.get(reverse("programmes:interest-link", args=[token]))
        assert response.status_code == 404
        assert "expired or is not valid" in response.content.decode()

    def test_an_expired_link_gets_404_and_cannot_answer(self, client, programme):
        enrolment, url = self.link(programme)
        MemberLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "yes"}).status_code == 404
        assert not hasattr(Enrolment.objects.get(pk=enrolment.pk), "interest")

    def test_a_link_for_a_withdrawn_participant_stops_working(self, client, clinician, programme):
        enrolment, url = self.link(programme)
        services.enrolment_withdraw(enrolment=enrolment, actor=clinician)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("at", "said", "not_said"),
    [
        # 10:30pm in London: the texts wait for 8am (quiet hours), so the page must not say "sent".
        ("2026-12-04T22:30:00+00:00", "texts will be sent at 8am tomorrow", "question sent to"),
        ("2026-12-04T10:30:00+00:00", "Follow-on group question sent to 1 person", "will be sent"),
    ],
)
def test_sending_the_question_says_when_texts_held_for_quiet_hours_will_go(
    staff_client, clinician, programme, at, said, not_said
):
    # Issue 21, item 7: "sent" only when it was.
    join(programme)
    with time_machine.travel(at, tick=False):
        response = staff_client(clinician).post(
            reverse("programmes:staff-interest-send", args=[programme.public_id]), follow=True
        )
    page = response.content.decode()
    assert said in page
    assert not_said not in page


@pytest.mark.parametrize(
    ("at", "said", "not_said"),
    [
        # 10:30pm in London: the invitation text waits for 8am (issue 21, item 7).
        ("2026-12-04T22:30:00+00:00", "Ann will be invited. Texts will be sent at 8am tomorrow", "has been invited"),
        ("2026-12-04T10:30:00+00:00", "Ann has been invited", "will be sent"),
    ],
)
def test_inviting_someone_says_when_a_held_invitation_text_goes(staff_client, clinician, programme, at, said, not_said):
    with time_machine.travel(at, tick=False):
        response = staff_client(clinician).post(
            reverse("programmes:staff-invite", args=[programme.public_id]),
            {"name": "Ann", "mobile": "07700 900 001", "email": ""},
            follow=True,
        )
    page = response.content.decode()
    assert said in page
    assert not_said not in page
