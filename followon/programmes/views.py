"""Pages for programmes: staff (facilitators, service admins) and members.

Staff pages start every query from request.service (another service's
programme is a 404); member pages start from request.user (someone else's
programme is a 404). Views parse input and call services; rules live there.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.formatting import LONDON
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.core.services import audit_record
from followon.organisations.models import StaffRole
from followon.programmes import forms, selectors, services
from followon.programmes.models import Enrolment, MemberLink, Programme, ProtocolStepTemplate
from followon.programmes.uploads import EXPECTED_COLUMNS, UploadError

Role = StaffRole.Role
VIEWERS = (Role.CLINICIAN, Role.SERVICE_ADMIN, Role.PTV)
MANAGERS = (Role.CLINICIAN, Role.SERVICE_ADMIN)


def _programme(request, public_id) -> Programme:
    try:
        return selectors.programme_for_staff(request.service, public_id)
    except Programme.DoesNotExist as exc:
        raise Http404 from exc


def _can_manage(request) -> bool:
    return bool(request.staff_roles & set(MANAGERS))


# Staff: programmes ---------------------------------------------------------------


@staff_required(*VIEWERS)
def staff_list(request):
    programmes = list(selectors.programmes_for_service(request.service))
    now = timezone.now()
    return render(
        request,
        "programmes/staff_list.jinja",
        {"page_title": "Programmes", "programmes": programmes, "now": now, "can_manage": _can_manage(request)},
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
            messages.success(request, f"Programme created with {programme.session_count} weekly sessions")
            return redirect("programmes:staff-detail", programme.public_id)
    form.needs_confirmation = request.method == "POST" and form.unusual_count()
    return render(request, "programmes/staff_form.jinja", {"page_title": "Create a programme", "form": form})


@staff_required(*VIEWERS)
def staff_detail(request, public_id):
    """The facilitator view: protocol progress, who has answered, totals, groups."""
    programme = _programme(request, public_id)
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
            "rows": rows,
            "summary": summary,
            "groups": list(selectors.programme_groups(programme)),
            "can_manage": _can_manage(request),
        },
    )


@staff_required(*MANAGERS)
def staff_edit(request, public_id):
    programme = _programme(request, public_id)
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
            messages.success(request, "Programme details saved")
            return redirect("programmes:staff-detail", programme.public_id)
    form.needs_confirmation = request.method == "POST" and form.unusual_count()
    return render(
        request,
        "programmes/staff_form.jinja",
        {"page_title": "Change programme details", "form": form, "programme": programme},
    )


@staff_required(*VIEWERS)
def staff_sessions(request, public_id):
    programme = _programme(request, public_id)
    return render(
        request,
        "programmes/staff_sessions.jinja",
        {
            "page_title": "Sessions and dates",
            "programme": programme,
            "sessions": sorted(programme.sessions.all(), key=lambda s: s.number),
            "can_manage": _can_manage(request),
        },
    )


@staff_required(*MANAGERS)
def staff_session_move(request, public_id, number):
    programme = _programme(request, public_id)
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
            messages.success(request, f"Session {session.number} moved")
            return redirect("programmes:staff-sessions", programme.public_id)
    return render(
        request,
        "programmes/staff_session_move.jinja",
        {"page_title": f"Change session {session.number}", "programme": programme, "session": session, "form": form},
    )


@staff_required(*VIEWERS)
@require_POST
def staff_protocol_step(request, public_id, step_id):
    programme = _programme(request, public_id)
    step = programme.protocol_steps.filter(public_id=step_id).first()
    if step is None:
        raise Http404
    done = request.POST.get("done") == "yes"
    services.protocol_step_mark(step=step, actor=request.user, done=done)
    messages.success(request, f"“{step.title}” marked as {'done' if done else 'not done'}")
    return redirect(reverse("programmes:staff-detail", args=[programme.public_id]) + "#protocol")


@staff_required(*MANAGERS)
def staff_interest_send(request, public_id):
    programme = _programme(request, public_id)
    waiting = programme.enrolments.filter(status=Enrolment.Status.JOINED, interest__isnull=True).count()
    if request.method == "POST":
        sent = services.interest_question_send(programme=programme, sent_by=request.user)
        messages.success(request, f"Follow-on group question sent to {sent} {'person' if sent == 1 else 'people'}")
        return redirect("programmes:staff-detail", programme.public_id)
    return render(
        request,
        "programmes/staff_interest_send.jinja",
        {"page_title": "Send the follow-on group question", "programme": programme, "waiting": waiting},
    )


# Staff: participants ----------------------------------------------------------------


@staff_required(*MANAGERS)
def staff_invite(request, public_id):
    programme = _programme(request, public_id)
    form = forms.InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment, created = services.enrolment_invite(
                programme=programme, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if created:
                messages.success(request, f"{enrolment.name} has been invited")
            else:
                messages.info(request, f"{enrolment.name} is already on this programme: nothing was doubled")
            if "another" in request.POST:
                return redirect("programmes:staff-invite", programme.public_id)
            return redirect(reverse("programmes:staff-detail", args=[programme.public_id]) + "#participants")
    return render(
        request,
        "programmes/staff_invite.jinja",
        {"page_title": "Invite a participant", "programme": programme, "form": form},
    )


@staff_required(*MANAGERS)
def staff_upload(request, public_id):
    programme = _programme(request, public_id)
    form = forms.UploadForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.upload_preview_create(
                programme=programme, uploaded_by=request.user, data=form.cleaned_data["file"].read()
            )
        except UploadError as error:
            form.add_error("file", str(error))
        else:
            return redirect("programmes:staff-upload-preview", programme.public_id, upload.public_id)
    return render(
        request,
        "programmes/staff_upload.jinja",
        {
            "page_title": "Add participants from a spreadsheet",
            "programme": programme,
            "form": form,
            "columns": EXPECTED_COLUMNS,
        },
    )


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def staff_upload_preview(request, public_id, upload_id):
    programme = _programme(request, public_id)
    try:
        upload = selectors.upload_for_staff(programme, upload_id)
    except programme.uploads.model.DoesNotExist as exc:
        raise Http404 from exc
    if upload.status != upload.Status.PREVIEW:
        messages.info(request, "That upload has already been dealt with")
        return redirect("programmes:staff-detail", programme.public_id)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            services.upload_discard(upload=upload, discarded_by=request.user)
            messages.info(request, "Upload discarded. Nobody was added")
            return redirect("programmes:staff-detail", programme.public_id)
        try:
            result = services.upload_confirm(upload=upload, confirmed_by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("programmes:staff-upload", programme.public_id)
        messages.success(request, f"{result['added']} participants added and invited")
        return redirect(reverse("programmes:staff-detail", args=[programme.public_id]) + "#participants")
    rows = upload.rows
    return render(
        request,
        "programmes/staff_upload_preview.jinja",
        {
            "page_title": "Check the participants before adding them",
            "programme": programme,
            "upload": upload,
            "rows": rows,
            "summary": upload.summary,
        },
    )


@staff_required(*MANAGERS)
def staff_withdraw(request, public_id, enrolment_id):
    programme = _programme(request, public_id)
    try:
        enrolment = selectors.enrolment_for_staff(programme, enrolment_id)
    except Enrolment.DoesNotExist as exc:
        raise Http404 from exc
    if request.method == "POST":
        services.enrolment_withdraw(enrolment=enrolment, actor=request.user)
        messages.success(request, f"{enrolment.name} has been taken off this programme")
        return redirect(reverse("programmes:staff-detail", args=[programme.public_id]) + "#participants")
    return render(
        request,
        "programmes/staff_withdraw.jinja",
        {"page_title": f"Take {enrolment.name} off this programme", "programme": programme, "enrolment": enrolment},
    )


# Service admin: protocol template and information sheet -----------------------------


@staff_required(Role.SERVICE_ADMIN)
def admin_protocol(request):
    steps = services.protocol_template_ensure(service=request.service)
    by_k = {k: [s for s in steps if s.sessions_before_end == k] for k in (3, 2, 1)}
    return render(
        request,
        "programmes/admin_protocol.jinja",
        {
            "page_title": "Hand-over protocol",
            "by_k": by_k,
            "sheet": services.information_sheet_ensure(service=request.service),
        },
    )


@staff_required(Role.SERVICE_ADMIN)
def admin_protocol_step(request, step_id=None):
    step = None
    if step_id is not None:
        step = request.service.protocol_steps.filter(public_id=step_id).first()
        if step is None:
            raise Http404
    initial = (
        {
            "sessions_before_end": step.sessions_before_end,
            "title": step.title,
            "guidance": step.guidance,
            "lead": step.lead,
        }
        if step
        else {"lead": ProtocolStepTemplate.Lead.TOGETHER}
    )
    form = forms.ProtocolStepForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.protocol_template_step_save(
                service=request.service, actor=request.user, step=step, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Protocol step saved. New programmes will use it")
            return redirect("programmes:admin-protocol")
    return render(
        request,
        "programmes/admin_protocol_step.jinja",
        {"page_title": "Change a protocol step" if step else "Add a protocol step", "form": form, "step": step},
    )


@staff_required(Role.SERVICE_ADMIN)
def admin_protocol_step_delete(request, step_id):
    step = request.service.protocol_steps.filter(public_id=step_id).first()
    if step is None:
        raise Http404
    if request.method == "POST":
        services.protocol_template_step_delete(service=request.service, actor=request.user, step=step)
        messages.success(request, "Protocol step removed. Programmes that already started keep their checklist")
        return redirect("programmes:admin-protocol")
    return render(
        request, "programmes/admin_protocol_delete.jinja", {"page_title": "Remove a protocol step", "step": step}
    )


@staff_required(Role.SERVICE_ADMIN)
def admin_information_sheet(request):
    sheet = services.information_sheet_ensure(service=request.service)
    form = forms.InformationSheetForm(
        request.POST if request.method == "POST" else None, initial={"title": sheet.title, "body": sheet.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.information_sheet_update(service=request.service, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Information sheet saved")
            return redirect("programmes:admin-protocol")
    return render(
        request,
        "programmes/admin_information_sheet.jinja",
        {"page_title": "Follow-on groups information sheet", "form": form, "sheet": sheet},
    )


# Members -------------------------------------------------------------------------------


def _enrolment(request, public_id) -> Enrolment:
    try:
        return selectors.member_enrolment(request.user, public_id)
    except Enrolment.DoesNotExist as exc:
        raise Http404 from exc


@member_required
def my_programmes(request):
    enrolments = list(selectors.member_enrolments(request.user))
    return render(
        request, "programmes/my_programmes.jinja", {"page_title": "Your programmes", "enrolments": enrolments}
    )


@member_required
def my_programme(request, public_id):
    enrolment = _enrolment(request, public_id)
    programme = enrolment.programme
    return render(
        request,
        "programmes/my_programme.jinja",
        {
            "page_title": programme.title,
            "enrolment": enrolment,
            "programme": programme,
            "sessions": selectors.member_programme_sessions(enrolment),
            "stage": selectors.programme_stage(programme),
            "interest": selectors.member_interest(enrolment),
            "sharing": selectors.member_sharing(enrolment),
            "sheet": services.information_sheet_ensure(service=programme.service),
            "groups": list(selectors.programme_open_groups_for_member(enrolment)),
        },
    )


def _interest_form_page(request, enrolment, *, via, action_url, template, extra=None):
    interest = selectors.member_interest(enrolment)
    form = forms.InterestForm(
        request.POST if request.method == "POST" else None, initial=forms.InterestForm.initial_from(interest)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_record(
                enrolment=enrolment,
                actor=request.user if request.user.is_authenticated else None,
                via=via,
                **form.cleaned_data,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return None
    context = {
        "page_title": "Would you like to join a follow-on group?",
        "form": form,
        "programme": enrolment.programme,
        "enrolment": enrolment,
        "interest": interest,
        "action_url": action_url,
    }
    context.update(extra or {})
    return render(request, template, context)


@member_required
def my_interest(request, public_id):
    enrolment = _enrolment(request, public_id)
    response = _interest_form_page(
        request,
        enrolment,
        via="web",
        action_url=reverse("programmes:my-interest", args=[public_id]),
        template="programmes/my_interest.jinja",
    )
    if response is not None:
        return response
    messages.success(request, "Thank you. Your answer has been saved. You can change it at any time")
    return redirect("programmes:my-programme", public_id)


@never_cache
@require_http_methods(["GET", "POST"])
def interest_link(request, token):
    """The follow-on group question from a link in a text message or email.

    No sign-in: the link's token is the key, bound to one member on one
    programme and to this purpose only, and it expires. The page shows no
    contact details, and the answer can be changed with the same link.
    """
    link = selectors.member_link_find(token, MemberLink.Purpose.INTEREST)
    if link is None:
        response = render(
            request,
            "programmes/link_expired.jinja",
            {"page_title": "This link has expired or is not valid"},
            status=404,
        )
    else:
        services.member_link_used(link=link)
        enrolment = link.enrolment
        response = _interest_form_page(
            request,
            enrolment,
            via="sms_link",
            action_url=request.path,
            template="programmes/link_interest.jinja",
            extra={"expires_at": link.expires_at},
        )
        if response is None:
            response = render(
                request,
                "programmes/link_thanks.jinja",
                {
                    "page_title": "Thank you, your answer has been saved",
                    "programme": enrolment.programme,
                    "expires_at": link.expires_at,
                },
            )
    # The token is in the address: never keep the page or index it. The site's
    # Referrer-Policy (same-origin) keeps it from other sites; "no-referrer"
    # would make browsers send "Origin: null" and fail the CSRF check.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@member_required
def my_contacts(request, public_id):
    enrolment = _enrolment(request, public_id)
    sharing = selectors.member_sharing(enrolment)
    contacts = selectors.programme_contact_list(enrolment, sharing) if sharing else None
    return render(
        request,
        "programmes/my_contacts.jinja",
        {
            "page_title": "Contact details from your programme",
            "programme": enrolment.programme,
            "sharing": sharing,
            "contacts": contacts,
        },
    )


@member_required
def my_contact_sharing(request, public_id):
    enrolment = _enrolment(request, public_id)
    notice = services.contact_notice_ensure(service=enrolment.programme.service)
    sharing = selectors.member_sharing(enrolment)
    form = forms.ContactSharingForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"fields_shared": sorted(sharing)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_sharing_set(
                enrolment=enrolment, actor=request.user, fields=form.cleaned_data["fields_shared"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, "Your choices could not be saved. Try again")
            del error
        else:
            shared = form.cleaned_data["fields_shared"]
            messages.success(
                request,
                "You are sharing your contact details with the others who share theirs"
                if shared
                else "You are not sharing any contact details. Others can no longer see them",
            )
            return redirect("programmes:my-contacts", public_id)
    return render(
        request,
        "programmes/my_contact_sharing.jinja",
        {
            "page_title": "Share your contact details",
            "programme": enrolment.programme,
            "form": form,
            "notice": notice,
        },
    )
