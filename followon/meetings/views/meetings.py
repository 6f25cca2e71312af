"""One meeting: setting it up, its page, RSVPs, who came, cancelling, handing over and its calendar
file."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.forms import attach_errors
from followon.core.links import absolute_url
from followon.meetings import calendar, forms, selectors, services
from followon.meetings.access import access_meeting_for_member, access_meetings_group_for_member
from followon.meetings.models import Meeting
from followon.meetings.presenters import meeting_summary_rows
from followon.meetings.views.common import _require_organiser, _told_words, _venues

# Meetings ---------------------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, public_id):
    group = access_meetings_group_for_member(request.user, public_id)
    _require_organiser(group, request.user)
    form = forms.MeetingForm(request.POST if request.method == "POST" else None, venues=_venues(group))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        started = timezone.now()
        try:
            meeting = services.meeting_create(group=group, created_by=request.user, **data)
        except ValidationError as error:
            attach_errors(form, error, default_field="first_date")
        else:
            messages.success(
                request,
                _told_words(
                    group,
                    "meeting_confirmed",
                    started,
                    sent=_("Meeting set up. Everyone in the group has been told"),
                    later=_("Meeting set up. Everyone in the group will be told."),
                ),
            )
            return redirect("meetings:meeting", meeting.public_id)
    return render(
        request, "meetings/meeting_new.jinja", {"page_title": _("Set up a meeting"), "group": group, "form": form}
    )


def _occurrence_from(request, meeting):
    raw = request.GET.get("date") or request.POST.get("date") or ""
    if raw:
        try:
            day = date.fromisoformat(raw[:10])
        except ValueError:
            return None
        return services.recurrence_for(meeting).occurrence_on(day)
    return selectors.next_occurrence(meeting)


@member_required
def meeting_detail(request, public_id):
    meeting = access_meeting_for_member(request.user, public_id)
    group = meeting.group
    occurrence = _occurrence_from(request, meeting)
    organiser = selectors.can_organise(group, request.user)
    counts, my_rsvp = (
        selectors.rsvp_counts_and_mine(meeting, request.user, occurrence.date) if occurrence else (None, None)
    )
    return render(
        request,
        "meetings/meeting.jinja",
        {
            "page_title": _("%(group)s meeting") % {"group": group.name}
            if meeting.title in ("", f"{group.name} meeting")
            else meeting.title,
            "meeting": meeting,
            "group": group,
            "occurrence": occurrence,
            "dates": selectors.upcoming_dates(meeting),
            "summary_rows": meeting_summary_rows(
                meeting,
                describe=services.recurrence_for(meeting).describe(),
                occurrence=occurrence,
                viewer=request.user,
            ),
            "organiser": organiser,
            "counts": counts,
            # The member's answer so far, already chosen in the form.
            "rsvp_form": forms.RsvpForm(initial={"response": my_rsvp} if my_rsvp else None),
            "last_date": selectors.last_started_date(meeting) if organiser else None,
        },
    )


@member_required
@require_POST
def meeting_rsvp(request, public_id):
    meeting = access_meeting_for_member(request.user, public_id)
    form = forms.RsvpForm(request.POST)
    raw = request.POST.get("date", "")
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        day = None
    if not form.is_valid() or day is None:
        messages.error(request, _("Choose whether you can come"))
    else:
        try:
            services.rsvp_set(
                meeting=meeting, user=request.user, occurrence_date=day, response=form.cleaned_data["response"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Thank you, the group knows your answer"))
    url = redirect("meetings:meeting", meeting.public_id).url
    return redirect(f"{url}?date={day.isoformat()}" if day else url)


@member_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, public_id):
    meeting = access_meeting_for_member(request.user, public_id)
    group = meeting.group
    _require_organiser(group, request.user)
    occurrence = None
    raw = request.GET.get("date") or request.POST.get("date") or ""
    if raw:
        try:
            occurrence = services.recurrence_for(meeting).occurrence_on(date.fromisoformat(raw[:10]))
        except ValueError:
            occurrence = None
    occurrence = occurrence or selectors.last_started_date(meeting)
    members = [m.user for m in group.memberships.filter(status="member").select_related("user").order_by("id")]
    form = forms.AttendanceForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        if occurrence is None:
            form.add_error(None, _("Record who came after the meeting has started"))
        else:
            try:
                services.attendance_record(
                    meeting=meeting,
                    occurrence_date=occurrence.date,
                    recorded_by=request.user,
                    attended_user_ids={int(v) for v in form.cleaned_data["attended"]},
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Attendance saved. Thank you"))
                return redirect("meetings:group", group.public_id)
    return render(
        request,
        "meetings/attendance.jinja",
        {"page_title": _("Who came?"), "meeting": meeting, "group": group, "occurrence": occurrence, "form": form},
    )


@member_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, public_id):
    meeting = access_meeting_for_member(request.user, public_id)
    _require_organiser(meeting.group, request.user)
    occurrence = _occurrence_from(request, meeting)
    error = None
    if request.method == "POST":
        whole = request.POST.get("which") == "all" or meeting.frequency == Meeting.Frequency.ONE_OFF
        started = timezone.now()
        try:
            services.meeting_cancel(
                meeting=meeting,
                user=request.user,
                occurrence_date=None if whole else (occurrence.date if occurrence else None),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _told_words(
                    meeting.group,
                    "meeting_cancelled",
                    started,
                    sent=_("Cancelled. Everyone in the group has been told"),
                    later=_("Cancelled. Everyone in the group will be told."),
                ),
            )
            return redirect("meetings:group", meeting.group.public_id)
    return render(
        request,
        "meetings/cancel.jinja",
        {"page_title": _("Cancel a meeting"), "meeting": meeting, "occurrence": occurrence, "error": error},
    )


@member_required
@require_POST
def meeting_handover(request, public_id):
    meeting = access_meeting_for_member(request.user, public_id)
    _require_organiser(meeting.group, request.user)
    if request.POST.get("confirmed") != "yes":
        # It texts the co-coordinator and every member at once: ask first (issue 21 item 6).
        back = reverse("meetings:meeting", args=[meeting.public_id])
        return render(
            request,
            "confirm_action.jinja",
            {
                "page_title": _("Ask the group if someone can run this meeting?"),
                "heading": _("Ask the group if someone can run this meeting?"),
                "paragraphs": [
                    _(
                        "We will text the co-coordinator and every member of %(group)s to ask if someone "
                        "can run this meeting for you. The first person to say yes runs it."
                    )
                    % {"group": meeting.group.name},
                    _("The meeting stays on. If nobody can, you can cancel it from the meeting page."),
                ],
                "action": reverse("meetings:handover", args=[meeting.public_id]),
                "fields": [],
                "button_text": _("Yes, ask the group"),
                "cancel_url": back,
                "cancel_text": _("No, go back to the meeting"),
            },
        )
    started = timezone.now()
    try:
        asked = services.handover_ask(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _told_words(
                meeting.group,
                "meeting_handover",
                started,
                sent=ngettext(
                    "We have asked %(count)s person if someone can run it. Rest and look after yourself",
                    "We have asked %(count)s people if someone can run it. Rest and look after yourself",
                    asked,
                )
                % {"count": asked},
                later=ngettext(
                    "We will ask %(count)s person if someone can run it. Rest and look after yourself.",
                    "We will ask %(count)s people if someone can run it. Rest and look after yourself.",
                    asked,
                )
                % {"count": asked},
            ),
        )
    return redirect("meetings:meeting", meeting.public_id)


@member_required
@require_POST
def meeting_take(request, public_id):
    meeting = access_meeting_for_member(request.user, public_id)
    try:
        services.handover_take(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Thank you for running this meeting"))
    return redirect("meetings:meeting", meeting.public_id)


@member_required
def meeting_ics(request, public_id):
    meeting = access_meeting_for_member(request.user, public_id)
    cal = selectors.calendar_meeting(meeting, url=absolute_url("meetings:meeting", meeting.public_id))
    response = HttpResponse(calendar.meeting_ics(cal), content_type=calendar.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{calendar.meeting_ics_filename(cal)}"'
    return response
