"""Pages for signing in with NHS login (members) and NHS CIS2 (staff).

Each route starts with a plain link (GET) that sends the person to the provider, and
ends at a callback that checks the answer (followon.identity.oidc) and decides who
they are here. Every way it can fail has its own page saying what to do next, always
with FollowOn's own sign-in as the other way in.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from followon.accounts import selectors as account_selectors
from followon.accounts import services as account_services
from followon.accounts.decorators import signed_in_required
from followon.accounts.models import User
from followon.accounts.national import session as national_session
from followon.accounts.national.selectors import member_matching
from followon.accounts.national.services import invitation_accept_with_identity, member_match_confirm
from followon.accounts.security import mark_session_mfa_verified, user_requires_mfa
from followon.accounts.views.invitations import UNUSABLE
from followon.core.languages import reverse_in_english
from followon.identity import oidc
from followon.identity import selectors as identity_selectors
from followon.identity import services as identity_services
from followon.identity.providers import Cis2Level, NhsLoginLevel, Provider
from followon.organisations.models import PainService

CALLBACKS = {Provider.NHS_LOGIN: "accounts:nhs-login-callback", Provider.CIS2: "accounts:cis2-callback"}
STARTS = {Provider.NHS_LOGIN: "accounts:nhs-login", Provider.CIS2: "accounts:cis2"}
OWN_SIGN_IN = {
    Provider.NHS_LOGIN: (gettext_lazy("Sign in with a code instead"), "accounts:sign-in"),
    Provider.CIS2: (gettext_lazy("Sign in with your password and authenticator app"), "accounts:staff-sign-in"),
}


def _callback_uri(provider: str) -> str:
    # The address registered with the provider: from settings, never from the request's Host.
    # Always the English (unprefixed) address: the provider knows no other (ADR 0027).
    return settings.FOLLOWON_BASE_URL + reverse_in_english(CALLBACKS[provider])


def _safe_next(request) -> str:
    candidate = request.GET.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return ""


def _problem(request, provider: str, heading: str, paragraphs: list[str], *, status: int = 200, again: bool = True):
    """An NHS-style page for a sign-in that did not work, with the other way in."""
    name = Provider(provider).label
    own_text, own_url = OWN_SIGN_IN[provider]
    actions = [{"text": own_text, "href": reverse(own_url)}]
    if again:
        actions.append(
            {"text": _("Try %(name)s again") % {"name": name}, "href": reverse(STARTS[provider]), "secondary": True}
        )
    response = render(
        request,
        "accounts/national/problem.jinja",
        {"page_title": heading, "heading": heading, "paragraphs": paragraphs, "actions": actions},
        status=status,
    )
    return _unlogged(response)


def _unlogged(response):
    # We log and audit these ourselves, by reason. Django would log 4xx/5xx answers with their path,
    # and some paths here carry a link's token (/staff/cis2/link/<token>/, /invitations/<token>/...).
    response._has_been_logged = True
    return response


def _unavailable(request, provider: str):
    name = Provider(provider).label
    instead = (
        _("Sign in with a code sent to your mobile phone or email instead, or try %(name)s again in a few minutes.")
        if provider == Provider.NHS_LOGIN
        else _("Sign in with your password and authenticator app instead, or try %(name)s again in a few minutes.")
    )
    return _problem(
        request,
        provider,
        _("%(name)s is not working at the moment") % {"name": name},
        [
            _("This is a problem with %(name)s, not with your account, and nothing has changed.") % {"name": name},
            instead % {"name": name},
        ],
        status=503,
    )


def _start(request, route: oidc.Route, *, intent: dict | None = None):
    try:
        sign_in_request = oidc.sign_in_request(route, redirect_uri=_callback_uri(route.provider))
    except oidc.ProviderUnavailable:
        return _unavailable(request, route.provider)
    national_session.flow_start(
        request,
        route=route,
        state=sign_in_request.state,
        nonce=sign_in_request.nonce,
        intent=intent,
        next_url=_safe_next(request),
    )
    return HttpResponseRedirect(sign_in_request.url)


def _route_or_404(service, provider: str) -> oidc.Route:
    route = identity_selectors.route_for(service, provider)
    if route is None:
        raise Http404
    return route


def _choose_or_start(request, provider: str):
    services = identity_selectors.services_offering(provider)
    slug = request.GET.get("service")
    if slug:
        service = next((s for s in services if s.slug == slug), None)
        if service is None:
            raise Http404
        return _start(request, _route_or_404(service, provider))
    if not services:
        raise Http404
    if len(services) == 1:
        return _start(request, _route_or_404(services[0], provider))
    return render(
        request,
        "accounts/national/choose_service.jinja",
        {
            "page_title": _("Which pain service are you with?"),
            "provider_name": Provider(provider).label,
            "services": services,
            "start_url": reverse(STARTS[provider]),
        },
    )


# Starting ----------------------------------------------------------------------------------------


def nhs_login_start(request):
    """ "Continue with NHS login" on the sign-in page (members)."""
    return _choose_or_start(request, Provider.NHS_LOGIN)


def cis2_start(request):
    """ "Sign in with CIS2" on the staff sign-in page."""
    return _choose_or_start(request, Provider.CIS2)


def invitation_nhs_login(request, token):
    """ "Accept with NHS login" on an invitation: the invitation carries the link intent."""
    invitation = account_selectors.invitation_by_token(token)
    try:
        account_services.invitation_check(invitation)
    except account_services.InvitationNotUsable as exc:
        return _invitation_unusable(request, exc.reason)
    route = _route_or_404(invitation.service, Provider.NHS_LOGIN)
    return _start(request, route, intent={"kind": "invitation", "token": token})


@signed_in_required
def my_account_nhs_login(request):
    """A member signed in with a code links NHS login for next time (Your account)."""
    if user_requires_mfa(request.user):
        raise Http404
    route = _route_or_404(account_selectors.member_primary_service(request.user), Provider.NHS_LOGIN)
    return _start(request, route, intent={"kind": "link_current", "user": str(request.user.public_id)})


def cis2_link(request, token):
    """The page a staff member's link invitation opens: what will happen, then CIS2."""
    invitation = identity_selectors.staff_invitation_by_token(token)
    try:
        identity_services.staff_identity_invitation_check(invitation)
    except identity_services.IdentityNotLinkable as exc:
        return _link_problem(request, exc.reason)
    return render(
        request,
        "accounts/national/cis2_link.jinja",
        {
            "page_title": _("Link your CIS2 identity to FollowOn"),
            "invitation": invitation,
            "start_url": reverse("accounts:cis2-link-start", args=[token]),
        },
    )


def cis2_link_start(request, token):
    invitation = identity_selectors.staff_invitation_by_token(token)
    try:
        identity_services.staff_identity_invitation_check(invitation)
    except identity_services.IdentityNotLinkable as exc:
        return _link_problem(request, exc.reason)
    route = _route_or_404(invitation.service, Provider.CIS2)
    return _start(request, route, intent={"kind": "cis2_link", "token": token})


# Finishing ---------------------------------------------------------------------------------------


def _complete(request, provider: str):
    """Check the provider's answer. Returns (flow, route, service, sign_in) or a response."""
    flow = national_session.flow_pop(request, provider)
    service = PainService.objects.filter(pk=flow["service_id"]).first() if flow else None
    route = identity_selectors.route_for(service, provider) if service else None
    if route is None:
        identity_services.sign_in_refused_record(provider=provider, reason="no_flow", service=service)
        return _refused(request, provider)
    try:
        sign_in = oidc.complete_sign_in(
            route,
            redirect_uri=_callback_uri(provider),
            params=request.GET.dict(),
            expected_state=flow["state"],
            nonce=flow["nonce"],
        )
    except oidc.SignInCancelled:
        name = Provider(provider).label
        return _problem(
            request,
            provider,
            _("You did not finish signing in with %(name)s") % {"name": name},
            [_("Nothing has changed. You can try again, or use the other way to sign in.")],
        )
    except oidc.ProviderUnavailable:
        return _unavailable(request, provider)
    except oidc.ResponseRefused as exc:
        identity_services.sign_in_refused_record(provider=provider, reason=exc.reason, service=service)
        return _refused(request, provider)
    except oidc.LevelTooLow as exc:
        identity_services.sign_in_refused_record(
            provider=provider, reason=exc.reason, service=service, outcome="level_too_low"
        )
        return _level_too_low(request, route, service)
    return flow, route, service, sign_in


def _refused(request, provider: str):
    name = Provider(provider).label
    return _problem(
        request,
        provider,
        _("We could not sign you in"),
        [
            _(
                "The answer from %(name)s was not what we expected, so we stopped to keep your account safe. "
                "This can happen if you went back a page, refreshed it, or opened an old sign-in link."
            )
            % {"name": name},
            _("Start again. If it keeps happening, contact your pain service."),
        ],
        status=400,
    )


def _level_too_low(request, route: oidc.Route, service):
    if route.provider == Provider.NHS_LOGIN:
        need = (
            _(
                "%(service)s needs NHS login to have checked your identity with photo ID before you can use it "
                "to sign in to FollowOn."
            )
            if route.level == NhsLoginLevel.P9
            else _(
                "%(service)s needs NHS login to have matched you to your NHS record before you can use it to "
                "sign in to FollowOn."
            )
        )
        paragraphs = [
            need % {"service": service.name},
            _(
                "Open the NHS App or go to NHS login and choose to prove who you are. It takes a few minutes "
                "and you may need photo ID. Then try again."
            ),
        ]
        heading = _("You need to prove who you are in NHS login")
    else:
        need = (
            _(
                "%(service)s needs staff to sign in to CIS2 with a smartcard or an equivalent (authentication "
                "level AAL3). The way you signed in this time gives less."
            )
            if route.level == Cis2Level.AAL3
            else _(
                "%(service)s needs staff to sign in to CIS2 with at least authentication level AAL2. The way you "
                "signed in this time gives less."
            )
        )
        paragraphs = [
            need % {"service": service.name},
            _("Sign in to CIS2 again with your smartcard, or use your password and authenticator app."),
        ]
        heading = _("Use your smartcard to sign in with CIS2")
    return _problem(request, route.provider, heading, paragraphs)


def _not_linked(request, provider: str, service, *, reason: str = "not_linked"):
    identity_services.sign_in_refused_record(provider=provider, reason=reason, service=service, outcome="not_linked")
    if provider == Provider.NHS_LOGIN:
        heading = _("We could not find your FollowOn account")
        paragraphs = [
            _("Your NHS login is not linked to a FollowOn account yet."),
            _(
                "If your pain service has invited you, open the link in your invitation and choose "
                "“Accept with NHS login”."
            ),
            _(
                "If you already use FollowOn, sign in with a code. Then, on “Your account”, choose to use "
                "NHS login next time."
            ),
        ]
    else:
        heading = _("Your CIS2 identity is not linked to FollowOn")
        paragraphs = [
            _(
                "Ask a service admin at your pain service to send you a link (Staff home, then “Staff sign-in with "
                "CIS2”). Open it and sign in with CIS2 once; after that, CIS2 is all you need."
            ),
            _("Until then, sign in with your password and authenticator app."),
        ]
    return _problem(request, provider, heading, paragraphs, again=False)


LINK_PROBLEMS = {
    "unknown": (
        gettext_lazy("This link does not work"),
        gettext_lazy("Check you opened the whole link from the email."),
    ),
    "expired": (
        gettext_lazy("This link has expired"),
        gettext_lazy("Links work for 7 days. Ask your service admin to send a new one."),
    ),
    "used": (
        gettext_lazy("This link has already been used"),
        gettext_lazy("Your CIS2 identity is linked. Sign in with CIS2."),
    ),
    "revoked": (
        gettext_lazy("This link was cancelled"),
        gettext_lazy("Ask your service admin to send a new one if you still need it."),
    ),
    "not_staff": (
        gettext_lazy("This link is no longer for you"),
        gettext_lazy("You are no longer staff at this service on FollowOn."),
    ),
    "linked_to_other": (
        gettext_lazy("This identity is linked to another FollowOn account"),
        gettext_lazy(
            "Each NHS login or CIS2 identity can be linked to one FollowOn account. Contact your pain service."
        ),
    ),
    "other_identity": (
        gettext_lazy("Your FollowOn account is linked to a different identity"),
        gettext_lazy("Sign in with the one already linked, or ask your pain service to remove that link first."),
    ),
}


def _link_problem(request, reason: str, provider: str = Provider.CIS2):
    heading, advice = LINK_PROBLEMS[reason]
    return _problem(request, provider, heading, [advice], status=404 if reason == "unknown" else 200, again=False)


def _invitation_unusable(request, reason: str):
    heading, advice = UNUSABLE[reason]
    response = render(
        request,
        "accounts/invitation_unusable.jinja",
        {"page_title": heading, "heading": heading, "advice": advice, "reason": reason},
        status=404 if reason == "unknown" else 200,
    )
    return _unlogged(response)


def _sign_in(request, user, *, route: oidc.Route, sign_in: oidc.VerifiedSignIn):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    national_session.sign_in_record(request, route=route, sign_in=sign_in)
    if sign_in.provider == Provider.CIS2:
        # CIS2 at AAL2 or AAL3 is multi-factor already: no authenticator-app code as well.
        mark_session_mfa_verified(request, method="cis2")
    else:
        # Like a code sign-in without "remember this device": ends when the browser closes.
        request.session.set_expiry(0)


def _next(flow: dict, default: str) -> str:
    return flow.get("next") or reverse(default)


def nhs_login_callback(request):
    result = _complete(request, Provider.NHS_LOGIN)
    if not isinstance(result, tuple):
        return result
    flow, route, service, sign_in = result
    intent = flow.get("intent") or {}
    if intent.get("kind") == "invitation":
        try:
            invitation, user = invitation_accept_with_identity(
                token=intent.get("token", ""), sign_in=sign_in, current_user=request.user
            )
        except account_services.InvitationNotUsable as exc:
            return _invitation_unusable(request, exc.reason)
        except identity_services.IdentityNotLinkable as exc:
            return _link_problem(request, exc.reason, Provider.NHS_LOGIN)
        _sign_in(request, user, route=route, sign_in=sign_in)
        messages.success(
            request,
            _("Welcome to FollowOn, %(name)s. Next time, sign in with NHS login.") % {"name": user.display_name},
        )
        return redirect("accounts:choices")
    if intent.get("kind") == "link_current":
        user = request.user if request.user.is_authenticated else None
        if user is None or str(user.public_id) != intent.get("user"):
            identity_services.sign_in_refused_record(provider=Provider.NHS_LOGIN, reason="link_user", service=service)
            return _refused(request, Provider.NHS_LOGIN)
        try:
            member_match_confirm(user=user, sign_in=sign_in, service=service)
        except identity_services.IdentityNotLinkable as exc:
            return _link_problem(request, exc.reason, Provider.NHS_LOGIN)
        _sign_in(request, user, route=route, sign_in=sign_in)
        messages.success(request, _("NHS login is linked. Next time, you can sign in with NHS login."))
        return redirect("accounts:my-account")
    identity = identity_selectors.identity_for(
        provider=sign_in.provider, environment=sign_in.environment, subject=sign_in.subject
    )
    if identity is not None:
        user = identity.user
        if not user.is_active or user_requires_mfa(user):
            # Closed accounts cannot sign in; staff sign in with CIS2 or password and app, never NHS login.
            return _not_linked(request, Provider.NHS_LOGIN, service, reason="not_a_member")
        identity_services.identity_signed_in(identity=identity, sign_in=sign_in, service=service)
        _sign_in(request, user, route=route, sign_in=sign_in)
        return HttpResponseRedirect(_next(flow, "home:index"))
    match = member_matching(sign_in)
    if match is None:
        return _not_linked(request, Provider.NHS_LOGIN, service)
    request.session[national_session.PENDING_MATCH_KEY] = {
        "user_id": match.user.pk,
        "shown": match.shown,
        "service_id": service.pk,
        # The NHS number is not carried over: it is stored (encrypted) at the next sign-in.
        "sign_in": dataclasses.asdict(dataclasses.replace(sign_in, nhs_number="")),
        "next": flow.get("next", ""),
    }
    return redirect("accounts:nhs-login-confirm")


@require_http_methods(["GET", "POST"])
def nhs_login_confirm(request):
    """We found one member whose verified mobile or email NHS login also verified: is it them?"""
    pending = request.session.get(national_session.PENDING_MATCH_KEY)
    if not pending:
        return redirect("accounts:sign-in")
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    service = PainService.objects.filter(pk=pending["service_id"]).first()
    route = identity_selectors.route_for(service, Provider.NHS_LOGIN)
    if user is None or route is None:
        request.session.pop(national_session.PENDING_MATCH_KEY, None)
        return redirect("accounts:sign-in")
    if request.method == "POST":
        request.session.pop(national_session.PENDING_MATCH_KEY, None)
        sign_in = oidc.VerifiedSignIn(**pending["sign_in"])
        if request.POST.get("answer") != "yes":
            return _not_linked(request, Provider.NHS_LOGIN, service, reason="match_declined")
        try:
            identity = member_match_confirm(user=user, sign_in=sign_in, service=service)
        except identity_services.IdentityNotLinkable as exc:
            return _link_problem(request, exc.reason, Provider.NHS_LOGIN)
        identity_services.identity_signed_in(identity=identity, sign_in=sign_in, service=service)
        _sign_in(request, user, route=route, sign_in=sign_in)
        messages.success(request, _("Your NHS login is now linked. Next time, sign in with NHS login."))
        return HttpResponseRedirect(pending.get("next") or reverse("home:index"))
    return render(
        request,
        "accounts/national/confirm_match.jinja",
        {"page_title": _("Is this your FollowOn account?"), "shown": pending["shown"], "name": user.preferred_name},
    )


def cis2_callback(request):
    result = _complete(request, Provider.CIS2)
    if not isinstance(result, tuple):
        return result
    flow, route, service, sign_in = result
    intent = flow.get("intent") or {}
    if intent.get("kind") == "cis2_link":
        try:
            invitation = identity_services.staff_identity_invitation_accept(
                token=intent.get("token", ""), sign_in=sign_in
            )
        except identity_services.IdentityNotLinkable as exc:
            return _link_problem(request, exc.reason)
        user = invitation.user
        identity = identity_selectors.identity_for(
            provider=sign_in.provider, environment=sign_in.environment, subject=sign_in.subject
        )
    else:
        identity = identity_selectors.identity_for(
            provider=sign_in.provider, environment=sign_in.environment, subject=sign_in.subject
        )
        user = identity.user if identity else None
    if identity is None or not user.is_active or not user_requires_mfa(user):
        return _not_linked(request, Provider.CIS2, service)
    identity_services.identity_signed_in(identity=identity, sign_in=sign_in, service=service)
    _sign_in(request, user, route=route, sign_in=sign_in)
    selected = next((role for role in sign_in.roles if role["selected"]), sign_in.roles[0] if sign_in.roles else None)
    if selected is None:
        said = _("You signed in with CIS2. What you can do in FollowOn is set by your FollowOn roles.")
    else:
        role = f"{selected['name']} ({selected['org']})" if selected["org"] else selected["name"]
        said = _("You signed in with CIS2 as %(role)s. What you can do in FollowOn is set by your FollowOn roles.") % {
            "role": role
        }
    messages.info(request, said)
    return HttpResponseRedirect(_next(flow, "home:staff-home"))


def signed_out(request):
    """Where NHS login and CIS2 send people back after ending their session (post-logout URI)."""
    return redirect("home:index")
