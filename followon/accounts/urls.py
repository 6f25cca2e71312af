from django.urls import path

from followon.accounts.national import views as national
from followon.accounts.views import consent, invitations, language, my_account, security, sign_in

app_name = "accounts"

urlpatterns = [
    # Signing in and out.
    path("sign-in/", sign_in.MemberSignInView.as_view(), name="sign-in"),
    path("sign-in/code/", sign_in.MemberCodeConfirmView.as_view(), name="sign-in-code"),
    path("staff/sign-in/", sign_in.StaffSignInView.as_view(), name="staff-sign-in"),
    path("staff/sign-in/authenticator/", security.StaffMFAAuthenticateView.as_view(), name="staff-mfa"),
    path("staff/security/", security.SecurityIndexView.as_view(), name="security"),
    path("sign-out/", sign_in.SignOutView.as_view(), name="sign-out"),
    # The language toggle for a signed-in person (stores their preference; ADR 0027).
    path("my-account/language/", language.choose_language, name="choose-language"),
    # NHS login (members) and NHS CIS2 (staff): accounts/national/.
    path("sign-in/nhs-login/", national.nhs_login_start, name="nhs-login"),
    path("sign-in/nhs-login/callback/", national.nhs_login_callback, name="nhs-login-callback"),
    path("sign-in/nhs-login/confirm/", national.nhs_login_confirm, name="nhs-login-confirm"),
    path("invitations/<token:token>/nhs-login/", national.invitation_nhs_login, name="invitation-nhs-login"),
    path("my-account/nhs-login/", national.my_account_nhs_login, name="my-account-nhs-login"),
    path("staff/sign-in/cis2/", national.cis2_start, name="cis2"),
    path("staff/sign-in/cis2/callback/", national.cis2_callback, name="cis2-callback"),
    path("staff/cis2/link/<token:token>/", national.cis2_link, name="cis2-link"),
    path("staff/cis2/link/<token:token>/start/", national.cis2_link_start, name="cis2-link-start"),
    path("signed-out/", national.signed_out, name="signed-out"),
    # Invitations.
    path("invitations/<token:token>/", invitations.invitation_accept, name="invitation-accept"),
    path("staff/invitations/", invitations.invitation_list, name="invitation-list"),
    path("staff/invitations/new/", invitations.invitation_new, name="invitation-new"),
    path("staff/invitations/<uuid:public_id>/", invitations.invitation_detail, name="invitation-detail"),
    path("staff/invitations/<uuid:public_id>/resend/", invitations.invitation_resend, name="invitation-resend"),
    path("staff/invitations/<uuid:public_id>/cancel/", invitations.invitation_revoke, name="invitation-revoke"),
    # Consent.
    path("my-account/choices/", consent.choices, name="choices"),
    path("my-account/choices/<uuid:service_public_id>/<slug:kind>/", consent.consent_decide, name="consent-decide"),
    path(
        "my-account/choices/<uuid:service_public_id>/<slug:kind>/withdraw/",
        consent.consent_withdraw,
        name="consent-withdraw",
    ),
    path("staff/consent-notices/", consent.notice_list, name="notice-list"),
    path("staff/consent-notices/<slug:kind>/", consent.notice_edit, name="notice-edit"),
    # Your account and your data.
    path("my-account/", my_account.my_account, name="my-account"),
    path("my-account/data/", my_account.my_data_page, name="my-data"),
    path("my-account/data.json", my_account.my_data_download, name="my-data-download"),
    path("my-account/close/", my_account.close_account, name="close-account"),
    path("staff/account-closures/", my_account.closure_list, name="closure-list"),
    path("staff/account-closures/<uuid:public_id>/", my_account.closure_detail, name="closure-detail"),
]
