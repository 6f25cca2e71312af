"""Rendered template fragments remembered by the data they show (issue 16: pages near the floor).

A page that shows many rows of the same shape (the 50 posts of a group board and their replies)
renders one small template per row. Each row's HTML is a function of the row's own values, a few
facts about the viewer that the caller names, and the page's language. So a `FragmentCache` keeps
the HTML of recent rows in this process's memory, keyed by exactly those values as read from the
database **in the same request**; a row whose values changed (an edit, a hide, a new name) has a new
key and is rendered afresh, and nothing has to be told to forget anything. Several app processes on
several machines therefore stay correct without sharing or invalidating anything (ADR 0031).

What the key must hold: every value the fragment template reads (the caller's job; the
template's context is built from the key's values only, see `render`). The language is added here.
Per-request values (the CSRF token) are never rendered into a remembered fragment: the template gets
a placeholder (`hole`), the remembered HTML holds the placeholder, and the request's value is put in
after (`Markup`-safe values only). A fragment that still contains a CSRF field name is never kept.
The placeholders carry a random part chosen when the process starts, so no stored text can spell one.

Bounded: at most `max_entries` fragments of at most `max_chars` characters each, least recently used
forgotten first (`core/memo.py`, ADR 0045). Forgotten wholesale when the language settings, a
translation catalogue or a template change (as core/template_memo.py does for its answers).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import engines
from django.utils import translation
from django.utils.autoreload import file_changed
from markupsafe import Markup

from followon.core.memo import BoundedMemo

_HOLE_PREFIX = f"followonfragmenthole{secrets.token_hex(8)}"
CSRF_FIELD = "csrfmiddlewaretoken"

_caches: list[FragmentCache] = []


def hole(name: str) -> Markup:
    """The placeholder a fragment template is given instead of a per-request value called `name`."""
    return Markup(f"{_HOLE_PREFIX}{name}x")  # noqa: S704 - letters and digits only


class FragmentCache:
    """Fragments of one template, remembered per process by the values they are rendered from."""

    def __init__(self, template_name: str, *, max_entries: int = 2048, max_chars: int = 12_000):
        self.template_name = template_name
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.remembered: BoundedMemo[str] = BoundedMemo(max_entries)  # keyed by (language, the caller's key)
        self._template = None
        _caches.append(self)

    def clear(self) -> None:
        self.remembered.clear()
        self._template = None

    def __len__(self) -> int:
        return len(self.remembered)

    def _keeps(self, html: str) -> bool:
        return len(html) <= self.max_chars and CSRF_FIELD not in html

    def _render(self, context: Mapping) -> str:
        template = self._template
        if template is None:
            template = self._template = engines["jinja2"].env.get_template(self.template_name)
        return template.render(context)

    def render(
        self,
        key: tuple,
        context: Callable[[], Mapping],
        holes: Mapping[str, Callable[[], str]] | None = None,
        *,
        language: str | None = None,
    ) -> Markup:
        """The fragment for `key` (plain, hashable data: every value the template reads), rendering
        `context()` when it is not remembered; then each `holes[name]()` put in place of `hole(name)`.
        `context()` must be built from the key's values alone. `language`: the active language, when the
        caller renders many fragments in a row and has read it once (`translation.get_language()`)."""
        full_key = (language or translation.get_language(), key)
        html = self.remembered.get_or_make(full_key, lambda: self._render(context()), keep=self._keeps)
        if holes:
            for name, value in holes.items():
                placeholder = f"{_HOLE_PREFIX}{name}x"
                if placeholder in html:
                    html = html.replace(placeholder, str(value()))
        return Markup(html)  # noqa: S704 - rendered by the autoescaping Jinja2 environment


def clear_all(**_kwargs) -> None:
    for cache in _caches:
        cache.clear()


@receiver(setting_changed)
def _language_settings_changed(*, setting, **_kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "TEMPLATES"}:
        clear_all()


@receiver(file_changed)
def _source_changed(*, file_path, **_kwargs):
    if file_path.suffix in {".mo", ".jinja"}:
        clear_all()
