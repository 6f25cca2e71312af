"""A member removed from a group who follows an old link to it (the group page, its board, its
meetings, shared goals) gets a kind page saying they are no longer part of it, rather than a bare
"page not found" (ADR 0029). Nothing of the group is shown: only its name, which they knew."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from followon.peergroups.selectors import removed_group_for

# Every member page of a group lives under this prefix and names the group as `public_id`.
MEMBER_GROUP_ROUTE = "my/groups/<uuid:public_id>/"


class RemovedMemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404):
            return None
        match = getattr(request, "resolver_match", None)
        if match is None:
            return None
        # On a page in another language the route starts with its prefix ("cy/my/groups/...").
        route, prefix = match.route, translation.get_language_from_path(request.path_info)
        if prefix and route.startswith(f"{prefix}/"):
            route = route[len(prefix) + 1 :]
        if not route.startswith(MEMBER_GROUP_ROUTE):
            return None
        group = removed_group_for(getattr(request, "user", None), match.kwargs.get("public_id"))
        if group is None:
            return None
        # 403: the page exists but is no longer theirs; the body is kind, not an error.
        return render(
            request,
            "peergroups/removed.jinja",
            {"page_title": _("You are no longer part of %(group)s") % {"group": group.name}, "group": group},
            status=403,
        )
