"""NHS.UK component macros remembered by their parameters (core/template_memo.py, issue 16)."""

import pytest
from django.template import engines
from django.utils import translation
from jinja2 import meta
from jinja2.ext import _gettext_alias, _make_new_gettext
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


def _components_remembered() -> dict:
    """What is remembered of the components (not the helper macros they call, REMEMBERED_MACROS)."""
    return {
        k: v for k, v in template_memo._answers.items() if k[0].split(":")[0] not in template_memo.REMEMBERED_MACROS
    }


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


ATTRIBUTES = '{% from "nhsuk/macros/attributes.jinja" import nhsukAttributes %}<html{{ nhsukAttributes(a) }}>'


@pytest.mark.parametrize(
    "attributes",
    [
        {"dir": "ltr"},
        {"dir": "rtl"},
        {"dir": 'a"b'},
        {"hidden": {"value": True, "optional": True}, "data-x": {"value": ["<1>", "2"], "type": "array"}},
        {"data-x": Markup("<b>")},
        "plain",
        Markup(' data-y="1"'),
        None,
    ],
)
def test_the_attributes_macro_is_remembered_with_the_same_html(env, attributes):
    """The page template's <html> and <body> attributes (REMEMBERED_MACROS): the macro's own HTML, then
    the same again from memory, for each kind of parameter it takes."""
    template_memo.clear()
    first = _render(env, ATTRIBUTES, a=attributes)
    assert any(key[0] == "nhsuk/macros/attributes.jinja:nhsukAttributes" for key in template_memo._answers)
    again = _render(env, ATTRIBUTES, a=attributes)
    template_memo.clear()
    assert first == again == _render(env, ATTRIBUTES, a=attributes)  # the macro's own HTML each time
    undefined = _render(env, ATTRIBUTES)
    assert undefined == _render(env, ATTRIBUTES) and undefined.replace("\n", "").replace(" ", "") == "<html>"


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
    assert _components_remembered() == {}


def test_bounded(env, monkeypatch):
    monkeypatch.setattr(template_memo, "MAX_ENTRIES", 3)
    for n in range(7):
        _render(env, CARD, params={"href": f"/{n}", "heading": str(n)})
    assert 0 < len(template_memo._answers) <= 3
    monkeypatch.setattr(template_memo, "MAX_CHARS", 10)
    template_memo.clear()
    _render(env, CARD, params={"href": "/big", "heading": "Big"})
    assert _components_remembered() == {}


HEADER = '{% from "nhsuk/components/header/macro.jinja" import header %}{{ header(params) }}'


def _header_params(name, token, *, path="/my/groups/", name_is_html=False):
    form = Markup(
        '<form method="post" action="/accounts/sign-out/" class="nhsuk-header__account-form">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<button type="submit">Sign out</button></form>'
    )
    language = Markup(f'<a class="nhsuk-header__account-link" href="/cy{path}" lang="cy">Cymraeg</a>')
    return {
        "service": {"text": "FollowOn", "href": "/"},
        "logo": {"ariaLabel": "NHS FollowOn homepage"},
        "account": {
            "items": [
                {"text": Markup(name) if name_is_html else name, "icon": True},
                {"html": form},
                {"href": "/accounts/sign-in/", "text": "Sign in"},
                {"html": language},
            ],
            "ariaLabel": "Account and language",
        },
        "navigation": {"items": [{"href": "/staff/", "text": "Home"}], "ariaLabel": "Menu"},
    }


def _header_as_the_component_renders_it(env, monkeypatch, params):
    with monkeypatch.context() as patched:
        patched.setattr(template_memo, "_header_with_holes", lambda args, kwargs: None)
        patched.setattr(template_memo, "MAX_CHARS", 0)  # nothing remembered: the component itself
        return _render(env, HEADER, params=params)


@pytest.mark.parametrize(
    ("name", "name_is_html"),
    [
        ("Sam Jones", False),
        ('<script>alert("x")</script> & Co\'s', False),
        ("<b>Marked up</b>", True),
        (" Leading space", False),  # trimmed by the component: not holed, rendered as usual
        ("Two\nlines", False),  # indented by the component: not holed, rendered as usual
        ("Line\u2028separator", False),
    ],
)
def test_the_header_with_holes_is_the_components_html(env, monkeypatch, name, name_is_html):
    """Each request's own name, CSRF token and language links, in exactly the component's HTML."""
    params = _header_params(name, "a" * 64, name_is_html=name_is_html)
    expected = _header_as_the_component_renders_it(env, monkeypatch, params)
    assert _render(env, HEADER, params=params) == expected
    assert _render(env, HEADER, params=params) == expected  # remembered the second time


def test_the_header_is_remembered_once_for_every_person_and_token(env, monkeypatch):
    first = _render(env, HEADER, params=_header_params("Sam", "a" * 64, path="/one/"))
    second = _render(env, HEADER, params=_header_params("Alex <A&E>", "b" * 64, path="/two/"))
    header_answers = [k for k in template_memo._answers if k[0].startswith(template_memo.HEADER)]
    assert len(header_answers) == 1
    assert 'value="' + "a" * 64 in first and "b" * 64 not in first and "Sam" in first and 'href="/cy/one/"' in first
    assert 'value="' + "b" * 64 in second and "a" * 64 not in second and "Alex &lt;A&amp;E&gt;" in second
    assert "Sam" not in second and 'href="/cy/two/"' in second
    assert template_memo._HOLE not in first + second
    expected = _header_as_the_component_renders_it(
        env, monkeypatch, _header_params("Alex <A&E>", "b" * 64, path="/two/")
    )
    assert second == expected


def test_a_header_that_cannot_have_holes_is_rendered_as_usual(env):
    source = '{% from "nhsuk/components/header/macro.jinja" import header %}{{ header({"service": {"text": "F"}}) }}'
    assert "F" in _render(env, source)
    # No account items: nothing differs between requests, so it is remembered whole.
    assert _render(env, source) == _render(env, source)


def _plain_gettext_env(env):
    """The same environment with Jinja2's own new-style gettext over Django's, nothing remembered."""
    plain = env.overlay()
    plain.globals = {**env.globals, "gettext": _make_new_gettext(translation.gettext), "_": _gettext_alias}
    return plain


@pytest.mark.parametrize("language", ["en-gb", "cy"])
@pytest.mark.parametrize(
    ("source", "context"),
    [
        ('{{ _("Sign out") }}', {}),
        ('{{ _("100%% of it") }}', {}),
        ('{{ _("Hello %(name)s.", name=who) }}', {"who": "<b>Sam</b> & Co"}),
        ('{{ _("%(service)s has invited you to FollowOn", service=s) }}', {"s": Markup("<i>Pain</i>")}),
        ("{% trans %}Sign out{% endtrans %} {% trans n=who %}Hello {{ n }}.{% endtrans %}", {"who": "<x>"}),
    ],
)
def test_remembered_translations_are_jinjas_own(env, language, source, context):
    plain = _plain_gettext_env(env)
    with translation.override(language):
        expected = plain.from_string(source).render(**context)
        assert env.from_string(source).render(**context) == expected
        assert env.from_string(source).render(**context) == expected  # remembered
    assert template_memo._translated


def test_remembered_translations_follow_the_language(env):
    source = '{{ _("Sign out") }}'
    with translation.override("cy"):
        assert _render(env, source) == "Allgofnodi"
    with translation.override("en-gb"):
        assert _render(env, source) == "Sign out"
    with translation.override("cy"):
        assert _render(env, source) == "Allgofnodi"


def test_remembered_translations_are_forgotten_when_the_language_settings_change(env, settings):
    with translation.override("cy"):
        _render(env, '{{ _("Sign out") }}')
    assert template_memo._translated
    settings.LANGUAGES = [*settings.LANGUAGES]
    assert template_memo._translated == {}


def test_remembered_translations_are_bounded(env, monkeypatch):
    monkeypatch.setattr(template_memo, "GETTEXT_MAX_ENTRIES", 3)
    for n in range(7):
        _render(env, "{{ _(m) }}", m=f"Message {n}")
    assert 0 < len(template_memo._translated) <= 3


# -- addresses and imports (issue 16, ADR 0033) ----------


@pytest.mark.parametrize("language", ["en-gb", "cy", "ur", "pl"])
def test_remembered_addresses_are_django_s_in_every_language(env, language):
    import uuid

    from django.urls import reverse

    some_id = uuid.uuid4()
    with translation.override(language):
        for _ in range(2):  # the first call works it out, the second is remembered
            assert template_memo.remembered_reverse("home:index") == reverse("home:index")
            assert template_memo.remembered_reverse("peergroups:member-detail", some_id) == reverse(
                "peergroups:member-detail", args=[some_id]
            )
            assert template_memo.remembered_reverse("peergroups:member-detail", public_id=some_id) == reverse(
                "peergroups:member-detail", kwargs={"public_id": some_id}
            )
    with translation.override("cy"):
        welsh = template_memo.remembered_reverse("home:index")
    with translation.override("en-gb"):
        assert template_memo.remembered_reverse("home:index") != welsh


def test_addresses_with_objects_are_not_remembered(env):
    from django.urls import NoReverseMatch

    from followon.organisations.tests.factories import PainServiceFactory

    before = len(template_memo._reversed)
    with pytest.raises(NoReverseMatch):  # reversed as Django does, with the object's str()
        template_memo.remembered_reverse("peergroups:member-detail", PainServiceFactory.build())
    assert len(template_memo._reversed) == before


def test_addresses_are_forgotten_when_the_urlconf_changes(env, settings):
    template_memo.remembered_reverse("home:index")
    assert template_memo._reversed
    settings.ROOT_URLCONF = "followon.config.urls"
    assert not template_memo._reversed


def test_imports_give_what_jinja2_gives(env):
    """RememberingTemplate takes the importer's globals minus the imported template's in C; the same
    set as Jinja2's own `ctx.globals_keys - self.globals.keys()`, for the same module."""
    from jinja2 import Template

    page = env.from_string('{% from "nhsuk/components/tag/macro.jinja" import tag %}{{ tag({"text": "x"}) }}')
    imported = env.get_template("nhsuk/components/tag/macro.jinja")
    ctx = page.new_context({"request": None})
    ours = imported._imported_module(ctx)
    assert ours is Template._get_default_module(imported, ctx)  # no globals missing: the cached module
    with_extra = env.from_string("{{ 1 }}", globals={"extra_global": 1}).new_context({})
    made = imported._imported_module(with_extra)
    assert made is not ours  # a fresh module with the importer's extra global, as Jinja2 makes
    assert ctx.globals_keys.difference(*imported.globals.maps) == ctx.globals_keys - imported.globals.keys()
    assert "<strong" in page.render(request=None)


# -- the page's language and address settings, read once per render (ADR 0035) ----------


@pytest.mark.parametrize("language", ["en-gb", "cy", "ur", "pl"])
def test_url_and_translations_in_a_page_are_django_s_in_every_language(env, rf, language):
    """Rendered with a request (so with the settings read as the render starts), `url()` and `_()` give
    what Django's reverse and gettext give in the page's language, remembered or not."""
    import uuid

    from django.urls import reverse

    some_id = uuid.uuid4()
    source = '{{ url("home:index") }}|{{ url("peergroups:member-detail", some_id) }}|{{ _("Sign out") }}'
    template = engines["jinja2"].from_string(source)
    with translation.override(language):
        expected = "|".join(
            [
                reverse("home:index"),
                reverse("peergroups:member-detail", args=[some_id]),
                translation.gettext("Sign out"),
            ]
        )
        for _ in range(2):  # the first render works them out, the second is remembered
            assert template.render({"some_id": some_id}, rf.get("/")) == expected
            assert template.render({"some_id": some_id}) == expected  # no request: read on each call


def test_a_render_reads_the_settings_once(env, rf, monkeypatch):
    template = engines["jinja2"].from_string('{{ url("home:index") }}{{ _("Sign out") }}' * 5)
    template.render({}, rf.get("/"))  # remembered
    reads = []
    real = template_memo.url_settings
    monkeypatch.setattr(template_memo, "url_settings", lambda: reads.append(1) or real())
    template.render({}, rf.get("/"))
    assert len(reads) == 1
    reads.clear()
    template.render({})  # without a request: as before, on every call
    assert len(reads) == 5  # each url(); _() asks only the language


# -- fields of a form whose fields are fixed (remembered_field) ----------

FIELDS = (
    '{% from "components/forms.jinja" import field %}'
    "{% for name in names %}[{{ remembered_field(field, form[name]) }}|{{ field(form[name]) }}]{% endfor %}"
)


def _fixed_form(fixed: bool):
    from django import forms

    class Fixed(forms.Form):
        fields_fixed = fixed
        code = forms.CharField(label="Code", max_length=4, help_text="Like BS16")
        colour = forms.ChoiceField(label="Colour", choices=[("", "Any"), ("r", "Red"), ("g", "Green")], required=False)
        sizes = forms.MultipleChoiceField(
            label="Sizes", choices=[("s", "Small"), ("l", "Large")], widget=forms.CheckboxSelectMultiple, required=False
        )

    return Fixed


def _pairs(env, form):
    html = _render(env, FIELDS, form=form, names=list(form.fields))
    return [part.split("|") for part in html.strip("[]").split("][")]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"code": "BS16"},
        {"code": "<b>&"},
        {"code": "TOOLONG", "colour": "x"},
        {"colour": "g", "sizes": ["s", "l"]},
    ],
)
def test_a_fixed_field_is_what_the_field_macro_draws(env, data):
    """Drawn (first) and remembered (second) alike: the field macro's own HTML, errors and values included."""
    form_class = _fixed_form(True)
    for _ in range(2):
        for language in ("en", "cy"):
            with translation.override(language):
                form = form_class(data)
                form.is_valid() if data is not None else None
                pairs = _pairs(env, form)
                assert all(remembered == drawn for remembered, drawn in pairs), pairs
    assert template_memo._fields  # remembered


def test_a_form_without_fixed_fields_or_with_a_changed_field_is_drawn_every_time(env):
    form = _fixed_form(False)({"code": "BS16"})
    form.is_valid()
    assert all(a == b for a, b in _pairs(env, form))
    assert not template_memo._fields
    changed = _fixed_form(True)({"code": "BS16"})
    changed.fields["code"].label = "Another label"
    changed.is_valid()
    html = _render(env, FIELDS, form=changed, names=["code"])
    assert html.count("Another label") == 2
    assert not template_memo._fields
