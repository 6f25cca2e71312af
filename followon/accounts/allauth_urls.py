"""The URL names django-allauth reverses internally, pointed at our own views.

We do not include `allauth.urls`: only the pages FollowOn uses exist (no sign
up, password reset, email management or social accounts). Each name here maps
to the same view as its `accounts:` twin, so allauth's redirects land on our
pages. docs/adr explains the choice.
"""

from django.urls import path

from followon.accounts.views import security, sign_in

urlpatterns = [
    path("sign-in/", sign_in.MemberSignInView.as_view(), name="account_request_login_code"),
    path("sign-in/code/", sign_in.MemberCodeConfirmView.as_view(), name="account_confirm_login_code"),
    path("staff/sign-in/", sign_in.StaffSignInView.as_view(), name="account_login"),
    path("staff/sign-in/authenticator/", security.StaffMFAAuthenticateView.as_view(), name="mfa_authenticate"),
    path("staff/security/", security.SecurityIndexView.as_view(), name="mfa_index"),
    path("staff/security/authenticator/", security.TOTPActivateView.as_view(), name="mfa_activate_totp"),
    path("staff/security/authenticator/remove/", security.totp_deactivate, name="mfa_deactivate_totp"),
    path("staff/security/recovery-codes/", security.RecoveryCodesView.as_view(), name="mfa_view_recovery_codes"),
    path(
        "staff/security/recovery-codes/new/",
        security.RecoveryCodesGenerateView.as_view(),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "staff/security/confirm-password/", security.PasswordReauthenticateView.as_view(), name="account_reauthenticate"
    ),
    path("staff/security/confirm-code/", security.MFAReauthenticateStaffView.as_view(), name="mfa_reauthenticate"),
    path("sign-out/", sign_in.SignOutView.as_view(), name="account_logout"),
]
