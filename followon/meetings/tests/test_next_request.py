"""Issue 16, fifth pass (ADR 0032): the member pages' reads are built once per process (their SQL) and
the calendar feed's file is remembered by its ETag, but nothing a person may see is remembered between
requests. Each change below is written through the real services, and the very next request sees it."""

import pytest
from django.urls import reverse

from followon.accounts.models import ConsentKind, ConsentRecord
from followon.accounts.services import (
    closure_request_complete,
    closure_request_create,
    consent_notices_ensure,
    consent_record,
    consent_withdraw,
)
from followon.conversations.models import Post
from followon.conversations.services import agreement_accept
from followon.meetings import services
from followon.peergroups import services as group_services
from followon.peergroups.models import GroupMembership

pytestmark = pytest.mark.django_db

SAFETY = ConsentKind.SAFETY_SCREEN.value


@pytest.fixture
def cal(people, service):
    consent_notices_ensure(service=service)
    return people[2]


def _pages(group, poll, meeting):
    return {
        "board": reverse("conversations:board", args=[group.public_id]),
        "meetings": reverse("meetings:group", args=[group.public_id]),
        "poll": reverse("meetings:poll", args=[poll.public_id]),
        "meeting": reverse("meetings:meeting", args=[meeting.public_id]),
    }


def test_a_removed_member_loses_every_page_and_the_feed_on_the_next_request(
    client, group, poll, meeting, cal, coordinator
):
    client.force_login(cal)
    pages = _pages(group, poll, meeting)
    feed = reverse("meetings:feed", args=[services.calendar_feed_issue(user=cal)])
    for name, url in pages.items():
        assert client.get(url).status_code == 200, name
    assert "Coffee morning" in client.get(feed).content.decode()

    membership = GroupMembership.objects.get(group=group, user=cal)
    group_services.membership_remove(
        membership=membership, actor=coordinator, reason=GroupMembership.RemovalReason.values[0]
    )
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (403, 404), name
        assert "Coffee morning" not in response.content.decode()
    assert "Coffee morning" not in client.get(feed).content.decode()


def test_the_feed_file_follows_a_change_and_an_old_link_stops(client, group, meeting, cal, coordinator):
    token = services.calendar_feed_issue(user=cal)
    feed = reverse("meetings:feed", args=[token])
    first = client.get(feed)
    assert first.status_code == 200 and "Coffee morning" in first.content.decode()
    assert client.get(feed).content == first.content  # the remembered file: the same bytes

    services.meeting_cancel(meeting=meeting, user=coordinator)
    second = client.get(feed)
    assert "Cancelled: Coffee morning" in second.content.decode()
    assert second["ETag"] != first["ETag"]

    services.calendar_feed_issue(user=cal)
    assert client.get(feed).status_code == 404


def test_consent_withdrawn_stops_posting_on_the_next_request(client, group, cal, service):
    consent_record(user=cal, service=service, kind=SAFETY, decision=ConsentRecord.Decision.GIVEN)
    agreement_accept(group=group, user=cal)
    client.force_login(cal)
    board = reverse("conversations:board", args=[group.public_id])
    client.post(board, {"body": "Morning all"})
    assert Post.objects.filter(author=cal).count() == 1

    consent_withdraw(user=cal, service=service, kind=SAFETY)
    client.post(board, {"body": "Anyone for the walk?"})
    assert Post.objects.filter(author=cal).count() == 1
    consent_record(user=cal, service=service, kind=SAFETY, decision=ConsentRecord.Decision.GIVEN)
    client.post(board, {"body": "Anyone for the walk?"})
    assert Post.objects.filter(author=cal).count() == 2


def test_a_folded_group_takes_no_posts_on_the_next_request(client, group, cal, service, clinician):
    consent_record(user=cal, service=service, kind=SAFETY, decision=ConsentRecord.Decision.GIVEN)
    agreement_accept(group=group, user=cal)
    client.force_login(cal)
    board = reverse("conversations:board", args=[group.public_id])
    group_services.group_transition(group=group, to_status="folded", actor=clinician)
    client.post(board, {"body": "Morning all"})
    assert not Post.objects.filter(author=cal).exists()


def test_a_closed_account_is_signed_out_on_the_next_request(client, group, poll, meeting, cal, service_admin):
    client.force_login(cal)
    pages = _pages(group, poll, meeting)
    assert client.get(pages["meetings"]).status_code == 200
    (request,) = closure_request_create(user=cal)
    closure_request_complete(closure_request=request, actor=service_admin)
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"], name
    assert client.get(reverse("network:directory")).status_code == 302


def test_a_member_who_leaves_loses_the_poll_at_once(client, group, poll, cal):
    client.force_login(cal)
    url = reverse("meetings:poll", args=[poll.public_id])
    assert client.get(url).status_code == 200
    group_services.membership_leave(membership=GroupMembership.objects.get(group=group, user=cal), user=cal)
    assert client.get(url).status_code == 404
