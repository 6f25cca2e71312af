"""Forms for programmes. They parse and describe input; the rules live in services."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from followon.core.forms import DateFieldsMixin, NhsDateField, NhsMessagesMixin, NhsTimeField
from followon.core.phone import format_uk_mobile
from followon.organisations.models import StaffRole
from followon.organisations.selectors import staff_users
from followon.programmes.models import ContactConsent, InterestResponse, ProtocolStepTemplate
from followon.programmes.uploads import MAX_BYTES


class StaffChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.preferred_name


# Programmes --------------------------------------------------------------------


def _hours(minutes: int) -> str:
    if minutes == 60:
        return gettext("1 hour")
    return gettext("%(hours)s hours") % {"hours": f"{minutes / 60:g}"}


LENGTH_CHOICES = [(m, lazy(_hours, str)(m)) for m in range(60, 361, 30)]


class ProgrammeForm(NhsMessagesMixin, DateFieldsMixin, forms.Form):
    title = forms.CharField(
        label=_("Programme title"),
        max_length=200,
        help_text=_("For example, Pain management programme, spring 2026, Southmead"),
        error_messages={"required": _("Enter a title for the programme")},
    )
    venue = forms.CharField(
        label=_("Where the sessions take place"),
        max_length=300,
        error_messages={"required": _("Enter where the sessions take place")},
    )
    start_date = NhsDateField(
        label=_("Date of the first session"),
        label_lower=pgettext_lazy("a field, in an error message", "date of the first session"),
    )
    session_start_time = NhsTimeField(
        label=_("Time sessions start"),
        label_lower=pgettext_lazy("a field, in an error message", "time sessions start"),
        help_text=_("For example, 10:00 or 1:30pm"),
    )
    session_length_minutes = forms.TypedChoiceField(
        label=_("How long each session lasts"), choices=LENGTH_CHOICES, coerce=int, initial=180
    )
    session_count = forms.IntegerField(
        label=_("Number of weekly sessions"),
        help_text=_("Usually between 8 and 12"),
        min_value=1,
        max_value=52,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}),
        error_messages={
            "required": _("Enter the number of weekly sessions"),
            "invalid": _("Number of weekly sessions must be a number, like 10"),
            "min_value": _("Enter a number of sessions between 1 and 52"),
            "max_value": _("Enter a number of sessions between 1 and 52"),
        },
    )
    confirm_session_count = forms.BooleanField(
        label=_("Yes, this programme has this number of sessions"), required=False
    )
    facilitators = StaffChoiceField(
        label=_("Facilitating clinicians"),
        queryset=get_user_model().objects.none(),
        error_messages={"required": _("Select at least one facilitating clinician")},
    )
    ptvs = StaffChoiceField(
        label=_("Patient tutor volunteers (PTVs)"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("The PTV introduces follow-on groups and supports the new group at its first three meetings"),
    )

    def __init__(self, *args, service, include_start=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = staff_users(service, StaffRole.Role.CLINICIAN).order_by("preferred_name")
        self.fields["ptvs"].queryset = staff_users(service, StaffRole.Role.PTV).order_by("preferred_name")
        if not include_start:
            del self.fields["start_date"]
            del self.fields["session_start_time"]
        self.needs_confirmation = False

    def unusual_count(self) -> bool:
        value = self.cleaned_data.get("session_count") if hasattr(self, "cleaned_data") else None
        if value is None:
            raw = self.data.get(self.add_prefix("session_count"), "")
            value = int(raw) if str(raw).strip().isdigit() else None
        return value is not None and not 8 <= value <= 12


class SessionMoveForm(NhsMessagesMixin, DateFieldsMixin, forms.Form):
    day = NhsDateField(label=_("Date"), label_lower=pgettext_lazy("a field, in an error message", "date"))
    start_time = NhsTimeField(
        label=_("Start time"),
        label_lower=pgettext_lazy("a field, in an error message", "start time"),
        help_text=_("For example, 10:00 or 1:30pm"),
    )


# Participants ---------------------------------------------------------------------


class InviteForm(NhsMessagesMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The name they like to be called"),
        error_messages={"required": _("Enter the participant's name")},
    )
    mobile = forms.CharField(
        label=_("Mobile phone number"),
        max_length=30,
        required=False,
        help_text=_("We will text them a link to join. For example, 07700 900 982"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("Email address (optional if you gave a mobile number)"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class UploadForm(NhsMessagesMixin, forms.Form):
    file = forms.FileField(
        # The browser's own button reads "Choose file": the label contains those words so the button's
        # accessible name matches what it shows (WCAG 2.5.3 Label in Name; axe label-content-name-mismatch).
        label=_("Choose file: the participants' CSV file"),
        help_text=_(
            "The first row must be the column names name, mobile, email. Save a spreadsheet as 'CSV UTF-8' to get one."
        ),
        error_messages={"required": _("Select a CSV file"), "empty": _("The selected file is empty")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("The selected file must be a CSV file"))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The selected file must be smaller than 1MB"))
        return upload


# Interest -----------------------------------------------------------------------------

OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


class InterestForm(NhsMessagesMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Would you like to join a follow-on group?"),
        choices=InterestResponse.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes, maybe or no")},
    )
    reason = forms.ChoiceField(
        label=_("If you answered maybe or no, can you tell us why? (optional)"),
        choices=InterestResponse.Reason.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("This helps the pain service. Your answer is not shown to anyone by name"),
        error_messages={"required": _("Select why you answered maybe or no, or leave it blank")},
    )
    days = forms.MultipleChoiceField(
        label=_("Which days suit you?"),
        choices=InterestResponse.Day.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Select all that apply"),
        error_messages={"required": _("Select which days suit you")},
    )
    times_of_day = forms.MultipleChoiceField(
        label=_("Which times of day suit you?"),
        choices=InterestResponse.TimeOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Morning is before 12 noon, afternoon 12 to 4pm, evening after 4pm"),
        error_messages={"required": _("Select which times of day suit you")},
    )
    places = forms.CharField(
        label=_("Places that would suit you (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example, a café in Southmead, the library in Thornbury, somewhere with parking"),
    )
    home_outcode = forms.CharField(
        label=_("The first part of your postcode (optional)"),
        max_length=8,
        required=False,
        help_text=_("For example, BS10. We use it only to suggest places near you"),
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4", "autocomplete": "off"}),
    )
    travel = forms.ChoiceField(
        label=_("How far can you travel to meet?"),
        choices=InterestResponse.Travel.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"required": _("Select how far you can travel to meet")},
    )
    keep_in_touch = forms.MultipleChoiceField(
        label=_("How would you like to keep in touch with the group?"),
        choices=InterestResponse.KeepInTouch.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Select all that apply"),
        error_messages={"required": _("Select how you would like to keep in touch with the group")},
    )
    accessibility_needs = forms.CharField(
        label=_("Anything that would help you take part (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, step-free access, a chair with arms, large print"),
    )

    def clean_home_outcode(self):
        value = "".join(self.cleaned_data.get("home_outcode", "").upper().split())
        if not value:
            return ""
        if len(value) > 4:
            # A full postcode: keep only its first part.
            value = value[:-3]
        if not OUTCODE.match(value):
            raise forms.ValidationError(_("Enter the first part of your postcode, like BS10"))
        return value

    @classmethod
    def initial_from(cls, interest: InterestResponse | None) -> dict:
        if interest is None:
            return {}
        return {
            "answer": interest.answer,
            "reason": interest.reason,
            "days": interest.days,
            "times_of_day": interest.times_of_day,
            "places": interest.places,
            "home_outcode": interest.home_outcode,
            "travel": interest.travel,
            "keep_in_touch": interest.keep_in_touch,
            "accessibility_needs": interest.accessibility_needs,
        }


class ContactSharingForm(NhsMessagesMixin, forms.Form):
    fields_shared = forms.MultipleChoiceField(
        label=_("What would you like to share with the others on your programme?"),
        choices=ContactConsent.Field.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Select all you are happy to share. Leave them all unticked to share nothing"),
        error_messages={"required": _("Select what you would like to share, or leave them all unticked")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

        values = {"name": user.preferred_name, "mobile": format_uk_mobile(user.mobile or ""), "email": user.email}
        self.fields["fields_shared"].choices = [
            (value, gettext("%(field)s: %(value)s") % {"field": label, "value": values[value]})
            for value, label in ContactConsent.Field.choices
            if values[value]
        ]


# Service admin -----------------------------------------------------------------------


class ProtocolStepForm(NhsMessagesMixin, forms.Form):
    sessions_before_end = forms.TypedChoiceField(
        label=_("When does this happen?"),
        coerce=int,
        choices=[
            (3, _("Three sessions before the end (N−3): introducing follow-on groups")),
            (2, _("Two sessions before the end (N−2): practicalities")),
            (1, _("The session before the last (N−1): hand-over")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose when in the programme this happens")},
    )
    title = forms.CharField(
        label=_("What needs to be done"), max_length=200, error_messages={"required": _("Enter what needs to be done")}
    )
    guidance = forms.CharField(
        label=_("Guidance for facilitators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    lead = forms.ChoiceField(
        label=_("Who leads it"),
        choices=ProtocolStepTemplate.Lead.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who leads it")},
    )


class InformationSheetForm(NhsMessagesMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title for the information sheet")}
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Leave a blank line between paragraphs"),
        error_messages={"required": _("Enter the information sheet's text")},
    )
