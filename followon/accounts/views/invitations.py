from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from followon.accounts import selectors, services
from followon.accounts.forms import InvitationForm, invitation_language_label
from followon.accounts.models import Invitation
from followon.accounts.security import user_requires_mfa
from followon.core.access import found_or_404
from followon.core.permissions import staff_required
from followon.core.phone import format_uk_mobile
from followon.identity.providers import Provider
from followon.identity.selectors import route_for
from followon.notifications import selectors as notification_selectors
from followon.organisations.models import StaffRole

INVITERS = (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN)
PAGE_SIZE = 50


def _invitation_or_404(request, public_id) -> Invitation:
    return found_or_404(selectors.invitation_for_service, request.service, public_id)


def _sent_words(invitation, sent: str) -> str:
    """ "Sent" only when it was: a text held for quiet hours says when it will go."""
    when = notification_selectors.when_it_goes(getattr(invitation, "message", None))
    if not when:
        return sent
    return _(
        "The invitation to %(name)s will be sent by text message %(when)s: "
        "FollowOn does not send texts between 9pm and 8am."
    ) % {"name": invitation.preferred_name, "when": when}


@staff_required(*INVITERS)
def invitation_list(request):
    page = Paginator(selectors.invitations_for_service(request.service), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/invitation_list.jinja", {"page_title": _("Invitations"), "page": page})


@staff_required(*INVITERS)
def invitation_new(request):
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        languages=selectors.invitation_languages(request.service),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_sms = data["channel"] == Invitation.Channel.SMS
        invitation = services.invitation_create(
            service=request.service,
            invited_by=request.user,
            preferred_name=data["preferred_name"],
            mobile=data["mobile"] if by_sms else None,
            email=None if by_sms else data["email"],
            language=data["language"],
        )
        sent = (
            _("Invitation sent to %(name)s by text message.") if by_sms else _("Invitation sent to %(name)s by email.")
        ) % {"name": invitation.preferred_name}
        messages.success(request, _sent_words(invitation, sent))
        return redirect("accounts:invitation-list")
    return render(request, "accounts/invitation_form.jinja", {"page_title": _("Invite someone"), "form": form})


@staff_required(*INVITERS)
def invitation_detail(request, public_id):
    invitation = _invitation_or_404(request, public_id)
    address = format_uk_mobile(invitation.mobile) if invitation.mobile else invitation.email
    return render(
        request,
        "accounts/invitation_detail.jinja",
        {
            "page_title": _("Invitation for %(name)s") % {"name": invitation.preferred_name},
            "invitation": invitation,
            "address": address,
            "language": invitation_language_label(invitation.language),
        },
    )


@require_POST
@staff_required(*INVITERS)
def invitation_resend(request, public_id):
    invitation = _invitation_or_404(request, public_id)
    if not invitation.can_resend:
        messages.error(request, _("This invitation cannot be sent again because it was accepted or cancelled."))
    else:
        invitation = services.invitation_resend(invitation=invitation, actor=request.user)
        messages.success(
            request,
            _sent_words(invitation, _("Invitation sent again to %(name)s.") % {"name": invitation.preferred_name})
            + " "
            + _("The old link no longer works."),
        )
    return redirect("accounts:invitation-detail", public_id=invitation.public_id)


@require_POST
@staff_required(*INVITERS)
def invitation_revoke(request, public_id):
    invitation = _invitation_or_404(request, public_id)
    if not invitation.can_revoke:
        messages.error(
            request, _("This invitation cannot be cancelled because it was accepted, cancelled or has expired.")
        )
    else:
        services.invitation_revoke(invitation=invitation, actor=request.user)
        messages.success(
            request,
            _("Invitation for %(name)s cancelled. The link no longer works.") % {"name": invitation.preferred_name},
        )
    return redirect("accounts:invitation-detail", public_id=invitation.public_id)


UNUSABLE = {
    "unknown": (
        gettext_lazy("This invitation link does not work"),
        gettext_lazy("Check you opened the whole link from your message."),
    ),
    "expired": (
        gettext_lazy("This invitation has expired"),
        gettext_lazy("Invitations work for 14 days. Ask your pain service to send you a new one."),
    ),
    "accepted": (
        gettext_lazy("You have already accepted this invitation"),
        gettext_lazy("Sign in with a code sent to your mobile phone or email."),
    ),
    "revoked": (
        gettext_lazy("This invitation was cancelled"),
        gettext_lazy("Contact your pain service if you think this is wrong."),
    ),
    "signed_in_as_other": (
        gettext_lazy("You are signed in as someone else"),
        gettext_lazy("Sign out, then open the link from your message again."),
    ),
    # The number or address already has an account: an invitation link never signs anyone in to it.
    "sign_in_first": (
        gettext_lazy("You already have a FollowOn account"),
        gettext_lazy(
            "Sign in first (we send a code to your mobile phone or email), then open the link from your "
            "message again to accept the invitation."
        ),
    ),
}


def _unusable(request, reason: str):
    heading, advice = UNUSABLE[reason]
    status = 404 if reason == "unknown" else 200
    return render(
        request,
        "accounts/invitation_unusable.jinja",
        {"page_title": heading, "heading": heading, "advice": advice, "reason": reason},
        status=status,
    )


def invitation_accept(request, token):
    """Open to anyone holding the link. GET shows the invitation; POST accepts it (single use).

    The link creates an account and signs its new owner in; for a number or address that already has
    an account it accepts only for that account's owner, already signed in (services.invitation_accept).
    """
    invitation = selectors.invitation_by_token(token)
    try:
        services.invitation_check(invitation)
    except services.InvitationNotUsable as exc:
        return _unusable(request, exc.reason)
    if request.method == "POST":
        try:
            invitation, user = services.invitation_accept(token=token, current_user=request.user)
        except services.InvitationNotUsable as exc:
            return _unusable(request, exc.reason)
        if user_requires_mfa(user):
            # Staff sign in with a password and an authenticator app, never by a link.
            messages.success(
                request,
                _("You are now a member of %(service)s. Sign in to carry on.") % {"service": invitation.service.name},
            )
            return redirect("accounts:staff-sign-in")
        if not request.user.is_authenticated:
            # Only ever a new account: the service refuses an existing one unless its owner is signed in.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session.set_expiry(0)
        messages.success(request, _("Welcome to FollowOn, %(name)s.") % {"name": user.display_name})
        return redirect("accounts:choices")
    return render(
        request,
        "accounts/invitation_accept.jinja",
        {
            "page_title": _("%(service)s has invited you") % {"service": invitation.service.name},
            "invitation": invitation,
            "token": token,
            "nhs_login_offered": route_for(invitation.service, Provider.NHS_LOGIN) is not None,
        },
    )
