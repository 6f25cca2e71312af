"""Small builders for network tests: groups with a listing, coordinators, held meetings."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from followon.accounts.models import ServiceMembership
from followon.accounts.tests.factories import UserFactory
from followon.meetings.models import Attendance, Meeting
from followon.network.models import GroupListing, NetworkSettings, Outcode
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup


def service_member(service, **kwargs):
    user = UserFactory(**kwargs)
    ServiceMembership.objects.create(service=service, user=user)
    return user


def add_member(group, user=None, *, role: str = "", **user_kwargs):
    user = user or service_member(group.service, **user_kwargs)
    GroupMembership.objects.create(
        group=group, user=user, status=GroupMembership.Status.MEMBER, joined_at=timezone.now()
    )
    if role:
        GroupRole.objects.create(group=group, user=user, role=role)
    return user


def listed_group(service, name: str, outcode: str, *, listed: bool = True, status=PeerGroup.Status.ACTIVE, **listing):
    group = PeerGroup.objects.create(service=service, name=name, status=status)
    place = Outcode.objects.get(code=outcode)
    GroupListing.objects.create(
        group=group,
        service=service,
        is_listed=listed,
        outcode=outcode,
        latitude=place.latitude,
        longitude=place.longitude,
        **listing,
    )
    return group


def hold_meetings(group, attendance: list[int], *, last_days_ago: int = 7, every_days: int = 14):
    """Held meetings, oldest first, with `attendance[i]` people attending meeting i."""
    now = timezone.now()
    count = len(attendance)
    people = [add_member(group) for _ in range(max(attendance, default=0))]
    for index, attended in enumerate(attendance):
        starts = now - timedelta(days=last_days_ago + every_days * (count - 1 - index))
        meeting = Meeting.objects.create(
            group=group, starts_at=starts, ends_at=starts + timedelta(hours=2), status=Meeting.Status.HELD
        )
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, user=person, attended=True) for person in people[:attended]]
        )


def share(service, *partners, on: bool = True):
    row, _ = NetworkSettings.objects.get_or_create(service=service)
    row.share_listings = on
    row.save()
    row.partners.set(partners)
    return row
