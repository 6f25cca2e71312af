"""Goals: writing them, the gentle prompt, weekly progress on the web and by text, the trend."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from followon.notifications.models import InboundSms, OpenQuestion, OutboundMessage
from followon.notifications.testing.inbound import RECEIVED_TEXT_TOKEN, text_in
from followon.selfcare import services
from followon.selfcare.models import Goal, GoalProgress

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def callback_token(settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = RECEIVED_TEXT_TOKEN


def new_goal(owner, **kwargs):
    values = {"what": "Walk to the post box", "how_much": "3 times a week", "confidence": 8}
    values.update(kwargs)
    return services.goal_create(owner=owner, **values)


def goal_post(**overrides):
    data = {
        "what": "Walk to the post box",
        "how_much": "3 times a week",
        "when": "Mornings",
        "target_date_0": "",
        "target_date_1": "",
        "target_date_2": "",
        "confidence": "8",
        "review": "weekly",
        "steps": "Find my shoes\nWalk to the gate",
    }
    data.update(overrides)
    return data


class TestWritingAGoal:
    def test_a_member_sets_a_goal_with_steps(self, member_client, me):
        response = member_client.post(reverse("selfcare:goal-new"), goal_post())
        goal = Goal.objects.get(owner=me)
        assert response.status_code == 302
        assert response.url == reverse("selfcare:goal-detail", args=[goal.public_id])
        assert [s.text for s in goal.steps.all()] == ["Find my shoes", "Walk to the gate"]
        assert goal.service is not None

    def test_a_goal_without_a_measurable_part_gets_a_gentle_prompt_not_a_refusal(self, member_client, me):
        data = goal_post(what="Get out more", how_much="")
        response = member_client.post(reverse("selfcare:goal-new"), data)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Can you make it measurable?" in body
        assert "Save anyway" in body
        assert 'value="Get out more"' in body  # what they typed is kept
        assert "There is a problem" not in body
        assert not Goal.objects.exists()
        response = member_client.post(reverse("selfcare:goal-new"), {**data, "save_anyway": "1"})
        assert response.status_code == 302
        assert Goal.objects.get(owner=me).what == "Get out more"

    @pytest.mark.parametrize("value", ["11", "-1", "seven", "7.5", ""])
    def test_confidence_outside_0_to_10_is_explained(self, member_client, value):
        response = member_client.post(reverse("selfcare:goal-new"), goal_post(confidence=value))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Confidence must be a whole number from 0 to 10" in body
        assert f'value="{value}"' in body or value == ""
        assert not Goal.objects.exists()

    def test_a_date_in_the_past_is_explained(self, member_client):
        past = timezone.localdate() - dt.timedelta(days=3)
        data = goal_post(target_date_0=str(past.day), target_date_1=str(past.month), target_date_2=str(past.year))
        body = member_client.post(reverse("selfcare:goal-new"), data).content.decode()
        assert "The date to reach it by must be today or in the future" in body
        assert not Goal.objects.exists()

    def test_an_impossible_date_is_explained(self, member_client):
        data = goal_post(target_date_0="31", target_date_1="2", target_date_2="2030")
        body = member_client.post(reverse("selfcare:goal-new"), data).content.decode()
        assert "must be a real date" in body

    def test_the_service_refuses_bad_values_too(self, me):
        with pytest.raises(ValidationError):
            new_goal(me, confidence=12)
        with pytest.raises(ValidationError):
            new_goal(me, target_date=timezone.localdate() - dt.timedelta(days=1))

    def test_editing_keeps_an_old_date_but_refuses_a_new_past_one(self, me):
        goal = new_goal(me, target_date=timezone.localdate())
        Goal.objects.filter(pk=goal.pk).update(target_date=timezone.localdate() - dt.timedelta(days=10))
        goal.refresh_from_db()
        fields = {"what": "Walk further", "how_much": "4 times", "when": "", "confidence": 7, "review": "weekly"}
        services.goal_update(goal=goal, target_date=goal.target_date, status="active", **fields)
        with pytest.raises(ValidationError):
            services.goal_update(
                goal=goal, target_date=timezone.localdate() - dt.timedelta(days=2), status="active", **fields
            )


class TestProgress:
    def test_one_tap_records_this_week_and_a_second_tap_replaces_it(self, member_client, me):
        goal = new_goal(me)
        url = reverse("selfcare:goal-progress", args=[goal.public_id])
        assert member_client.post(url, {"outcome": "partly"}).status_code == 302
        assert member_client.post(url, {"outcome": "done"}).status_code == 302
        assert list(goal.progress.values_list("outcome", flat=True)) == ["done"]

    def test_no_choice_is_explained(self, member_client, me):
        goal = new_goal(me)
        response = member_client.post(reverse("selfcare:goal-progress", args=[goal.public_id]), {"outcome": "maybe"})
        assert response.status_code == 400
        assert "Choose done, partly or not this week" in response.content.decode()

    def test_steps_are_added_and_ticked(self, member_client, me):
        goal = new_goal(me)
        member_client.post(reverse("selfcare:goal-step-add", args=[goal.public_id]), {"text": "Buy a stamp"})
        step = goal.steps.get()
        member_client.post(reverse("selfcare:goal-step-toggle", args=[goal.public_id, step.pk]))
        step.refresh_from_db()
        assert step.done
        response = member_client.post(reverse("selfcare:goal-step-add", args=[goal.public_id]), {"text": " "})
        assert response.status_code == 400
        assert "Enter a step" in response.content.decode()


class TestProgressByText:
    def test_a_member_sets_a_goal_records_progress_by_sms_and_sees_the_trend(self, client, member_client, me):
        member_client.post(reverse("selfcare:goal-new"), goal_post())
        goal = Goal.objects.get(owner=me)
        # Three earlier weeks answered on the web.
        today = timezone.localdate()
        for weeks_ago, outcome in ((3, "not_this_week"), (2, "partly"), (1, "done")):
            services.goal_progress_record(goal=goal, outcome=outcome, day=today - dt.timedelta(weeks=weeks_ago))

        assert services.goal_checks_send() == 1
        check = OutboundMessage.objects.get(template="selfcare/goal_check")
        assert "Reply DONE, PARTLY or NOT THIS WEEK" in check.body
        assert check.to_address == me.mobile
        assert OpenQuestion.objects.filter(user=me, kind=services.GOAL_CHECK_KIND).count() == 1

        text_in(client, me, "Done!")
        assert InboundSms.objects.get().outcome == InboundSms.Outcome.ANSWERED
        this_week = goal.progress.get(week_start=services.week_start(today))
        assert (this_week.outcome, this_week.source) == (GoalProgress.Outcome.DONE, GoalProgress.Source.SMS)
        thanks = OutboundMessage.objects.get(template="selfcare/goal_check_thanks")
        assert '"done"' in thanks.body

        client.force_login(me)
        body = client.get(reverse("selfcare:goal-detail", args=[goal.public_id])).content.decode()
        assert "<svg" in body and 'role="img"' in body
        assert body.count("app-chart__bar app-chart__bar--") == 4
        assert "By text" in body  # the table beside the chart says where each answer came from
        assert "Your answers, week by week" in body

    def test_a_duplicate_reply_does_not_count_twice(self, client, me):
        goal = new_goal(me)
        services.goal_checks_send()
        notify_id = str(uuid.uuid4())
        text_in(client, me, "PARTLY", notify_id=notify_id)
        text_in(client, me, "PARTLY", notify_id=notify_id)  # Notify sent the callback again
        assert InboundSms.objects.count() == 1
        text_in(client, me, "not this week")  # a second, different text in the same week replaces it
        assert list(goal.progress.values_list("outcome", flat=True)) == ["not_this_week"]
        assert OutboundMessage.objects.filter(template="selfcare/goal_check_thanks").count() == 2
        assert (
            "replaces your earlier answer"
            in OutboundMessage.objects.filter(template="selfcare/goal_check_thanks").latest("id").body
        )

    def test_the_weekly_check_is_sent_once_per_week_and_not_after_an_answer(self, me):
        goal = new_goal(me)
        new_goal(me, what="Stretch every morning")
        assert services.goal_checks_send() == 1  # one text per member
        assert services.goal_checks_send() == 0  # already asked this week: nothing more
        assert OutboundMessage.objects.filter(template="selfcare/goal_check").count() == 1
        services.goal_progress_record(goal=goal, outcome="done")
        Goal.objects.exclude(pk=goal.pk).update(status=Goal.Status.ACHIEVED)
        assert services.goal_checks_send() == 0

    def test_members_without_a_mobile_get_no_text(self, me):
        me.mobile = None
        me.save()
        new_goal(me)
        assert services.goal_checks_send() == 0


def test_the_weekly_command_sends_the_checks(me):
    from io import StringIO

    from django.core.management import call_command

    new_goal(me)
    out = StringIO()
    call_command("selfcare_goal_checks", stdout=out)
    assert out.getvalue().strip() == "goal checks sent: 1"
    assert OutboundMessage.objects.filter(template="selfcare/goal_check", recipient=me).count() == 1
