"""The directory page's one read of where the member stands (selectors.directory_standing, ADR 0038)
gives the same answers as the selectors it replaces on that page: member_primary_service (the access
check), visible_service_ids, outcode_lookup, member_help_request's suggested group and (ADR 0043)
member_join_requests_shown."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.accounts.models import ServiceMembership
from followon.accounts.selectors import member_primary_service
from followon.accounts.tests.factories import UserFactory
from followon.core.testing import count_queries
from followon.network import selectors
from followon.network.forms import SearchForm
from followon.network.models import HelpRequest, JoinRequest
from followon.network.tests.factories import listed_group, service_member, share
from followon.organisations.tests.factories import PainServiceFactory

pytestmark = pytest.mark.django_db

OUTCODE_TEXTS = ["BS16", " bs16 ", "BS16 1QY", "bs161qy", "ZZ99", "not a postcode", "", "B$16", "BS34"]


def assert_same_answers(user, text):
    standing = selectors.directory_standing(user, text)
    service = member_primary_service(user)
    assert standing.service == service
    if service is not None:
        assert standing.service.name == service.name and standing.service.slug == service.slug
    if service is None:
        assert standing == selectors.DirectoryStanding(service=None)
        return
    shown = [
        (jr.public_id, jr.status, jr.get_status_display(), jr.group_id, jr.group.name)
        for jr in selectors.member_join_requests_shown(user)
    ]
    assert [
        (jr.public_id, jr.status, jr.get_status_display(), jr.group_id, jr.group.name) for jr in standing.join_requests
    ] == shown
    help_request = selectors.member_help_request(user, service)
    suggested = help_request.suggested_group if help_request else None
    if suggested is None:
        assert standing.suggested_group is None
    else:
        assert standing.suggested_group == selectors.SuggestedGroup(suggested.public_id, suggested.name)
    if text is None:
        assert standing.service_ids == () and standing.outcode is None and standing.origin is None
        return
    code = selectors.normalise_outcode(text)
    assert standing.outcode == code
    if code is None:
        assert standing.service_ids == () and standing.origin is None
        return
    visible = selectors.visible_service_ids(service)
    assert standing.service_ids[0] == visible[0] and sorted(standing.service_ids[1:]) == sorted(visible[1:])
    assert len(standing.service_ids) == len(visible)
    place = selectors.outcode_lookup(text)
    if place is None:
        assert standing.origin is None
    else:
        assert standing.origin == place
        assert (standing.origin.code, standing.origin.latitude, standing.origin.longitude) == (
            place.code,
            place.latitude,
            place.longitude,
        )
        assert standing.origin._state.adding is False


@pytest.mark.parametrize("text", [None, *OUTCODE_TEXTS])
def test_not_a_member_of_any_service(member, text):
    assert_same_answers(member, text)
    assert selectors.directory_standing(member, text).service is None


@pytest.mark.parametrize("text", [None, *OUTCODE_TEXTS])
def test_a_member_who_left(service, text):
    user = service_member(service)
    ServiceMembership.objects.filter(user=user).update(left_at=timezone.now())
    assert_same_answers(user, text)
    assert selectors.directory_standing(user, text).service is None


def test_anonymous_and_unsaved_users_have_no_service():
    from django.contrib.auth.models import AnonymousUser

    assert selectors.directory_standing(AnonymousUser(), "BS16").service is None
    assert selectors.directory_standing(None, "BS16").service is None


@pytest.mark.parametrize("text", [None, *OUTCODE_TEXTS])
def test_the_most_recently_joined_service_of_several(service, other_service, text):
    user = service_member(service)
    ServiceMembership.objects.filter(user=user).update(joined_at=timezone.now() - timedelta(days=30))
    ServiceMembership.objects.create(service=other_service, user=user)
    assert_same_answers(user, text)
    assert selectors.directory_standing(user, text).service == other_service


@pytest.mark.parametrize("text", [None, "BS16", "ZZ99", "nope"])
def test_sharing_partners_in_every_state(service, text):
    mutual, one_sided, not_sharing, second_mutual = (PainServiceFactory() for _ in range(4))
    user = service_member(service)
    assert_same_answers(user, text)  # no settings at all
    share(service, mutual, one_sided, not_sharing, second_mutual)
    assert_same_answers(user, text)  # named, none named us back
    share(mutual, service)
    share(second_mutual, service, mutual)
    share(one_sided)  # shares, but does not name us
    share(not_sharing, service, on=False)
    assert_same_answers(user, text)
    if selectors.normalise_outcode(text or ""):
        ids = selectors.directory_standing(user, text).service_ids
        assert ids[0] == service.pk and sorted(ids[1:]) == sorted([mutual.pk, second_mutual.pk])
    share(service, mutual, on=False)  # we stop sharing: nobody's groups but our own
    assert_same_answers(user, text)


@pytest.mark.parametrize("text", [None, "BS16"])
def test_help_requests_in_every_state(service, other_service, text):
    user = service_member(service)
    suggested = listed_group(service, "Suggested group", "BS16")
    later = listed_group(service, "Later group", "BS34")
    elsewhere = listed_group(other_service, "Elsewhere", "BS16")
    assert_same_answers(user, text)
    first = HelpRequest.objects.create(service=service, user=user)
    assert_same_answers(user, text)  # open, nothing suggested yet
    first.status, first.suggested_group = HelpRequest.Status.SUGGESTED, suggested
    first.save()
    assert_same_answers(user, text)
    assert selectors.directory_standing(user, text).suggested_group.name == "Suggested group"
    HelpRequest.objects.create(service=other_service, user=user, suggested_group=elsewhere, status="suggested")
    HelpRequest.objects.create(service=service, user=UserFactory(), suggested_group=later, status="suggested")
    assert_same_answers(user, text)  # another service's, another member's: not this member's here
    HelpRequest.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=2))
    newer = HelpRequest.objects.create(service=service, user=user)  # newest, nothing suggested
    assert_same_answers(user, text)
    assert selectors.directory_standing(user, text).suggested_group is None
    newer.status = HelpRequest.Status.CLOSED
    newer.save()
    assert_same_answers(user, text)  # closed: the older one counts again
    HelpRequest.objects.filter(pk=first.pk).update(status=HelpRequest.Status.CLOSED)
    assert_same_answers(user, text)
    assert selectors.directory_standing(user, text).suggested_group is None


def test_the_form_uses_the_outcode_read_only_for_the_same_outcode(service):
    place = selectors.outcode_lookup("BS16")
    form = SearchForm({"outcode": " bs16 1qy "}, origin=("BS16", place))
    assert form.is_valid() and form.cleaned_data["outcode"] is place
    # Read for another outcode: the field does its own lookup.
    form = SearchForm({"outcode": "BS34"}, origin=("BS16", place))
    assert form.is_valid() and form.cleaned_data["outcode"].code == "BS34"
    # Read and not found: the same error as the field's own lookup, and the text kept.
    form = SearchForm({"outcode": "ZZ99"}, origin=("ZZ99", None))
    assert not form.is_valid()
    assert form.errors["outcode"] == [str(selectors.OUTCODE_ERROR)]
    assert form["outcode"].value() == "ZZ99"


@pytest.mark.parametrize("text", [None, "BS16", "ZZ99"])
def test_join_requests_in_every_state(service, other_service, text):
    """The member's newest ten join requests, newest asked first (ties: the later made first), every
    status, groups of any service; another member's are not theirs."""
    user = service_member(service)
    assert_same_answers(user, text)  # none
    groups = [listed_group(service if i % 3 else other_service, f"Group {i:02d} <b>&", "BS16") for i in range(13)]
    now = timezone.now()
    statuses = list(JoinRequest.Status.values)
    for i, group in enumerate(groups):
        made = JoinRequest.objects.create(group=group, user=user, status=statuses[i % len(statuses)])
        # Every third pair asked at the same moment: the later made comes first.
        JoinRequest.objects.filter(pk=made.pk).update(last_asked_at=now - timedelta(hours=i - i % 2 * (i % 3 == 0)))
        assert_same_answers(user, text)
    JoinRequest.objects.create(group=groups[0], user=UserFactory())  # another member's
    assert_same_answers(user, text)
    shown = selectors.directory_standing(user, text).join_requests
    assert len(shown) == selectors.DIRECTORY_JOIN_REQUESTS
    assert all(jr._state.adding is False for jr in shown)


def test_directory_queries(client, service):
    """Session, the standing (with the join requests since ADR 0043), the search: the same at every size
    (3; 7 before ADR 0038, 4 before ADR 0043). Without a search: the session and the standing."""
    user = service_member(service)
    listed_group(service, "G", "BS16")
    client.force_login(user)
    client.get(reverse("network:directory"), {"outcode": "BS16"})  # prepared reads built
    with count_queries() as searched:
        assert client.get(reverse("network:directory"), {"outcode": "BS16"}).status_code == 200
    with count_queries() as page:
        assert client.get(reverse("network:directory")).status_code == 200
    with count_queries() as bad:
        assert client.get(reverse("network:directory"), {"outcode": "ZZ99"}).status_code == 200
    assert len(searched) == 3, [q["sql"][:80] for q in searched]
    assert len(page) == 2, [q["sql"][:80] for q in page]
    assert len(bad) == 2, [q["sql"][:80] for q in bad]


def test_directory_shows_the_suggested_group_and_refuses_those_who_left(client, service):
    user = service_member(service)
    group = listed_group(service, "Kingswood Tuesday group", "BS16")
    HelpRequest.objects.create(service=service, user=user, suggested_group=group, status="suggested")
    client.force_login(user)
    body = client.get(reverse("network:directory")).content.decode()
    href = reverse("network:listing", args=[group.public_id])
    assert f'The pain service suggests <a href="{href}">Kingswood Tuesday group</a> for you.' in body
    ServiceMembership.objects.filter(user=user).update(left_at=timezone.now())
    assert client.get(reverse("network:directory")).status_code == 403
    assert client.get(reverse("network:directory"), {"outcode": "BS16"}).status_code == 403
