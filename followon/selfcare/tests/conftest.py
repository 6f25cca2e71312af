import pytest

from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join, member_of


@pytest.fixture
def me(service):
    return member_of(service, preferred_name="Maggie Member")


@pytest.fixture
def member_client(client, me):
    client.force_login(me)
    return client


@pytest.fixture
def groups(service, clinician, ptv, me):
    """Two groups from two programmes: `me` is in the first, with Ann; Bea and Cal are in the second."""
    first = finished_programme(service, clinician, ptvs=[ptv], title="Autumn PMP")
    second = finished_programme(service, clinician, ptvs=[ptv], title="Winter PMP")
    mine = [join(first, me)] + [join(first, preferred_name="Ann")]
    theirs = [join(second, preferred_name=n) for n in ("Bea", "Cal")]
    for enrolment in mine + theirs:
        answer(enrolment, "yes")
    group_a = form_group(first, clinician, name="Tuesday group", accept=True)
    group_b = form_group(second, clinician, name="Friday group", accept=True)
    return {
        "mine": group_a,
        "other": group_b,
        "ann": mine[1].user,
        "bea": theirs[0].user,
    }
