"""The member's calendar feed: getting the private link, and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.links import absolute_url
from followon.meetings import calendar, selectors, services

# Calendar feed ----------------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, "Your calendar link has been turned off. Calendars using it will stop updating")
        else:
            services.calendar_feed_token(user=request.user, regenerate=action == "regenerate")
            messages.success(request, "Your calendar link is ready")
        return redirect("meetings:my-calendar")
    feed = selectors.current_feed(request.user)
    return render(
        request,
        "meetings/my_calendar.jinja",
        {
            "page_title": "Your meetings calendar",
            "feed_url": absolute_url("meetings:feed", feed.token) if feed else None,
        },
    )


@never_cache
def feed(request, token):
    user = selectors.feed_user(token)
    if user is None:
        raise Http404
    meetings = [
        selectors.calendar_meeting(m, url=absolute_url("meetings:meeting", m.public_id))
        for m in selectors.feed_meetings(user)
    ]
    response = HttpResponse(calendar.member_feed_ics(meetings), content_type=calendar.ICS_CONTENT_TYPE)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
