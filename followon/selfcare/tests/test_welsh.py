"""The self-management pages in Welsh (issue 18 phase C; ADR 0027): every page a member visits, with
every optional section showing, has no English sentence left under /cy/; a technique page the service
wrote itself is shown as written, marked lang="en", and the page says so in Welsh."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from followon.core.formatting import LONDON
from followon.core.tests.english import english_sentences
from followon.meetings.models import Meeting
from followon.notifications.rendering import render_message
from followon.selfcare import services

pytestmark = pytest.mark.django_db


def cy(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


@pytest.fixture
def welsh_history(me, groups, service):
    """A member with everything the pages can show, written (as a Welsh speaker would) in Welsh."""
    today = timezone.localdate()
    goal = services.goal_create(
        owner=me, what="Cerdded i'r blwch post", how_much="3 gwaith yr wythnos", when="Boreau", confidence=7
    )
    services.goal_step_add(goal=goal, text="Dod o hyd i'm hesgidiau")
    step = services.goal_step_add(goal=goal, text="Cerdded at y giât")
    services.goal_step_toggle(step=step)
    for weeks_ago, outcome in ((2, "done"), (1, "partly"), (0, "not_this_week")):
        services.goal_progress_record(goal=goal, outcome=outcome, day=today - dt.timedelta(weeks=weeks_ago))
    services.goal_shares_set(goal=goal, group_ids={groups["mine"].pk})
    theirs = services.goal_create(owner=groups["ann"], what="Nofio", how_much="unwaith yr wythnos", confidence=6)
    services.goal_shares_set(goal=theirs, group_ids={groups["mine"].pk})
    services.goal_progress_record(goal=theirs, outcome="done", day=today)
    activity = services.pacing_activity_create(
        owner=me,
        name="Garddio",
        baseline_minutes=10,
        build_up="fixed",
        build_up_amount=2,
        started_on=today - dt.timedelta(weeks=3),
    )
    services.pacing_log_add(activity=activity, done_on=today - dt.timedelta(days=8), minutes=10)
    services.pacing_log_add(activity=activity, done_on=today - dt.timedelta(days=1), minutes=12, flare=True)
    services.activity_shares_set(activity=activity, group_ids={groups["mine"].pk})
    services.setback_plan_save(
        owner=me,
        what_helps="Gwres a cherdded byr",
        what_to_stop="Codi pethau trwm",
        who_to_tell="Fy mhartner",
        gp_notes="Beth sydd wedi newid",
    )
    for weeks_ago in (1, 0):
        services.checkin_submit(
            owner=me, pain_interference=4, mood="ok", activity="usual", day=today - dt.timedelta(weeks=weeks_ago)
        )
    me.mobile = "+447700900123"
    me.save(update_fields=["mobile"])
    services.checkin_texts_set(owner=me, active=True, weekday=4)
    # 10am in three days: "now plus three days" for two hours crossed midnight after 10pm, a meeting no
    # form can make (it must end on the day it starts), and the home page answered 500.
    starts = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=3), dt.time(10), tzinfo=LONDON)
    Meeting.objects.create(group=groups["mine"], starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    services.technique_page_save(
        service=service,
        slug="sleep",
        title="Sleep, the way we teach it",
        summary="Our own words about sleep.",
        body="Keep the same getting-up time every day.\n\nAsk us about the sleep course.",
        actor=None,
    )
    return {"goal": goal, "activity": activity}


def test_every_self_management_page_is_welsh(member_client, groups, welsh_history):
    goal, activity = welsh_history["goal"], welsh_history["activity"]
    pages = [
        "/cy/",
        cy("selfcare:hub"),
        cy("selfcare:goal-new"),
        cy("selfcare:goal-detail", goal.public_id),
        cy("selfcare:goal-edit", goal.public_id),
        cy("selfcare:goal-sharing", goal.public_id),
        cy("selfcare:pacing-new"),
        cy("selfcare:pacing-detail", activity.public_id),
        cy("selfcare:pacing-sharing", activity.public_id),
        cy("selfcare:setback"),
        cy("selfcare:setback-edit"),
        cy("selfcare:setback-print"),
        cy("selfcare:checkin"),
        cy("selfcare:techniques"),
        cy("selfcare:technique", "pacing"),
        cy("selfcare:technique", "gp-appointment"),
        cy("selfcare:group-shared", groups["mine"].public_id),
    ]
    for address in pages:
        assert address.startswith("/cy/")
        response = member_client.get(address)
        assert response.status_code == 200, address
        body = response.content.decode()
        assert english_sentences(body, "cy") == [], address
    hub = member_client.get(cy("selfcare:hub")).content.decode()
    assert "Eich nodau a&#39;ch cynlluniau" in hub or "Eich nodau a'ch cynlluniau" in hub
    pacing = member_client.get(cy("selfcare:technique", "pacing")).content.decode()
    assert "<h1>Rheoli cyflymder</h1>" in pacing
    detail = member_client.get(cy("selfcare:goal-detail", goal.public_id)).content.decode()
    assert "Cerdded at y giât" in detail and "Marcio heb ei wneud" in detail


def test_the_pacing_build_up_and_chart_labels_are_welsh(member_client, welsh_history):
    body = member_client.get(cy("selfcare:pacing-detail", welsh_history["activity"].public_id)).content.decode()
    assert "2 munud yn fwy bob wythnos" in body
    logged = timezone.localdate() - dt.timedelta(days=1)
    with translation.override("cy"):
        welsh_label = date_format(logged, "j M")
    with translation.override("en-gb"):
        english_label = date_format(logged, "j M")
    assert welsh_label != english_label  # every month's short name differs between the two
    assert f">{welsh_label}</text>" in body and f">{english_label}</text>" not in body


def test_a_page_the_service_wrote_is_shown_in_english_marked_and_explained(member_client, welsh_history):
    # In English nothing is marked: it is the page's own language.
    english = member_client.get(reverse("selfcare:technique", args=["sleep"])).content.decode()
    assert "Sleep, the way we teach it" in english
    assert '<div lang="en">' not in english
    assert "wrote this page in English" not in english
    body = member_client.get(cy("selfcare:technique", "sleep")).content.decode()
    assert '<div lang="en">' in body
    assert "Sleep, the way we teach it" in body
    assert "Ysgrifennodd eich gwasanaeth poen y dudalen hon yn Saesneg" in body
    assert english_sentences(body, "cy") == []
    listing = member_client.get(cy("selfcare:techniques")).content.decode()
    assert '<li lang="en">' in listing
    assert "Ysgrifennodd eich gwasanaeth poen rai o&#39;r tudalennau" in listing or (
        "Ysgrifennodd eich gwasanaeth poen rai o'r tudalennau" in listing
    )


def test_errors_are_welsh_and_keep_what_was_entered(member_client, welsh_history):
    response = member_client.post(cy("selfcare:goal-new"), {"what": "", "how_much": "dwywaith", "confidence": "11"})
    body = response.content.decode()
    assert "Rhowch beth rydych chi eisiau ei wneud" in body
    assert "Rhaid i&#39;r hyder fod yn rhif cyfan o 0 i 10" in body or "Rhaid i'r hyder fod" in body
    assert 'value="dwywaith"' in body
    assert english_sentences(body, "cy") == []
    response = member_client.post(cy("selfcare:checkin"), {})
    body = response.content.decode()
    assert "Atebwch o leiaf un cwestiwn" in body
    assert english_sentences(body, "cy") == []


def test_staff_technique_library_is_welsh(staff_client, service_admin, welsh_history):
    """The pages' own words (the staff header in the layout is a later phase). The editor's fields hold
    the English source the admin rewrites; the service's own title is marked lang="en"."""
    client = staff_client(service_admin)
    for address in (cy("selfcare:staff-techniques"), cy("selfcare:staff-technique-edit", "pacing")):
        response = client.get(address)
        assert response.status_code == 200, address
        main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        assert english_sentences(main, "cy") == [], address
    listing = client.get(cy("selfcare:staff-techniques")).content.decode()
    assert "Rheoli cyflymder" in listing
    assert '<td lang="en">Sleep, the way we teach it</td>' in listing


def test_the_set_back_plan_email_is_written_in_welsh_for_a_welsh_reader():
    context = {"name": "Megan", "what_helps": "Gwres", "what_to_stop": "", "who_to_tell": "", "gp_notes": ""}
    with translation.override("cy"):
        subject, body = render_message("selfcare/setback_plan", "email", context)
    assert subject == "Eich cynllun FollowOn at adegau anodd"
    assert "Heb ei ysgrifennu eto" in body
    assert english_sentences(f"<p>{subject}</p><p>{body}</p>".replace("\n", "</p><p>"), "cy") == []
