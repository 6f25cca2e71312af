"""components/link_button.jinja gives the NHS.UK button component's HTML for a link button: the same
element, attributes in the same order, the same escaped text; only the whitespace inside the tag
(the component's template leaves its own blank lines there) differs."""

import re

import pytest
from django.template import engines
from markupsafe import Markup

from followon.core import template_memo

COMPONENT = '{% from "nhsuk/components/button/macro.jinja" import button %}{{ button({"text": text, "href": href}) }}'
LOCAL = '{% from "components/link_button.jinja" import link_button %}{{ link_button(text, href) }}'


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("Answer the follow-on group question", "/my/programmes/1/interest/"),
        ("Reply to the invitation to Tom & Jerry's <walk>", "/my/groups/a?b=1&c=2"),
        ("  Padded text\nover two lines  ", '/x/"quoted"/'),
        (Markup("Ymateb i&#39;r gwahoddiad"), "/cy/fy/grwpiau/"),
        ("Ateb cwestiwn y grŵp dilynol", "/cy/"),
    ],
)
def test_same_html_as_the_nhsuk_button(text, href):
    env = engines["jinja2"].env
    template_memo.clear()
    expected = env.from_string(COMPONENT).render(text=text, href=href)
    assert 'class="nhsuk-button"' in expected  # the component's own markup, not an empty string
    local = env.from_string(LOCAL).render(text=text, href=href)
    assert _normal(local) == _normal(expected)
    assert local == local.strip() and "\n\n" not in local


def _normal(html: str) -> str:
    """Whitespace as a browser reads it: runs of it are one space, and none is kept before `>`."""
    return re.sub(r"\s+>", ">", re.sub(r"\s+", " ", html)).strip()


def test_the_comparison_sees_a_difference():
    assert _normal('<a class="x"\n  >\n  Go\n</a>') != _normal('<a class="y">Go</a>')
