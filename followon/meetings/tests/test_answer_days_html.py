"""The poll's answer rows written by `presenters.AnswerDays.html` (issue 16, ADR 0039) are the HTML the Jinja
macro wrote before, byte for byte: the macro is kept here verbatim as the reference and rendered by the
project's own Jinja2 environment (autoescaping, the same `_`), for awkward values (hypothesis: markup,
quotes, ampersands, braces, right-to-left text, errors that are Markup), every answer chosen or none or a
posted value that is not an answer, and the real pages in English, Welsh, Urdu and Polish."""

import pytest
from django.template import engines
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from followon.meetings import presenters, selectors
from followon.meetings.tests.test_poll_by_day import kept_and_posted_forms, long_poll, venue_for
from followon.meetings.views.polls import _answer_choices

# meetings/_radios.jinja's `answer_days` macro as it was until ADR 0039, unchanged.
REFERENCE_MACRO = """{% macro answer_days(days, items, heading_level=2) -%}
{%- set error_prefix = _("Error:") -%}
{%- for day in days %}
<h{{ heading_level }} class="nhsuk-heading-s">{{ day.day }}</h{{ heading_level }}>
{%- for row in day.rows %}
<div class="nhsuk-form-group{% if row.error %} nhsuk-form-group--error{% endif %}">
<fieldset class="nhsuk-fieldset"{% if row.error %} aria-describedby="{{ row.id }}-error"{% endif %}>
<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s"><span class="nhsuk-u-visually-hidden">{{ day.day }}, </span>{{ row.time }}</legend>
{%- if row.error %}
<span class="nhsuk-error-message" id="{{ row.id }}-error"><span class="nhsuk-u-visually-hidden">{{ error_prefix }} </span>{{ row.error }}</span>
{%- endif %}
<div class="nhsuk-radios nhsuk-radios--inline" data-module="nhsuk-radios">
{%- for item_value, text in items %}
{%- set item_id = row.id if loop.first else row.id ~ "-" ~ loop.index %}
<div class="nhsuk-radios__item"><input class="nhsuk-radios__input" id="{{ item_id }}" name="{{ row.name }}" type="radio" value="{{ item_value }}"{% if item_value == row.value %} checked{% endif %}><label class="nhsuk-label nhsuk-radios__label" for="{{ item_id }}">{{ text }}</label></div>
{%- endfor %}
</div>
</fieldset>
</div>
{%- endfor %}
{%- endfor %}
{%- endmacro %}"""  # noqa: E501 - the macro verbatim

CALL = "{{ answer_days(days, items, heading_level=level) }}"


def environment():
    return engines["jinja2"].env


def reference(days, items, level) -> str:
    return environment().from_string(REFERENCE_MACRO + CALL).render(days=days, items=items, level=level)


def current(days, items, level) -> str:
    source = '{% from "meetings/_radios.jinja" import answer_days %}' + CALL
    return environment().from_string(source).render(days=days, items=items, level=level)


AWKWARD = st.text(
    alphabet=st.sampled_from(list("aZ09 ,.-_<>&\"'{}%()\n") + ["é", "ŵ", "ł", "ی", "ہ", "\u200f"]), max_size=12
)
ITEMS = [("yes", "Yes"), ("if_need_be", "If need be"), ("no", "No")]


@st.composite
def answer_days(draw):
    days = presenters.AnswerDays()
    for _day in range(draw(st.integers(0, 3))):
        day = presenters.AnswerDay(day=draw(AWKWARD))
        for _row in range(draw(st.integers(0, 3))):
            name = draw(st.one_of(st.just("option_12"), AWKWARD))
            error = draw(st.one_of(st.just(""), AWKWARD, AWKWARD.map(lambda t: Markup("<b>%s</b>") % t)))
            day.rows.append(
                presenters.AnswerRow(
                    name=name,
                    id=draw(st.one_of(st.just("id_" + name), AWKWARD)),
                    time=draw(AWKWARD),
                    value=draw(st.sampled_from(["", "yes", "if_need_be", "no", "maybe", "<no>"])),
                    error=error,
                )
            )
        days.append(day)
    return days


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    days=answer_days(),
    items=st.one_of(st.just(ITEMS), st.lists(st.tuples(AWKWARD, AWKWARD), max_size=4, unique_by=lambda item: item[0])),
    level=st.sampled_from([2, 3, 4]),
    language=st.sampled_from(["en", "cy", "ur", "pl"]),
)
def test_answer_days_html_is_the_reference_macro_s(days, items, level, language):
    with translation.override(language):
        assert current(days, items, level) == reference(days, items, level)


def test_no_days_is_nothing():
    assert current([], ITEMS, 3) == reference([], ITEMS, 3) == ""
    assert current(presenters.AnswerDays(), ITEMS, 3) == ""


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "cy", "ur", "pl"])
def test_a_real_poll_s_rows_posted_and_not(group, coordinator, language):
    """A poll with a venue, as a form shows it unposted (kept answers) and posted with a bad answer."""
    poll = long_poll(group, coordinator, venue_for(group, coordinator), times=12)
    options = selectors.poll_option_rows(poll)
    with translation.override(language):
        for form in kept_and_posted_forms(options):
            days = presenters.answer_days(form, options)
            items = _answer_choices()
            assert current(days, items, 3) == reference(days, items, 3)
