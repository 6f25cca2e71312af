"""Staff sign-in security: the authenticator step, set-up, recovery codes, re-entering a password.

Thin subclasses of allauth.mfa's views with our templates and forms. Every page
here is for people who must use MFA (staff and platform operators); members get 403.
"""

from __future__ import annotations

from allauth.account.views import ReauthenticateView
from allauth.mfa.base.views import AuthenticateView, IndexView
from allauth.mfa.base.views import ReauthenticateView as MFAReauthenticateView
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.views import GenerateRecoveryCodesView, ViewRecoveryCodesView
from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from followon.accounts.forms import (
    MFAAuthenticateForm,
    MFAReauthenticateForm,
    PasswordReauthenticateForm,
    TOTPActivateForm,
)
from followon.accounts.national.session import current_sign_in
from followon.accounts.security import (
    mark_session_mfa_verified,
    session_mfa_verified,
    user_has_totp,
    user_requires_mfa,
)


class _StaffSecurityPage:
    """Only for people who must use MFA. With `needs_verified_session`, a session
    that has not passed MFA (possible only for someone who already has an
    authenticator) is sent to sign in again rather than shown codes."""

    needs_verified_session = True
    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:staff-sign-in"))
        if not user_requires_mfa(user):
            raise PermissionDenied
        if self.needs_verified_session and user_has_totp(user) and not session_mfa_verified(request):
            return redirect_to_login(request.get_full_path(), reverse("accounts:staff-sign-in"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        return context


class StaffMFAAuthenticateView(AuthenticateView):
    """The second step of staff sign-in (allauth's MFA login stage)."""

    template_name = "accounts/mfa_authenticate.jinja"

    def get_form_class(self):
        return MFAAuthenticateForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = gettext_lazy("Enter the code from your authenticator app")
        return context


class TOTPActivateView(_StaffSecurityPage, ActivateTOTPView):
    template_name = "accounts/mfa_activate.jinja"
    page_title = gettext_lazy("Set up your authenticator app")
    needs_verified_session = False

    def get_form_class(self):
        return TOTPActivateForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # Typing the app's code at set-up proves the app, as the sign-in step would.
        mark_session_mfa_verified(self.request)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        secret = context["form"].secret
        context["secret_groups"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        return context


class SecurityIndexView(_StaffSecurityPage, IndexView):
    template_name = "accounts/mfa_index.jinja"
    page_title = gettext_lazy("Your sign-in security")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        recovery = context["authenticators"].get(Authenticator.Type.RECOVERY_CODES)
        context["recovery_unused"] = len(recovery.get_unused_codes()) if recovery else 0
        context["national_sign_in"] = current_sign_in(self.request)
        return context


class RecoveryCodesView(_StaffSecurityPage, ViewRecoveryCodesView):
    template_name = "accounts/mfa_recovery_codes.jinja"
    page_title = gettext_lazy("Your recovery codes")


class RecoveryCodesGenerateView(_StaffSecurityPage, GenerateRecoveryCodesView):
    template_name = "accounts/mfa_recovery_codes_generate.jinja"
    page_title = gettext_lazy("Make new recovery codes")


class PasswordReauthenticateView(_StaffSecurityPage, ReauthenticateView):
    template_name = "accounts/reauthenticate.jinja"
    page_title = gettext_lazy("Enter your password again")
    needs_verified_session = False

    def get_form_class(self):
        return PasswordReauthenticateForm


class MFAReauthenticateStaffView(_StaffSecurityPage, MFAReauthenticateView):
    template_name = "accounts/mfa_reauthenticate.jinja"
    page_title = gettext_lazy("Enter the code from your authenticator app")

    def get_form_class(self):
        return MFAReauthenticateForm


@login_required
def totp_deactivate(request):
    """allauth links here when an authenticator already exists. Staff must keep theirs."""
    if not user_requires_mfa(request.user):
        raise PermissionDenied
    messages.info(
        request,
        gettext(
            "Staff must keep an authenticator app. If you have lost yours, ask a FollowOn platform operator to "
            "reset it."
        ),
    )
    return redirect("mfa_index")
