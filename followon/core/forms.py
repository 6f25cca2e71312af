"""Form fields drawn as NHS.UK components, and putting a service's ValidationError on a form.

Dates are three boxes (day, month, year) and times are typed as people write them (10am, 1:30pm,
13.30), with NHS-style messages that name the field ("Enter the meeting date").
"""

from __future__ import annotations

import re
from datetime import date, time

from django import forms
from django.core.exceptions import ValidationError


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


class NhsDateField(forms.MultiValueField):
    widget = NhsDateWidget

    def __init__(self, *, label_lower: str, **kwargs):
        self.label_lower = label_lower
        kwargs.setdefault("require_all_fields", False)
        super().__init__(
            fields=[forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False)],
            **kwargs,
        )
        self.error_messages["required"] = f"Enter the {label_lower}"
        self.error_messages["incomplete"] = f"Enter the {label_lower}"

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"The {self.label_lower} must include a {' and '.join(missing)}")
        if not all(part.isascii() and part.isdigit() for part in (day, month, year)):
            raise forms.ValidationError(f"The {self.label_lower} must be a real date")
        if len(year) != 4:
            # Also keeps int() and date() away from years like 99999999999 (an OverflowError, once a 500).
            raise forms.ValidationError(f"The year of the {self.label_lower} must include 4 numbers")
        try:
            value = date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as exc:
            raise forms.ValidationError(f"The {self.label_lower} must be a real date") from exc
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(f"The {self.label_lower} must be a real date")
        return value


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.IGNORECASE)


class NhsTimeField(forms.Field):
    """A time typed as 10:00, 10am, 1:30pm, 13.30 or 14:00."""

    widget = forms.TextInput(attrs={"class": "nhsuk-input--width-5", "autocomplete": "off"})

    def __init__(self, *, label_lower: str, **kwargs):
        self.label_lower = label_lower
        kwargs.setdefault("error_messages", {"required": f"Enter the {label_lower}"})
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
        match = _TIME.match(value[:20])
        message = f"Enter the {self.label_lower} as a time, like 10:00 or 1:30pm"
        if not match:
            raise forms.ValidationError(message)
        hour, minute, suffix = int(match[1]), int(match[2] or 0), (match[3] or "").lower().replace(".", "")
        if suffix:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(message)
            hour = hour % 12 + (12 if suffix == "pm" else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(message)
        return time(hour, minute)


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
                for i, label in enumerate(("Day", "Month", "Year"))
            ],
        }
        if error:
            params["errorMessage"] = {"text": error}
        if hint or bound.help_text:
            params["hint"] = {"text": hint or str(bound.help_text)}
        return params
