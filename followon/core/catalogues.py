"""The translation catalogues: extract, update, compile and check (followon/locale/, ADR 0027).

Strings are extracted from our Python and Jinja2 templates with Babel, as babel.cfg says. Each
language's `followon/locale/<code>/LC_MESSAGES/django.po` is committed; the compiled `.mo` files are
built by `make setup` (`manage.py catalogues compile`) and git-ignored. `manage.py catalogues update`
brings every catalogue up to date with the sources (new strings arrive untranslated; strings no
longer in the sources are dropped); `check` fails when a catalogue is out of date, which a test runs.

Entries marked fuzzy await a qualified translator's review (core/languages.py); they are compiled so
the demo can show them, and the page says the translation is unchecked.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings

from followon.core.languages import CATALOGUE_DOMAIN

ROOT = Path(settings.BASE_DIR)
MAPPING_FILE = ROOT / "babel.cfg"
# Django's gettext family, as Babel keyword specs (argument positions; "c" marks a context).
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "N_": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# Where a translator's review note goes, and how an entry awaiting review is marked.
REVIEW_FLAG = "fuzzy"


def translated_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_path(code: str, suffix: str = "po") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.{suffix}"


def extract() -> Catalog:
    """Every translatable string in the sources, as a template catalogue."""
    with MAPPING_FILE.open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog(project="FollowOn", domain=CATALOGUE_DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read_catalogue(code: str) -> Catalog:
    path = catalogue_path(code)
    if not path.exists():
        return Catalog(locale=code, domain=CATALOGUE_DOMAIN, project="FollowOn")
    with path.open("rb") as handle:
        return read_po(handle, locale=code, domain=CATALOGUE_DOMAIN)


def _ids(catalogue: Catalog) -> set:
    return {
        (message.id if isinstance(message.id, str) else tuple(message.id), message.context)
        for message in catalogue
        if message.id
    }


def out_of_date(template: Catalog | None = None) -> dict[str, dict[str, list]]:
    """For each language: strings in the sources missing from its catalogue, and strings in its
    catalogue the sources no longer have. Empty lists everywhere means up to date."""
    template = template or extract()
    wanted = _ids(template)
    report = {}
    for code in translated_languages():
        have = _ids(read_catalogue(code))
        report[code] = {"missing": sorted(map(str, wanted - have)), "stale": sorted(map(str, have - wanted))}
    return report


def update() -> None:
    """Bring every catalogue up to date with the sources, keeping existing translations and flags."""
    template = extract()
    for code in translated_languages():
        catalogue = read_catalogue(code)
        # No fuzzy matching: a guessed "similar" translation would look like one awaiting review.
        catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalogue.obsolete.clear()
        catalogue.fuzzy = False  # the header is not a translation awaiting review
        path = catalogue_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_po(buffer, catalogue, width=100, omit_header=False, sort_output=False, include_previous=False)
        path.write_bytes(buffer.getvalue())


def compile_all() -> list[Path]:
    """Write each language's .mo (fuzzy entries included: the page marks the language as unchecked)."""
    written = []
    for code in translated_languages():
        catalogue = read_catalogue(code)
        path = catalogue_path(code, "mo")
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_mo(buffer, catalogue, use_fuzzy=True)
        if not path.exists() or path.read_bytes() != buffer.getvalue():
            path.write_bytes(buffer.getvalue())
        written.append(path)
    return written


def compiled_is_current(code: str) -> bool:
    path = catalogue_path(code, "mo")
    if not path.exists():
        return False
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(code), use_fuzzy=True)
    return path.read_bytes() == buffer.getvalue()
