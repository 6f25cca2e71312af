import pytest

from followon.accounts.models import User
from followon.home.demo import DEMO_MEMBER, load_demo_data
from followon.peergroups.models import GroupSupporter, PeerGroup
from followon.programmes import selectors
from followon.programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_demo_shows_every_stage_of_the_hand_over_and_loads_twice_without_change():
    load_demo_data()
    counts = (Programme.objects.count(), PeerGroup.objects.count(), GroupSupporter.objects.count())
    load_demo_data()
    assert (Programme.objects.count(), PeerGroup.objects.count(), GroupSupporter.objects.count()) == counts

    spring = Programme.objects.get(title__startswith="Spring 2026")
    stage = selectors.programme_stage(spring)
    assert stage.next_session.number == spring.session_count - 3  # the next session is N−3
    assert not spring.groups.exists()
    # The clinician has sent the follow-on question: it waits on the demo member's home.
    mo = User.objects.get(email=DEMO_MEMBER[0])
    assert selectors.member_questions_waiting(mo) == [(spring.title, spring.public_id)]

    formed = PeerGroup.objects.get(programme__title__startswith="Autumn 2025")
    assert formed.status == PeerGroup.Status.ACTIVE and formed.formed_on is not None
    assert formed.supporters.get().detach_reason == GroupSupporter.DetachReason.AFTER_THIRD_MEETING

    forming = PeerGroup.objects.get(programme__title__startswith="Winter 2026")
    assert forming.status == PeerGroup.Status.FORMING
    assert forming.supporters.get().detached_at is None
    assert selectors.programme_stage(forming.programme).finished
