"""Digests: one daily or weekly message instead of one per new post."""

import datetime as dt

import pytest

from followon.accounts.tests.factories import UserFactory
from followon.notifications import registry, services, sweep
from followon.notifications.models import DigestItem, NotificationPreference, OutboundMessage, ScheduledRun
from followon.notifications.rendering import sms_fragments

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def post_about(member, title, topic="group:walkers", label="Southmead walkers", n=0):
    return services.member_notify(
        recipient=member,
        template="notifications/reminder",
        context={"what": title, "when": dt.datetime(2026, 6, 12, 9, tzinfo=UTC), "where": "", "action": ""},
        idempotency_key=f"post:{n}:{member.pk}",
        topic=topic,
        topic_label=label,
        digest_title=title,
    )


@pytest.fixture
def daily_texter(texter):
    NotificationPreference.objects.create(user=texter, digest="daily")
    return texter


def test_one_daily_text_lists_the_titles_within_two_fragments(tasks, daily_texter, fake_notify, clock):
    titles = [f"Post number {n} about pacing, flare-ups and the walk on Tuesday" for n in range(12)]
    for n, title in enumerate(titles):
        assert post_about(daily_texter, title, n=n) == []
    assert DigestItem.objects.count() == 12
    assert services.digests_send(frequency="daily", period_key="2026-06-10") == 1
    tasks.run()
    [sent] = fake_notify.sent
    body = sent["body"]
    assert body.startswith("FollowOn: 12 new posts in your groups:")
    assert "Post number 0 about pacing" in body
    assert "more." in body
    assert sms_fragments(body) <= 2
    assert "Southmead walkers" not in body  # titles only on SMS
    assert set(DigestItem.objects.values_list("digest_key", flat=True)) == {
        f"digest:daily:2026-06-10:{daily_texter.public_id}"
    }


def test_the_email_digest_lists_every_title_with_its_group(tasks, emailer, fake_notify, clock):
    NotificationPreference.objects.create(user=emailer, digest="weekly")
    post_about(emailer, "Coffee on Tuesday?", n=1)
    post_about(emailer, "New member says hello", topic="group:readers", label="Readers", n=2)
    services.digests_send(frequency="weekly", period_key="2026-W24")
    tasks.run()
    [sent] = fake_notify.sent
    assert sent["subject"] == "Your FollowOn digest: 2 new posts in your groups"
    assert "- Coffee on Tuesday? (Southmead walkers)" in sent["body"]
    assert "- New member says hello (Readers)" in sent["body"]


def test_digests_are_sent_once_per_period_and_only_to_those_who_chose_that_period(
    tasks, daily_texter, fake_notify, clock
):
    weekly = UserFactory()
    NotificationPreference.objects.create(user=weekly, digest="weekly")
    post_about(daily_texter, "For the daily one")
    post_about(weekly, "For the weekly one")
    assert services.digests_send(frequency="daily", period_key="2026-06-10") == 1
    assert services.digests_send(frequency="daily", period_key="2026-06-10") == 0
    tasks.run()
    assert len(fake_notify.sent) == 1
    assert DigestItem.objects.filter(digested_at__isnull=True).get().title == "For the weekly one"


def test_muted_topics_are_left_out_of_the_digest(tasks, daily_texter, fake_notify, clock):
    post_about(daily_texter, "Walkers news", n=1)
    post_about(daily_texter, "Readers news", topic="group:readers", n=2)
    services.topic_mute(user=daily_texter, topic="group:walkers")
    services.digests_send(frequency="daily", period_key="2026-06-10")
    tasks.run()
    [sent] = fake_notify.sent
    assert "Readers news" in sent["body"]
    assert "Walkers news" not in sent["body"]


def test_items_left_when_a_member_turns_digests_off_go_in_the_next_daily_run(tasks, daily_texter, fake_notify, clock):
    post_about(daily_texter, "Left over")
    services.preferences_update(user=daily_texter, channel="sms", quiet_hours=True, digest="off", muted_topics=[])
    services.digests_send(frequency="daily", period_key="2026-06-10")
    tasks.run()
    assert "Left over" in fake_notify.sent[0]["body"]


def test_digest_texts_respect_stop(tasks, daily_texter, fake_notify, clock):
    post_about(daily_texter, "Something")
    services.sms_opt_out(user=daily_texter, via="web")
    services.digests_send(frequency="daily", period_key="2026-06-10")
    tasks.run()
    assert fake_notify.sent == []
    assert OutboundMessage.objects.filter(template="notifications/digest").count() == 0


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 6, 8, 8, 59, tzinfo=UTC), []),  # Monday 09:59 BST
        (dt.datetime(2026, 6, 8, 9, 0, tzinfo=UTC), [("daily", "2026-06-08"), ("weekly", "2026-W24")]),
        (dt.datetime(2026, 6, 9, 8, 0, tzinfo=UTC), [("weekly", "2026-W24")]),  # Tuesday before 10am
        (dt.datetime(2026, 12, 7, 10, 0, tzinfo=UTC), [("daily", "2026-12-07"), ("weekly", "2026-W50")]),  # GMT
    ],
)
def test_digest_periods_start_at_ten_in_the_morning_uk_time(now, expected):
    assert sweep.digest_periods(now) == expected


def test_the_sweep_starts_each_digest_once_across_workers(tasks, daily_texter, fake_notify, clock):
    for name in registry.daily_jobs():  # the apps' own daily jobs would start too (undone after the test)
        registry.unregister(daily_job=name)
    post_about(daily_texter, "Hello")
    clock.set(dt.datetime(2026, 6, 8, 9, 30, tzinfo=UTC))
    assert sweep.outbox_sweep()["digests_started"] == 2
    assert sweep.outbox_sweep()["digests_started"] == 0  # a second worker
    assert sorted(ScheduledRun.objects.values_list("name", flat=True)) == ["digest-daily", "digest-weekly"]
    tasks.run()
    assert len(fake_notify.sent) == 1
