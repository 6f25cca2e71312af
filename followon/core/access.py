"""Access helpers: the object a person may reach, or a 404.

Each app's `access.py` names one helper per object and audience (`access_poll_for_member`,
`access_item_for_staff`, ...), built on `found_or_404` over the app's scoped selector. "Not found"
and "not yours" give the same 404, so an address never tells whether something exists. Who may
*do* something to an object is a `can_*` predicate in the app's selectors (`can_organise`), which
views, services and templates ask alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

T = TypeVar("T")


def found_or_404(select: Callable[..., T], *args, **kwargs) -> T:
    """`select(*args, **kwargs)`, a scoped selector that raises DoesNotExist for anything outside
    the caller's reach; Http404 instead."""
    try:
        return select(*args, **kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
