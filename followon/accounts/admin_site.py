"""The Django admin at /platform-admin/: platform operators only, and only after MFA.

Django's own admin login form would sign people in with a password alone, so
it is replaced by a redirect to FollowOn's staff sign-in (password + TOTP).
"""

from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from followon.accounts.security import session_mfa_verified, user_has_totp


class PlatformAdminSite(admin.AdminSite):
    site_header = "FollowOn platform administration"
    site_title = "FollowOn platform admin"
    index_title = "Platform administration"

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_staff and user_has_totp(user) and session_mfa_verified(request))

    def login(self, request, extra_context=None):
        user = request.user
        next_path = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_path, allowed_hosts={request.get_host()}):
            next_path = reverse("admin:index", current_app=self.name)
        if not user.is_authenticated:
            return redirect_to_login(next_path, reverse("accounts:staff-sign-in"))
        if not user.is_staff:
            raise PermissionDenied
        if not user_has_totp(user):
            return redirect("mfa_activate_totp")
        if not session_mfa_verified(request):
            logout(request)
            return redirect_to_login(next_path, reverse("accounts:staff-sign-in"))
        return redirect(next_path)
