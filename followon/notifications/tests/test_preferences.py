"""Members' choices: channel, quiet hours (across the clock changes), group mutes, STOP, digests."""

import datetime as dt

import pytest

from followon.core.models import AuditEvent
from followon.notifications import services
from followon.notifications.models import DigestItem, NotificationPreference, OutboundMessage
from followon.notifications.policy import quiet_hours_release

pytestmark = pytest.mark.django_db

Status = OutboundMessage.Status
UTC = dt.UTC


def text(member, key="k", **kwargs):
    return services.message_enqueue(
        **{
            "template": "notifications/started",
            "context": {},
            "idempotency_key": key,
            "channel": "sms",
            "to_address": member.mobile,
            "recipient": member,
        }
        | kwargs
    )


REMINDER = {
    "what": "Walking group",
    "when": dt.datetime(2026, 6, 12, 9, 30, tzinfo=UTC),
    "where": "Blaise Castle car park",
    "action": "",
}


def notify(member, key="n", **kwargs):
    return services.member_notify(
        **{
            "recipient": member,
            "template": "notifications/reminder",
            "context": REMINDER,
            "idempotency_key": key,
        }
        | kwargs
    )


# -- quiet hours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now_utc", "release_utc"),
    [
        # Summer (BST = UTC+1): 22:30 BST waits for 08:00 BST = 07:00 UTC.
        (dt.datetime(2026, 6, 10, 21, 30, tzinfo=UTC), dt.datetime(2026, 6, 11, 7, 0, tzinfo=UTC)),
        # 06:59 BST is still quiet; 07:00 BST (06:00 UTC) too; 08:00 BST is not.
        (dt.datetime(2026, 6, 11, 5, 59, tzinfo=UTC), dt.datetime(2026, 6, 11, 7, 0, tzinfo=UTC)),
        (dt.datetime(2026, 6, 11, 7, 0, tzinfo=UTC), None),
        (dt.datetime(2026, 6, 11, 19, 59, tzinfo=UTC), None),
        (dt.datetime(2026, 6, 11, 20, 0, tzinfo=UTC), dt.datetime(2026, 6, 12, 7, 0, tzinfo=UTC)),
        # Spring forward (29 March 2026, 01:00 GMT -> 02:00 BST): 21:30 GMT Saturday waits
        # for 08:00 BST on Sunday, which is 07:00 UTC.
        (dt.datetime(2026, 3, 28, 21, 30, tzinfo=UTC), dt.datetime(2026, 3, 29, 7, 0, tzinfo=UTC)),
        # Fall back (25 October 2026, 02:00 BST -> 01:00 GMT): 21:30 BST Saturday (20:30 UTC)
        # waits for 08:00 GMT on Sunday, which is 08:00 UTC.
        (dt.datetime(2026, 10, 24, 20, 30, tzinfo=UTC), dt.datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),
        # The repeated hour 01:00-02:00 on 25 October is quiet either way.
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), dt.datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),
        (dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC), dt.datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),
    ],
)
def test_quiet_hours_release_is_eight_in_the_morning_uk_time(now_utc, release_utc):
    assert quiet_hours_release(now_utc) == release_utc


def test_texts_in_quiet_hours_wait_until_8am_across_the_spring_clock_change(tasks, texter, fake_notify, clock):
    clock.set(dt.datetime(2026, 3, 28, 21, 30, tzinfo=UTC))
    message = text(texter)
    assert message.status == Status.QUEUED
    assert message.send_after == dt.datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert tasks.run() == []
    assert tasks.next_run_after() == dt.datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    clock.set(dt.datetime(2026, 3, 29, 6, 59, tzinfo=UTC))  # 07:59 BST
    assert tasks.run() == []
    clock.set(dt.datetime(2026, 3, 29, 7, 0, tzinfo=UTC))
    assert tasks.run() == ["sent"]
    assert fake_notify.count_for(message.public_id) == 1


def test_texts_in_quiet_hours_wait_until_8am_across_the_autumn_clock_change(tasks, texter, fake_notify, clock):
    clock.set(dt.datetime(2026, 10, 24, 20, 30, tzinfo=UTC))
    message = text(texter)
    assert message.send_after == dt.datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    clock.set(dt.datetime(2026, 10, 25, 7, 59, tzinfo=UTC))  # 07:59 GMT
    assert tasks.run() == []
    clock.set(dt.datetime(2026, 10, 25, 8, 0, tzinfo=UTC))
    assert tasks.run() == ["sent"]


def test_a_retry_that_falls_into_the_night_waits_for_the_morning(tasks, texter, fake_notify, clock):
    clock.set(dt.datetime(2026, 6, 10, 19, 59, 50, tzinfo=UTC))  # 20:59:50 BST; the back-off is at least 24s
    fake_notify.fail_next(texter.mobile, 503)
    message = text(texter)
    assert tasks.run() == ["retry"]
    message.refresh_from_db()
    clock.set(message.send_after)  # now after 21:00 BST
    assert tasks.run() == ["deferred"]
    message.refresh_from_db()
    assert message.send_after == dt.datetime(2026, 6, 11, 7, 0, tzinfo=UTC)


def test_urgent_texts_and_emails_are_not_held_by_quiet_hours(tasks, texter, fake_notify, clock):
    clock.set(dt.datetime(2026, 6, 10, 23, 0, tzinfo=UTC))
    urgent = text(texter, key="urgent", urgent=True)
    email = services.message_enqueue(
        template="notifications/reminder",
        context=REMINDER,
        idempotency_key="mail",
        channel="email",
        to_address=texter.email,
        recipient=texter,
    )
    assert sorted(tasks.run()) == ["sent", "sent"]
    assert fake_notify.count_for(urgent.public_id) == 1
    assert fake_notify.count_for(email.public_id) == 1


def test_a_member_can_choose_texts_at_any_hour(tasks, texter, fake_notify, clock):
    NotificationPreference.objects.create(user=texter, quiet_hours=False)
    clock.set(dt.datetime(2026, 6, 10, 23, 0, tzinfo=UTC))
    text(texter)
    assert tasks.run() == ["sent"]


# -- STOP, mutes, essential messages ----------------------------------------------------------------


def test_stop_cancels_non_essential_texts_but_not_essential_ones(tasks, texter, fake_notify, clock):
    services.sms_opt_out(user=texter, via="sms")
    ordinary = text(texter, key="ordinary")
    essential = text(texter, key="essential", essential=True)
    assert ordinary.status == Status.CANCELLED
    assert ordinary.failure_reason == "Not sent: the member texted STOP"
    assert tasks.run() == ["sent"]
    assert fake_notify.count_for(essential.public_id) == 1
    assert fake_notify.count_for(ordinary.public_id) == 0


def test_stop_after_a_text_was_queued_still_stops_it(tasks, texter, fake_notify, clock):
    message = text(texter)
    services.sms_opt_out(user=texter, via="web")
    assert tasks.run() == ["cancelled"]
    message.refresh_from_db()
    assert message.status == Status.CANCELLED
    services.sms_opt_in(user=texter, via="sms")
    assert text(texter, key="again").status == Status.QUEUED
    actions = list(AuditEvent.objects.order_by("occurred_at", "id").values_list("action", flat=True))
    assert actions == ["notifications.sms_stopped", "notifications.sms_started"]


def test_a_muted_group_gets_no_ordinary_messages(tasks, texter, fake_notify, clock):
    services.topic_mute(user=texter, topic="group:walkers")
    muted = text(texter, key="muted", topic="group:walkers")
    other = text(texter, key="other", topic="group:readers")
    safety = text(texter, key="safety", topic="group:walkers", essential=True)
    assert muted.status == Status.CANCELLED
    assert muted.failure_reason == "Not sent: the member muted this group"
    assert sorted(tasks.run()) == ["sent", "sent"]
    assert {n["reference"] for n in fake_notify.sent} == {str(other.public_id), str(safety.public_id)}
    services.topic_mute(user=texter, topic="group:walkers", muted=False)
    assert text(texter, key="unmuted", topic="group:walkers").status == Status.QUEUED


# -- member_notify: channels and digests ----------------------------------------------------------------


def test_member_notify_uses_the_accounts_preferred_channel_by_default(texter, emailer, clock):
    [sms] = notify(texter)
    [email] = notify(emailer)
    assert (sms.channel, sms.to_address, sms.idempotency_key) == ("sms", "+447700900111", "n:sms")
    assert (email.channel, email.to_address, email.subject) == (
        "email",
        "emma@example.org",
        "Reminder: Walking group, Friday 12 June at 10:30am",
    )


def test_member_notify_sends_both_when_the_member_chose_both(texter, clock):
    NotificationPreference.objects.create(user=texter, channel="both")
    assert sorted(m.channel for m in notify(texter)) == ["email", "sms"]


def test_member_notify_falls_back_to_the_address_we_have(emailer, clock):
    NotificationPreference.objects.create(user=emailer, channel="sms")
    [message] = notify(emailer)
    assert message.channel == "email"


def test_member_notify_after_stop_sends_email_only_if_they_chose_both(texter, clock):
    services.sms_opt_out(user=texter, via="sms")
    assert notify(texter) == []
    services.preferences_update(user=texter, channel="both", quiet_hours=True, digest="off", muted_topics=[])
    assert [m.channel for m in notify(texter, key="again")] == ["email"]


def test_member_notify_puts_posts_in_the_digest_for_members_who_chose_one(texter, clock):
    NotificationPreference.objects.create(user=texter, digest="daily")
    assert notify(texter, digest_title="Coffee on Tuesday?", topic="group:walkers", topic_label="Walkers") == []
    item = DigestItem.objects.get()
    assert (item.title, item.topic, item.topic_label) == ("Coffee on Tuesday?", "group:walkers", "Walkers")
    # Urgent or essential news is never held for a digest.
    assert len(notify(texter, key="urgent", digest_title="Meeting cancelled", urgent=True)) == 1


def test_preferences_update_is_audited_with_field_names_only(texter):
    services.preferences_update(
        user=texter, channel="email", quiet_hours=False, digest="weekly", muted_topics=["group:a"], sms_stopped=True
    )
    preference = NotificationPreference.objects.get(user=texter)
    assert (preference.channel, preference.quiet_hours, preference.digest) == ("email", False, "weekly")
    assert preference.muted_topics == ["group:a"]
    assert preference.sms_stopped and preference.sms_stopped_at
    event = AuditEvent.objects.get(action="notifications.preferences_changed")
    assert event.detail == {
        "fields": ["channel", "digest", "muted_topics", "quiet_hours", "sms_stopped", "sms_stopped_at"]
    }


def test_preferences_update_refuses_unknown_choices(texter):
    with pytest.raises(ValueError, match="unknown channel"):
        services.preferences_update(user=texter, channel="fax", quiet_hours=True, digest="off", muted_topics=[])
    with pytest.raises(ValueError, match="unknown digest"):
        services.preferences_update(user=texter, channel="sms", quiet_hours=True, digest="hourly", muted_topics=[])
