"""The weekly check-in by text: choosing it on the check-in page, the daily job that sends it, and
replies through Notify's received-text callback (score, free line, the safety screen, duplicates)."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.core.signposting import CRISIS_SMS_TEXT
from followon.notifications import registry, sweep
from followon.notifications.models import InboundSms, OpenQuestion, OutboundMessage
from followon.notifications.testing.inbound import RECEIVED_TEXT_TOKEN
from followon.notifications.testing.inbound import text_in as _text_in
from followon.notifications.testing.tasks import DATABASE_TASKS, TaskRunner
from followon.safety.models import ConcernItem
from followon.selfcare import services
from followon.selfcare.models import CheckIn, CheckInTextSchedule, Goal, GoalProgress


def text_in(client, user, message, notify_id=None):
    return _text_in(client, user, message, notify_id=notify_id, received="2026-06-12T16:15:30.000000Z")


pytestmark = pytest.mark.django_db

CRISIS = "I can't go on, I want to end my life"
FRIDAY = dt.date(2026, 6, 12)  # week starting Monday 8 June 2026 (British Summer Time)
MONDAY = dt.date(2026, 6, 8)


def uk(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour - 1, minute, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def callback_token(settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = RECEIVED_TEXT_TOKEN


@pytest.fixture
def now(monkeypatch):
    """Friday 12 June 2026, 17:00 UK time; `now.set(...)` moves it."""

    class Clock:
        moment = uk(FRIDAY, 17)

        def set(self, moment):
            self.moment = moment

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.moment)
    return clock


def last_text_to(user):
    return OutboundMessage.objects.filter(recipient=user).latest("id")


@pytest.fixture
def asked(me, now):
    """`me` chose Friday texts, and today's (Friday's) text has gone."""
    services.checkin_texts_set(owner=me, active=True, weekday=CheckInTextSchedule.Weekday.FRIDAY)
    assert services.checkin_texts_send() == 1
    return me


class TestChoosingTexts:
    def test_the_check_in_page_offers_weekly_texts(self, member_client):
        body = member_client.get(reverse("selfcare:checkin")).content.decode()
        assert "Send me a weekly check-in by text" in body
        assert 'action="/my/check-in/texts/"' in body

    def test_a_member_turns_texts_on_for_a_day_and_off_again(self, member_client, me):
        response = member_client.post(reverse("selfcare:checkin-texts"), {"active": "on", "weekday": "2"})
        assert response.status_code == 302
        schedule = CheckInTextSchedule.objects.get(owner=me)
        assert (schedule.active, schedule.weekday) == (True, 2)
        body = member_client.get(reverse("selfcare:checkin")).content.decode()
        assert "We text you this check-in every Wednesday" in body
        member_client.post(reverse("selfcare:checkin-texts"), {"weekday": "2"})
        schedule.refresh_from_db()
        assert schedule.active is False

    def test_a_bad_day_is_explained_and_the_choice_kept(self, member_client, me):
        response = member_client.post(reverse("selfcare:checkin-texts"), {"active": "on", "weekday": "9"})
        assert response.status_code == 400
        body = response.content.decode()
        assert "Choose a day" in body
        assert 'name="active"' in body and "checked" in body
        assert not CheckInTextSchedule.objects.exists()

    def test_without_a_mobile_number_the_member_is_told_what_to_do(self, member_client, me):
        me.mobile = None
        me.save()
        response = member_client.post(reverse("selfcare:checkin-texts"), {"active": "on", "weekday": "4"})
        assert response.status_code == 400
        assert "Add a mobile phone number to your account first" in response.content.decode()
        assert not CheckInTextSchedule.objects.exists()

    def test_signed_out_is_sent_to_sign_in_and_nothing_changes(self, client, me):
        response = client.post(reverse("selfcare:checkin-texts"), {"active": "on", "weekday": "4"})
        assert response.status_code == 302
        assert "sign-in" in response["Location"] or "login" in response["Location"]
        assert not CheckInTextSchedule.objects.exists()

    def test_a_get_is_refused(self, member_client):
        assert member_client.get(reverse("selfcare:checkin-texts")).status_code == 405

    def test_one_member_cannot_change_anothers_choice(self, client, me, service):
        from followon.programmes.tests.factories import member_of

        other = member_of(service, preferred_name="Other Member")
        services.checkin_texts_set(owner=me, active=True, weekday=0)
        client.force_login(other)
        client.post(reverse("selfcare:checkin-texts"), {"weekday": "3"})
        mine = CheckInTextSchedule.objects.get(owner=me)
        assert (mine.active, mine.weekday) == (True, 0)
        assert CheckInTextSchedule.objects.get(owner=other).active is False


class TestSending:
    def test_the_text_goes_on_the_chosen_day_once_a_week(self, me, now):
        services.checkin_texts_set(owner=me, active=True, weekday=CheckInTextSchedule.Weekday.FRIDAY)
        assert services.checkin_texts_send(today=FRIDAY - dt.timedelta(days=1)) == 0
        assert services.checkin_texts_send() == 1
        assert services.checkin_texts_send() == 1  # a second run: the same outbox message, nothing more
        [text] = OutboundMessage.objects.filter(template="selfcare/checkin_question")
        assert text.body.startswith(
            "FollowOn check-in: how much did pain get in the way of your life this week, 0 (not at all) to 10"
        )
        assert "like 6 tired but walked" in text.body
        [question] = OpenQuestion.objects.filter(user=me, kind=services.CHECKIN_KIND)
        assert question.object_ref == f"checkin:{me.public_id}:{MONDAY.isoformat()}"

    def test_no_text_after_a_check_in_this_week_or_when_turned_off(self, me, now):
        services.checkin_texts_set(owner=me, active=False, weekday=CheckInTextSchedule.Weekday.FRIDAY)
        assert services.checkin_texts_send() == 0
        services.checkin_texts_set(owner=me, active=True, weekday=CheckInTextSchedule.Weekday.FRIDAY)
        services.checkin_submit(owner=me, pain_interference=3)
        assert services.checkin_texts_send() == 0
        assert not OpenQuestion.objects.exists()

    def test_no_question_is_left_open_after_stop(self, me, now):
        from followon.notifications.services import sms_opt_out

        services.checkin_texts_set(owner=me, active=True, weekday=CheckInTextSchedule.Weekday.FRIDAY)
        sms_opt_out(user=me, via="web")
        assert services.checkin_texts_send() == 0
        assert not OpenQuestion.objects.exists()


class TestReplies:
    def test_a_score_and_a_few_words_save_this_weeks_check_in(self, client, asked):
        inbound = text_in(client, asked, "6 tired but walked")
        assert inbound.outcome == InboundSms.Outcome.ANSWERED
        checkin = CheckIn.objects.get(owner=asked)
        assert (checkin.pain_interference, checkin.free_text, checkin.source, checkin.week_start) == (
            6,
            "tired but walked",
            CheckIn.Source.SMS,
            MONDAY,
        )
        assert (checkin.screen_level, checkin.routed_to_safety) == ("none", False)
        thanks = last_text_to(asked)
        assert thanks.template == "selfcare/checkin_thanks"
        assert "your check-in (6 out of 10) is saved" in thanks.body
        # The member sees it on the check-in page like a web check-in.
        client.force_login(asked)
        assert "<td>6</td>" in client.get(reverse("selfcare:checkin")).content.decode()

    @pytest.mark.parametrize(
        ("message", "score", "line"),
        [("6", 6, ""), ("0", 0, ""), ("10!", 10, ""), ("7/10 - bad day", 7, "bad day"), ("Six, better", 6, "better")],
    )
    def test_reply_forms(self, client, asked, message, score, line):
        text_in(client, asked, message)
        checkin = CheckIn.objects.get(owner=asked)
        assert (checkin.pain_interference, checkin.free_text) == (score, line)

    @pytest.mark.parametrize("message", ["hello", "11", "100 miles", "6am walk", "tired 6"])
    def test_a_reply_without_a_score_gets_the_hint_and_changes_nothing(self, client, asked, message):
        inbound = text_in(client, asked, message)
        assert inbound.outcome == InboundSms.Outcome.INVALID_REPLY
        assert not CheckIn.objects.exists()
        assert last_text_to(asked).body == (
            "FollowOn: sorry, we did not understand your reply. Reply with a number from 0 to 10, like 6."
        )

    def test_a_crisis_phrase_reaches_the_safety_queue_end_to_end(self, client, asked):
        inbound = text_in(client, asked, f"9 {CRISIS}")
        assert inbound.outcome == InboundSms.Outcome.ANSWERED
        checkin = CheckIn.objects.get(owner=asked)
        assert checkin.flagged and checkin.routed_to_safety
        assert CRISIS not in str(checkin.screen_result)
        item = ConcernItem.objects.get(member=asked)  # one item: the check-in and the text share its key
        assert (item.source, item.source_ref) == ("sms", f"inbound:{inbound.notify_id}")
        assert item.level in {"urgent", "concern"}
        assert item.service == checkin.service
        thanks = last_text_to(asked)
        assert CRISIS_SMS_TEXT in thanks.body
        assert "Your pain service will see it" in thanks.body
        assert thanks.urgent

    def test_a_crisis_phrase_without_a_score_is_not_lost(self, client, asked):
        """A hint would roll the handler back, so a flagged reply is kept as a check-in with only a line."""
        inbound = text_in(client, asked, CRISIS)
        assert inbound.outcome == InboundSms.Outcome.ANSWERED
        checkin = CheckIn.objects.get(owner=asked)
        assert (checkin.pain_interference, checkin.free_text, checkin.routed_to_safety) == (None, CRISIS, True)
        assert ConcernItem.objects.get(member=asked).source_ref == f"inbound:{inbound.notify_id}"
        assert CRISIS_SMS_TEXT in last_text_to(asked).body

    def test_a_second_reply_that_week_replaces_the_first(self, client, asked):
        text_in(client, asked, "6 tired")
        text_in(client, asked, "4 better after a rest")
        checkin = CheckIn.objects.get(owner=asked)
        assert (checkin.pain_interference, checkin.free_text) == (4, "better after a rest")
        assert "It replaces your earlier one this week" in last_text_to(asked).body

    def test_the_same_words_twice_change_nothing_and_say_so(self, client, asked):
        text_in(client, asked, "6 tired")
        text_in(client, asked, "6 tired")
        assert CheckIn.objects.filter(owner=asked).count() == 1
        assert "we already have this check-in, so nothing has changed" in last_text_to(asked).body

    def test_notify_sending_the_callback_twice_counts_once(self, client, asked):
        notify_id = str(uuid.uuid4())
        text_in(client, asked, "6", notify_id=notify_id)
        text_in(client, asked, "6", notify_id=notify_id)
        assert CheckIn.objects.count() == 1
        assert OutboundMessage.objects.filter(template="selfcare/checkin_thanks").count() == 1

    def test_a_crisis_line_in_a_second_reply_is_screened_again(self, client, asked):
        text_in(client, asked, "6 tired")
        inbound = text_in(client, asked, f"8 {CRISIS}")
        checkin = CheckIn.objects.get(owner=asked)
        assert checkin.routed_to_safety
        item = ConcernItem.objects.get(member=asked)
        assert item.source_ref == f"inbound:{inbound.notify_id}"

    def test_done_sent_while_the_check_in_is_the_newest_question_answers_the_goal_check(self, client, me, now):
        now.set(uk(MONDAY, 10))
        goal = services.goal_create(owner=me, what="Walk to the post box", how_much="3 times", confidence=7)
        assert services.goal_checks_send() == 1
        services.checkin_texts_set(owner=me, active=True, weekday=CheckInTextSchedule.Weekday.MONDAY)
        now.set(uk(MONDAY, 17))
        assert services.checkin_texts_send() == 1
        inbound = text_in(client, me, "Done")
        assert inbound.outcome == InboundSms.Outcome.ANSWERED
        assert goal.progress.get().outcome == GoalProgress.Outcome.DONE
        assert not CheckIn.objects.exists()
        text_in(client, me, "5")
        assert CheckIn.objects.get(owner=me).pain_interference == 5

    def test_yes_with_no_goal_check_open_gets_the_check_in_hint(self, client, asked):
        text_in(client, asked, "yes")
        assert not CheckIn.objects.exists()
        assert "Reply with a number from 0 to 10, like 6." in last_text_to(asked).body


class TestDailyJobs:
    @pytest.fixture
    def tasks(self, settings):
        settings.TASKS = DATABASE_TASKS
        return TaskRunner()

    @pytest.fixture
    def only_selfcare_jobs(self):
        with registry.isolated():
            for name in registry.daily_jobs():
                if not name.startswith("selfcare-"):
                    registry.unregister(daily_job=name)
            yield

    def test_both_jobs_are_registered(self):
        jobs = registry.daily_jobs()
        assert jobs["selfcare-goal-checks"] == (services.goal_checks_job, 10)
        assert jobs["selfcare-checkin-texts"] == (services.checkin_texts_job, 17)

    def test_the_sweep_starts_the_check_in_texts_once_a_day(self, me, now, tasks, only_selfcare_jobs):
        services.checkin_texts_set(owner=me, active=True, weekday=CheckInTextSchedule.Weekday.FRIDAY)
        now.set(uk(FRIDAY, 16, 59))
        sweep.start_due_daily_jobs(now=timezone.now())
        tasks.run()
        assert not OutboundMessage.objects.filter(template="selfcare/checkin_question").exists()
        now.set(uk(FRIDAY, 17, 5))
        sweep.start_due_daily_jobs(now=timezone.now())
        sweep.start_due_daily_jobs(now=timezone.now())  # another worker's sweep
        tasks.run()
        assert OutboundMessage.objects.filter(template="selfcare/checkin_question", recipient=me).count() == 1
        assert services.checkin_texts_job(now=timezone.now()) == {"checkin_texts_sent": 1}  # run again: same text
        assert OutboundMessage.objects.filter(template="selfcare/checkin_question").count() == 1

    def test_goal_checks_go_on_mondays_only_and_once_a_week(self, me, now):
        services.goal_create(owner=me, what="Walk to the post box", how_much="3 times", confidence=7)
        assert services.goal_checks_job(now=uk(FRIDAY, 10))["goal_checks_sent"] == 0
        assert services.goal_checks_job(now=uk(MONDAY + dt.timedelta(days=7), 10)) == {"goal_checks_sent": 1}
        assert services.goal_checks_job(now=uk(MONDAY + dt.timedelta(days=7), 11)) == {"goal_checks_sent": 0}
        assert OutboundMessage.objects.filter(template="selfcare/goal_check").count() == 1

    def test_a_member_answered_this_week_is_not_asked_about_another_goal(self, client, me, now):
        now.set(uk(MONDAY, 10))
        first = services.goal_create(owner=me, what="Walk to the post box", how_much="3 times", confidence=7)
        services.goal_create(owner=me, what="Stretch", how_much="5 minutes a day", confidence=7)
        Goal.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=1))
        assert services.goal_checks_send() == 1
        text_in(client, me, "done")
        # The command (or a re-run of the job) the same week asks nothing more.
        assert services.goal_checks_send() == 0
        assert OutboundMessage.objects.filter(template="selfcare/goal_check").count() == 1
