import datetime as dt
import uuid

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from followon.conversations import receivers
from followon.conversations import services as board
from followon.conversations.models import Post
from followon.conversations.tests.factories import add_member, make_group
from followon.core.models import AuditEvent
from followon.core.testing import count_queries
from followon.notifications.models import InboundSms, OutboundMessage
from followon.notifications.services import inbound_sms_receive
from followon.organisations.models import StaffRole
from followon.safety import selectors, services
from followon.safety.models import ConcernItem, DutyShift, ServiceHours
from followon.safety.selectors import LONDON

pytestmark = pytest.mark.django_db

CRISIS = "I'm having a really bad day. This is awful, I can't carry on"
# A Wednesday in service hours (Mon-Fri 9-5 London by default), and a Saturday night.
IN_HOURS = dt.datetime(2026, 11, 25, 11, 0, tzinfo=LONDON)
OUT_OF_HOURS = dt.datetime(2026, 11, 28, 22, 0, tzinfo=LONDON)


@pytest.fixture
def on_duty(service, clinician):
    DutyShift.objects.create(
        service=service,
        clinician=clinician,
        starts_at=IN_HOURS - dt.timedelta(days=30),
        ends_at=IN_HOURS + dt.timedelta(days=30),
    )
    return clinician


def item_url(item):
    return reverse("safety:item", args=[item.public_id])


# Service hours and the rota ------------------------------------------------------------------------


def test_service_hours_and_escalation_time_count_only_open_time(service):
    assert selectors.service_is_open(service, IN_HOURS)
    assert not selectors.service_is_open(service, OUT_OF_HOURS)
    # Friday 16:30 + 60 service minutes = Monday 09:30.
    friday = dt.datetime(2026, 11, 27, 16, 30, tzinfo=LONDON)
    assert selectors.service_minutes_after(service, friday, 60) == dt.datetime(2026, 11, 30, 9, 30, tzinfo=LONDON)
    assert selectors.service_minutes_after(service, IN_HOURS, 60) == IN_HOURS + dt.timedelta(hours=1)
    ServiceHours.objects.create(service=service, weekday=5, opens=dt.time(10), closes=dt.time(12))
    assert selectors.service_hours(service) == {5: (dt.time(10), dt.time(12))}


def test_duty_clinicians_are_those_on_shift(service, on_duty, make_staff):
    assert list(selectors.duty_clinicians(service, IN_HOURS)) == [on_duty]
    assert list(selectors.duty_clinicians(service, IN_HOURS + dt.timedelta(days=60))) == []


# Raising items and alerts ---------------------------------------------------------------------------


@time_machine.travel(IN_HOURS)
def test_urgent_post_reaches_queue_and_alerts_duty_by_sms_and_email(group, maggie, on_duty, service_admin):
    outcome = board.post_create(group=group, author=maggie, body=CRISIS)
    item = outcome.item
    assert item.level == "urgent" and item.state == "raised" and not item.raised_out_of_hours
    assert abs(item.escalate_at - (IN_HOURS + dt.timedelta(minutes=60))) < dt.timedelta(seconds=5)
    alerts = OutboundMessage.objects.filter(template="safety/duty_alert", recipient=on_duty)
    assert {m.channel for m in alerts} == {"sms", "email"}
    assert all(m.urgent for m in alerts)
    assert all("Maggie" not in m.body and "carry on" not in m.body for m in alerts)
    assert not OutboundMessage.objects.filter(template="safety/duty_alert", recipient=service_admin).exists()


@time_machine.travel(OUT_OF_HOURS)
def test_out_of_hours_with_nobody_on_duty_emails_the_admins(client, group, maggie, service_admin):
    outcome = board.post_create(group=group, author=maggie, body=CRISIS)
    assert outcome.item.raised_out_of_hours and not outcome.service_open
    alerts = OutboundMessage.objects.filter(template="safety/duty_alert", recipient=service_admin)
    assert [m.channel for m in alerts] == ["email"]
    client.force_login(maggie)
    page = client.get(reverse("conversations:support", args=[group.public_id, outcome.post.public_id])).content.decode()
    assert "is closed now and is not reading messages" in page


def test_concern_level_items_do_not_alert(group, maggie, on_duty):
    outcome = board.post_create(
        group=group, author=maggie, body="Honestly I have been really low and I feel like a burden to everyone."
    )
    assert outcome.item.level == "concern"
    assert not OutboundMessage.objects.filter(template="safety/duty_alert").exists()
    assert outcome.item.escalate_at is None


def test_free_text_screen_and_route_for_other_apps(service, maggie, on_duty):
    result, item = services.free_text_screen_and_route(
        member=maggie, service=service, text=CRISIS, source="free_text", source_ref="checkin:1"
    )
    assert result.flagged and item.text == CRISIS and item.source == "free_text"
    again, same = services.free_text_screen_and_route(
        member=maggie, service=service, text=CRISIS, source="free_text", source_ref="checkin:1"
    )
    assert same == item and ConcernItem.objects.count() == 1
    result, item = services.free_text_screen_and_route(
        member=maggie, service=service, text="I'd kill for a coffee", source_ref="checkin:2"
    )
    assert not result.flagged and item is None


def test_free_text_screen_failure_goes_to_queue_unscreened(monkeypatch, service, maggie):
    from followon.safety.screen import engine

    monkeypatch.setattr(engine, "screen_text", lambda text: 1 / 0)
    result, item = services.free_text_screen_and_route(member=maggie, service=service, text="hello", source_ref="x:1")
    assert result.level.value == "unscreened" and item.level == "unscreened"


# Transitions -----------------------------------------------------------------------------------------


def test_transition_table_is_enforced_and_stamped(service, maggie, clinician):
    item, _ = services.concern_raise(service=service, member=maggie, source="self", level="concern", raised_by=maggie)
    roles = {StaffRole.Role.CLINICIAN}
    with pytest.raises(ValidationError):
        services.concern_transition(item=item, to_state="closed", actor=clinician, roles=roles)
    with pytest.raises(PermissionDenied):
        services.concern_transition(item=item, to_state="acknowledged", actor=clinician, roles={"researcher"})
    item = services.concern_transition(item=item, to_state="acknowledged", actor=clinician, roles=roles)
    assert item.acknowledged_by == clinician and item.acknowledged_at
    with pytest.raises(ValidationError):
        services.concern_transition(item=item, to_state="actioned", actor=clinician, roles=roles, action="no_action")
    item = services.concern_transition(
        item=item, to_state="actioned", actor=clinician, roles=roles, action="no_action", note="Spoke to coordinator"
    )
    item = services.concern_transition(item=item, to_state="closed", actor=clinician, roles=roles)
    assert item.closed_by == clinician and item.state == "closed"
    with pytest.raises(ValidationError):
        services.concern_transition(item=item, to_state="acknowledged", actor=clinician, roles=roles)
    actions = list(
        AuditEvent.objects.filter(action__startswith="safety.item_").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["safety.item_raised", "safety.item_acknowledged", "safety.item_actioned", "safety.item_closed"]


# Escalation -----------------------------------------------------------------------------------------


def test_unacknowledged_urgent_item_escalates_to_admins_once(group, maggie, on_duty, service_admin):
    with time_machine.travel(IN_HOURS):
        item = board.post_create(group=group, author=maggie, body=CRISIS).item
    assert services.escalations_run(now=IN_HOURS + dt.timedelta(minutes=59)) == 0
    assert services.escalations_run(now=IN_HOURS + dt.timedelta(minutes=61)) == 1
    assert services.escalations_run(now=IN_HOURS + dt.timedelta(minutes=90)) == 0
    item.refresh_from_db()
    assert item.escalated_at
    sent = OutboundMessage.objects.filter(template="safety/escalation", recipient=service_admin)
    assert {m.channel for m in sent} == {"sms", "email"} and all(m.urgent for m in sent)


def test_acknowledged_items_do_not_escalate(group, maggie, on_duty, service_admin):
    with time_machine.travel(IN_HOURS):
        item = board.post_create(group=group, author=maggie, body=CRISIS).item
    services.concern_transition(item=item, to_state="acknowledged", actor=on_duty, roles={"clinician"})
    assert services.escalations_run(now=IN_HOURS + dt.timedelta(hours=3)) == 0


def test_escalation_runs_as_a_worker_job():
    from followon.core import worker_hooks

    assert services.escalations_job in worker_hooks.JOBS


# Members raising concerns ------------------------------------------------------------------------------


def test_raise_concern_about_self_double_submit_is_not_doubled(client, service, group, maggie):
    client.force_login(maggie)
    page = client.get(reverse("safety:concern-new")).content.decode()
    assert "I&#39;m struggling and would like someone from the pain service to contact me" in page
    key = uuid.uuid4().hex
    data = {"about": "me", "details": "Rough week", "key": key}
    first = client.post(reverse("safety:concern-new"), data)
    second = client.post(reverse("safety:concern-new"), data)
    assert first["Location"] == second["Location"]
    item = ConcernItem.objects.get()
    assert item.member == maggie and item.source == "self" and item.text == "Rough week"
    assert client.get(first["Location"]).status_code == 200


def test_raise_concern_about_another_member_of_my_group(client, service, group, maggie):
    ravi = add_member(group, preferred_name="Ravi")
    stranger = add_member(make_group(service, name="Other"), preferred_name="Stranger")
    client.force_login(maggie)
    page = client.get(reverse("safety:concern-new")).content.decode()
    assert "Ravi" in page and "Stranger" not in page
    response = client.post(reverse("safety:concern-new"), {"about": str(stranger.public_id), "key": "k1"})
    assert response.status_code == 200 and "Select who you are worried about" in response.content.decode()
    client.post(reverse("safety:concern-new"), {"about": str(ravi.public_id), "key": "k2"})
    item = ConcernItem.objects.get()
    assert item.member == ravi and item.raised_by == maggie and item.source == "peer"


def test_raise_concern_needs_a_choice(client, maggie):
    client.force_login(maggie)
    response = client.post(reverse("safety:concern-new"), {"key": "k", "details": "kept"})
    page = response.content.decode()
    assert "Select who you are worried about" in page and "kept" in page
    assert not ConcernItem.objects.exists()


def test_done_page_is_only_for_who_raised_it(client, service, maggie, member):
    item, _ = services.concern_raise(service=service, member=maggie, source="self", level="concern", raised_by=maggie)
    client.force_login(member)
    assert client.get(reverse("safety:concern-done", args=[item.public_id])).status_code == 404


@time_machine.travel(OUT_OF_HOURS)
def test_out_of_hours_member_is_told_plainly(client, maggie):
    client.force_login(maggie)
    response = client.post(reverse("safety:concern-new"), {"about": "me", "key": "k"}, follow=True)
    page = response.content.decode()
    assert "is closed now and nobody is watching FollowOn until it opens again" in page
    assert "Samaritans" in page


def test_contact_me_button_raises_one_self_concern(client, group, maggie):
    client.force_login(maggie)
    client.post(reverse("safety:contact-me"), {"ref": "post:abc"})
    client.post(reverse("safety:contact-me"), {"ref": "post:abc"})
    item = ConcernItem.objects.get()
    assert item.source == "self" and item.member == maggie
    assert client.get(reverse("safety:contact-me")).status_code == 405


# Texts ----------------------------------------------------------------------------------------------


def _text(user, message, notify_id=None):
    return inbound_sms_receive(
        notify_id=notify_id or str(uuid.uuid4()), source_number=user.mobile, message=message, received_at=timezone.now()
    )[0]


def test_texting_help_replies_with_signposting_and_raises_an_item(group, maggie, on_duty):
    inbound = _text(maggie, "HELP", notify_id="n-1")
    assert inbound.outcome == InboundSms.Outcome.HELP
    assert OutboundMessage.objects.filter(template="notifications/help", recipient=maggie).exists()
    item = ConcernItem.objects.get()
    assert item.source == "help_sms" and item.member == maggie and item.level == "urgent"
    inbound_sms_receive(notify_id="n-1", source_number=maggie.mobile, message="HELP", received_at=timezone.now())
    assert ConcernItem.objects.count() == 1


def test_free_text_sms_is_screened_and_goes_to_the_board(group, maggie, on_duty):
    receivers.register()
    inbound = _text(maggie, CRISIS)
    assert inbound.outcome == InboundSms.Outcome.PASSED_ON
    post = Post.objects.get()
    assert post.source == "sms" and post.screen_level == "urgent"
    assert ConcernItem.objects.get().post == post


def test_free_text_sms_from_someone_not_ready_to_post_is_still_screened(group, on_duty):
    receivers.register()
    newcomer = add_member(group, ready=False)
    inbound = _text(newcomer, CRISIS)
    assert inbound.outcome == InboundSms.Outcome.FOR_STAFF
    assert not Post.objects.exists()
    assert ConcernItem.objects.get().text == CRISIS


def test_a_free_text_answer_to_a_question_is_screened_too(group, maggie, on_duty):
    """A worrying reply taken as an answer (or refused as one) still reaches the queue; keywords are not screened."""
    from followon.notifications import registry
    from followon.notifications.services import ANY_TEXT, ReplyNotUnderstood, open_question_ask

    def numbers_only(*, user, question, reply, inbound):
        if reply == ANY_TEXT and not inbound.body.strip().isdigit():
            raise ReplyNotUnderstood("Reply with a number.")

    with registry.isolated():
        registry.register_reply_handler("count", numbers_only)
        open_question_ask(user=maggie, kind="count", object_ref="c:1", valid_replies=[ANY_TEXT, "NO"])
        assert _text(maggie, "4").outcome == InboundSms.Outcome.ANSWERED
        assert _text(maggie, "no").outcome == InboundSms.Outcome.ANSWERED
        assert not ConcernItem.objects.exists()
        inbound = _text(maggie, CRISIS)
        assert inbound.outcome == InboundSms.Outcome.INVALID_REPLY
    item = ConcernItem.objects.get()
    assert (item.source, item.source_ref, item.level, item.text) == (
        "sms",
        f"inbound:{inbound.notify_id}",
        "urgent",
        CRISIS,
    )


# Staff pages ----------------------------------------------------------------------------------------


@pytest.fixture
def item(group, maggie, on_duty):
    for n in range(5):
        board.post_create(group=group, author=maggie, body=f"Everyday post {n}")
    return board.post_create(group=group, author=maggie, body=CRISIS).item


@pytest.mark.parametrize("role", [StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN])
def test_queue_pages_allowed_for_clinicians_and_admins(staff_client, make_staff, service, item, role):
    client = staff_client(make_staff(service, role))
    assert "Urgent" in client.get(reverse("safety:queue")).content.decode()
    assert client.get(reverse("safety:queue") + "?show=all").status_code == 200
    assert client.get(item_url(item)).status_code == 200
    assert client.get(reverse("safety:rota")).status_code == 200


def test_the_item_page_says_why_it_was_flagged_in_words(staff_client, clinician, item):
    # The screen's words for each stored id; the version that raised the item only as a separate quiet
    # line, never in brackets after the reason (issue 21 item 11); never a bare score.
    page = staff_client(clinician).get(item_url(item)).content.decode()
    assert "Why it was flagged" in page
    assert "Says they cannot carry on or go on</p>" in page
    assert (
        f'<p class="nhsuk-body-s app-quiet nhsuk-u-margin-bottom-0">Checked by screen version {item.screen_version}</p>'
        in page
    )
    assert "(screen " not in page
    assert "urgent.cant_go_on" not in page


def test_an_item_raised_by_an_older_screen_keeps_its_version_and_its_words(staff_client, clinician, item):
    ConcernItem.objects.filter(pk=item.pk).update(
        screen_version="2026.11.1", rule_ids=["urgent.means", "learned.overdose_taken"]
    )
    page = staff_client(clinician).get(item_url(item)).content.decode()
    assert "Checked by screen version 2026.11.1" in page
    assert "Mentions saving up or taking medication, or another means, to end their life" in page
    assert "Overdose already taken: call 999 (learned model)" in page


@pytest.mark.parametrize("role", [StaffRole.Role.PTV, StaffRole.Role.RESEARCHER])
def test_queue_pages_forbidden_for_other_roles(staff_client, make_staff, service, item, role):
    client = staff_client(make_staff(service, role))
    for url in [reverse("safety:queue"), item_url(item), reverse("safety:rota")]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("safety:item-move", args=[item.public_id, "acknowledged"])).status_code == 403


def test_other_service_gets_404(staff_client, other_clinician, item):
    client = staff_client(other_clinician)
    assert client.get(item_url(item)).status_code == 404
    assert client.post(reverse("safety:item-move", args=[item.public_id, "acknowledged"])).status_code == 404


def test_members_and_anonymous_cannot_open_the_queue(client, maggie, item):
    assert client.get(reverse("safety:queue")).status_code == 302
    client.force_login(maggie)
    assert client.get(reverse("safety:queue")).status_code == 403
    assert client.get(item_url(item)).status_code == 403


def test_item_shows_at_most_three_posts_before_and_every_view_is_audited(staff_client, clinician, item):
    client = staff_client(clinician)
    page = client.get(item_url(item)).content.decode()
    assert "Everyday post 4" in page and "Everyday post 2" in page
    assert "Everyday post 1" not in page and "Everyday post 0" not in page
    client.get(item_url(item))
    assert AuditEvent.objects.filter(action="safety.item_viewed", actor=clinician).count() == 2


def test_clinician_works_an_item_through_the_pages(staff_client, clinician, item):
    client = staff_client(clinician)
    move = lambda state, data=None: client.post(  # noqa: E731
        reverse("safety:item-move", args=[item.public_id, state]), data or {}, follow=True
    )
    assert "cannot be marked closed" in move("closed").content.decode()
    move("acknowledged")
    page = move("actioned", {"action": "no_action"}).content.decode()
    assert "Enter why no action is needed" in page
    move("actioned", {"action": "called"})
    move("closed")
    item.refresh_from_db()
    assert item.state == "closed" and item.action == "called" and item.closed_by == clinician
    assert client.post(reverse("safety:item-move", args=[item.public_id, "bogus"])).status_code == 404


def test_queue_query_count_does_not_grow(staff_client, clinician, service, group, maggie):
    client = staff_client(clinician)

    def count():
        with count_queries() as ctx:
            assert client.get(reverse("safety:queue")).status_code == 200
        return len(ctx.captured_queries)

    services.concern_raise(service=service, member=maggie, source="self", level="concern", raised_by=maggie)
    few = count()
    for _ in range(10):
        services.concern_raise(service=service, member=maggie, source="peer", level="concern", group=group)
    assert count() == few


def test_admin_adds_a_shift_and_changes_settings(staff_client, service_admin, clinician, service):
    client = staff_client(service_admin)
    url = reverse("safety:rota")
    response = client.post(
        url, {"add_shift": "1", "clinician": clinician.pk, "day": "nonsense", "starts": "9am", "ends": "8am"}
    )
    page = response.content.decode()
    assert "Enter a real date, like 28/11/2026" in page and "The end time must be after the start time" in page
    client.post(url, {"add_shift": "1", "clinician": clinician.pk, "day": "30/11/2026", "starts": "9am", "ends": "5pm"})
    shift = DutyShift.objects.get()
    assert shift.starts_at == dt.datetime(2026, 11, 30, 9, tzinfo=LONDON)
    client.post(url, {"save_settings": "1", "hold_for_review": "yes", "escalation_minutes": "30"})
    found = selectors.safety_settings(service)
    assert found.hold_for_review and found.escalation_minutes == 30
    assert (
        "between 5 and 1440"
        in client.post(url, {"save_settings": "1", "hold_for_review": "no", "escalation_minutes": "0"}).content.decode()
    )
    client.post(reverse("safety:shift-remove", args=[shift.public_id]))
    assert not DutyShift.objects.exists()


def test_clinician_cannot_change_the_rota(staff_client, clinician, service):
    client = staff_client(clinician)
    assert (
        client.post(
            reverse("safety:rota"), {"save_settings": "1", "hold_for_review": "yes", "escalation_minutes": "30"}
        ).status_code
        == 403
    )
    shift = DutyShift.objects.create(
        service=service, clinician=clinician, starts_at=IN_HOURS, ends_at=IN_HOURS + dt.timedelta(hours=1)
    )
    assert client.post(reverse("safety:shift-remove", args=[shift.public_id])).status_code == 403
