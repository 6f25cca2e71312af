"""Meeting pages. They belong to the group: only its current members (and its PTV supporter)
see them. Staff have no meeting pages of their own: the staff group page shows held meetings
and attendance counts only (peergroups), never members' answers or RSVPs."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.forms import attach_errors
from followon.core.links import absolute_url
from followon.core.permissions import staff_required
from followon.meetings import calendar, forms, selectors, services
from followon.meetings.models import Meeting, Poll, PollAnswer, PollOption, Venue
from followon.organisations.models import StaffRole
from followon.peergroups import selectors as group_selectors
from followon.peergroups.models import PeerGroup

RECORDING_STAFF = (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN, StaffRole.Role.PTV)


def _group(request, public_id) -> PeerGroup:
    try:
        return selectors.group_for_member(request.user, public_id)
    except PeerGroup.DoesNotExist as exc:
        raise Http404 from exc


def _poll(request, public_id) -> Poll:
    try:
        return selectors.poll_for_member(request.user, public_id)
    except Poll.DoesNotExist as exc:
        raise Http404 from exc


def _meeting(request, public_id) -> Meeting:
    try:
        return selectors.meeting_for_member(request.user, public_id)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def _require_organiser(group, user):
    if not selectors.can_organise(group, user):
        raise Http404


def _venues(group):

    return Venue.objects.filter(Q(group=group) | Q(group__isnull=True, service_id=group.service_id))


def _error_text(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# Group page ---------------------------------------------------------------------------------


@member_required
def group_meetings(request, public_id):
    group = _group(request, public_id)
    page = selectors.group_meetings_page(group, request.user)
    return render(
        request,
        "meetings/group.jinja",
        {"page_title": f"Meetings: {group.name}", "group": group, "page": page},
    )


@member_required
@require_http_methods(["GET", "POST"])
def poll_new(request, public_id):
    group = _group(request, public_id)
    _require_organiser(group, request.user)
    data = request.POST if request.method == "POST" else None
    try:
        rows = int((data or {}).get("rows", forms.OPTION_ROWS))
    except ValueError:
        rows = forms.OPTION_ROWS
    rows = max(1, min(rows, forms.MAX_ROWS))
    if data is not None and "add_row" in data:
        rows = min(rows + 1, forms.MAX_ROWS)
    venues = _venues(group)
    form = forms.PollForm(data)
    option_forms = [forms.OptionForm(data, prefix=f"o{i}", venues=venues) for i in range(rows)]
    problems = []
    if data is not None and "add_row" not in data:
        rows_valid = [f.is_valid() for f in option_forms]  # every row, so every error shows
        valid = form.is_valid() and all(rows_valid)
        if valid:
            options = [f.option() for f in option_forms if not f.is_blank]
            try:
                poll = services.poll_create(
                    group=group,
                    created_by=request.user,
                    title=form.cleaned_data["title"],
                    closes_at=form.closes_at(),
                    options=options,
                )
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    if name == "closes_at":
                        form.add_error("closes_on", errors)
                    else:
                        problems.extend(errors)
            else:
                messages.success(request, "Poll sent. Everyone in the group has been asked when they can come")
                return redirect("meetings:poll", poll.public_id)
    return render(
        request,
        "meetings/poll_new.jinja",
        {
            "page_title": "Ask when people can meet",
            "group": group,
            "form": form,
            "option_forms": option_forms,
            "rows": rows,
            "problems": problems,
            "has_errors": bool(problems or form.errors or any(f.errors for f in option_forms)),
        },
    )


def _option_label(option: PollOption) -> str:
    label = services.when_text(option.starts_at, option.ends_at)
    if option.venue_id:
        label += f", {option.venue.name}"
    return label


@member_required
@require_http_methods(["GET", "POST"])
def poll_detail(request, public_id):
    poll = _poll(request, public_id)
    organiser = selectors.can_organise(poll.group, request.user)
    page = selectors.poll_page(poll, request.user, organiser=organiser)
    labels = {o.pk: _option_label(o) for o in page.options}
    is_member = any(m.user_id == request.user.pk for m in page.members)
    form = forms.AnswerForm(
        request.POST if request.method == "POST" else None,
        options=page.options,
        labels=labels,
        initial_answers=page.my_answers,
    )
    if request.method == "POST":
        if not is_member:
            raise Http404
        if form.is_valid():
            try:
                services.poll_answer(poll=poll, user=request.user, answers=form.answers())
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, "Your answers have been saved. You can change them until the poll closes")
                return redirect("meetings:poll", poll.public_id)
    confirm_form = None
    if organiser and page.ranked and page.is_open:
        confirm_form = forms.ConfirmForm(
            choices=[(str(r.option.id), labels[r.option.id]) for r in page.ranked],
            initial={"option": str(page.ranked[0].option.id)},
        )
    names = {m.user_id: m.user.display_name for m in page.members}
    return render(
        request,
        "meetings/poll.jinja",
        {
            "page_title": poll.title,
            "poll": poll,
            "page": page,
            "form": form,
            "answer_rows": _answer_rows(form),
            "answer_choices": PollAnswer.Answer.choices,
            "confirm_choices": confirm_form.fields["option"].choices if confirm_form else [],
            "is_member": is_member,
            "organiser": organiser,
            "labels": labels,
            "names": names,
            "confirm_form": confirm_form,
        },
    )


def _answer_rows(form: forms.AnswerForm) -> list[dict]:
    """What the poll template needs for each time's Yes / If need be / No (see meetings/_radios.jinja)."""
    rows = []
    for bound in form:
        value = bound.value()
        rows.append(
            {
                "name": bound.html_name,
                "id": bound.auto_id,
                "label": bound.label,
                "value": "" if value is None else str(value),
                "error": bound.errors[0] if bound.errors else "",
            }
        )
    return rows


@member_required
@require_POST
def poll_confirm(request, public_id):
    poll = _poll(request, public_id)
    _require_organiser(poll.group, request.user)
    option = poll.options.filter(
        pk=request.POST.get("option") if (request.POST.get("option") or "").isdigit() else None
    ).first()
    if option is None:
        messages.error(request, "Choose the time the group will meet")
        return redirect("meetings:poll", poll.public_id)
    try:
        meeting = services.poll_confirm(poll=poll, user=request.user, option=option)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("meetings:poll", poll.public_id)
    messages.success(request, "Meeting confirmed. Everyone in the group has been told")
    return redirect("meetings:meeting", meeting.public_id)


@never_cache
@require_http_methods(["GET", "POST"])
def poll_link(request, token):
    """Answer a poll from the link in a text message: no sign-in, one member, one poll, until it closes."""
    link = selectors.poll_link_find(token)
    if link is None:
        response = render(
            request,
            "meetings/link_expired.jinja",
            {"page_title": "This link has expired or is not valid"},
            status=404,
        )
    else:
        poll = link.poll
        options = list(poll.options.select_related("venue"))
        labels = {o.pk: _option_label(o) for o in options}
        mine = dict(poll.options.filter(answers__user=link.user).values_list("id", "answers__answer"))
        form = forms.AnswerForm(
            request.POST if request.method == "POST" else None, options=options, labels=labels, initial_answers=mine
        )
        saved = False
        if request.method == "POST" and form.is_valid():
            try:
                services.poll_answer(poll=poll, user=link.user, answers=form.answers(), via_link=True)
                saved = True
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, getattr(error, "messages", ["This poll has closed"]))
        response = render(
            request,
            "meetings/poll_link.jinja",
            {
                "page_title": "Thank you, your answers have been saved"
                if saved
                else f"When can you meet? {poll.group.name}",
                "poll": poll,
                "form": form,
                "answer_rows": [] if saved else _answer_rows(form),
                "answer_choices": PollAnswer.Answer.choices,
                "saved": saved,
                "name": link.user.display_name,
            },
        )
    # The token is in the address: never send it to another site. (Not "no-referrer": browsers then
    # send "Origin: null" with the form, which Django's CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# Venues and the group's plan --------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def venue_new(request, public_id):
    group = _group(request, public_id)
    _require_organiser(group, request.user)
    form = forms.VenueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_create(group=group, service=group.service, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Venue added")
            return redirect("meetings:group", group.public_id)
    return render(request, "meetings/venue_new.jinja", {"page_title": "Add a venue", "group": group, "form": form})


@member_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, public_id):
    group = _group(request, public_id)
    _require_organiser(group, request.user)
    plan = getattr(group, "meeting_plan", None)
    initial = {
        "remind_days_before": plan.remind_days_before if plan else 2,
        "remind_morning_of": plan.remind_morning_of if plan else True,
        "rotate_roles_every_weeks": plan.rotate_roles_every_weeks if plan else None,
    }
    form = forms.MeetingPlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_plan_update(group=group, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Reminders and roles saved")
            return redirect("meetings:group", group.public_id)
    return render(request, "meetings/plan.jinja", {"page_title": "Reminders and roles", "group": group, "form": form})


# Meetings ---------------------------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, public_id):
    group = _group(request, public_id)
    _require_organiser(group, request.user)
    form = forms.MeetingForm(request.POST if request.method == "POST" else None, venues=_venues(group))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(group=group, created_by=request.user, **data)
        except ValidationError as error:
            attach_errors(form, error, default_field="first_date")
        else:
            messages.success(request, "Meeting set up. Everyone in the group has been told")
            return redirect("meetings:meeting", meeting.public_id)
    return render(
        request, "meetings/meeting_new.jinja", {"page_title": "Set up a meeting", "group": group, "form": form}
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
    meeting = _meeting(request, public_id)
    group = meeting.group
    occurrence = _occurrence_from(request, meeting)
    organiser = selectors.can_organise(group, request.user)
    return render(
        request,
        "meetings/meeting.jinja",
        {
            "page_title": meeting.title or f"{group.name} meeting",
            "meeting": meeting,
            "group": group,
            "occurrence": occurrence,
            "dates": selectors.upcoming_dates(meeting),
            "describe": services.recurrence_for(meeting).describe(),
            "organiser": organiser,
            "counts": selectors.rsvp_counts(meeting, occurrence.date) if occurrence else None,
            "my_rsvp": selectors.my_rsvp(meeting, request.user, occurrence.date) if occurrence else None,
            "rsvp_form": forms.RsvpForm(),
            "last_date": selectors.last_started_date(meeting) if organiser else None,
        },
    )


@member_required
@require_POST
def meeting_rsvp(request, public_id):
    meeting = _meeting(request, public_id)
    form = forms.RsvpForm(request.POST)
    raw = request.POST.get("date", "")
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        day = None
    if not form.is_valid() or day is None:
        messages.error(request, "Choose whether you can come")
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
            messages.success(request, "Thank you, the group knows your answer")
    url = redirect("meetings:meeting", meeting.public_id).url
    return redirect(f"{url}?date={day.isoformat()}" if day else url)


@member_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request, public_id):
    meeting = _meeting(request, public_id)
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
            form.add_error(None, "Record who came after the meeting has started")
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
                messages.success(request, "Attendance saved. Thank you")
                return redirect("meetings:group", group.public_id)
    return render(
        request,
        "meetings/attendance.jinja",
        {"page_title": "Who came?", "meeting": meeting, "group": group, "occurrence": occurrence, "form": form},
    )


@member_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, public_id):
    meeting = _meeting(request, public_id)
    _require_organiser(meeting.group, request.user)
    occurrence = _occurrence_from(request, meeting)
    error = None
    if request.method == "POST":
        whole = request.POST.get("which") == "all" or meeting.frequency == Meeting.Frequency.ONE_OFF
        try:
            services.meeting_cancel(
                meeting=meeting,
                user=request.user,
                occurrence_date=None if whole else (occurrence.date if occurrence else None),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Cancelled. Everyone in the group has been told")
            return redirect("meetings:group", meeting.group.public_id)
    return render(
        request,
        "meetings/cancel.jinja",
        {"page_title": "Cancel a meeting", "meeting": meeting, "occurrence": occurrence, "error": error},
    )


@member_required
@require_POST
def meeting_handover(request, public_id):
    meeting = _meeting(request, public_id)
    _require_organiser(meeting.group, request.user)
    try:
        asked = services.handover_ask(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"We have asked {asked} people if someone can run it. Rest and look after yourself")
    return redirect("meetings:meeting", meeting.public_id)


@member_required
@require_POST
def meeting_take(request, public_id):
    meeting = _meeting(request, public_id)
    try:
        services.handover_take(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, "Thank you for running this meeting")
    return redirect("meetings:meeting", meeting.public_id)


@member_required
def meeting_ics(request, public_id):
    meeting = _meeting(request, public_id)
    cal = selectors.calendar_meeting(meeting, url=absolute_url("meetings:meeting", meeting.public_id))
    response = HttpResponse(calendar.meeting_ics(cal), content_type=calendar.ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{calendar.meeting_ics_filename(cal)}"'
    return response


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


# Staff: the service's venues -------------------------------------------------------------------

VENUE_STAFF = (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN)


@staff_required(*VENUE_STAFF)
def staff_venues(request):
    return render(
        request,
        "meetings/staff_venues.jinja",
        {"page_title": "Venues", "venues": selectors.service_venues(request.service)},
    )


@staff_required(*VENUE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_venue_edit(request, public_id=None):
    venue = None
    if public_id is not None:
        try:
            venue = selectors.service_venue(request.service, public_id)
        except Venue.DoesNotExist as exc:
            raise Http404 from exc
    title = f"Change {venue.name}" if venue else "Add a venue"
    form = forms.VenueForm(request.POST if request.method == "POST" else None, instance=venue)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.VENUE_FIELDS}
        try:
            if venue is None:
                services.venue_create(group=None, service=request.service, created_by=request.user, **fields)
            else:
                services.venue_update(venue=venue, updated_by=request.user, **fields)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Venue saved" if venue else "Venue added")
            return redirect("meetings:staff-venues")
    return render(
        request,
        "meetings/staff_venue_form.jinja",
        {"page_title": title, "venue": venue, "form": form},
    )


# Recording a meeting that took place (from the group's page) -------------------------------------


def _record_form_page(request, group, *, done_url):
    members = list(group_selectors.group_current_members(group))
    form = forms.MeetingRecordForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                group=group,
                recorded_by=request.user,
                starts_at=form.starts_at(),
                ends_at=form.ends_at(),
                face_to_face=form.cleaned_data["face_to_face"],
                venue=form.cleaned_data["venue"],
                attended_user_ids={int(pk) for pk in form.cleaned_data["attended"]},
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            group.refresh_from_db()
            note = " The group has now formed." if group.status == PeerGroup.Status.ACTIVE and group.formed_on else ""
            messages.success(request, "Meeting recorded." + note)
            return redirect(done_url)
    return render(
        request, "meetings/meeting_record.jinja", {"page_title": "Record a meeting", "group": group, "form": form}
    )


@staff_required(*RECORDING_STAFF)
def staff_meeting_record(request, public_id):
    try:
        group = group_selectors.group_for_staff(request.service, public_id)
    except PeerGroup.DoesNotExist as exc:
        raise Http404 from exc
    if not group.is_open:
        raise Http404
    return _record_form_page(request, group, done_url=reverse("peergroups:staff-detail", args=[group.public_id]))


@member_required
def member_meeting_record(request, public_id):
    try:
        group = group_selectors.group_for_member(request.user, public_id)
    except PeerGroup.DoesNotExist as exc:
        raise Http404 from exc
    if not group_selectors.is_group_organiser(group, request.user) or not group.is_open:
        raise Http404
    return _record_form_page(request, group, done_url=reverse("peergroups:member-detail", args=[group.public_id]))
