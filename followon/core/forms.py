"""Form fields drawn as NHS.UK components, and putting a service's ValidationError on a form.

Dates are three boxes (day, month, year) and times are typed as people write them (10am, 1:30pm,
13.30), with NHS-style messages that name the field ("Enter the meeting date").
"""

from __future__ import annotations

import re
from datetime import date, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _


def attach_errors(form: forms.Form, error: ValidationError, *, default_field: str | None = None) -> None:
    """Put a service's ValidationError on the form: each message on its field when the form has
    that field, otherwise on `default_field` (None: the form as a whole), so it shows in the error
    summary and nothing typed is lost."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else default_field, errors)
    else:
        form.add_error(default_field, error)


class NhsDateWidget(forms.MultiWidget):
    """Day, month and year boxes, drawn by the NHS.UK date input component."""

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


# A date or time field names itself in its messages ("Enter the date of the first meeting"). Every form
# passes `label_lower` translated (pgettext_lazy("a field, in an error message", "start time")), so the
# messages are in the page's language, built from whole sentences with the field's name as a
# placeholder (Welsh writes them so the name needs no mutation: "Mae angen amser dechrau"). A plain
# string would put English on a Welsh page, so it is refused.
def _translated(label_lower) -> Promise:
    if not isinstance(label_lower, Promise):
        raise TypeError(
            f"label_lower must be a lazy translation, like pgettext_lazy('a field, in an error message', "
            f"{str(label_lower)!r}), not a plain string"
        )
    return label_lower


def _enter(label_lower: Promise) -> str:
    return lazy(lambda: _("Enter the %(field)s") % {"field": label_lower}, str)()


_MISSING_PARTS = {
    ("day",): lambda: _("a day"),
    ("month",): lambda: _("a month"),
    ("year",): lambda: _("a year"),
    ("day", "month"): lambda: _("a day and month"),
    ("day", "year"): lambda: _("a day and year"),
    ("month", "year"): lambda: _("a month and year"),
}


class NhsDateField(forms.MultiValueField):
    widget = NhsDateWidget

    def __init__(self, *, label_lower: Promise, **kwargs):
        self.label_lower = label_lower = _translated(label_lower)
        kwargs.setdefault("require_all_fields", False)
        super().__init__(
            fields=[forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False)],
            **kwargs,
        )
        self.error_messages["required"] = _enter(label_lower)
        self.error_messages["incomplete"] = _enter(label_lower)

    def _not_real(self) -> str:
        return _("The %(field)s must be a real date") % {"field": self.label_lower}

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            parts = _MISSING_PARTS[tuple(missing)]()
            raise forms.ValidationError(
                _("The %(field)s must include %(parts)s") % {"field": self.label_lower, "parts": parts}
            )
        if not all(part.isascii() and part.isdigit() for part in (day, month, year)):
            raise forms.ValidationError(self._not_real())
        if len(year) != 4:
            # Also keeps int() and date() away from years like 99999999999 (an OverflowError, once a 500).
            raise forms.ValidationError(
                _("The year of the %(field)s must include 4 numbers") % {"field": self.label_lower}
            )
        try:
            value = date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as exc:
            raise forms.ValidationError(self._not_real()) from exc
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(self._not_real())
        return value


_TIME = re.compile(r"^(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?|noon|midday|midnight)?$", re.IGNORECASE)
_WORD_HOURS = {
    word: number
    for number, word in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"], start=1
    )
}
_WORDS = re.compile(
    r"^(?:(half|quarter|\d{1,2}|ten|twenty|twenty-five|five)\s+(past|to)\s+)?"
    r"(\w+)(?:\s+o'?clock)?\s*(am|pm|in the morning|in the afternoon|in the evening)?$",
    re.IGNORECASE,
)
_MINUTE_WORDS = {"half": 30, "quarter": 15, "five": 5, "ten": 10, "twenty": 20, "twenty-five": 25}


def parse_time_of_day(text: str) -> time | None:
    """A time of day as people type it, or None when it is not one.

    One parser for every time box (the poll form, "Set up a meeting", sessions, events, on-call hours),
    so a hint's example ("For example, 12 noon") is always accepted. Takes 14:30, 14.30, 2:30pm,
    2:30 pm, 2.30p.m., 9am, 12pm, 12 noon, noon, midday, midnight, 12.30 (a bare 12 is midday: nobody
    meets at half past midnight) and words: "half past two pm", "quarter to ten in the morning",
    "three o'clock in the afternoon". Words need the part of the day ("half past two" on its own could
    be either, and a meeting at 2:30am is a mistake nobody would notice until the day).
    """
    value = " ".join((text or "").lower().replace("’", "'").split())[:40]
    if value in {"noon", "midday", "12 noon", "12 midday"}:
        return time(12, 0)
    if value in {"midnight", "12 midnight"}:
        return time(0, 0)
    match = _TIME.match(value.removesuffix(" o'clock"))
    if match:
        hour, minute, suffix = int(match[1]), int(match[2] or 0), (match[3] or "").replace(".", "")
        if suffix in {"noon", "midday"}:
            return time(12, minute) if hour == 12 else None
        if suffix == "midnight":
            return time(0, minute) if hour == 12 else None
        if suffix:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if suffix == "pm" else 0)
        if hour > 23 or minute > 59:
            return None
        return time(hour, minute)
    match = _WORDS.match(value)
    hour = (int(match[3]) if match[3].isdigit() else _WORD_HOURS.get(match[3], 0)) if match else 0
    if not 1 <= hour <= 12 or not match[4]:
        return None
    minutes = 0
    if match[1]:
        minutes = _MINUTE_WORDS.get(match[1]) if not match[1].isdigit() else int(match[1])
        if minutes is None or not 0 < minutes < 60:
            return None
        if match[2] == "to":
            hour, minutes = hour - 1 or 12, 60 - minutes
    afternoon = match[4] in {"pm", "in the afternoon", "in the evening"}
    hour = hour % 12 + (12 if afternoon else 0)
    return time(hour, minutes)


class NhsTimeField(forms.Field):
    """A time typed as people type it (see `parse_time_of_day`); a clear error, and the text kept, if not."""

    widget = forms.TextInput(attrs={"class": "nhsuk-input--width-10", "autocomplete": "off"})

    def __init__(self, *, label_lower: Promise, **kwargs):
        self.label_lower = label_lower = _translated(label_lower)
        kwargs.setdefault("error_messages", {"required": _enter(label_lower)})
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, time):
            return value.strftime("%H:%M")
        return value

    def to_python(self, value):
        if isinstance(value, time):
            return value
        value = (value or "").strip()
        if value in self.empty_values:
            return None
        parsed = parse_time_of_day(value)
        if parsed is None:
            # A form may give its own (translated) words as error_messages["time"].
            if self.error_messages.get("time"):
                raise forms.ValidationError(self.error_messages["time"])
            raise forms.ValidationError(
                _("Enter the %(field)s as a time, like 10:30am, 12 noon or 14:30") % {"field": self.label_lower}
            )
        return parsed


class DateFieldsMixin:
    """`date_params(name)` gives the NHS.UK dateInput macro's params for a date field."""

    def date_params(self, name: str, *, hint: str = "", legend_size: str = "s", is_page_heading: bool = False):
        bound = self[name]
        value = bound.value()
        if isinstance(value, date):
            values = [str(value.day), str(value.month), str(value.year)]
        elif isinstance(value, list | tuple):
            values = [str(v or "") for v in value] + ["", "", ""]
        else:
            values = ["", "", ""]
        error = bound.errors[0] if bound.errors else None
        legend = {"text": str(bound.label), "size": "l" if is_page_heading else legend_size}
        if is_page_heading:
            legend["isPageHeading"] = True
        widths = (2, 2, 4)
        params = {
            "id": bound.auto_id,
            "fieldset": {"legend": legend},
            "items": [
                {
                    "id": f"{bound.auto_id}_{i}",
                    "name": f"{bound.html_name}_{i}",
                    "label": label,
                    "value": values[i],
                    "width": widths[i],
                    "classes": "nhsuk-input--error" if error else "",
                }
                for i, label in enumerate((_("Day"), _("Month"), _("Year")))
            ],
        }
        if error:
            params["errorMessage"] = {"text": error}
        if hint or bound.help_text:
            params["hint"] = {"text": hint or str(bound.help_text)}
        return params


# Django's own messages ("This field is required.", "Select a valid choice. …") say nothing about the
# field. A form that mixes this in gets a message naming the field wherever it has not set its own.
_CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.NullBooleanField)
_CHOICE_KEYS = ("required", "invalid_choice", "invalid_list", "invalid_pk_value", "list")
_TEXT_KEYS = ("required", "invalid", "invalid_date", "invalid_time", "missing", "empty")


def _django_default(field: forms.Field, key: str) -> bool:
    message = field.error_messages.get(key)
    if message is None:
        return False
    return any(
        str(message) == str(getattr(klass, "default_error_messages", {}).get(key, "")) for klass in type(field).__mro__
    )


def _described(field: forms.Field, name: str) -> str:
    label = str(field.label or name.replace("_", " ")).strip().rstrip(":")
    # "(optional)" and other asides in brackets are for the label, not the message.
    label = re.sub(r"\s*\([^)]*\)$", "", label)
    # A label written as a phrase ("Your email address") reads well after "Enter"; a label that
    # is a question cannot, so the message asks for an answer to it.
    if label.endswith("?"):
        return ""
    # Lower case after "Enter", except a leading abbreviation ("NHS number", "PTVs").
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _question(field: forms.Field, name: str) -> str:
    """A label that is a question, without its aside in brackets: "Who came?"."""
    label = str(field.label or name.replace("_", " ")).strip()
    return re.sub(r"\s*\([^)]*\)$", "", label)


def nhs_message_for(field: forms.Field, name: str, key: str) -> str:
    """The message for `key` on a field that has none of its own, naming the field, or, when its
    label is a question, naming the question ("Select an answer to ‘Who came?’"): never a bare
    "Select an answer", which does not say which question on the page is unanswered."""
    described = _described(field, name)
    question = {"question": _question(field, name)}
    if isinstance(field, forms.EmailField) and key == "invalid":
        return _("Enter a real email address, like name@example.com")
    if isinstance(field, forms.FileField):
        return _("Select the file to upload")
    if isinstance(field, forms.URLField) and key == "invalid":
        return _("Enter a real web address, like https://www.example.com")
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)) and key == "invalid":
        return (
            _("Enter %(field)s as a number, like 5") % {"field": described}
            if described
            else _("Enter a number as your answer to ‘%(question)s’, like 5") % question
        )
    if isinstance(field, _CHOICE_FIELDS) or key in _CHOICE_KEYS[1:]:
        return (
            _("Select %(field)s") % {"field": described}
            if described
            else _("Select an answer to ‘%(question)s’") % question
        )
    if isinstance(field, NhsDateField):
        # A date field always says which date ("Enter the date people should answer by").
        return field.error_messages["required"]
    return (
        _("Enter %(field)s") % {"field": described} if described else _("Enter an answer to ‘%(question)s’") % question
    )


class NhsMessagesMixin:
    """Fills every Django default error message of the form's fields with one naming the field
    ("Select how people will meet", "Enter your mobile phone number"). Messages a form sets itself
    are kept: prefer those on member-facing forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The messages depend only on each field's class, label and messages and the language. A form
        # whose fields are still its class's declared ones (the same label and message objects) gets
        # the same messages every time: worked out once per class and language (issue 16; 1 to 2 ms
        # of a page with a search form). Any field changed or added: worked out afresh, as before.
        declared = _declared_fields(self)
        if declared:
            key = (type(self), translation.get_language())
            filled = _FILLED_MESSAGES.get(key)
            if filled is None:
                filled = {name: _nhs_messages(field, name) for name, field in self.fields.items()}
                if len(_FILLED_MESSAGES) >= _FILLED_MAX:
                    _FILLED_MESSAGES.clear()
                _FILLED_MESSAGES[key] = filled
            for name, field in self.fields.items():
                field.error_messages.update(filled[name])
            return
        for name, field in self.fields.items():
            field.error_messages.update(_nhs_messages(field, name))


# (form class, language) -> {field name: {key: message}} for forms whose fields are their declared ones.
_FILLED_MESSAGES: dict = {}
_FILLED_MAX = 1024


def _declared_fields(form) -> bool:
    """Every field of `form` is a copy of its class's declared field with the same class, label and
    error message objects (Django's Field.__deepcopy__ shares the label and copies the messages dict),
    and no field was added or removed."""
    base = type(form).base_fields
    if form.fields.keys() != base.keys():
        return False
    for name, field in form.fields.items():
        declared = base[name]
        if type(field) is not type(declared) or field.label is not declared.label:
            return False
        mine, theirs = field.error_messages, declared.error_messages
        if mine.keys() != theirs.keys() or any(mine[k] is not theirs[k] for k in mine):
            return False
    return True


def _nhs_messages(field: forms.Field, name: str) -> dict:
    """The messages NhsMessagesMixin gives one field, in the active language."""
    messages = {}
    keys = _CHOICE_KEYS if isinstance(field, _CHOICE_FIELDS) else _TEXT_KEYS
    # A choice field whose form says what to do when nothing is chosen ("Select a role")
    # says the same when the choice is not one offered.
    own_required = None if _django_default(field, "required") else field.error_messages.get("required")
    for key in keys:
        if _django_default(field, key):
            if own_required and key != "required" and isinstance(field, _CHOICE_FIELDS):
                messages[key] = own_required
            else:
                messages[key] = nhs_message_for(field, name, key)
    return messages
