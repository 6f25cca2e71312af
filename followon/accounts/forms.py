from django import forms
from django.contrib.auth.forms import AuthenticationForm


class StaffSignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@nhs.net",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account has been closed. Contact your pain service.",
    }
