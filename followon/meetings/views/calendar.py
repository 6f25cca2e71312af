"""The member's calendar feed: getting the private link, and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.links import absolute_url
from followon.meetings import calendar, selectors, services

# Calendar feed ----------------------------------------------------------------------------------


@never_cache
@member_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    # Only the token's hash is stored, so the link is shown once: in the answer to the POST that made
    # it (not kept in the session or a message). Reloading asks to post again, which makes a new link.
    new_feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(
                request, _("Your calendar link has been turned off. Calendars using it will stop updating")
            )
            return redirect("meetings:my-calendar")
        new_feed_url = selectors.feed_url(services.calendar_feed_issue(user=request.user))
    feed = selectors.current_feed(request.user)
    return render(
        request,
        "meetings/my_calendar.jinja",
        {
            "page_title": _("Your meetings calendar"),
            "feed": feed,
            "new_feed_url": new_feed_url,
        },
    )


def feed(request, token):
    user = selectors.feed_user(token)
    if user is None:
        raise Http404
    meetings = [
        selectors.calendar_meeting(m, url=absolute_url("meetings:meeting", m.public_id))
        for m in selectors.feed_meetings(user)
    ]
    # Calendars ask again every few hours: when nothing changed, say so (304) rather than build and send
    # the file again. "private, no-cache": the member's own calendar may keep a copy but must ask before
    # using it; no shared cache may keep it (it lists where and when the member's group meets).
    # No Last-Modified: no one date moves with everything the file shows (a venue's address, a group's
    # name, joining or leaving a group change it while no meeting's updated_at does), so a calendar
    # asking If-Modified-Since would be told "not modified" wrongly. The ETag hashes the content itself.
    etag = calendar.member_feed_etag(meetings)
    asked = parse_etags(request.headers.get("If-None-Match", ""))
    if etag in asked or "*" in asked:
        response = HttpResponseNotModified()
    else:
        # Remembered by the ETag, which hashes everything the file is made from (ADR 0032).
        response = HttpResponse(
            calendar.member_feed_ics_remembered(meetings, etag=etag), content_type=calendar.ICS_CONTENT_TYPE
        )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
