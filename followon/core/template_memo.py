"""NHS.UK component macros remembered by their parameters (issue 16: pages near the framework floor).

Every NHS.UK frontend component (`nhsuk/components/<name>/macro.jinja`) renders from its `params`
alone: its templates read no request, no global and no translation (checked by
`core/tests/test_template_memo.py`). Rendering one costs a chain of nested macros (attributes, icons,
headings): a card is about 0.3 ms, a ten-row summary list 1.4 ms, the footer 0.2 ms, and a page calls
dozens. So each process keeps the HTML of recent calls keyed by the exact parameters and returns it
when the same call comes again (the footer, buttons, staff-home cards, the same page's rows).

The key is the full value of the parameters, types included (`Markup` apart from `str`, so escaping
cannot differ), so a remembered answer is only ever given to a call that would have rendered exactly
that HTML. A call with a `caller` block, or with parameters that are not plain data (strings, numbers,
booleans, None, lists, dicts), is rendered as usual. At most `MAX_ENTRIES` answers of at most
`MAX_CHARS` characters are kept, in this process's memory only (never in a shared cache, never on
disk); when full, it starts again empty.

The header is remembered with holes (`HoledMacro`). Its account items are what differ from one request
to the next: the signed-in person's name, the sign-out and language forms with the request's own CSRF
token, the language links to the same page. Everything else (service name, logo label, menu) is the
same on every page of a language. So each account item's `text` and `html` is replaced by a
placeholder, the header is rendered (or remembered) with the placeholders, and the placeholders are
replaced by the values, escaped exactly as the component escapes them (`text` escaped, `html` as it
is). The component uses an item's value in one way only, `value | trim`, inside a block that it
`indent`s; a value that trimming or indenting would change (leading or trailing space, a line break)
or that is not a string is never holed, and then the whole header is rendered as usual. The
placeholders carry a random part chosen when the process starts, so no value can spell one.
"""

from __future__ import annotations

import secrets
import uuid
from collections import ChainMap

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.autoreload import file_changed
from jinja2 import Template, pass_context
from jinja2.runtime import Macro, Undefined
from markupsafe import Markup, escape

COMPONENT_PREFIX = "nhsuk/components/"
# The NHS.UK frontend's own helper macros that render from their parameters alone, as the components do:
# the page template's <html> and <body> attributes (`nhsukAttributes(htmlAttributes)`), on every page.
REMEMBERED_MACROS = frozenset({"nhsuk/macros/attributes.jinja"})
# Remembered with holes for what differs between requests (HoledMacro below).
HEADER = "nhsuk/components/header/macro.jinja"
_HOLE = f"followonhole{secrets.token_hex(8)}n"
# At most about 20 MB of HTML per process (most answers are 0.5 to 3 KB).
MAX_ENTRIES = 2048
MAX_CHARS = 10_000

_answers: dict = {}


class _NotPlain(Exception):
    pass


def _key(value):
    if value is None or isinstance(value, bool | int | float | str):
        return (type(value), value)
    if isinstance(value, dict):
        return (dict, tuple((_key(k), _key(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (list, tuple(_key(v) for v in value))
    if isinstance(value, Undefined):
        return (Undefined,)
    raise _NotPlain


class RememberedMacro:
    """Calls `macro`, or gives back its HTML from an earlier call with the same parameters."""

    def __init__(self, macro: Macro, name: str):
        self._macro = macro
        self._name = name

    def __call__(self, *args, **kwargs):
        if kwargs.get("caller") is not None:
            return self._macro(*args, **kwargs)
        try:
            key = (self._name, _key(args), _key(kwargs))
        except _NotPlain:
            return self._macro(*args, **kwargs)
        html = _answers.get(key)
        if html is None:
            html = self._macro(*args, **kwargs)
            if len(html) <= MAX_CHARS:
                if len(_answers) >= MAX_ENTRIES:
                    _answers.clear()
                _answers[key] = html
        return html

    def __getattr__(self, name):  # catch_kwargs, arguments, ... as the macro has them
        return getattr(self._macro, name)


def _fits_hole(value) -> bool:
    """A value the header shows unchanged by `trim` and `indent`: one line, no space at either end."""
    return isinstance(value, str) and value != "" and value == value.strip() and len(value.splitlines()) == 1


def _header_with_holes(args, kwargs):
    """(args, kwargs) with each account item's text and html replaced by a placeholder, and the
    (placeholder, HTML) pairs to put back; None when the call is not one that can have holes."""
    if kwargs or len(args) != 1 or not isinstance(args[0], dict):
        return None
    params = args[0]
    account = params.get("account")
    if not isinstance(account, dict) or not isinstance(account.get("items"), list):
        return None
    fills: list[tuple[str, str]] = []
    items = []
    for item in account["items"]:
        if not isinstance(item, dict):
            return None
        holed = dict(item)
        for field in ("html", "text"):
            value = item.get(field)
            if value is None:
                continue
            if not _fits_hole(value):
                return None
            placeholder = f"{_HOLE}{len(fills)}x"
            # `html | safe` is written as it is; `text` is escaped unless it is already Markup.
            fills.append((placeholder, str(value) if field == "html" else str(escape(value))))
            holed[field] = placeholder
        items.append(holed)
    return ({**params, "account": {**account, "items": items}},), fills


class HoledMacro(RememberedMacro):
    """The header: remembered without its account items' values, which are put back afterwards."""

    def __call__(self, *args, **kwargs):
        if kwargs.get("caller") is not None:
            return self._macro(*args, **kwargs)
        holed = _header_with_holes(args, kwargs)
        if holed is None:
            return self._macro(*args, **kwargs)
        holed_args, fills = holed
        html = str(super().__call__(*holed_args))
        for placeholder, value in fills:
            html = html.replace(placeholder, value)
        # The component's own HTML with values escaped as it escapes them (tests compare the two).
        return Markup(html)  # noqa: S704


class _RememberingModule:
    def __init__(self, module, template_name: str):
        self._module = module
        self._template_name = template_name
        self._wrapped: dict[str, object] = {}

    def __getattr__(self, name):
        value = getattr(self._module, name)
        if not isinstance(value, Macro):
            return value
        if name not in self._wrapped:
            kind = HoledMacro if self._template_name == HEADER else RememberedMacro
            self._wrapped[name] = kind(value, f"{self._template_name}:{name}")
        return self._wrapped[name]

    def __str__(self) -> str:
        return str(self._module)


class RememberingTemplate(Template):
    """A Jinja2 template whose NHS.UK component macros, when imported, remember their answers.

    Importing it (`{% from "..." import x %}`, `{% import %}`) is also cheaper: Jinja2 3.1 works out
    which of the importing template's globals the imported one lacks as
    `ctx.globals_keys - self.globals.keys()`, a set minus the keys view of a `ChainMap`, which asks
    the ChainMap about each of the ~30 globals in turn in Python: about 40 µs an import, and a page
    imports 10 to 30 times (each of its own and its macros' imports, on every render). The same set
    difference is taken here against each of the ChainMap's dicts in C (`set.difference(*maps)`:
    the keys of a ChainMap are the union of its maps' keys), about 1 µs. What is imported is
    exactly what Jinja2 imports (`core/tests/test_template_memo.py` compares them).
    """

    def _imported_module(self, ctx):
        template_globals = self.globals
        if ctx is None or not isinstance(template_globals, ChainMap):
            return super()._get_default_module(ctx)
        # Jinja2's Template._get_default_module (3.1), with the same set difference taken in C.
        if self.environment.is_async:
            raise RuntimeError("Module is not available in async mode.")
        keys = ctx.globals_keys.difference(*template_globals.maps)
        if keys:
            return self.make_module({k: ctx.parent[k] for k in keys})
        if self._module is None:
            self._module = self.make_module()
        return self._module

    def _get_default_module(self, ctx=None):
        module = self._imported_module(ctx)
        name = self.name or ""
        if not ((name.startswith(COMPONENT_PREFIX) and name.endswith("/macro.jinja")) or name in REMEMBERED_MACROS):
            return module
        cached = self.__dict__.get("_remembering")
        if cached is None or cached._module is not module:
            cached = self._remembering = _RememberingModule(module, name)
        return cached


def clear() -> None:
    _answers.clear()
    _translated.clear()
    _reversed.clear()
    _fields.clear()
    _statics.clear()


# -- translations in templates ----------
#
# `{{ _("...") }}` goes through Jinja2's new-style gettext (escape, then `%` with the placeholders)
# and Django's gettext (the active translation from a context-local, then a look-up in each of the
# language's catalogues in turn). About 8 µs a call; a page of 60 ranked times calls it 600 times. The
# answer depends on the language and the message alone, so it is remembered per language until the
# catalogues change: on a new process, when a test changes the language settings, and when the
# development server sees a .mo file change (as Django's own translation cache is cleared).
GETTEXT_MAX_ENTRIES = 8192
_translated: dict = {}


@pass_context
def remembered_gettext(context, message: str, **variables):
    """Jinja2's new-style gettext (`jinja2.ext._make_new_gettext` over Django's gettext), remembered."""
    autoescape = context.eval_ctx.autoescape
    found = context.get(URL_SETTINGS)  # the page's settings, read once per render (below)
    language = found[0] if found is not None else translation.get_language()
    key = (language, type(message), message, autoescape, not variables)
    answer = _translated.get(key)
    if answer is None:
        # Not remembered: translated in the language active now, and remembered under it.
        key = (translation.get_language(), *key[1:])
        answer = translation.gettext(message)
        if autoescape:
            answer = Markup(answer)  # noqa: S704 - the message is ours, as jinja2.ext.i18n treats it
        if not variables:
            answer = answer % variables
        if len(_translated) >= GETTEXT_MAX_ENTRIES:
            _translated.clear()
        _translated[key] = answer
    return answer % variables if variables else answer


def forget_translations(**_kwargs) -> None:
    _translated.clear()
    _fields.clear()


@receiver(setting_changed)
def _language_settings_changed(*, setting, **_kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        forget_translations()


@receiver(file_changed)
def _catalogue_changed(*, file_path, **_kwargs):
    if file_path.suffix == ".mo":
        forget_translations()


# -- addresses in templates ----------
#
# `{{ url("name", id) }}` is Django's `reverse`: about 25 µs a call (resolving the namespace, trying each
# pattern's converters, quoting), and a page calls it 20 to 60 times (the header, footer, menu, every
# card's link). Its answer depends only on the name and arguments, the language (the /cy/, /ur/, /pl/
# prefix), the script prefix and the URLconf, so it is remembered under all of them until the URL
# settings change. Only plain arguments (str, int, UUID: what `str()` turns into the address the same way
# for equal values) are remembered; anything else, a model instance say, is reversed as usual.
URL_MAX_ENTRIES = 8192
_URL_ARGUMENT_TYPES = (str, int, uuid.UUID)


class AddressMemo(dict):
    """Addresses remembered under their own key and the URL settings they depend on besides it (the language,
    which gives the /cy/, /ur/, /pl/ prefix, the script prefix and the URLconf): at most `max_entries` (full,
    it starts again empty), all forgotten when the URL settings change. One for `url()` here, one for the
    language toggle's links (core/languages.py)."""

    made: list[AddressMemo] = []

    def __init__(self, max_entries: int):
        super().__init__()
        self.max_entries = max_entries
        AddressMemo.made.append(self)

    def answer(self, key: tuple, make, settings: tuple | None = None) -> str:
        """The remembered answer for `key` under `settings` (`url_settings()`, read now when not given),
        else `make()`, remembered under the settings in force when it was made."""
        found = self.get((*key, *(settings or url_settings())))
        if found is None:
            found = make()
            if len(self) >= self.max_entries:
                self.clear()
            self[(*key, *url_settings())] = found
        return found


_reversed = AddressMemo(URL_MAX_ENTRIES)


def remembered_reverse(name: str, *args, **kwargs) -> str:
    """`reverse(name, args=args or None, kwargs=kwargs or None)`, remembered."""
    return _remembered_reverse(None, name, args, kwargs)


@pass_context
def template_url(context, name: str, *args, **kwargs) -> str:
    """`url()` in templates: `remembered_reverse`, with the page's address settings read once per render."""
    return _remembered_reverse(_settings_of(context), name, args, kwargs)


def _remembered_reverse(settings: tuple | None, name: str, args: tuple, kwargs: dict) -> str:
    values = (*args, *kwargs.values())
    if not all(type(v) in _URL_ARGUMENT_TYPES for v in values):
        return reverse(name, args=args or None, kwargs=kwargs or None)
    key = (name, tuple((type(a), a) for a in args), tuple(sorted((k, type(v), v) for k, v in kwargs.items())))
    return _reversed.answer(key, lambda: reverse(name, args=args or None, kwargs=kwargs or None), settings)


# -- static files' addresses in templates ----------
#
# `{{ static("build/followon.css") }}` is Django's `static`: the storage's `url` (with the manifest storage of
# production, the hashed name from the manifest the storage read when the process started, then `urljoin`
# with STATIC_URL): about 20 µs a call, and the layout calls it on every page. Its answer depends on the
# name and the static files settings alone, so it is remembered until those change (issue 16, ADR 0044).
STATIC_MAX_ENTRIES = 256
_statics: dict = {}


def remembered_static(path: str) -> str:
    """Django's `static(path)`, remembered (a name the storage does not know raises as before)."""
    found = _statics.get(path) if type(path) is str else None
    if found is None:
        found = static(path)
        if type(path) is str:
            if len(_statics) >= STATIC_MAX_ENTRIES:
                _statics.clear()
            _statics[path] = found
    return found


@receiver(setting_changed)
def _static_settings_changed(*, setting, **_kwargs):
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "FORCE_SCRIPT_NAME", "DEBUG"}:
        _statics.clear()


# -- the page's language and address settings, read once per render ----------
#
# Each remembered `url()` and `_()` above is keyed by the active language, and each address also by the
# script prefix and the URLconf. Django keeps all three in context-local storage (asgiref's `Local`), and
# reading them costs 2, 1.5 and 4.7 µs: 8 µs of a remembered `url()`'s 13, and a member page calls `url()`
# 10 to 45 times and `_()` 20 to 90 times. Within one request none of them changes while a page renders
# (LocaleMiddleware sets the language and Django's handler the prefix and URLconf before the view; the
# code that switches language for a moment, the language toggle's `translate_url`, restores it before the
# template goes on). So a context processor reads them once as the render starts, and `url()` and `_()`
# take them from the template's context. A template without them in its context (rendered without a
# request, such as an email, or a macro imported without context) reads them each time as before. An
# answer that is not remembered yet is always made, and remembered, under the settings in force.
URL_SETTINGS = "_followon_url_settings"


def url_settings() -> tuple:
    """What an address depends on besides its name and arguments: the active language (which gives
    the /cy/, /ur/, /pl/ prefix), the script prefix and the URLconf. The language comes first."""
    return (translation.get_language(), get_script_prefix(), get_urlconf())


def url_settings_context(request) -> dict:
    """A Jinja2 context processor: the page's `url_settings()`, read once as its render starts."""
    return {URL_SETTINGS: url_settings()}


def _settings_of(context) -> tuple:
    found = context.get(URL_SETTINGS)
    return found if found is not None else url_settings()


@receiver(setting_changed)
def _url_settings_changed(*, setting, **_kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME", "APPEND_SLASH"}:
        for memo in AddressMemo.made:
            memo.clear()


# -- the fields of a form whose fields are fixed ----------
#
# `{{ field(form.x) }}` (components/forms.jinja) works the NHS.UK parameters out from the bound field
# (`field_params`: its label, hint, choices, value, error) and calls the component, which is remembered
# by those parameters (above). For a field with choices, working the parameters out and making their key
# is most of the cost: the directory's eight search fields, 0.4 ms a page (issue 16, ADR 0040). Yet for a
# form whose fields are the same on every instance, the HTML depends only on the field, the language, the
# form's prefix and ids, whether it is bound, the field's value and its errors. Such a form says so:
# `fields_fixed = True` on its class, a promise that nothing (its `__init__`, a view) changes a field's
# label, hint, choices, widget or attributes after the class is made. `remembered_field(field, bound)`
# then gives back the HTML `field(bound)` made for the same key earlier. Any other form, a field added,
# removed or relabelled (not the class's own), or a value that is not plain data, is drawn as usual.
FIELD_MAX_ENTRIES = 2048
_fields: dict = {}


def remembered_field(draw, bound_field):
    """`draw(bound_field)` (the `field` macro), remembered for the fields of a form with `fields_fixed`."""
    form = bound_field.form
    base = type(form).base_fields
    name = bound_field.name
    field = form.fields.get(name)
    declared = base.get(name)
    if (
        not getattr(type(form), "fields_fixed", False)
        or declared is None
        or type(field) is not type(declared)
        or field.label is not declared.label
        or form.fields.keys() != base.keys()
    ):
        return draw(bound_field)
    try:
        value = _key(bound_field.value())
    except _NotPlain:
        return draw(bound_field)
    errors = tuple(str(error) for error in bound_field.errors)
    key = (type(form), name, translation.get_language(), form.prefix, form.auto_id, form.is_bound, value, errors)
    html = _fields.get(key)
    if html is None:
        html = draw(bound_field)
        if len(_fields) >= FIELD_MAX_ENTRIES:
            _fields.clear()
        _fields[key] = html
    return html
