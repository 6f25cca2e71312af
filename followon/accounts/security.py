"""Who must use MFA, whether this session has, and the gate every staff page passes.

Staff (anyone with an active StaffRole) and platform operators (`is_staff`)
must sign in with a password and an authenticator app, or with NHS CIS2. A
session proves MFA when allauth's MFA step succeeded in it, when the
authenticator was set up in it (which also needs the code from the app), or
when it signed in with CIS2 at AAL2/AAL3 (then no authenticator app is needed).
"""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from followon.core.prepared import PreparedQuery
from followon.organisations.selectors import is_staff_member

MFA_SESSION_KEY = "followon_mfa_verified_at"
# How this session passed MFA: "totp" (authenticator app or recovery code) or "cis2" (signed in
# with NHS CIS2 at AAL2/AAL3, which is multi-factor itself: accounts/national).
MFA_METHOD_KEY = "followon_mfa_method"
CIS2_MFA = "cis2"
SESSION_KIND_KEY = "followon_session_kind"
SIGNED_IN_AT_KEY = "followon_signed_in_at"
LAST_SEEN_AT_KEY = "followon_last_seen_at"
STAFF_KIND = "staff"
MEMBER_KIND = "member"


def user_requires_mfa(user) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or is_staff_member(user))


# Asked by the MFA gate on every staff page: its SQL built once per process (core.prepared, ADR 0032),
# run on every call, so an authenticator removed counts on the very next request.
_HAS_TOTP = PreparedQuery(
    lambda user_id: Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP).values_list("pk")[:1],
    user_id=int,
)


def user_has_totp(user) -> bool:
    return bool(_HAS_TOTP.list(user_id=user.pk))


# What the MFA gate needs to know, read with the staff roles by @staff_required (core.staff_gates, ADR
# 0036): the same condition as _HAS_TOTP, for the role row's person.
HAS_TOTP_COLUMN = "mfa_gate_has_totp"


def has_totp_column():
    return Exists(Authenticator.objects.filter(user_id=OuterRef("user_id"), type=Authenticator.Type.TOTP))


def _has_totp_here(request) -> bool:
    """user_has_totp, from the staff roles @staff_required read for this request when it read any
    (every row carries the column for the same person); else asked on its own."""
    held = getattr(request, "staff_roles_held", None)
    if held:
        return bool(getattr(held[0], HAS_TOTP_COLUMN))
    return user_has_totp(request.user)


def mark_session_mfa_verified(request, method: str = "totp") -> None:
    request.session[MFA_SESSION_KEY] = time.time()
    request.session[MFA_METHOD_KEY] = method


def session_mfa_verified(request) -> bool:
    return bool(request.session.get(MFA_SESSION_KEY))


def session_kind_for(user) -> str:
    return STAFF_KIND if user_requires_mfa(user) else MEMBER_KIND


def _requires_mfa_here(request) -> bool:
    """user_requires_mfa, from the active staff roles @staff_required has already read for this
    request (`request.staff_roles_held`, the same rows is_staff_member looks for) when it has."""
    user = request.user
    held = getattr(request, "staff_roles_held", None)
    if held is None or not user.is_authenticated:
        return user_requires_mfa(user)
    return bool(user.is_staff or user.is_superuser or held)


def mfa_gate(request):
    """Registered with core.staff_gates: runs before every @staff_required view."""
    if not _requires_mfa_here(request):
        return None
    if session_mfa_verified(request) and request.session.get(MFA_METHOD_KEY) == CIS2_MFA:
        return None  # signed in with CIS2: no authenticator app needed
    if not _has_totp_here(request):
        return redirect("mfa_activate_totp")
    if not session_mfa_verified(request):
        # Signed in some other way (e.g. before MFA was required): start again.
        path = request.get_full_path()
        logout(request)
        messages.info(request, gettext("For your security, sign in again with your password and authenticator app."))
        return redirect_to_login(path, reverse("accounts:staff-sign-in"))
    return None
