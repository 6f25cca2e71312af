"""The member home page: goals, next meeting and group activity in a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from followon.core.formatting import LONDON
from followon.core.testing import count_queries
from followon.meetings.models import Meeting
from followon.selfcare import services

pytestmark = pytest.mark.django_db


def add_history(me, groups, weeks: int) -> None:
    today = timezone.localdate()
    for n in range(3):
        goal = services.goal_create(owner=me, what=f"My goal {n}", how_much="twice a week", confidence=7)
        theirs = services.goal_create(owner=groups["ann"], what=f"Ann's goal {n}", how_much="daily", confidence=6)
        services.goal_shares_set(goal=theirs, group_ids={groups["mine"].pk})
        for w in range(weeks):
            services.goal_progress_record(goal=goal, outcome="done", day=today - dt.timedelta(weeks=w))
            services.goal_progress_record(goal=theirs, outcome="partly", day=today - dt.timedelta(weeks=w))
    for w in range(weeks):
        services.checkin_submit(owner=me, pain_interference=3, day=today - dt.timedelta(weeks=w))


def test_the_home_page_shows_goals_next_meeting_and_group_activity(client, me, groups):
    add_history(me, groups, 2)
    # 10am in three days: "now plus three days" for two hours crossed midnight after 10pm, a meeting no
    # form can make (it must end on the day it starts), and the home page answered 500.
    starts = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=3), dt.time(10), tzinfo=LONDON)
    Meeting.objects.create(group=groups["mine"], starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    client.force_login(me)
    body = client.get("/").content.decode()
    assert "My goal 2" in body and "done in the week of" in body
    assert "Tuesday group" in body and "No meeting is planned yet" not in body
    assert "Ann: partly on" in body


def test_the_home_page_query_count_does_not_grow_with_history(client, me, groups):
    client.force_login(me)
    add_history(me, groups, 2)
    with count_queries() as short:
        assert client.get("/").status_code == 200
    add_history(me, groups, 20)
    with count_queries() as long:
        body = client.get("/").content.decode()
    assert "My goal" in body
    assert len(long) == len(short)


# The section is remembered by the rows it shows (selfcare.presenters.member_home_section, ADR 0041):
# whatever changes shows on the next visit, and nobody is shown another member's section.


def test_a_new_answer_and_a_new_goal_show_on_the_next_visit(client, me, groups):
    goal = services.goal_create(owner=me, what="Swim twice", how_much="a week", confidence=6)
    client.force_login(me)
    assert "nothing recorded yet" in client.get("/").content.decode()
    services.goal_progress_record(goal=goal, outcome="partly")
    body = client.get("/").content.decode()
    assert "partly in the week of" in body and "nothing recorded yet" not in body
    services.goal_progress_record(goal=goal, outcome="done")  # the same week's answer replaced
    assert "done in the week of" in client.get("/").content.decode()
    services.goal_create(owner=me, what="Stretch daily", how_much="daily", confidence=7)
    assert "Stretch daily" in client.get("/").content.decode()


def test_a_moved_meeting_and_a_group_mates_answer_show_on_the_next_visit(client, me, groups):
    starts = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=3), dt.time(10), tzinfo=LONDON)
    meeting = Meeting.objects.create(group=groups["mine"], starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    client.force_login(me)
    assert "10:00am" in client.get("/").content.decode()
    later = starts + dt.timedelta(hours=4)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=later, ends_at=later + dt.timedelta(hours=1))
    body = client.get("/").content.decode()
    assert "2:00pm" in body and "10:00am" not in body
    theirs = services.goal_create(owner=groups["ann"], what="Ann walks", how_much="daily", confidence=6)
    services.goal_shares_set(goal=theirs, group_ids={groups["mine"].pk})
    assert "Ann walks" not in client.get("/").content.decode()
    services.goal_progress_record(goal=theirs, outcome="done")
    assert 'Ann: done on "Ann walks"' in client.get("/").content.decode().replace("&#34;", '"')


def test_two_members_with_the_same_rows_never_see_each_others_section(client, me, groups):
    mine = services.goal_create(owner=me, what="Maggie's own goal", how_much="daily", confidence=6)
    services.goal_create(owner=groups["ann"], what="Ann's own goal", how_much="daily", confidence=6)
    client.force_login(me)
    assert "Maggie&#39;s own goal" in client.get("/").content.decode()
    client.force_login(groups["ann"])
    body = client.get("/").content.decode()
    assert "Ann&#39;s own goal" in body and "Maggie" not in body
    assert str(mine.public_id) not in body


def test_the_section_is_never_shown_in_another_language(client, me, groups):
    services.goal_create(owner=me, what="Swim", how_much="a week", confidence=6)
    client.force_login(me)
    english = client.get("/").content.decode()
    welsh = client.get("/cy/").content.decode()
    assert "Your goals, pacing and set-back plan" in english
    assert "Your goals, pacing and set-back plan" not in welsh
    assert "/cy/" in welsh.split("Swim")[0].rsplit("<a href=", 1)[1]  # the goal's address in Welsh
    assert "Your goals, pacing and set-back plan" in client.get("/").content.decode()
