"""Pages of a long list without counting the list (issue 16: pages flat as data grows).

Django's `Paginator` runs `COUNT(*)` over the whole filtered list on every page view, so a page of 50 rows
costs more as a service's ten years of records grow (the audit trail grew 6.9 → 13.4 framework floors
between S = 0.1 and S = 1). Pages that only offer "Previous" and "Next" do not need the count: reading
one row more than a page holds says whether there is a next page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class PeekPage:
    """The parts of Django's `Page` that Previous/Next pagination uses."""

    object_list: Sequence
    number: int
    _has_next: bool

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def peek_page(queryset: QuerySet, number, per_page: int) -> PeekPage:
    """Page `number` (anything a query string holds; not a positive whole number means 1) of an ordered
    `queryset`, in one query. A page past the end shows page 1, as `Paginator.get_page` falls back."""

    return peek_page_read(lambda start, stop: list(queryset[start:stop]), number, per_page)


def peek_page_read(read: Callable[[int, int], list], number, per_page: int) -> PeekPage:
    """peek_page of a list read by `read(start, stop)` (rows `start` to `stop` of the ordered list)."""

    try:
        page = int(number)
    except (TypeError, ValueError):
        page = 1
    page = max(page, 1)
    start = (page - 1) * per_page
    rows = read(start, start + per_page + 1)
    if not rows and page > 1:
        return peek_page_read(read, 1, per_page)
    return PeekPage(object_list=rows[:per_page], number=page, _has_next=len(rows) > per_page)
