"""The organiser's ranked times written by `presenters.ranked_rows_html` (issue 16, ADR 0044) are the HTML
`meetings/poll.jinja`'s loop wrote before, byte for byte: the loop is kept here verbatim as the reference and
rendered by the project's own Jinja2 environment (autoescaping, the same `_`), for awkward names, labels and
headings (markup, quotes, ampersands, braces, right-to-left text, Markup headings as `_()` gives them), people
left out who are no longer members, nobody left out, and the real page in English, Welsh, Urdu and Polish."""

from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from followon.meetings import presenters

# meetings/poll.jinja's loop as it was until ADR 0044, unchanged (the headings set as the page sets them).
REFERENCE_LOOP = """{%- set rank_heading, time_heading, can_come_heading, yes_heading, leaves_out_heading = headings %}
{%- for r in ranked_shown %}
              <tr role="row" class="nhsuk-table__row">
                <td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">{{ rank_heading }} </span>{{ r.rank }}</td>
                <td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">{{ time_heading }} </span>{{ labels[r.option.id] }}</td>
                <td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">{{ can_come_heading }} </span>{{ r.can_come }}</td>
                <td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">{{ yes_heading }} </span>{{ r.yes }}</td>
                <td role="cell" class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading">{{ leaves_out_heading }} </span>{% if r.left_out %}{% for uid in r.left_out %}{{ names.get(uid, someone) }}{% if not loop.last %}, {% endif %}{% endfor %}{% else %}{{ nobody }}{% endif %}</td>
              </tr>
            {% endfor %}"""  # noqa: E501 - the loop verbatim

CALL = "{{ ranked_rows_html(ranked_shown, labels, names, headings, someone, nobody) }}"


def render(source, **context) -> str:
    return engines["jinja2"].env.from_string(source).render(ranked_rows_html=presenters.ranked_rows_html, **context)


AWKWARD = st.text(
    alphabet=st.sampled_from(list("aZ09 ,.-_<>&\"'{}%()\n") + ["é", "ŵ", "ł", "ی", "ہ", "\u200f"]), max_size=12
)
TEXT_OR_MARKUP = st.one_of(AWKWARD, AWKWARD.map(lambda t: Markup("<b>%s</b>") % t))


@st.composite
def ranked(draw):
    rows = []
    for n in range(draw(st.integers(0, 4))):
        rows.append(
            SimpleNamespace(
                option=SimpleNamespace(id=draw(st.integers(1, 6))),
                rank=n + 1,
                can_come=draw(st.integers(0, 15)),
                yes=draw(st.integers(0, 15)),
                left_out=tuple(draw(st.lists(st.integers(1, 8), max_size=4, unique=True))),
            )
        )
    return rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ranked_shown=ranked(),
    labels=st.dictionaries(st.integers(1, 5), AWKWARD, max_size=5),  # an option without a label shows nothing
    names=st.dictionaries(st.integers(1, 6), AWKWARD, max_size=6),  # someone left out may have left the group
    headings=st.tuples(TEXT_OR_MARKUP, TEXT_OR_MARKUP, TEXT_OR_MARKUP, TEXT_OR_MARKUP, TEXT_OR_MARKUP),
    someone=TEXT_OR_MARKUP,
    nobody=TEXT_OR_MARKUP,
)
def test_ranked_rows_html_is_the_reference_loop_s(ranked_shown, labels, names, headings, someone, nobody):
    context = {
        "ranked_shown": ranked_shown,
        "labels": labels,
        "names": names,
        "headings": headings,
        "someone": someone,
        "nobody": nobody,
    }
    assert render(CALL, **context) == render(REFERENCE_LOOP, **context)


@pytest.mark.parametrize("language", ["en", "cy", "ur", "pl"])
def test_translated_headings_as_the_page_gives_them(language):
    """The headings, Someone and Nobody through the page's own `_()` (Markup), in each language."""
    source = (
        '{%- set headings = (_("Rank"), _("Time"), _("Can come"), _("Yes"), _("Leaves out")) %}'
        '{%- set someone, nobody = _("Someone"), _("Nobody") %}'
    )
    rows = [
        SimpleNamespace(option=SimpleNamespace(id=1), rank=1, can_come=3, yes=2, left_out=(7, 9)),
        SimpleNamespace(option=SimpleNamespace(id=2), rank=2, can_come=1, yes=1, left_out=()),
    ]
    context = {"ranked_shown": rows, "labels": {1: "Monday 1 March, 10am to 11am", 2: "A & B"}, "names": {7: "<Ann>"}}
    with translation.override(language):
        assert render(source + CALL, **context) == render(source + REFERENCE_LOOP, **context)
