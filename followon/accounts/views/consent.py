from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followon.accounts import selectors, services
from followon.accounts.decorators import signed_in_required
from followon.accounts.forms import CONSENT_KIND_SLUGS, ConsentDecisionForm, ConsentNoticeForm
from followon.accounts.models import ConsentKind, ConsentRecord
from followon.accounts.notices import DEFAULT_NOTICES, NOTICES_ABOUT_THE_BOARD, says_what_the_clinician_sees
from followon.accounts.selectors import member_memberships
from followon.core.permissions import staff_required
from followon.organisations.models import StaffRole


def _kind(slug: str) -> ConsentKind:
    try:
        return ConsentKind(CONSENT_KIND_SLUGS[slug])
    except KeyError as exc:  # a consent kind we do not have: the same 404 as any unknown address
        raise Http404 from exc


def kind_slug(kind) -> str:
    return str(kind).replace("_", "-")


def _member_service(request, service_public_id):
    for membership in member_memberships(request.user):
        if membership.service.public_id == service_public_id:
            return membership.service
    raise Http404


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


# Members --------------------------------------------------------------------------


@signed_in_required
def choices(request):
    sections = [
        {"service": m.service, "rows": selectors.member_consent_rows(request.user, m.service)}
        for m in member_memberships(request.user)
    ]
    return render(
        request,
        "accounts/choices.jinja",
        {"page_title": _("Your choices"), "sections": sections, "kind_slug": kind_slug},
    )


@signed_in_required
def consent_decide(request, service_public_id, kind):
    service = _member_service(request, service_public_id)
    kind = _kind(kind)
    notice = selectors.current_notice(service, kind.value)
    if notice is None:
        raise Http404
    form = ConsentDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        services.consent_record(user=request.user, service=service, kind=kind.value, decision=decision)
        if decision == ConsentRecord.Decision.GIVEN:
            messages.success(request, _("Thank you. You have agreed to: %(notice)s.") % {"notice": notice.title})
        else:
            messages.success(request, _("You have chosen not to agree to: %(notice)s.") % {"notice": notice.title})
        return redirect(_safe_next(request) or "accounts:choices")
    agreed = selectors.member_has_current_consent(request.user, service, kind.value)
    return render(
        request,
        "accounts/consent_decide.jinja",
        {
            "page_title": notice.title,
            "form": form,
            "notice": notice,
            "service": service,
            "agreed": agreed,
            "next": _safe_next(request) or "",
            "paragraphs": [p.strip() for p in notice.body.split("\n\n") if p.strip()],
        },
    )


@require_POST
@signed_in_required
def consent_withdraw(request, service_public_id, kind):
    service = _member_service(request, service_public_id)
    kind = _kind(kind)
    record = services.consent_withdraw(user=request.user, service=service, kind=kind.value)
    if record is not None:
        messages.success(
            request,
            _("You have withdrawn your agreement to: %(notice)s. This has taken effect.")
            % {"notice": record.notice.title},
        )
    return redirect("accounts:choices")


# Service admins -------------------------------------------------------------------


@staff_required(StaffRole.Role.SERVICE_ADMIN)
def notice_list(request):
    notices = selectors.current_notices(request.service)
    counts = selectors.consent_counts(request.service)
    rows = [{"kind": kind, "notice": notices.get(kind.value), "count": counts[kind.value]} for kind in ConsentKind]
    # A service's own wording may not say what the duty clinician sees of a board (ADR 0019).
    silent_on_the_board = [
        row["kind"]
        for row in rows
        if row["kind"] in NOTICES_ABOUT_THE_BOARD
        and row["notice"]
        and not says_what_the_clinician_sees(row["notice"].body)
    ]
    return render(
        request,
        "accounts/notice_list.jinja",
        {
            "page_title": _("Consent notices"),
            "rows": rows,
            "kind_slug": kind_slug,
            "silent_on_the_board": silent_on_the_board,
        },
    )


@staff_required(StaffRole.Role.SERVICE_ADMIN)
def notice_edit(request, kind):
    kind = _kind(kind)
    current = selectors.current_notice(request.service, kind.value)
    if current is None:
        title, body = DEFAULT_NOTICES[kind]
    else:
        title, body = current.title, current.body
    form = ConsentNoticeForm(request.POST if request.method == "POST" else None, initial={"title": title, "body": body})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notice = services.consent_notice_publish(
            service=request.service,
            kind=kind.value,
            title=data["title"],
            body=data["body"],
            requires_new_agreement=data["requires_new_agreement"] == "yes",
            actor=request.user,
        )
        messages.success(
            request,
            _("%(kind)s: version %(version)s published.")
            % {"kind": notice.get_kind_display(), "version": notice.version},
        )
        return redirect("accounts:notice-list")
    return render(
        request,
        "accounts/notice_edit.jinja",
        {
            "page_title": _("Edit: %(kind)s") % {"kind": kind.label},
            "form": form,
            "kind": kind,
            "current": current,
            "history": selectors.notice_history(request.service, kind.value),
        },
    )
