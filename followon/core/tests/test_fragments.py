"""Fragments remembered by the data they show (core/fragments.py, issue 16, ADR 0031)."""

import pytest
from django.template import engines
from django.utils import translation

from followon.core import fragments
from followon.core.fragments import FragmentCache, hole


@pytest.fixture
def cache():
    made = FragmentCache("unused.jinja", max_entries=3, max_chars=200)
    made._template = engines["jinja2"].env.from_string(
        "<p>{{ name }}: {{ _('Reply') }}</p>{% if form %}<form>{{ csrf_input }}</form>{% endif %}"
    )
    yield made
    fragments._caches.remove(made)


def _render(cache, name, form=False, **holes):
    return cache.render(
        (name, form), lambda: {"name": name, "form": form, "csrf_input": hole("csrf_input")}, holes or None
    )


def test_remembered_by_key_and_language(cache):
    rendered = []
    cache._render = lambda context, real=cache._render: rendered.append(context["name"]) or real(context)
    assert _render(cache, "Ann") == "<p>Ann: Reply</p>"
    assert _render(cache, "Ann") == "<p>Ann: Reply</p>"
    assert rendered == ["Ann"]
    with translation.override("cy"):
        assert _render(cache, "Ann") == "<p>Ann: Ateb</p>"
    assert rendered == ["Ann", "Ann"]
    assert _render(cache, "<b>") == "<p>&lt;b&gt;: Reply</p>"  # escaped as ever


def test_least_recently_used_forgotten_first_and_big_ones_never_kept(cache):
    for name in ("a", "b", "c"):
        _render(cache, name)
    _render(cache, "a")  # used again: "b" is now the oldest
    _render(cache, "d")
    assert len(cache) == 3
    assert {key[1][0] for key in cache.remembered} == {"a", "c", "d"}
    _render(cache, "x" * 300)
    assert len(cache) == 3 and all(key[1][0] != "x" * 300 for key in cache.remembered)


def test_per_request_values_go_into_holes_never_into_what_is_kept(cache):
    first = _render(cache, "Ann", form=True, csrf_input=lambda: '<input name="csrfmiddlewaretoken" value="one">')
    second = _render(cache, "Ann", form=True, csrf_input=lambda: '<input name="csrfmiddlewaretoken" value="two">')
    assert 'value="one"' in first and 'value="two"' in second
    (kept,) = cache.remembered.values()
    assert "csrfmiddlewaretoken" not in kept and hole("csrf_input") in kept


def test_a_fragment_with_a_csrf_field_is_never_kept(cache):
    cache.render(("raw",), lambda: {"name": "csrfmiddlewaretoken", "form": False})
    assert len(cache) == 0


def test_cleared_when_language_settings_change(cache, settings):
    _render(cache, "Ann")
    settings.LANGUAGES = [("en-gb", "English")]
    assert len(cache) == 0
