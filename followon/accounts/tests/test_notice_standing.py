"""selectors.notice_standing (the board's one query for the notice and the member's consent) answers as
current_notice, member_has_current_consent and agreed_to_an_earlier_notice do, in every state a
member's consent can be in; a change counts on the very next call (nothing is remembered)."""

import pytest

from followon.accounts import selectors, services
from followon.accounts.models import ConsentKind, ConsentNotice, ConsentRecord
from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory
from followon.core.testing import count_queries

pytestmark = pytest.mark.django_db

SAFETY = ConsentKind.SAFETY_SCREEN.value


def _same_as_the_three_selectors(user, service, kind=SAFETY):
    with count_queries() as queries:
        standing = selectors.notice_standing(user, service, kind)
    assert len(queries) == 1
    assert standing.notice == selectors.current_notice(service, kind)
    assert standing.consent_current == selectors.member_has_current_consent(user, service, kind)
    assert standing.agreed_earlier == selectors.agreed_to_an_earlier_notice(user, service, kind)
    return standing


@pytest.fixture
def person(service):
    services.consent_notices_ensure(service=service)
    user = UserFactory(preferred_name="Maggie")
    ServiceMembershipFactory(service=service, user=user)
    return user


def test_every_state_of_a_members_consent(person, service, service_admin, other_service):
    assert not _same_as_the_three_selectors(person, service).consent_current  # never asked
    services.consent_record(user=person, service=service, kind=SAFETY, decision=ConsentRecord.Decision.DECLINED)
    assert not _same_as_the_three_selectors(person, service).consent_current  # declined
    services.consent_record(user=person, service=service, kind=SAFETY, decision=ConsentRecord.Decision.GIVEN)
    assert _same_as_the_three_selectors(person, service).consent_current  # agreed
    services.consent_notice_publish(
        service=service, kind=SAFETY, title="Typo", body="Fixed", requires_new_agreement=False, actor=service_admin
    )
    assert _same_as_the_three_selectors(person, service).consent_current  # a correction keeps it
    services.consent_notice_publish(
        service=service, kind=SAFETY, title="New", body="Changed", requires_new_agreement=True, actor=service_admin
    )
    standing = _same_as_the_three_selectors(person, service)
    assert not standing.consent_current and standing.agreed_earlier  # asked again, told it changed
    assert standing.notice.body == "Changed"
    services.consent_record(user=person, service=service, kind=SAFETY, decision=ConsentRecord.Decision.GIVEN)
    assert _same_as_the_three_selectors(person, service).consent_current
    services.consent_withdraw(user=person, service=service, kind=SAFETY)
    standing = _same_as_the_three_selectors(person, service)  # withdrawn: counts at once
    assert not standing.consent_current and not standing.agreed_earlier
    assert not _same_as_the_three_selectors(person, other_service).consent_current  # another service's


def test_a_member_who_left_the_service_has_no_current_consent(person, service):
    services.consent_record(user=person, service=service, kind=SAFETY, decision=ConsentRecord.Decision.GIVEN)
    assert _same_as_the_three_selectors(person, service).consent_current
    person.service_memberships.update(left_at=person.date_joined)
    assert not _same_as_the_three_selectors(person, service).consent_current


def test_a_service_without_the_notice(person, service):
    ConsentNotice.objects.filter(service=service, kind=SAFETY).delete()
    standing = _same_as_the_three_selectors(person, service)
    assert standing.notice is None and not standing.consent_current and not standing.agreed_earlier


def test_nobody_signed_in_has_no_consent(service):
    services.consent_notices_ensure(service=service)
    standing = selectors.notice_standing(None, service, SAFETY)
    assert standing.notice == selectors.current_notice(service, SAFETY) and not standing.consent_current
