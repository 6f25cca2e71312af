"""The board page reads where the viewer stands with the group in one query
(selectors.board_page_group): the same answers as the separate selectors it replaces."""

import pytest
from django.utils import timezone

from followon.conversations import selectors
from followon.conversations.models import GroupAgreement
from followon.conversations.services import agreement_update
from followon.conversations.tests.factories import add_member, make_group
from followon.core.testing import count_queries
from followon.peergroups.models import GroupMembership, GroupRole
from followon.peergroups.selectors import is_group_organiser

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(service):
    return make_group(service)


def _same_as_the_separate_selectors(group, user):
    read = selectors.board_page_group(user, group.public_id)
    assert read == group
    assert read.viewer_agreed == selectors.agreement_accepted(group, user)
    assert read.viewer_organises == is_group_organiser(group, user)
    with count_queries() as queries:
        agreement = selectors.board_page_agreement(read)
    assert len(queries) == 0
    expected = selectors.agreement_for(type(group).objects.get(pk=group.pk))
    assert (agreement.pk, agreement.body, agreement.version) == (expected.pk, expected.body, expected.version)
    return read


def test_a_member_who_agreed_and_a_coordinator(group):
    maggie = add_member(group, preferred_name="Maggie", coordinator=True)
    read = _same_as_the_separate_selectors(group, maggie)
    assert read.viewer_agreed and read.viewer_organises


def test_a_member_who_has_not_agreed_and_no_agreement_written_yet(group):
    ravi = add_member(group, preferred_name="Ravi", ready=False)
    assert not GroupAgreement.objects.filter(group=group).exists()
    read = _same_as_the_separate_selectors(group, ravi)
    assert not read.viewer_agreed and not read.viewer_organises
    assert selectors.board_page_agreement(read).version == 0


def test_an_ended_or_other_role_does_not_organise_and_the_groups_own_agreement_is_read(group):
    maggie = add_member(group, preferred_name="Maggie", coordinator=True)
    ravi = add_member(group, preferred_name="Ravi")
    GroupRole.objects.create(group=group, user=ravi, role=GroupRole.Role.REMINDERS)
    GroupRole.objects.filter(user=maggie).update(ended_at=timezone.now())
    agreement_update(group=group, actor=ravi, body="We meet on Tuesdays and we are kind.")
    for person in (maggie, ravi):
        read = _same_as_the_separate_selectors(group, person)
        assert not read.viewer_organises
        assert selectors.board_page_agreement(read).body == "We meet on Tuesdays and we are kind."


@pytest.mark.parametrize("status", [GroupMembership.Status.INVITED, GroupMembership.Status.LEFT])
def test_only_current_members_get_the_board(group, status):
    ravi = add_member(group, preferred_name="Ravi")
    GroupMembership.objects.filter(user=ravi).update(status=status)
    with pytest.raises(type(group).DoesNotExist):
        selectors.board_page_group(ravi, group.public_id)
    with pytest.raises(type(group).DoesNotExist):
        selectors.board_group(ravi, group.public_id)
