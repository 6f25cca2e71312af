"""Which languages FollowOn speaks, which are reviewed, and links between the same page in each.

The page's language comes from its address (English unprefixed, the others under /cy/, /ur/, /pl/;
followon/config/urls.py). A person's preference (`User.language`) chooses the language of their
texts and emails, and of the page they land on after signing in, but only where the language is
reviewed and their service offers it (`language_for_messages`).

A catalogue entry marked fuzzy ("needs review by a qualified translator") means a person who can
vouch for it has not checked it. A language with any such entry is *in review*: it is never used
for messages, is marked on every page shown in it, and its toggle link only appears where the
deployment shows languages in review (the demo and tests; never production by default).
See docs/adr/0027-languages.md and docs/i18n/glossary.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from followon.core.template_memo import AddressMemo, url_settings

# The default language's code as stored in `User.language` (the field predates the catalogues and
# holds "en"); every other code is the same in both places.
STORED_ENGLISH = "en"
CATALOGUE_DOMAIN = "django"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language: "Cymraeg"
    href: str
    in_review: bool


def default_language() -> str:
    return settings.LANGUAGE_CODE


def text_direction() -> str:
    """The active language's direction, for <html dir>: "rtl" for Urdu, otherwise "ltr"."""
    return "rtl" if translation.get_language_bidi() else "ltr"


def html_lang() -> str:
    """The active language as a BCP 47 tag for <html lang>: "en-GB", "cy", "ur", "pl"."""
    return translation.to_locale(translation.get_language() or default_language()).replace("_", "-")


def to_page_language(stored: str | None) -> str:
    """A `User.language` value to a code in settings.LANGUAGES ("en" and unknown codes to English)."""
    codes = {code for code, _name in settings.LANGUAGES}
    if not stored or stored == STORED_ENGLISH or stored not in codes:
        return default_language()
    return stored


def to_stored_language(code: str) -> str:
    return STORED_ENGLISH if code == default_language() else code


@cache
def entries_awaiting_review(code: str) -> int:
    """How many of a language's catalogue entries are fuzzy (awaiting a qualified translator's review).

    English has no catalogue to review. A language with no catalogue counts as wholly unreviewed (-1
    would hide that; one is enough to keep it in review)."""
    if code == default_language():
        return 0
    path = settings.LOCALE_PATHS[0] / code / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.po"
    if not path.exists():
        return 1
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return sum(1 for message in catalogue if message.id and message.fuzzy)


def in_review(code: str) -> bool:
    return entries_awaiting_review(code) > 0


def reviewed_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if not in_review(code)]


def language_for_messages(stored: str | None, offered: list[str] | tuple[str, ...] = ()) -> str:
    """The language to write a person's texts and emails in: their preference when it is reviewed and
    their service offers it, otherwise English. Always a code from settings.LANGUAGES."""
    code = to_page_language(stored)
    if code == default_language() or in_review(code) or code not in offered:
        return default_language()
    return code


def language_links(request) -> list[LanguageLink]:
    """The same page in each other language, for the toggle in the header. Languages in review are
    left out unless settings.SHOW_LANGUAGES_IN_REVIEW (the demo and tests)."""
    address_settings = url_settings()  # read once for the page's three links (core/template_memo.py)
    current = address_settings[0] or default_language()
    path = request.get_full_path() if request is not None else "/"
    show_in_review = getattr(settings, "SHOW_LANGUAGES_IN_REVIEW", False)
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        waiting = in_review(code)
        if waiting and not show_in_review:
            continue
        links.append(LanguageLink(code, name, _translated_path(path, code, address_settings), waiting))
    return links


# `translate_url` resolves the page's path and reverses it in the other language: about 60 µs a
# language, on every page (the header's toggle). Its answer depends only on the path, the two
# languages, the URLconf and the script prefix, so it is remembered under all of them (at most
# `TRANSLATED_PATHS_MAX` paths per process; full, it starts again empty) until the URL settings change.
TRANSLATED_PATHS_MAX = 4096
_translated_paths = AddressMemo(TRANSLATED_PATHS_MAX)


def _translated_path(path: str, code: str, address_settings: tuple | None = None) -> str:
    return _translated_paths.answer((path, code), lambda: translate_url(path, code), address_settings)


def reverse_in_english(viewname: str, args=None, kwargs=None) -> str:
    """An address for another system (an identity provider's registered callback): always the
    English, unprefixed one, whatever language the page asking for it is in."""
    with translation.override(default_language()):
        return reverse(viewname, args=args, kwargs=kwargs)
