import pytest

from followon.home.demo import load_demo_data
from followon.peergroups.models import GroupSupporter, PeerGroup
from followon.programmes import selectors
from followon.programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_demo_shows_every_stage_of_the_hand_over_and_loads_twice_without_change():
    load_demo_data()
    counts = (Programme.objects.count(), PeerGroup.objects.count(), GroupSupporter.objects.count())
    load_demo_data()
    assert (Programme.objects.count(), PeerGroup.objects.count(), GroupSupporter.objects.count()) == counts

    spring = Programme.objects.get(title__startswith="Spring")
    stage = selectors.programme_stage(spring)
    assert stage.next_session.number == spring.session_count - 3  # the next session is N−3
    assert not spring.groups.exists()

    formed = PeerGroup.objects.get(programme__title__startswith="Autumn")
    assert formed.status == PeerGroup.Status.ACTIVE and formed.formed_on is not None
    assert formed.supporters.get().detach_reason == GroupSupporter.DetachReason.AFTER_THIRD_MEETING

    forming = PeerGroup.objects.get(programme__title__startswith="Winter")
    assert forming.status == PeerGroup.Status.FORMING
    assert forming.supporters.get().detached_at is None
    assert selectors.programme_stage(forming.programme).finished
