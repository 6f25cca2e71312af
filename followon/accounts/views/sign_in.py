"""Sign-in pages: thin subclasses of allauth's views, drawn with our Jinja2 templates.

See docs/adr (sign-in with allauth) for why we wrap allauth's views rather than
override its templates.
"""

from __future__ import annotations

from allauth.account.internal.flows.login_by_code import LoginCodeVerificationProcess
from allauth.account.stages import LoginByCodeStage, LoginStageController
from allauth.account.views import ConfirmLoginCodeView, LoginView, RequestLoginCodeView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.forms.utils import ErrorList
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext, gettext_lazy

from followon.accounts.forms import CodeConfirmForm, MemberCodeRequestForm, StaffSignInForm
from followon.accounts.national.session import current_sign_in
from followon.accounts.services import sign_in_code_attempts_exceeded
from followon.core import phone
from followon.core.languages import reverse_in_english
from followon.identity.oidc import end_session_url
from followon.identity.providers import Provider
from followon.identity.selectors import services_offering

CODE_USED_OR_EXPIRED = gettext_lazy("That code has already been used or has expired. Ask for a new code")
CODE_EXPIRED = gettext_lazy("Your code has expired. Codes work for 10 minutes. Ask for a new code")
TOO_MANY_WRONG_CODES = gettext_lazy("You entered the wrong code too many times. For your security, ask for a new code")


class MemberSignInView(RequestLoginCodeView):
    """Members: ask for a one-time code by mobile number or email address."""

    template_name = "accounts/sign_in.jinja"
    form_class = MemberCodeRequestForm

    def get_form_class(self):
        return self.form_class

    def _redirect_to_pending_stage(self, request, stage):
        # allauth would send people back to a pending code; "ask for a new code" must start again.
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = gettext("Sign in")
        context["nhs_login_offered"] = bool(services_offering(Provider.NHS_LOGIN))
        return context


class MemberCodeConfirmView(ConfirmLoginCodeView):
    """Members: enter the code. Wrong, expired, reused and guessed codes get clear messages."""

    template_name = "accounts/sign_in_code.jinja"

    def dispatch(self, request, *args, **kwargs):
        stage = LoginStageController.enter(request, LoginByCodeStage.key)
        if stage is None:
            if request.method == "POST":
                messages.error(request, CODE_USED_OR_EXPIRED)
        elif not LoginCodeVerificationProcess(stage).is_valid():
            messages.error(request, CODE_EXPIRED)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return CodeConfirmForm

    def form_invalid(self, form):
        if not form.has_error("code", "incorrect"):
            # A typo in the format is not a guess: do not count it.
            return self.render_to_response(self.get_context_data(form=form))
        if self._process.record_invalid_attempt():
            left = self._process.max_attempts - self._process.state["failed_attempts"]
            tries = "try" if left == 1 else "tries"
            form.errors["code"] = ErrorList([f"{form.errors['code'][0]}. You have {left} more {tries}"])
            return self.render_to_response(self.get_context_data(form=form))
        sign_in_code_attempts_exceeded(user=self._process.user)
        messages.error(self.request, TOO_MANY_WRONG_CODES)
        return redirect("accounts:sign-in")

    def _verify_form_valid(self, form):
        response = super()._verify_form_valid(form)
        if self.request.user.is_authenticated:
            if form.cleaned_data.get("remember"):
                self.request.session.set_expiry(settings.MEMBER_SESSION_MAX_SECONDS)
            else:
                # Ends when the browser closes (and after 30 days at most).
                self.request.session.set_expiry(0)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sent_to = context.get("phone") and phone.format_uk_mobile(context["phone"]) or context.get("email")
        context.update(
            {"page_title": gettext("Enter your sign-in code"), "sent_to": sent_to, "by_sms": bool(context.get("phone"))}
        )
        return context


class StaffSignInView(LoginView):
    """Staff: email and password; allauth then asks for the authenticator code (MFA stage)."""

    template_name = "accounts/staff_sign_in.jinja"
    form_class = StaffSignInForm

    def get_form_class(self):
        return self.form_class

    def _redirect_to_pending_stage(self, request, stage):
        # "Start again" from the authenticator step must reach the password form.
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = gettext("Sign in as staff")
        context["cis2_offered"] = bool(services_offering(Provider.CIS2))
        return context


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET). After NHS login or CIS2, the provider's
    session ends too: we send the person to its end-session endpoint, which sends them back."""

    next_page = "home:index"

    def post(self, request, *args, **kwargs):
        national = current_sign_in(request)
        response = super().post(request, *args, **kwargs)
        # The registered post-logout address is the English one, whatever language the page was in.
        done = settings.FOLLOWON_BASE_URL + reverse_in_english("accounts:signed-out")
        provider_logout = end_session_url(national, post_logout_redirect_uri=done) if national else None
        if provider_logout:
            name = Provider(national["provider"]).label
            messages.info(request, gettext("You have signed out of FollowOn and %(name)s.") % {"name": name})
            return HttpResponseRedirect(provider_logout)
        messages.info(request, gettext("You have signed out."))
        return response
