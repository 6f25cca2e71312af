"""The demo shows the insights dashboard and the research export working (issue 21, item 9).

Loading the demo takes seconds, so each test checks several things of one load."""

import csv
import io

import pytest

from followon.accounts.models import User
from followon.home.demo import load_demo_data
from followon.insights.export import research_export_csv
from followon.insights.selectors import dashboard
from followon.organisations.models import PainService
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo_data()
    return PainService.objects.get(slug="north-bristol")


def test_the_dashboard_shows_real_shapes_with_the_demo_data(demo):
    figures = dashboard(service=demo)
    # Every outcome panel has figures for people who attended and people who did not.
    for measure in figures["outcome_change"]:
        for group in measure.groups:
            assert not group.mean.suppressed and group.mean.value is not None, (measure.short, group.label)
            assert group.n.value >= 5
    # The study's eleven groups and the demo's: a curve that steps down, not one flat line.
    assert PeerGroup.objects.filter(service=demo, history__isnull=False).count() == 11
    km = figures["survival"].kaplan_meier
    assert km.n >= 14
    assert sum(row.events for row in km.rows) >= 2  # Group K folded, and a demo group folded
    assert len({row.survival for row in km.rows}) > 2
    # Programmes formed groups, and members met over many months.
    assert figures["formed_programmes"].value >= 4
    assert len(figures["attendance"]) >= 6


def test_the_research_export_has_answers_over_time_and_loading_twice_adds_nothing(demo):
    researcher = User.objects.get(email="researcher@demo.followon.test")
    rows = list(csv.DictReader(io.StringIO(research_export_csv(service=demo, project="DEMO-1", actor=researcher))))
    assert len(rows) >= 100
    assert len({row["completed_month"] for row in rows}) >= 6  # answered over time, not on one day
    assert {row["timepoint"] for row in rows} >= {"baseline", "3m", "6m"}
    load_demo_data()
    assert PeerGroup.objects.filter(service=demo, history__isnull=False).count() == 11
    again = research_export_csv(service=demo, project="DEMO-1", actor=researcher)
    assert len(list(csv.DictReader(io.StringIO(again)))) == len(rows)
