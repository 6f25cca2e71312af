"""NHS.UK component macros remembered by their parameters (core/template_memo.py, issue 16)."""

import pytest
from django.template import engines
from jinja2 import meta
from markupsafe import Markup

from followon.core import template_memo


@pytest.fixture
def env():
    template_memo.clear()
    yield engines["jinja2"].env
    template_memo.clear()


def _component_sources(env):
    names = [n for n in env.list_templates() if n.startswith(("nhsuk/components/", "nhsuk/macros/"))]
    assert len(names) > 40  # the whole NHS.UK frontend, not an empty folder
    return {name: env.loader.get_source(env, name)[0] for name in names}


def test_components_read_nothing_but_their_parameters(env):
    """What makes remembering safe: no component template names a global of ours (url, _, now, ...)
    or the page's context (request, csrf_input), so its HTML depends on its parameters alone."""
    ours = set(env.globals) | {"request", "csrf_input", "csrf_token", "user", "messages"}
    for name, source in _component_sources(env).items():
        used = meta.find_undeclared_variables(env.parse(source))
        assert not (used & ours), (name, used & ours)


def _render(env, source, **context):
    return env.from_string(source).render(**context)


CARD = '{% from "nhsuk/components/card/macro.jinja" import card %}{{ card(params) }}'


def test_same_html_as_the_component_and_remembered(env):
    params = {"href": "/x", "heading": "Programmes", "headingLevel": 2, "description": "Sessions", "clickable": True}
    first = _render(env, CARD, params=params)
    assert 'class="nhsuk-card nhsuk-card--clickable"' in first and "Programmes" in first
    assert len(template_memo._answers) >= 1
    # Forgetting gives exactly the same HTML again (rendered by the component itself).
    remembered = _render(env, CARD, params=params)
    template_memo.clear()
    assert remembered == first == _render(env, CARD, params=params)


def test_text_and_html_are_never_confused(env):
    source = '{% from "nhsuk/components/button/macro.jinja" import button %}{{ button({"text": h}) }}'
    as_text = _render(env, source, h="<b>bold</b>")
    as_html = _render(env, source, h=Markup("<b>bold</b>"))
    assert "&lt;b&gt;" in as_text and "<b>bold</b>" in as_html


def test_different_parameters_different_answers(env):
    one = _render(env, CARD, params={"href": "/a", "heading": "A"})
    two = _render(env, CARD, params={"href": "/b", "heading": "B"})
    assert 'href="/a"' in one and 'href="/b"' in two and 'href="/a"' not in two
    # True and 1 are equal in Python but not the same parameter.
    clickable = _render(env, CARD, params={"href": "/a", "heading": "A", "clickable": True})
    assert "nhsuk-card--clickable" in clickable


def test_caller_blocks_and_objects_are_rendered_every_time(env):
    source = (
        '{% from "nhsuk/components/warning-callout/macro.jinja" import warningCallout %}'
        '{% call warningCallout({"heading": "Note"}) %}<p>{{ body }}</p>{% endcall %}'
    )
    assert "first" in _render(env, source, body="first")
    assert "second" in _render(env, source, body="second")

    class Heading:
        def __str__(self):
            return "An object"

    _render(env, CARD, params={"href": "/a", "heading": Heading()})
    assert template_memo._answers == {}


def test_bounded(env, monkeypatch):
    monkeypatch.setattr(template_memo, "MAX_ENTRIES", 3)
    for n in range(7):
        _render(env, CARD, params={"href": f"/{n}", "heading": str(n)})
    assert 0 < len(template_memo._answers) <= 3
    monkeypatch.setattr(template_memo, "MAX_CHARS", 10)
    template_memo.clear()
    _render(env, CARD, params={"href": "/big", "heading": "Big"})
    assert template_memo._answers == {}


def test_the_header_is_not_remembered(env):
    """It holds the sign-out form with the request's own CSRF token: never alike twice."""
    source = '{% from "nhsuk/components/header/macro.jinja" import header %}{{ header({"service": {"text": "F"}}) }}'
    assert "F" in _render(env, source)
    assert template_memo._answers == {}
