"""Signal receivers: session bookkeeping at sign-in, MFA proof, verified channels."""

from __future__ import annotations

from allauth.account.signals import authentication_step_completed
from allauth.mfa.signals import authenticator_added, authenticator_used
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from followon.accounts.security import (
    LAST_SEEN_AT_KEY,
    SESSION_KIND_KEY,
    SIGNED_IN_AT_KEY,
    mark_session_mfa_verified,
    session_kind_for,
)


@receiver(user_logged_in, dispatch_uid="followon.accounts.session_policy")
def start_session_policy(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = timezone.now().timestamp()
    request.session[SESSION_KIND_KEY] = session_kind_for(user)
    request.session[SIGNED_IN_AT_KEY] = now
    request.session[LAST_SEEN_AT_KEY] = now


@receiver(authenticator_used, dispatch_uid="followon.accounts.mfa_used")
def remember_mfa_used(sender, request, user, authenticator, **kwargs):
    if request is not None:
        mark_session_mfa_verified(request)


@receiver(authenticator_added, dispatch_uid="followon.accounts.mfa_added")
def remember_mfa_added(sender, request, user, authenticator, **kwargs):
    from followon.core.services import audit_record

    audit_record(actor=user, action=f"mfa.{authenticator.type}_added", target=user, detail={"type": authenticator.type})


@receiver(authentication_step_completed, dispatch_uid="followon.accounts.code_verifies_email")
def code_sign_in_verifies_email(sender, request, user, method, **kwargs):
    """A sign-in code that arrived by email proves the address (SMS: allauth calls set_phone_verified)."""
    email = kwargs.get("email")
    if method == "code" and email and user.email and user.email.lower() == email.lower() and not user.email_verified_at:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
