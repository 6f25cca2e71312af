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
