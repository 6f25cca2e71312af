"""The poll's answer form: its per-time fields are copies of one (issue 16), each as the field
built on its own would be, and independent of each other."""

from dataclasses import dataclass

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from followon.meetings.forms import AnswerForm, answer_field_name
from followon.meetings.models import PollAnswer


@dataclass
class Option:
    pk: int


OPTIONS = [Option(7), Option(8), Option(9)]
LABELS = {7: "Monday", 8: "Tuesday", 9: "Wednesday"}


def built_alone(pk, initial):
    return django_forms.ChoiceField(
        label=LABELS[pk],
        choices=PollAnswer.Answer.choices,
        widget=django_forms.RadioSelect,
        required=False,
        initial=initial,
        error_messages={"invalid_choice": _("Choose Yes, If need be or No")},
    )


def test_each_field_is_what_building_it_alone_gives():
    form = AnswerForm(options=OPTIONS, labels=LABELS, initial_answers={8: "yes"})
    for option in OPTIONS:
        field, alone = form.fields[answer_field_name(option.pk)], built_alone(option.pk, {8: "yes"}.get(option.pk))
        assert (field.label, field.initial, field.required) == (alone.label, alone.initial, alone.required)
        assert list(field.choices) == list(alone.choices)
        assert list(field.widget.choices) == list(alone.widget.choices)
        assert type(field.widget) is type(alone.widget) and field.widget.attrs == alone.widget.attrs
        assert {k: str(v) for k, v in field.error_messages.items()} == {
            k: str(v) for k, v in alone.error_messages.items()
        }
        assert field.validators == alone.validators
        bound = form[answer_field_name(option.pk)]
        assert bound.html_name == answer_field_name(option.pk) and bound.label == LABELS[option.pk]
    assert form[answer_field_name(8)].value() == "yes" and form[answer_field_name(7)].value() is None


def test_the_fields_do_not_share_what_can_change():
    form = AnswerForm(options=OPTIONS, labels=LABELS, initial_answers={})
    first, second = form.fields[answer_field_name(7)], form.fields[answer_field_name(8)]
    assert first is not second and first.widget is not second.widget
    first.widget.attrs["class"] = "changed"
    first.error_messages["invalid_choice"] = "changed"
    first.validators.append(lambda value: None)
    assert "class" not in second.widget.attrs
    assert str(second.error_messages["invalid_choice"]) == "Choose Yes, If need be or No"
    assert second.validators == []


def test_answers_validate_as_before():
    data = {answer_field_name(7): "yes", answer_field_name(9): "no"}
    form = AnswerForm(data, options=OPTIONS, labels=LABELS, initial_answers={})
    assert form.is_valid() and form.answers() == {7: "yes", 9: "no"}
    bad = AnswerForm({answer_field_name(7): "perhaps"}, options=OPTIONS, labels=LABELS, initial_answers={})
    assert not bad.is_valid()
    assert bad.errors[answer_field_name(7)] == ["Choose Yes, If need be or No"]
    none = AnswerForm({}, options=OPTIONS, labels=LABELS, initial_answers={})
    assert not none.is_valid()
    assert none.non_field_errors() == ["Choose Yes, If need be or No for at least one time"]
