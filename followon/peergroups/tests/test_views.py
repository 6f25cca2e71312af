import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from followon.core.models import AuditEvent
from followon.meetings.tests.factories import meet
from followon.peergroups import selectors, services
from followon.peergroups.models import GroupMembership
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join, make_programme

pytestmark = pytest.mark.django_db

ROLES = ["clinician", "service_admin", "ptv", "researcher"]
VIEWERS = {"clinician", "service_admin", "ptv"}
MANAGERS = {"clinician", "service_admin"}


@pytest.fixture
def programme(service, clinician, ptv):
    return finished_programme(service, clinician, ptvs=[ptv])


@pytest.fixture
def people(programme):
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea", "Cal"]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    return [e.user for e in enrolments]


@pytest.fixture
def group(programme, people, clinician, ptv):
    group = form_group(programme, clinician, supporter=ptv, accept=True)
    services.role_take(group=group, user=people[0], role="coordinator")
    return group


def staff_urls(group, programme):
    return [
        (reverse("peergroups:staff-list"), VIEWERS),
        (reverse("peergroups:staff-detail", args=[group.public_id]), VIEWERS),
        (reverse("peergroups:staff-status", args=[group.public_id]), MANAGERS),
        (reverse("meetings:record-staff", args=[group.public_id]), VIEWERS),
        (reverse("peergroups:staff-new", args=[programme.public_id]), VIEWERS),
    ]


STAFF_INDEXES = range(5)


class TestStaffAccess:
    @pytest.mark.parametrize("index", STAFF_INDEXES)
    @pytest.mark.parametrize("role", ROLES)
    def test_each_role_is_allowed_or_forbidden(self, request, staff_client, group, programme, index, role):
        url, allowed = staff_urls(group, programme)[index]
        response = staff_client(request.getfixturevalue(role)).get(url)
        assert response.status_code == (200 if role in allowed else 403)

    @pytest.mark.parametrize("index", STAFF_INDEXES)
    def test_members_and_anonymous_are_kept_out(self, client, group, programme, people, index):
        url, _allowed = staff_urls(group, programme)[index]
        assert client.get(url).status_code == 302
        client.force_login(people[0])
        assert client.get(url).status_code == 403

    @pytest.mark.parametrize("index", range(1, 5))
    def test_another_services_clinician_gets_404(self, staff_client, group, programme, other_clinician, index):
        url, _allowed = staff_urls(group, programme)[index]
        assert staff_client(other_clinician).get(url).status_code == 404

    def test_the_list_shows_only_own_services_groups(self, staff_client, group, other_clinician):
        body = staff_client(other_clinician).get(reverse("peergroups:staff-list")).content.decode()
        assert group.name not in body

    def test_staff_viewing_a_group_is_audited(self, staff_client, group, clinician):
        staff_client(clinician).get(reverse("peergroups:staff-detail", args=[group.public_id]))
        assert AuditEvent.objects.filter(action="group.viewed", actor=clinician).exists()


class TestStaffActions:
    def test_forming_a_group_invites_interested_people(self, staff_client, clinician, ptv, programme, people):
        response = staff_client(clinician).post(
            reverse("peergroups:staff-new", args=[programme.public_id]),
            {"name": "Tuesday group", "meeting_pattern": "Tuesday mornings", "area": "", "supporter": str(ptv.pk)},
        )
        assert response.status_code == 302
        group = programme.groups.get()
        assert group.memberships.filter(status="invited").count() == 3
        assert selectors.group_active_supporters(group)[0].user == ptv

    def test_a_ptv_from_another_service_cannot_be_chosen(
        self, staff_client, clinician, programme, make_staff, other_service
    ):
        outsider = make_staff(other_service, "ptv")
        response = staff_client(clinician).post(
            reverse("peergroups:staff-new", args=[programme.public_id]), {"name": "G", "supporter": str(outsider.pk)}
        )
        assert response.status_code == 200 and not programme.groups.exists()

    def test_recording_a_meeting_forms_the_group(self, staff_client, ptv, group, people):
        today = timezone.localdate()
        response = staff_client(ptv).post(
            reverse("meetings:record-staff", args=[group.public_id]),
            {
                "day_0": str(today.day),
                "day_1": str(today.month),
                "day_2": str(today.year),
                "start_time": "00:01",
                "face_to_face": "yes",
                "venue": "Café",
                "attended": [str(u.pk) for u in people],
            },
        )
        assert response.status_code == 302
        group.refresh_from_db()
        assert group.status == "active" and group.formed_on == today

    def test_a_future_meeting_date_is_refused_with_a_message(self, staff_client, ptv, group):
        response = staff_client(ptv).post(
            reverse("meetings:record-staff", args=[group.public_id]),
            {"day_0": "1", "day_1": "1", "day_2": "2099", "start_time": "10:00", "face_to_face": "yes"},
        )
        assert response.status_code == 200
        assert "Record a meeting after it has happened" in response.content.decode()

    def test_changing_status_with_a_merge_target(self, staff_client, clinician, programme, group, people):
        meet(group, clinician, people, days_ago=2)
        other = form_group(programme, clinician, name="Other group")
        response = staff_client(clinician).post(
            reverse("peergroups:staff-status", args=[group.public_id]),
            {"to_status": "merged", "merged_into": str(other.pk)},
        )
        assert response.status_code == 302
        group.refresh_from_db()
        assert group.status == "merged" and group.merged_into == other

    def test_a_merge_target_from_another_service_is_refused(
        self, staff_client, clinician, group, people, other_service, other_clinician
    ):
        meet(group, clinician, people, days_ago=2)
        elsewhere = form_group(finished_programme(other_service, other_clinician), other_clinician, name="Elsewhere")
        response = staff_client(clinician).post(
            reverse("peergroups:staff-status", args=[group.public_id]),
            {"to_status": "merged", "merged_into": str(elsewhere.pk)},
        )
        assert response.status_code == 200
        group.refresh_from_db()
        assert group.status == "active"


MEMBER_GET_URLS = ["member-detail", "member-role", "member-leave"]


class TestMemberAccess:
    @pytest.mark.parametrize("name", MEMBER_GET_URLS)
    def test_a_member_sees_their_group_pages(self, client, group, people, name):
        client.force_login(people[1])
        assert client.get(reverse(f"peergroups:{name}", args=[group.public_id])).status_code == 200

    @pytest.mark.parametrize("name", ["meetings:record-member", "peergroups:member-status"])
    def test_organiser_pages_allow_the_coordinator_only(self, client, group, people, name):
        url = reverse(name, args=[group.public_id])
        client.force_login(people[0])
        assert client.get(url).status_code == 200
        client.force_login(people[1])
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize(
        "name",
        [
            *(f"peergroups:{name}" for name in MEMBER_GET_URLS),
            "meetings:record-member",
            "peergroups:member-status",
            "peergroups:member-respond",
            "peergroups:member-role-end",
        ],
    )
    def test_someone_outside_the_group_gets_404(self, client, service, clinician, group, name):
        outsider = join(make_programme(service, clinician, title="Other")).user
        client.force_login(outsider)
        url = reverse(name, args=[group.public_id])
        response = (
            client.post(url) if name in {"peergroups:member-respond", "peergroups:member-role-end"} else client.get(url)
        )
        assert response.status_code == 404

    @pytest.mark.parametrize("name", ["my-groups", *MEMBER_GET_URLS])
    def test_anonymous_people_go_to_the_code_sign_in(self, client, group, name):
        args = [] if name == "my-groups" else [group.public_id]
        response = client.get(reverse(f"peergroups:{name}", args=args))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))

    def test_joining_needs_to_be_on_the_groups_programme(self, client, service, clinician, group):
        outsider = join(make_programme(service, clinician, title="Other")).user
        client.force_login(outsider)
        assert client.post(reverse("peergroups:member-join", args=[group.public_id])).status_code == 404
        assert not selectors.is_group_member(group, outsider)

    def test_my_groups_lists_my_groups_and_invitations_only(self, client, programme, clinician, group, people):
        form_group(programme, clinician, name="Saturday group")
        client.force_login(people[1])
        body = client.get(reverse("peergroups:my-groups")).content.decode()
        assert group.name in body and "Saturday group" in body and "You are invited" in body


class TestMemberActions:
    def test_an_invited_person_sees_the_group_and_accepts(self, client, programme, clinician, people):
        group = form_group(programme, clinician, name="New group")
        client.force_login(people[1])
        page = client.get(reverse("peergroups:member-detail", args=[group.public_id])).content.decode()
        assert "Would you like to join?" in page and "Ann" not in page  # no member list before joining
        client.post(reverse("peergroups:member-respond", args=[group.public_id]), {"answer": "accept"})
        assert selectors.is_group_member(group, people[1])

    def test_declining_and_joining_later(self, client, programme, clinician, people):
        group = form_group(programme, clinician, name="New group")
        client.force_login(people[1])
        client.post(reverse("peergroups:member-respond", args=[group.public_id]), {"answer": "decline"})
        assert client.get(reverse("peergroups:member-detail", args=[group.public_id])).status_code == 404
        client.post(reverse("peergroups:member-join", args=[group.public_id]))
        assert selectors.is_group_member(group, people[1])

    def test_taking_and_stepping_down_from_a_role(self, client, group, people):
        client.force_login(people[1])
        client.post(reverse("peergroups:member-role", args=[group.public_id]), {"role": "reminders"})
        assert [r.role for r in selectors.group_current_roles(group) if r.user == people[1]] == ["reminders"]
        # The first tap asks first (issue 21 item 6); nothing changes until the member says yes.
        asked = client.post(reverse("peergroups:member-role-end", args=[group.public_id]), {"role": "reminders"})
        page = asked.content.decode()
        assert asked.status_code == 200 and "Yes, step down" in page and 'name="confirmed" value="yes"' in page
        assert [r.role for r in selectors.group_current_roles(group) if r.user == people[1]] == ["reminders"]
        client.post(
            reverse("peergroups:member-role-end", args=[group.public_id]), {"role": "reminders", "confirmed": "yes"}
        )
        assert [r.role for r in selectors.group_current_roles(group) if r.user == people[1]] == []

    def test_a_taken_role_cannot_be_chosen(self, client, group, people):
        client.force_login(people[1])
        response = client.post(reverse("peergroups:member-role", args=[group.public_id]), {"role": "coordinator"})
        assert response.status_code == 200 and "Select a role" in response.content.decode()

    def test_leaving_with_a_reason(self, client, group, people):
        client.force_login(people[2])
        response = client.post(reverse("peergroups:member-leave", args=[group.public_id]), {"reason": "health"})
        assert response.status_code == 302
        spell = GroupMembership.objects.get(group=group, user=people[2])
        assert (spell.status, spell.leave_reason) == ("left", "health")

    def test_the_coordinator_records_a_meeting_and_pauses_the_group(self, client, group, people):
        client.force_login(people[0])
        today = timezone.localdate()
        client.post(
            reverse("meetings:record-member", args=[group.public_id]),
            {
                "day_0": str(today.day),
                "day_1": str(today.month),
                "day_2": str(today.year),
                "start_time": "00:01",
                "face_to_face": "yes",
                "attended": [str(u.pk) for u in people],
            },
        )
        group.refresh_from_db()
        assert group.status == "active"
        client.post(reverse("peergroups:member-status", args=[group.public_id]), {"to_status": "paused"})
        group.refresh_from_db()
        assert group.status == "paused"

    def test_a_coordinator_cannot_merge(self, client, programme, clinician, group, people):
        meet(group, clinician, people, days_ago=2)
        other = form_group(programme, clinician, name="Other")
        client.force_login(people[0])
        response = client.post(
            reverse("peergroups:member-status", args=[group.public_id]),
            {"to_status": "merged", "merged_into": str(other.pk)},
        )
        assert response.status_code == 200
        group.refresh_from_db()
        assert group.status == "active"


@pytest.mark.parametrize(
    ("at", "words", "not_words"),
    [
        # 10:30pm in London: invitation texts wait for 8am, so the page must not say "invited" (issue 21 item 7).
        ("2026-12-04T22:30:00+00:00", "3 people will be invited. Texts will be sent at 8am tomorrow", "people invited"),
        ("2026-12-04T10:30:00+00:00", "Tuesday group created. 3 people invited", "will be sent"),
    ],
)
def test_forming_a_group_says_when_held_invitations_go(
    staff_client, clinician, ptv, programme, people, at, words, not_words
):
    with time_machine.travel(at, tick=False):
        response = staff_client(clinician).post(
            reverse("peergroups:staff-new", args=[programme.public_id]),
            {"name": "Tuesday group", "meeting_pattern": "Tuesday mornings", "area": "", "supporter": str(ptv.pk)},
            follow=True,
        )
    body = response.content.decode()
    assert words in body
    assert not_words not in body
