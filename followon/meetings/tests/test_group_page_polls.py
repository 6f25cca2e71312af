"""The group's meetings page's open polls: the number of times and of people who answered, counted by a
subquery per poll (ADR 0035), are the numbers the grouped COUNT(DISTINCT ...) joins gave."""

import pytest
from django.db.models import Count
from django.utils import timezone

from followon.meetings import selectors, services
from followon.meetings.models import Poll

from .conftest import at, option

pytestmark = pytest.mark.django_db


def _grouped(group):
    return list(
        Poll.objects.filter(group=group, status=Poll.Status.OPEN, closes_at__gt=timezone.now())
        .annotate(
            options_count=Count("options", distinct=True), answered=Count("options__answers__user", distinct=True)
        )
        .order_by("id")
    )


def _shown(group, user):
    return [(p.pk, p.title, p.options_count, p.answered) for p in selectors.group_meetings_page(group, user).polls]


def test_counts_are_the_grouped_querys(group, coordinator, people, poll):
    assert _shown(group, coordinator) == [(poll.pk, "First meeting", 3, 0)]  # nobody has answered yet
    first, second, third = poll.options.order_by("starts_at")
    # One person answering every time counts once; another answering one time counts once more.
    services.poll_answer(poll=poll, user=people[1], answers={first.pk: "yes", second.pk: "no", third.pk: "if_need_be"})
    services.poll_answer(poll=poll, user=people[2], answers={second.pk: "yes"})
    later = services.poll_create(
        group=group, created_by=coordinator, title="Second", closes_at=at(6), options=[option(20)]
    )
    expected = [(p.pk, p.title, p.options_count, p.answered) for p in _grouped(group)]
    assert expected == [(poll.pk, "First meeting", 3, 2), (later.pk, "Second", 1, 0)]
    assert _shown(group, coordinator) == expected
    # A closed poll is left out, as before.
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now())
    assert _shown(group, coordinator) == [(later.pk, "Second", 1, 0)]
