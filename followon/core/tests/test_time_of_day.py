"""One time parser for every time box (issue 21 item 5): the hints' own examples are accepted."""

from datetime import time

import pytest
from django import forms
from django.utils.translation import pgettext_lazy

from followon.core.forms import NhsTimeField, parse_time_of_day


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("12 noon", time(12, 0)),
        ("noon", time(12, 0)),
        ("Midday", time(12, 0)),
        ("12pm", time(12, 0)),
        ("12.30", time(12, 30)),
        ("12:30pm", time(12, 30)),
        ("2:30 pm", time(14, 30)),
        ("2.30p.m.", time(14, 30)),
        ("14:30", time(14, 30)),
        ("14.30", time(14, 30)),
        ("9am", time(9, 0)),
        ("9 AM", time(9, 0)),
        ("10:30am", time(10, 30)),
        ("6pm", time(18, 0)),
        ("12 midnight", time(0, 0)),
        ("12am", time(0, 0)),
        ("half past two pm", time(14, 30)),
        ("half past two in the afternoon", time(14, 30)),
        ("quarter to ten in the morning", time(9, 45)),
        ("three o'clock in the afternoon", time(15, 0)),
        ("12 o'clock", time(12, 0)),
    ],
)
def test_what_people_type_is_understood(typed, meant):
    assert parse_time_of_day(typed) == meant


@pytest.mark.parametrize("typed", ["", "soon", "13pm", "0am", "25:00", "10:75", "7:5", "half past two", "2 noon"])
def test_what_is_not_a_time_or_could_be_either_half_of_the_day_is_refused(typed):
    assert parse_time_of_day(typed) is None


class _MeetingTime(forms.Form):
    start = NhsTimeField(
        label="Starts",
        label_lower=pgettext_lazy("a field, in an error message", "start time"),
        help_text="For example, 12 noon",
    )


def test_a_time_that_is_not_understood_gets_a_clear_error_and_keeps_what_was_typed():
    form = _MeetingTime({"start": "half past two"})
    assert not form.is_valid()
    assert form.errors["start"] == ["Enter the start time as a time, like 10:30am, 12 noon or 14:30"]
    assert form["start"].value() == "half past two"
    assert _MeetingTime({"start": "12 noon"}).is_valid()
