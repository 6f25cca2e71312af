import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from followon.core.forms import NhsMessagesMixin, NhsTimeField
from followon.organisations.models import StaffRole
from followon.organisations.selectors import staff_users
from followon.safety.models import ConcernItem
from followon.safety.selectors import LONDON


class ConcernForm(NhsMessagesMixin, forms.Form):
    about = forms.ChoiceField(
        label=_("Who are you worried about?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who you are worried about")},
    )
    details = forms.CharField(
        label=_("Tell us a little more (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example, what was said or what has changed. Only the pain service team will see this."),
        error_messages={"max_length": _("What you tell us must be 2,000 characters or fewer")},
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, others, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("me", _("Me: I'm struggling and would like someone from the pain service to contact me"))]
        choices += [
            (
                str(user.public_id),
                gettext("%(name)s, from %(group)s") % {"name": user.display_name, "group": group_name},
            )
            for user, group_name in others
        ]
        self.fields["about"].choices = choices


class AcknowledgeForm(NhsMessagesMixin, forms.Form):
    pass


class ActionForm(NhsMessagesMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("What did you do?"),
        choices=ConcernItem.Action.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what you did")},
    )
    note = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed if no action was taken: say why."),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == ConcernItem.Action.NO_ACTION and not (data.get("note") or "").strip():
            self.add_error("note", gettext("Enter why no action is needed"))
        return data


class ShiftForm(NhsMessagesMixin, forms.Form):
    clinician = forms.ModelChoiceField(
        label=_("Clinician on duty"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Select a clinician"),
        error_messages={"required": _("Select a clinician"), "invalid_choice": _("Select a clinician")},
    )
    day = forms.DateField(
        label=_("Date"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"],
        help_text=_("For example, 28/11/2026"),
        error_messages={"required": _("Enter the date"), "invalid": _("Enter a real date, like 28/11/2026")},
    )
    starts = NhsTimeField(
        label=_("Start time"),
        label_lower=pgettext_lazy("a field, in an error message", "start time"),
        help_text=_("For example, 9am or 13:30"),
        error_messages={
            "required": _("Enter the start time"),
            "time": _("Enter the start time as a time, like 10:30am, 12 noon or 14:30"),
        },
    )
    ends = NhsTimeField(
        label=_("End time"),
        label_lower=pgettext_lazy("a field, in an error message", "end time"),
        help_text=_("For example, 5pm or 17:00"),
        error_messages={
            "required": _("Enter the end time"),
            "time": _("Enter the end time as a time, like 10:30am, 12 noon or 14:30"),
        },
    )

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = staff_users(service, StaffRole.Role.CLINICIAN).order_by("preferred_name")
        self.fields["clinician"].label_from_instance = lambda user: user.display_name

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", gettext("The end time must be after the start time"))
        return data

    def times(self) -> tuple[dt.datetime, dt.datetime]:

        day = self.cleaned_data["day"]
        return (
            dt.datetime.combine(day, self.cleaned_data["starts"], tzinfo=LONDON),
            dt.datetime.combine(day, self.cleaned_data["ends"], tzinfo=LONDON),
        )


class SettingsForm(NhsMessagesMixin, forms.Form):
    hold_for_review = forms.TypedChoiceField(
        label=_("When a post is flagged"),
        coerce=lambda value: value == "yes",
        choices=[
            ("no", _("Leave it on the board so the group can support the person too")),
            ("yes", _("Hold it until the duty clinician has looked at it")),
        ],
        widget=forms.RadioSelect,
    )
    escalation_minutes = forms.IntegerField(
        label=_("Minutes before an unacknowledged urgent item goes to the service admins"),
        min_value=5,
        max_value=1440,
        help_text=_("Counted in service hours only. Usually 60."),
        error_messages={
            "required": _("Enter a number of minutes"),
            "invalid": _("Enter a whole number of minutes, like 60"),
            "min_value": _("Enter a number of minutes between 5 and 1440"),
            "max_value": _("Enter a number of minutes between 5 and 1440"),
        },
    )
