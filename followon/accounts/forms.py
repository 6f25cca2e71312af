from __future__ import annotations

import re

from allauth.account.adapter import get_adapter
from allauth.account.forms import LoginForm, ReauthenticateForm
from allauth.core import context, ratelimit
from allauth.core.internal.cryptokit import compare_user_code
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as MFAReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from followon.accounts.models import ConsentKind, Invitation
from followon.accounts.security import user_requires_mfa
from followon.accounts.services import sign_in_lockout_record
from followon.core import phone
from followon.core.forms import NhsMessagesMixin
from followon.core.languages import STORED_ENGLISH, default_language, in_review, to_page_language

EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")
_SIX_DIGITS = re.compile(r"^\d{6}$")


def _digits_only(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


class UKMobileField(forms.CharField):
    """A UK mobile number in any common form, cleaned to E.164."""

    default_error_messages = {"required": _("Enter a mobile phone number, like 07700 900 982"), **phone.MESSAGES}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile phone number"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "spellcheck": "false"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return phone.normalise_uk_mobile(value)
        except ValidationError as exc:
            raise ValidationError(self.error_messages[exc.code], code=exc.code) from exc


# Signing in ---------------------------------------------------------------


class StaffSignInForm(NhsMessagesMixin, LoginForm):
    """allauth's password form, with NHS wording and email addresses only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"] = forms.EmailField(
            label=_("Email address"),
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            error_messages={
                "required": _("Enter your email address"),
                "invalid": _("Enter an email address in the correct format, like name@nhs.net"),
            },
        )
        self.fields["password"] = forms.CharField(
            label=_("Password"),
            strip=False,
            max_length=200,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            error_messages={"required": _("Enter your password")},
        )
        self.order_fields(["login", "password"])

    def clean_login(self) -> str:
        return self.cleaned_data["login"].strip().lower()


class MemberCodeRequestForm(NhsMessagesMixin, forms.Form):
    """Ask for a sign-in code by mobile number or email address.

    The answer is the same whether or not an account exists (allauth's
    enumeration prevention): an unknown number simply never gets a code.
    Staff accounts never get a code: they sign in with a password and MFA.
    """

    contact = forms.CharField(
        label=_("Mobile phone number or email address"),
        max_length=254,
        help_text=_("We will send a 6-digit sign-in code to it"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={"required": _("Enter your mobile phone number or email address")},
    )

    SMS_MESSAGES = {
        "invalid": _("Enter a mobile phone number, like 07700 900 982, or an email address, like name@example.com"),
        "foreign": _(
            "Enter a UK mobile phone number. We cannot send text messages outside the UK, "
            "so use your email address instead"
        ),
        "landline": _(
            "You cannot get a text message on a landline. Enter a mobile phone number, "
            "like 07700 900 982, or your email address"
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._user = None

    def clean_contact(self) -> str:

        value = self.cleaned_data["contact"].strip()
        adapter = get_adapter()
        if "@" in value:
            try:
                validate_email(value)
            except ValidationError as exc:
                raise ValidationError(EMAIL_FORMAT, code="invalid_email") from exc
            self.cleaned_data["email"] = address = value.lower()
            user = adapter.get_user_by_email(address)
        else:
            try:
                address = phone.normalise_uk_mobile(value)
            except ValidationError as exc:
                raise ValidationError(self.SMS_MESSAGES[exc.code], code=exc.code) from exc
            self.cleaned_data["phone"] = address
            user = adapter.get_user_by_phone(address)
        if user is not None and user_requires_mfa(user):
            user = None
        if not ratelimit.consume(context.request, action="request_login_code", key=address):
            sign_in_lockout_record(request=context.request, method="code", address=address, user=user)
            # The limit is per address, so the other way in still works: say so (issue 21 item 11). The
            # same words whether or not the address has an account, so they tell nobody who is signed up.
            too_many = (
                _(
                    "You have asked for too many sign-in codes. For your security, wait 15 minutes, then try "
                    "again, or sign in with your mobile phone number instead. If you cannot do either, contact "
                    "your pain service"
                )
                if "@" in value
                else _(
                    "You have asked for too many sign-in codes. For your security, wait 15 minutes, then try "
                    "again, or sign in with your email address instead. If you cannot do either, contact your "
                    "pain service"
                )
            )
            raise ValidationError(too_many, code="too_many_codes")
        self._user = user
        return value


class CodeConfirmForm(NhsMessagesMixin, forms.Form):
    code = forms.CharField(
        label=_("Enter your 6-digit code"),
        max_length=20,
        help_text=_("The code is in the message we just sent. It works for 10 minutes"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": _("Enter the 6-digit code we sent you")},
    )
    remember = forms.BooleanField(
        label=_("Remember this device for 30 days"),
        required=False,
        help_text=_("Only choose this on your own phone, tablet or computer"),
    )

    def __init__(self, *args, **kwargs):

        self._compare = compare_user_code
        self.expected_code = kwargs.pop("code", None)
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = _digits_only(self.cleaned_data["code"])
        if not _SIX_DIGITS.match(code):
            raise ValidationError(_("Enter the 6-digit code we sent you, like 123456"), code="format")
        if not self._compare(actual=code, expected=self.expected_code or ""):
            raise ValidationError(
                _("The code is not right. Check the code we sent you and try again"), code="incorrect"
            )
        return code


def _authenticator_code_field(field: forms.Field) -> None:
    field.label = _("Code from your authenticator app")
    field.help_text = _("The 6-digit code your authenticator app shows now")
    field.max_length = 20
    field.widget.attrs = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
    field.error_messages["required"] = _("Enter the 6-digit code from your authenticator app")


class TOTPActivateForm(NhsMessagesMixin, ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _authenticator_code_field(self.fields["code"])

    def clean_code(self) -> str:
        self.cleaned_data["code"] = _digits_only(self.cleaned_data.get("code", ""))
        return super().clean_code()


class MFAAuthenticateForm(NhsMessagesMixin, AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _authenticator_code_field(self.fields["code"])
        self.fields["code"].help_text = _(
            "The 6-digit code your authenticator app shows now. Lost your phone? Enter one of your recovery codes"
        )

    def clean_code(self) -> str:
        self.cleaned_data["code"] = _digits_only(self.cleaned_data.get("code", ""))
        return super().clean_code()


class MFAReauthenticateForm(NhsMessagesMixin, MFAReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _authenticator_code_field(self.fields["code"])

    def clean_code(self) -> str:
        self.cleaned_data["code"] = _digits_only(self.cleaned_data.get("code", ""))
        return super().clean_code()


class PasswordReauthenticateForm(NhsMessagesMixin, ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"] = forms.CharField(
            label=_("Password"),
            strip=False,
            max_length=200,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            error_messages={"required": _("Enter your password")},
        )


# Invitations ----------------------------------------------------------------


def invitation_language_label(code: str) -> str:
    """A language as staff choose it: its own name, then its name in the page's language, and whether
    the translation still awaits review (a language in review is never used for messages: ADR 0027)."""
    page_code = to_page_language(code)
    if page_code == default_language():
        return gettext("English")
    info = translation.get_language_info(page_code)
    own, here = info["name_local"], str(info["name_translated"])
    label = own if own == here else f"{own} ({here})"
    if in_review(page_code):
        label = gettext("%(language)s: its translation awaits review, so the invitation is sent in English") % {
            "language": label
        }
    return label


class InvitationForm(NhsMessagesMixin, forms.Form):
    preferred_name = forms.CharField(
        label=_("Name they like to be called"),
        max_length=100,
        help_text=_("For example, Maggie. We use it in the invitation"),
        error_messages={"required": _("Enter the name they like to be called")},
    )
    channel = forms.ChoiceField(
        label=_("How should we send the invitation?"),
        choices=Invitation.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how to send the invitation")},
    )
    mobile = UKMobileField(required=False, label=_("Mobile phone number"))
    email = forms.CharField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    language = forms.ChoiceField(
        label=_("Which language should the invitation be in?"),
        help_text=_(
            "The text or email and the page they open will be in this language, and FollowOn will use "
            "it for them after they accept. They can change it"
        ),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select which language the invitation should be in"),
            "invalid_choice": _("Select which language the invitation should be in"),
        },
    )

    def __init__(self, *args, languages: list[str] | tuple[str, ...] = (STORED_ENGLISH,), **kwargs):
        """`languages`: the stored codes staff may choose (selectors.invitation_languages), English
        first. With English alone there is nothing to choose, so the question is left out."""
        super().__init__(*args, **kwargs)
        if len(languages) <= 1:
            del self.fields["language"]
        else:
            self.fields["language"].choices = [(code, invitation_language_label(code)) for code in languages]
            self.fields["language"].initial = STORED_ENGLISH

    def clean_email(self) -> str:
        value = self.cleaned_data.get("email", "").strip()
        if value:
            try:
                validate_email(value)
            except ValidationError as exc:
                raise ValidationError(EMAIL_FORMAT, code="invalid") from exc
        return value.lower()

    def clean(self):
        cleaned = super().clean()
        if "language" not in self.fields:
            cleaned["language"] = STORED_ENGLISH
        channel = cleaned.get("channel")
        if channel == Invitation.Channel.SMS and not cleaned.get("mobile") and "mobile" not in self.errors:
            self.add_error("mobile", _("Enter a mobile phone number, like 07700 900 982"))
        if channel == Invitation.Channel.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter an email address, like name@example.com"))
        return cleaned


# Consent ----------------------------------------------------------------------


class ConsentNoticeForm(NhsMessagesMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=150, error_messages={"required": _("Enter a title for the notice")}
    )
    body = forms.CharField(
        label=_("What the notice says"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain English. Leave a blank line between paragraphs"),
        error_messages={"required": _("Enter what the notice says")},
    )
    requires_new_agreement = forms.ChoiceField(
        label=_("Do members need to agree again?"),
        choices=[
            ("yes", _("Yes, this is a change members should read and agree to")),
            ("no", _("No, this is a small correction: earlier agreement still counts")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether members need to agree again")},
    )


class ConsentDecisionForm(NhsMessagesMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Do you agree?"),
        choices=[("given", _("Yes, I agree")), ("declined", _("No, I do not agree"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes if you agree, or no if you do not")},
    )


CONSENT_KIND_SLUGS = {kind.value.replace("_", "-"): kind.value for kind in ConsentKind}


class ClosureRequestForm(NhsMessagesMixin, forms.Form):
    reason = forms.CharField(
        label=_("Tell us why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("This helps your pain service improve. You do not have to say"),
    )
