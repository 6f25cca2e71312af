from __future__ import annotations

import copy
import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from followon.core.formatting import day_month, weekday_name
from followon.core.forms import DateFieldsMixin, NhsDateField, NhsMessagesMixin, NhsTimeField, parse_time_of_day
from followon.meetings.models import Meeting, PollAnswer, Rsvp, Venue
from followon.meetings.recurrence import LONDON

OPTION_ROWS = 4
MAX_ROWS = 20


class PollForm(NhsMessagesMixin, DateFieldsMixin, forms.Form):
    title = forms.CharField(
        label=_("What is the meeting for? (optional)"),
        max_length=120,
        required=False,
        help_text=_("For example, our first meeting"),
    )
    closes_on = NhsDateField(
        label=_("When should people answer by?"),
        label_lower=pgettext_lazy("a field, in an error message", "date people should answer by"),
    )
    closes_time = NhsTimeField(
        label=_("Time"),
        label_lower=pgettext_lazy("a field, in an error message", "time people should answer by"),
        help_text=_("For example, 6pm"),
    )

    def closes_at(self) -> datetime:
        return datetime.combine(self.cleaned_data["closes_on"], self.cleaned_data["closes_time"], tzinfo=LONDON)


class OptionForm(NhsMessagesMixin, DateFieldsMixin, forms.Form):
    """One candidate date and time. A row left blank is ignored."""

    day = NhsDateField(
        label=_("Date"), label_lower=pgettext_lazy("a field, in an error message", "date"), required=False
    )
    start = NhsTimeField(
        label=_("Starts"),
        label_lower=pgettext_lazy("a field, in an error message", "start time"),
        required=False,
        help_text=_("For example, 10:30am"),
    )
    end = NhsTimeField(
        label=_("Ends"),
        label_lower=pgettext_lazy("a field, in an error message", "end time"),
        required=False,
        help_text=_("For example, 12 noon"),
    )
    venue = forms.ModelChoiceField(label=_("Where (optional)"), queryset=Venue.objects.none(), required=False)

    def __init__(self, *args, venues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues
        self.fields["venue"].empty_label = _("Not decided yet")

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("day") or data.get("start") or data.get("end"))

    def clean(self):
        data = super().clean()
        if self.errors or not (data.get("day") or data.get("start") or data.get("end")):
            return data
        for name, text in (
            ("day", _("Enter the date")),
            ("start", _("Enter the start time")),
            ("end", _("Enter the end time")),
        ):
            if not data.get(name):
                self.add_error(name, text)
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end time must be after the start time"))
        return data

    def option(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": datetime.combine(data["day"], data["start"], tzinfo=LONDON),
            "ends_at": datetime.combine(data["day"], data["end"], tzinfo=LONDON),
            "venue": data.get("venue"),
        }


# The quick way (issue 21 item 5): tick days, type the times once, pick how long. The days offered.
PATTERN_DAYS = 21
PATTERN_LENGTHS = [("60", _("1 hour")), ("90", _("1 and a half hours")), ("120", _("2 hours")), ("180", _("3 hours"))]
# "10am and 2pm", "10am, 2pm", "10am & 2pm", "10am; 2pm", "10am / 2pm". Not "." or ":" (12.30, 2:30).
TIME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\+|/|\band\b|\bor\b)\s*")


def parse_times(text: str) -> tuple[list[time], list[str]]:
    """The times in "10am and 2pm", each read by the one time parser, in order, without repeats;
    and the parts that were not times, as typed."""
    times: list[time] = []
    not_times: list[str] = []
    for part in TIME_SEPARATORS.split(text or ""):
        part = part.strip()
        if not part:
            continue
        parsed = parse_time_of_day(part)
        if parsed is None:
            not_times.append(part)
        elif parsed not in times:
            times.append(parsed)
    return sorted(times), not_times


def day_label(day: date) -> str:
    """Like "Tuesday 8 December", in the active language ("Dydd Mawrth 8 Rhagfyr")."""
    return f"{weekday_name(day)} {day_month(day)}"


class PatternPollForm(PollForm):
    """The quick way to offer times: the same times on each chosen day, all the same length."""

    days = forms.MultipleChoiceField(
        label=_("Which days could the group meet?"),
        help_text=_("Tick each day that could work"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one day the group could meet")},
    )
    times = forms.CharField(
        label=_("What times could the meeting start?"),
        max_length=120,
        help_text=_("The same times are offered on each day you ticked. For example, 10am and 2pm"),
        error_messages={"required": _("Enter the times the meeting could start, like 10am and 2pm")},
    )
    length = forms.ChoiceField(
        label=_("How long is the meeting?"),
        choices=PATTERN_LENGTHS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how long the meeting is")},
    )
    venue = forms.ModelChoiceField(label=_("Where (optional)"), queryset=Venue.objects.none(), required=False)

    field_order = ["title", "days", "times", "length", "venue", "closes_on", "closes_time"]

    def __init__(self, *args, venues, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = [
            (day.isoformat(), day_label(day)) for day in (today + timedelta(days=n) for n in range(1, PATTERN_DAYS + 1))
        ]
        self.fields["venue"].queryset = venues
        self.fields["venue"].empty_label = _("Not decided yet")

    def clean_days(self) -> list[date]:
        return sorted(date.fromisoformat(value) for value in self.cleaned_data["days"])

    def clean_times(self) -> list[time]:
        times, not_times = parse_times(self.cleaned_data["times"])
        if not_times:
            raise forms.ValidationError(
                gettext("\u201c%(text)s\u201d is not a time. Enter times like 10am and 2pm, 12 noon or 14:30")
                % {"text": not_times[0]}
            )
        if not times:
            raise forms.ValidationError(_("Enter the times the meeting could start, like 10am and 2pm"))
        return times

    def clean(self):
        data = super().clean()
        times, length = data.get("times"), data.get("length")
        if times and length:
            last = datetime.combine(date.min, times[-1]) + timedelta(minutes=int(length))
            if last.date() != date.min:
                self.add_error(
                    "times", _("A meeting starting that late would end after midnight. Choose an earlier time")
                )
        return data

    def options(self) -> list[dict]:
        """Each ticked day at each time, in date order."""
        data = self.cleaned_data
        length = timedelta(minutes=int(data["length"]))
        options = []
        for day in data["days"]:
            for start in data["times"]:
                starts_at = datetime.combine(day, start, tzinfo=LONDON)
                # Add the length in wall-clock time, so a clock change night keeps "10am to 12 noon".
                ends_at = datetime.combine(day, start) + length
                options.append(
                    {"starts_at": starts_at, "ends_at": ends_at.replace(tzinfo=LONDON), "venue": data.get("venue")}
                )
        return options


def answer_field_name(option_id: int) -> str:
    return f"option_{option_id}"


class AnswerForm(NhsMessagesMixin, forms.Form):
    """Yes / If need be / No for each option of a poll.

    The per-time fields are built when something first reads `fields` (validating, a bound field,
    a test), not when the form is made: the poll pages show the times from `initial_answers`,
    `data` and `errors` (`presenters.answer_days`), so a page that is only shown, not posted, builds
    none of a long poll's 60 fields (issue 16, ADR 0037). Posted, the form validates exactly as before."""

    def __init__(self, *args, options, labels, initial_answers, **kwargs):
        # Until the end of __init__, `fields` is the declared fields alone (none), as when the answer
        # fields were added after it: NhsMessagesMixin does not fill their messages.
        self._answer_fields_due = False
        super().__init__(*args, **kwargs)
        self.options = options
        self.labels = labels
        self.initial_answers = initial_answers
        self._answer_fields_due = True

    @property
    def fields(self):
        if self._answer_fields_due:
            self._answer_fields_due = False
            self._add_answer_fields()
        return self._base_fields

    @fields.setter
    def fields(self, value):
        # BaseForm.__init__ sets the declared fields (none here); the answer fields are added on first read.
        self._base_fields = value

    def _add_answer_fields(self):
        # One field built, the others copied from it the way Django copies a form's declared fields
        # (Field.__deepcopy__: own widget, attributes, messages and validators) except that they share
        # the choices, which nothing changes. Built one by one, a 60-time poll's fields cost 2 ms (issue 16).
        prototype = forms.ChoiceField(
            choices=PollAnswer.Answer.choices,
            widget=forms.RadioSelect,
            required=False,
            error_messages={"invalid_choice": _("Choose Yes, If need be or No")},
        )
        labels, initial_answers = self.labels, self.initial_answers
        for option in self.options:
            field = copy.copy(prototype)
            field.widget = copy.copy(prototype.widget)
            field.widget.attrs = prototype.widget.attrs.copy()
            field.error_messages = prototype.error_messages.copy()
            field.validators = prototype.validators[:]
            field.label = labels[option.pk]
            field.initial = initial_answers.get(option.pk)
            self._base_fields[answer_field_name(option.pk)] = field

    def clean(self):
        data = super().clean()
        if not any(data.get(answer_field_name(o.pk)) for o in self.options):
            raise forms.ValidationError(_("Choose Yes, If need be or No for at least one time"))
        return data

    def answers(self) -> dict[int, str]:
        return {
            o.pk: self.cleaned_data[answer_field_name(o.pk)]
            for o in self.options
            if self.cleaned_data.get(answer_field_name(o.pk))
        }


class ConfirmForm(NhsMessagesMixin, forms.Form):
    option = forms.ChoiceField(
        label=_("Which time will the group meet?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the time the group will meet")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = choices


class VenueForm(NhsMessagesMixin, forms.ModelForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "address",
            "outcode",
            "step_free",
            "accessible_toilet",
            "chairs_with_arms",
            "quiet_area",
            "parking",
            "blue_badge_spaces",
            "near_bus_stop",
            "drink_cost",
        ]
        labels = {
            "name": _("Name of the venue"),
            "address": _("Address (optional)"),
            "outcode": _("First part of the postcode (optional)"),
            "step_free": _("Step-free access"),
            "accessible_toilet": _("Accessible toilet"),
            "chairs_with_arms": _("Chairs with backs and arms"),
            "quiet_area": _("A quiet area"),
            "parking": _("Parking"),
            "blue_badge_spaces": _("Blue badge parking spaces"),
            "near_bus_stop": _("Near a bus stop"),
            "drink_cost": _("Cost of a drink (optional)"),
        }
        help_texts = {"outcode": _("For example, BS10"), "drink_cost": _("For example, £2.50")}
        error_messages = {"name": {"required": _("Enter the name of the venue")}}

    def clean_outcode(self):
        value = (self.cleaned_data.get("outcode") or "").strip().upper()
        if value and not (2 <= len(value) <= 4 and value[0].isalpha() and value.isalnum()):
            raise forms.ValidationError(_("Enter the first part of the postcode, like BS10"))
        return value


class MeetingForm(NhsMessagesMixin, DateFieldsMixin, forms.Form):
    title = forms.CharField(label=_("Name of the meeting (optional)"), max_length=120, required=False)
    first_date = NhsDateField(
        label=_("Date of the first meeting"),
        label_lower=pgettext_lazy("a field, in an error message", "date of the first meeting"),
    )
    start_time = NhsTimeField(
        label=_("Starts"),
        label_lower=pgettext_lazy("a field, in an error message", "start time"),
        help_text=_("For example, 10:30am"),
    )
    end_time = NhsTimeField(
        label=_("Ends"),
        label_lower=pgettext_lazy("a field, in an error message", "end time"),
        help_text=_("For example, 12 noon"),
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=Meeting.Frequency.choices,
        widget=forms.RadioSelect,
        initial=Meeting.Frequency.ONE_OFF,
        error_messages={"required": _("Choose how often the group meets")},
    )
    interval = forms.IntegerField(
        label=_("Every how many weeks or months?"),
        min_value=1,
        max_value=52,
        initial=1,
        help_text=_("1 for every week or month, 2 for fortnightly"),
        error_messages={
            "required": _("Enter how many weeks or months apart, like 2"),
            "invalid": _("Enter a whole number, like 2"),
            "min_value": _("Enter a number from 1 to 52"),
            "max_value": _("Enter a number from 1 to 52"),
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
    )
    last_weekday_of_month = forms.BooleanField(
        label=_("Use the last such weekday of the month (like the last Friday)"), required=False
    )
    until = NhsDateField(
        label=_("Last date (optional)"),
        label_lower=pgettext_lazy("a field, in an error message", "last date"),
        required=False,
    )
    mode = forms.ChoiceField(
        label=_("How will people meet?"),
        choices=Meeting.Mode.choices,
        widget=forms.RadioSelect,
        initial="in_person",
        error_messages={
            "required": _("Select how people will meet: in person, online or both"),
            "invalid_choice": _("Select how people will meet: in person, online or both"),
        },
    )
    location = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    online_url = forms.URLField(
        label=_("Link to join online (for online or hybrid meetings)"),
        assume_scheme="https",
        required=False,
        error_messages={"invalid": _("Enter a full link, like https://meet.example.org/abc")},
    )
    capacity = forms.IntegerField(
        label=_("Most people who can come (optional)"),
        required=False,
        min_value=1,
        max_value=200,
        error_messages={"invalid": _("Enter a whole number, like 12"), "min_value": _("Enter a number from 1 to 200")},
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3"}),
    )
    details = forms.CharField(label=_("Anything people should know (optional)"), required=False, widget=forms.Textarea)

    def __init__(self, *args, venues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = venues
        self.fields["location"].empty_label = _("Not at a venue (online)")


class RsvpForm(NhsMessagesMixin, forms.Form):
    response = forms.ChoiceField(
        label=_("Can you come?"),
        choices=Rsvp.Response.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you can come")},
    )


class AttendanceForm(NhsMessagesMixin, forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Who came?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Select everyone who came, including you"),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(u.pk), u.display_name) for u in members]


class MeetingPlanForm(NhsMessagesMixin, forms.Form):
    remind_days_before = forms.IntegerField(
        label=_("Send a reminder how many days before? (0 for none)"),
        min_value=0,
        max_value=14,
        error_messages={
            "required": _("Enter a number of days, like 2"),
            "invalid": _("Enter a whole number, like 2"),
            "min_value": _("Enter a number from 0 to 14"),
            "max_value": _("Enter a number from 0 to 14"),
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
    )
    remind_morning_of = forms.BooleanField(label=_("Also remind people on the morning of the meeting"), required=False)
    rotate_roles_every_weeks = forms.IntegerField(
        label=_("Swap the coordinator and co-coordinator every how many weeks? (optional)"),
        required=False,
        min_value=1,
        max_value=52,
        error_messages={"invalid": _("Enter a whole number, like 12"), "min_value": _("Enter a number from 1 to 52")},
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
    )


class MeetingRecordForm(NhsMessagesMixin, DateFieldsMixin, forms.Form):
    day = NhsDateField(
        label=_("Date of the meeting"), label_lower=pgettext_lazy("a field, in an error message", "date of the meeting")
    )
    start_time = NhsTimeField(
        label=_("Time it started"),
        label_lower=pgettext_lazy("a field, in an error message", "time it started"),
        help_text=_("For example, 10:30"),
    )
    face_to_face = forms.TypedChoiceField(
        label=_("Did you meet in person?"),
        choices=[("yes", _("Yes, in person")), ("no", _("No, by phone or online"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you met in person")},
    )
    venue = forms.CharField(label=_("Where (optional)"), max_length=300, required=False)
    attended = forms.MultipleChoiceField(
        label=_("Who came?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Select everyone who came, including you"),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(u.pk), u.preferred_name) for u in members]

    def starts_at(self) -> datetime:
        return datetime.combine(self.cleaned_data["day"], self.cleaned_data["start_time"]).replace(tzinfo=LONDON)

    def ends_at(self) -> datetime:
        return self.starts_at() + timedelta(hours=2)
