"""The questionnaire link carries a single-member token: it is never stored in the Reminder rows (only
the invitation's public id is), it is computed when the message is sent, and the sent message's
body is removed from the outbox."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from followon.accounts.tests.factories import UserFactory
from followon.notifications import registry
from followon.notifications.models import OutboundMessage, Reminder
from followon.notifications.services import reminder_schedule
from followon.outcomes.services import invitation_create, invitation_link, invitation_link_context, invitation_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def texter(db):
    return UserFactory(preferred_name="Terry Texter", mobile="+447700900111", email="terry@example.org")


@pytest.fixture
def invitation(texter, service, tasks, now):
    return invitation_create(
        member=texter,
        service=service,
        questionnaire_id="phq-9",
        timepoint="baseline",
        due_on=timezone.localdate(now["now"]),
    )


def reminders_of(invitation):
    return list(Reminder.objects.filter(key__startswith=f"questionnaire:{invitation.public_id}:").order_by("run_at"))


def test_reminders_store_the_invitation_id_not_the_link(invitation):
    token = invitation_token(invitation)
    reminders = reminders_of(invitation)
    assert len(reminders) == 3
    for reminder in reminders:
        assert reminder.context["invitation"] == str(invitation.public_id)
        assert "link" not in reminder.context
        assert token not in str(reminder.context)
        assert reminder.sensitive


def test_the_link_is_computed_when_sent_works_and_leaves_no_trace(client, invitation, texter, tasks, notify, now):
    token = invitation_token(invitation)
    now["now"] = dt.datetime(2026, 6, 10, 8, 1, tzinfo=dt.UTC)  # 09:01 UK time: the invitation is due
    assert tasks.run() == ["sent"]
    [sent] = notify.sent
    assert sent["phone_number"] == texter.mobile
    assert invitation_link(invitation) in sent["body"]
    # The link that went out opens this member's questionnaire.
    path = re.search(r"https?://[^/\s]+(/\S+)", sent["body"]).group(1)
    assert client.get(path).status_code == 200
    message = OutboundMessage.objects.get(template="questionnaire_invite")
    assert message.sensitive and message.status == OutboundMessage.Status.SENT
    assert message.body == "" and message.body_removed_at is not None
    for reminder in reminders_of(invitation):
        assert token not in str(reminder.context)


def test_a_reminder_a_week_later_computes_the_same_link(invitation, tasks, notify, now):
    now["now"] = dt.datetime(2026, 6, 17, 8, 1, tzinfo=dt.UTC)
    assert sorted(tasks.run()) == ["sent", "sent"]  # the invitation (late) and the first reminder
    assert [invitation_link(invitation) in n["body"] for n in notify.sent] == [True, True]
    assert set(OutboundMessage.objects.values_list("body", flat=True)) == {""}


def test_the_resolver_is_registered_for_questionnaire_reminders(invitation):
    key = f"questionnaire:{invitation.public_id}:reminder1"
    assert registry.reminder_context_resolver(key) is invitation_link_context
    assert invitation_link_context(key=key, context={"invitation": str(invitation.public_id)}) == {
        "link": invitation_link(invitation)
    }


def test_a_reminder_planned_with_the_link_in_its_context_still_sends(invitation, texter, service, tasks, notify, now):
    """Reminders written before the link left the context carry it themselves: nothing is added."""
    key = f"questionnaire:{invitation.public_id}:invite"
    old_context = {
        "service_name": service.name,
        "title": "PHQ-9",
        "link": "https://followon.test/q/old-style/",
        "expires_on": invitation.expires_at.date(),
    }
    assert invitation_link_context(key=key, context=old_context) == {}
    reminder_schedule(
        key=key,
        run_at=now["now"],
        template="questionnaire_invite",
        context=old_context,
        recipient=texter,
        service=service,
        topic="questionnaires",
    )
    now["now"] = dt.datetime(2026, 6, 10, 8, 1, tzinfo=dt.UTC)
    assert sorted(tasks.run()) == ["sent", "skipped"]  # the first plan's task does nothing
    assert "https://followon.test/q/old-style/" in notify.sent[0]["body"]
