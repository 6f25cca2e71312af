"""Views for accounts, by area: sign_in, security (MFA), invitations, consent, my_account."""
