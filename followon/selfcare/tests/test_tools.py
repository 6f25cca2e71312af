"""Check-ins (and the safety screen), pacing, the set-back plan and the technique library."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from followon.notifications.models import OutboundMessage
from followon.safety.models import ConcernItem
from followon.selfcare import services
from followon.selfcare.models import CheckIn, PacingLog, SetbackPlan, TechniquePage

pytestmark = pytest.mark.django_db

CRISIS = "I can't go on, I want to end my life"


class TestCheckIns:
    def test_a_quiet_check_in_is_saved(self, member_client, me):
        response = member_client.post(
            reverse("selfcare:checkin"),
            {"pain_interference": "4", "mood": "ok", "activity": "usual", "free_text": "Walked to the shop"},
        )
        assert response.status_code == 302
        checkin = CheckIn.objects.get(owner=me)
        assert (checkin.pain_interference, checkin.screen_level, checkin.routed_to_safety) == (4, "none", False)

    def test_a_check_in_with_a_crisis_phrase_is_flagged_and_reaches_the_safety_queue(self, member_client, me):
        response = member_client.post(reverse("selfcare:checkin"), {"pain_interference": "9", "free_text": CRISIS})
        body = response.content.decode()
        assert response.status_code == 200
        assert "Help is here if you need it" in body
        assert "116 123" in body  # signposting from core/signposting.py
        checkin = CheckIn.objects.get(owner=me)
        assert checkin.flagged
        assert checkin.screen_level in {"urgent", "concern"}
        assert CRISIS not in str(checkin.screen_result)  # the summary holds rule ids, not the text
        item = ConcernItem.objects.get(member=me)
        assert item.source == "free_text"
        assert item.source_ref == f"checkin:{checkin.public_id}"
        assert checkin.routed_to_safety

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"pain_interference": "11"}, "Pain interference must be a whole number from 0 to 10"),
            ({"pain_interference": "lots"}, "Pain interference must be a whole number from 0 to 10"),
            ({}, "Answer at least one question, or skip the check-in this week"),
            ({"free_text": "x" * 301}, "Your note must be 300 characters or fewer"),
        ],
    )
    def test_bad_check_ins_are_explained(self, member_client, data, message):
        response = member_client.post(reverse("selfcare:checkin"), data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not CheckIn.objects.exists()


class TestPacing:
    def test_planned_build_up(self, me):
        percent = services.pacing_activity_create(
            owner=me, name="Walking", baseline_minutes=10, build_up="percent", build_up_amount=10
        )
        fixed = services.pacing_activity_create(
            owner=me, name="Ironing", baseline_minutes=10, build_up="fixed", build_up_amount=2
        )
        assert [percent.planned_minutes(w) for w in range(4)] == [10, 11, 12, 13]
        assert [fixed.planned_minutes(w) for w in range(4)] == [10, 12, 14, 16]

    def test_a_member_plans_logs_and_sees_the_trend(self, member_client, me):
        response = member_client.post(
            reverse("selfcare:pacing-new"),
            {"name": "Walking", "baseline_minutes": "10", "build_up": "percent", "build_up_amount": "10"},
        )
        assert response.status_code == 302
        activity = me.pacing_activities.get()
        today = timezone.localdate()
        url = reverse("selfcare:pacing-detail", args=[activity.public_id])
        post = {"done_on_0": today.day, "done_on_1": today.month, "done_on_2": today.year, "minutes": "12"}
        assert member_client.post(url, post).status_code == 302
        body = member_client.get(url).content.decode()
        assert "<svg" in body and "<title" in body and "<desc" in body
        assert "app-chart__line--planned" in body and "app-chart__line--done" in body
        assert "<td>12</td>" in body

    @pytest.mark.parametrize(
        ("post", "message"),
        [
            ({"minutes": "abc"}, "Minutes must be a number from 0 to 1440"),
            ({"done_on_2": ""}, "must include a year"),
            ({"future": True}, "The date must be today or in the past"),
        ],
    )
    def test_bad_log_entries_are_explained(self, member_client, me, post, message):
        activity = services.pacing_activity_create(
            owner=me, name="Walking", baseline_minutes=10, build_up="percent", build_up_amount=10
        )
        day = timezone.localdate() + dt.timedelta(days=2 if post.pop("future", False) else 0)
        data = {"done_on_0": day.day, "done_on_1": day.month, "done_on_2": day.year, "minutes": "12", **post}
        response = member_client.post(reverse("selfcare:pacing-detail", args=[activity.public_id]), data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not PacingLog.objects.exists()

    def test_a_build_up_out_of_range_is_explained(self, member_client):
        response = member_client.post(
            reverse("selfcare:pacing-new"),
            {"name": "Walking", "baseline_minutes": "0", "build_up": "percent", "build_up_amount": "80"},
        )
        body = response.content.decode()
        assert "Baseline must be a number of minutes from 1 to 600" in body
        assert "Build-up must be a percentage from 1 to 50" in body


class TestSetbackPlan:
    def fill(self, client):
        return client.post(
            reverse("selfcare:setback-edit"),
            {
                "what_helps": "Heat pad\nSlow breathing",
                "what_to_stop": "Hoovering",
                "who_to_tell": "My sister",
                "gp_notes": "Ask about sleep",
            },
        )

    def test_a_member_writes_prints_and_sends_their_plan(self, member_client, me):
        assert self.fill(member_client).status_code == 302
        body = member_client.get(reverse("selfcare:setback-print")).content.decode()
        assert "Heat pad" in body and "Slow breathing" in body and "Ask about sleep" in body
        assert "app-print-page" in body
        response = member_client.post(reverse("selfcare:setback-send"), {"channel": "sms"})
        assert response.status_code == 302
        sms = OutboundMessage.objects.get(template="selfcare/setback_plan", channel="sms")
        assert sms.to_address == me.mobile and "Heat pad" in sms.body
        assert len(sms.body) <= 459  # three fragments at most
        member_client.post(reverse("selfcare:setback-send"), {"channel": "email"})
        email = OutboundMessage.objects.get(template="selfcare/setback_plan", channel="email")
        assert email.subject == "Your FollowOn set-back plan" and "Ask about sleep" in email.body

    def test_a_long_plan_is_shortened_for_a_text(self, me):
        long = "word " * 200
        plan = services.setback_plan_save(owner=me, what_helps=long, what_to_stop=long, who_to_tell=long, gp_notes="")
        message = services.setback_plan_send(plan=plan, channel="sms")
        assert len(message.body) <= 306

    def test_an_empty_plan_is_explained(self, member_client):
        response = member_client.post(reverse("selfcare:setback-edit"), {})
        assert "Write at least one part of your plan" in response.content.decode()
        assert not SetbackPlan.objects.exists()

    def test_no_mobile_is_explained(self, member_client, me):
        self.fill(member_client)
        me.mobile = None
        me.save()
        response = member_client.post(reverse("selfcare:setback-send"), {"channel": "sms"})
        assert response.status_code == 400
        assert "Add a mobile phone number to your account first" in response.content.decode()

    def test_without_a_plan_the_page_asks_for_one(self, member_client):
        assert member_client.get(reverse("selfcare:setback")).url == reverse("selfcare:setback-edit")
        assert member_client.get(reverse("selfcare:setback-print")).status_code == 404


class TestTechniqueLibrary:
    def test_members_read_shipped_pages_and_their_services_own_versions(
        self, member_client, service, service_admin, staff_client, client
    ):
        body = member_client.get(reverse("selfcare:technique", args=["pacing"])).content.decode()
        assert "Find your baseline" in body
        staff = staff_client(service_admin)
        response = staff.post(
            reverse("selfcare:staff-technique-edit", args=["pacing"]),
            {"title": "Pacing at North Bristol", "summary": "Our way.", "body": "First.\n\nSecond."},
        )
        assert response.status_code == 302
        assert TechniquePage.objects.get(service=service).updated_by == service_admin

    def test_a_service_version_is_shown_only_to_its_own_members(
        self, client, me, service, other_service, service_admin
    ):
        services.technique_page_save(
            service=other_service, slug="sleep", title="Other sleep", summary="s", body="b", actor=service_admin
        )
        services.technique_page_save(
            service=service,
            slug="sleep",
            title="Our sleep page",
            summary="s",
            body="Para one.\n\nPara two.",
            actor=None,
        )
        client.force_login(me)
        body = client.get(reverse("selfcare:technique", args=["sleep"])).content.decode()
        assert "Our sleep page" in body and "Other sleep" not in body
        assert "<p>Para one.</p>" in body
        listing = client.get(reverse("selfcare:techniques")).content.decode()
        assert "Our sleep page" in listing and "Relaxation" in listing

    def test_empty_fields_are_explained_and_reset_goes_back(self, staff_client, service_admin, service):
        staff = staff_client(service_admin)
        response = staff.post(
            reverse("selfcare:staff-technique-edit", args=["sleep"]), {"title": "", "summary": "x", "body": ""}
        )
        body = response.content.decode()
        assert "Enter a title" in body and "Enter the page text" in body
        services.technique_page_save(service=service, slug="sleep", title="T", summary="S", body="B", actor=None)
        staff.post(reverse("selfcare:staff-technique-reset", args=["sleep"]))
        assert not TechniquePage.objects.exists()

    def test_unknown_pages_are_404(self, member_client):
        assert member_client.get(reverse("selfcare:technique", args=["astrology"])).status_code == 404
        with pytest.raises(ValidationError):
            services.technique_page_save(service=None, slug="astrology", title="a", summary="b", body="c", actor=None)


@pytest.mark.parametrize(
    ("at", "words", "not_words"),
    [
        # 10:30pm in London: the text waits for 8am (quiet hours), so the page must not say "sent" (issue 21 item 7).
        ("2026-12-04T22:30:00+00:00", "We will send it to your mobile at 8am tomorrow", "We have sent"),
        ("2026-12-04T10:30:00+00:00", "We have sent it to your mobile", "We will send"),
    ],
)
def test_sending_the_setback_plan_by_text_says_when_it_goes(member_client, me, at, words, not_words):
    services.setback_plan_save(owner=me, what_helps="Heat pad", what_to_stop="", who_to_tell="", gp_notes="")
    with time_machine.travel(at, tick=False):
        response = member_client.post(reverse("selfcare:setback-send"), {"channel": "sms"}, follow=True)
    body = response.content.decode()
    assert words in body
    assert not_words not in body
