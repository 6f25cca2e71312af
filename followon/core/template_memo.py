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
booleans, None, lists, dicts), is rendered as usual. The header is not remembered (it holds the
request's CSRF token). At most `MAX_ENTRIES` answers of at most `MAX_CHARS` characters are kept, in
this process's memory only (never in a shared cache, never on disk); when full, it starts again empty.
"""

from __future__ import annotations

from jinja2 import Template
from jinja2.runtime import Macro, Undefined

COMPONENT_PREFIX = "nhsuk/components/"
# The header carries the sign-out and language forms, each with the request's own CSRF token, so for a
# signed-in person no two calls are alike: remembering it would only fill the memory.
NOT_REMEMBERED = frozenset({"nhsuk/components/header/macro.jinja"})
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
            self._wrapped[name] = RememberedMacro(value, f"{self._template_name}:{name}")
        return self._wrapped[name]

    def __str__(self) -> str:
        return str(self._module)


class RememberingTemplate(Template):
    """A Jinja2 template whose NHS.UK component macros, when imported, remember their answers."""

    def _get_default_module(self, ctx=None):
        module = super()._get_default_module(ctx)
        name = self.name or ""
        if not (name.startswith(COMPONENT_PREFIX) and name.endswith("/macro.jinja")) or name in NOT_REMEMBERED:
            return module
        cached = self.__dict__.get("_remembering")
        if cached is None or cached._module is not module:
            cached = self._remembering = _RememberingModule(module, name)
        return cached


def clear() -> None:
    _answers.clear()
