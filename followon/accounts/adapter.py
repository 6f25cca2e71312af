"""How django-allauth fits FollowOn: our messages, our outbox, our wording.

- Sign-in codes go out through the notifications outbox (SMS or email), never
  through Django's mail.
- Nobody can sign up: members arrive by invitation, staff are added by admins.
- Error messages are in NHS style; allauth's own flash messages are replaced
  by ours (or dropped), so no phone number or address is put in a message.
- TOTP secrets are encrypted at rest.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import time
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from followon.accounts.forms import UKMobileField
from followon.accounts.models import User
from followon.accounts.security import user_has_totp, user_requires_mfa
from followon.accounts.selectors import member_primary_service
from followon.accounts.services import sign_in_lockout_record
from followon.notifications.services import message_enqueue

logger = logging.getLogger(__name__)

SIGN_IN_CODE_TEMPLATE = "sign_in_code"
CODE_MINUTES = settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60

# allauth's flash messages we keep, in our words; any other is dropped.
_MESSAGES = {
    "mfa/messages/totp_activated.txt": "Your authenticator app is set up.",
    "mfa/messages/recovery_codes_generated.txt": "Your recovery codes are ready. Any earlier codes no longer work.",
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "Enter a correct email address and password",
        "phone_password_mismatch": "Enter a correct email address and password",
        "incorrect_code": "The code is not right. Check the code we sent you and try again",
        "too_many_login_attempts": (
            "You have tried to sign in too many times. For your security, wait 15 minutes, then try again"
        ),
        "rate_limited": "You have asked too many times. Wait a few minutes, then try again",
        "account_inactive": "This account has been closed. Contact your pain service",
        "incorrect_password": "The password is not right",
        "enter_current_password": "Enter your password",
    }

    # Nobody signs up.
    def is_open_for_signup(self, request) -> bool:
        return False

    # Where people land after signing in.
    def get_login_redirect_url(self, request) -> str:
        if user_requires_mfa(request.user) and not user_has_totp(request.user):
            return reverse("mfa_activate_totp")
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up an authenticator straight after signing in with a password
        should not ask for the password again: any sign-in step in this session
        within the reauthentication window counts."""

        request = context.request
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def respond_user_inactive(self, request, user):
        messages.error(request, self.error_messages["account_inactive"])
        return redirect("accounts:sign-in")

    # Lock-outs are temporary (the rate-limit window) and logged.
    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            sign_in_lockout_record(request=request, method="password", address=credentials.get("email") or "")
            raise

    # Flash messages.
    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        if message is None:
            message = _MESSAGES.get(message_template or "")
            if message is None:
                return
        messages.add_message(request, level, str(message), extra_tags=extra_tags)

    # Codes go through the outbox.
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        if template_prefix == "account/email/login_code":
            self._send_code(channel="email", to_address=email, code=context["code"], email=email)
            return
        # Every other allauth email is switched off in settings; never send one silently.
        logger.warning("allauth asked to send an email we do not use: %s", template_prefix)

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        self._send_code(channel="sms", to_address=phone, code=code, user=user)

    def _send_code(self, *, channel: str, to_address: str, code: str, user=None, email=None) -> None:

        if user is None and email:
            user = self.get_user_by_email(email)
        message_enqueue(
            template=SIGN_IN_CODE_TEMPLATE,
            context={"code": code, "minutes": CODE_MINUTES, "service_name": settings.SERVICE_NAME},
            idempotency_key=f"sign-in-code:{uuid.uuid4()}",
            channel=channel,
            to_address=to_address,
            recipient=user,
            service=member_primary_service(user) if user else None,
            urgent=True,
            sensitive=True,  # the code is removed from the outbox once sent
        )

    def get_user_by_email(self, email: str):

        return User.objects.filter(email__iexact=email, is_active=True).first()

    # Phone numbers live on the User (E.164, see accounts.phone).
    def get_user_by_phone(self, phone: str):

        return User.objects.filter(mobile=phone, is_active=True).first()

    def get_phone(self, user):
        if not user.mobile:
            return None
        return user.mobile, user.mobile_verified_at is not None

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.mobile = phone
        user.mobile_verified_at = timezone.now() if verified else None
        user.save(update_fields=["mobile", "mobile_verified_at"])

    def set_phone_verified(self, user, phone: str) -> None:
        if user.mobile == phone and user.mobile_verified_at is None:
            user.mobile_verified_at = timezone.now()
            user.save(update_fields=["mobile_verified_at"])

    def phone_form_field(self, **kwargs):

        return UKMobileField(**kwargs)


def _fernet() -> Fernet:
    key = hashlib.sha256(("followon-mfa:" + settings.MFA_ENCRYPTION_KEY).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right. Enter the 6-digit code your authenticator app shows now",
        "cannot_delete_authenticator": "Staff must keep an authenticator app",
        "unverified_email": "Your email address must be checked before you can set up an authenticator app",
    }
    _PREFIX = "fernet:"

    def get_totp_issuer(self) -> str:
        return settings.SERVICE_NAME

    def get_totp_label(self, user) -> str:
        return user.email or str(user.public_id)

    def can_delete_authenticator(self, authenticator) -> bool:
        return not user_requires_mfa(authenticator.user)

    def encrypt(self, text: str) -> str:
        return self._PREFIX + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(self._PREFIX):
            return encrypted_text
        try:
            return _fernet().decrypt(encrypted_text[len(self._PREFIX) :].encode()).decode()
        except InvalidToken as exc:
            raise ValueError("MFA secret cannot be decrypted: has MFA_ENCRYPTION_KEY changed?") from exc
