"""Staff: programmes, sessions, the hand-over protocol and the follow-on question."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from followon.core.formatting import LONDON
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.core.services import audit_record
from followon.notifications import selectors as notification_selectors
from followon.programmes import forms, selectors, services
from followon.programmes.access import access_programme_for_staff, access_programme_page_for_staff
from followon.programmes.models import Enrolment
from followon.programmes.protocol_defaults import step_in_language
from followon.programmes.views.common import MANAGERS, VIEWERS, _can_manage

# Staff: programmes ---------------------------------------------------------------


@staff_required(*VIEWERS)
def staff_list(request):
    programmes = list(selectors.programmes_for_service(request.service))
    now = timezone.now()
    return render(
        request,
        "programmes/staff_list.jinja",
        {"page_title": _("Programmes"), "programmes": programmes, "now": now, "can_manage": _can_manage(request)},
    )


@staff_required(*MANAGERS)
def staff_create(request):
    form = forms.ProgrammeForm(
        request.POST if request.method == "POST" else None,
        service=request.service,
        initial={"session_length_minutes": 180},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                service=request.service,
                created_by=request.user,
                title=data["title"],
                venue=data["venue"],
                start_date=data["start_date"],
                session_count=data["session_count"],
                session_start_time=data["session_start_time"],
                session_length_minutes=data["session_length_minutes"],
                facilitators=data["facilitators"],
                ptvs=data["ptvs"],
                confirm_unusual_session_count=data["confirm_session_count"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Programme created with %(count)s weekly sessions") % {"count": programme.session_count}
            )
            return redirect("programmes:staff-detail", programme.public_id)
    form.needs_confirmation = request.method == "POST" and form.unusual_count()
    return render(request, "programmes/staff_form.jinja", {"page_title": _("Create a programme"), "form": form})


@staff_required(*VIEWERS)
def staff_detail(request, public_id):
    """The facilitator view: protocol progress, who has answered, totals, groups."""
    programme = access_programme_page_for_staff(request.service, public_id)
    steps = selectors.protocol_steps_for(programme)
    rows, summary = selectors.programme_roster(programme)
    audit_record(actor=request.user, action="programme.roster_viewed", target=programme)
    return render(
        request,
        "programmes/staff_detail.jinja",
        {
            "page_title": programme.title,
            "programme": programme,
            "stage": selectors.programme_stage(programme),
            "checklist": selectors.protocol_checklist(programme, steps),
            "in_language": step_in_language,
            "rows": rows,
            "summary": summary,
            "groups": list(selectors.programme_groups(programme)),
            "can_manage": _can_manage(request),
        },
    )


@staff_required(*MANAGERS)
def staff_edit(request, public_id):
    programme = access_programme_for_staff(request.service, public_id)
    initial = {
        "title": programme.title,
        "venue": programme.venue,
        "session_count": programme.session_count,
        "session_length_minutes": programme.session_length_minutes,
        "facilitators": list(programme.facilitators.all()),
        "ptvs": list(programme.ptvs.all()),
    }
    form = forms.ProgrammeForm(
        request.POST if request.method == "POST" else None,
        service=request.service,
        include_start=False,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.programme_update(
                programme=programme,
                updated_by=request.user,
                title=data["title"],
                venue=data["venue"],
                session_count=data["session_count"],
                session_length_minutes=data["session_length_minutes"],
                facilitators=data["facilitators"],
                ptvs=data["ptvs"],
                confirm_unusual_session_count=data["confirm_session_count"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Programme details saved"))
            return redirect("programmes:staff-detail", programme.public_id)
    form.needs_confirmation = request.method == "POST" and form.unusual_count()
    return render(
        request,
        "programmes/staff_form.jinja",
        {"page_title": _("Change programme details"), "form": form, "programme": programme},
    )


@staff_required(*VIEWERS)
def staff_sessions(request, public_id):
    programme = access_programme_for_staff(request.service, public_id)
    return render(
        request,
        "programmes/staff_sessions.jinja",
        {
            "page_title": _("Sessions and dates"),
            "programme": programme,
            "sessions": sorted(programme.sessions.all(), key=lambda s: s.number),
            "can_manage": _can_manage(request),
        },
    )


@staff_required(*MANAGERS)
def staff_session_move(request, public_id, number):
    programme = access_programme_for_staff(request.service, public_id)
    session = next((s for s in programme.sessions.all() if s.number == number), None)
    if session is None:
        raise Http404
    local = session.starts_at.astimezone(LONDON)
    form = forms.SessionMoveForm(
        request.POST if request.method == "POST" else None, initial={"day": local.date(), "start_time": local.time()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_move(
                session=session,
                moved_by=request.user,
                day=form.cleaned_data["day"],
                start_time=form.cleaned_data["start_time"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Session %(number)s moved") % {"number": session.number})
            return redirect("programmes:staff-sessions", programme.public_id)
    return render(
        request,
        "programmes/staff_session_move.jinja",
        {
            "page_title": _("Change session %(number)s") % {"number": session.number},
            "programme": programme,
            "session": session,
            "form": form,
        },
    )


@staff_required(*VIEWERS)
@require_POST
def staff_protocol_step(request, public_id, step_id):
    programme = access_programme_for_staff(request.service, public_id)
    step = programme.protocol_steps.filter(public_id=step_id).first()
    if step is None:
        raise Http404
    done = request.POST.get("done") == "yes"
    services.protocol_step_mark(step=step, actor=request.user, done=done)
    title = {"step": step_in_language(step.title)}
    messages.success(
        request, _("“%(step)s” marked as done") % title if done else _("“%(step)s” marked as not done") % title
    )
    return redirect(reverse("programmes:staff-detail", args=[programme.public_id]) + "#protocol")


@staff_required(*MANAGERS)
def staff_interest_send(request, public_id):
    programme = access_programme_for_staff(request.service, public_id)
    waiting = programme.enrolments.filter(status=Enrolment.Status.JOINED, interest__isnull=True).count()
    if request.method == "POST":
        started = timezone.now()
        sent = services.interest_question_send(programme=programme, sent_by=request.user)
        # "Sent" only when it was: texts held for quiet hours say when they will go (issue 21, item 7).
        when = notification_selectors.when_held_messages_go(
            service=programme.service, template="interest_question", since=started
        )
        if when:
            messages.success(
                request,
                ngettext(
                    "Follow-on group question for %(count)s person: texts will be sent %(when)s, as FollowOn does "
                    "not send texts between 9pm and 8am. Emails are sent straight away.",
                    "Follow-on group question for %(count)s people: texts will be sent %(when)s, as FollowOn does "
                    "not send texts between 9pm and 8am. Emails are sent straight away.",
                    sent,
                )
                % {"count": sent, "when": when},
            )
        else:
            messages.success(
                request,
                ngettext(
                    "Follow-on group question sent to %(count)s person",
                    "Follow-on group question sent to %(count)s people",
                    sent,
                )
                % {"count": sent},
            )
        return redirect("programmes:staff-detail", programme.public_id)
    return render(
        request,
        "programmes/staff_interest_send.jinja",
        {"page_title": _("Send the follow-on group question"), "programme": programme, "waiting": waiting},
    )
