"""Display rows for a group's directory entry: the facts its coordinators chose to give."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from markupsafe import Markup, escape

from followon.network.models import MEETING_LANGUAGES, GroupListing


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def _choice_words(field_name: str) -> dict:
    return {value: str(label) for value, label in GroupListing._meta.get_field(field_name).flatchoices}


class ListingWords:
    """The translated words a listing's rows use, looked up once (in the language active now).

    A directory page shows up to 50 listings; `get_FOO_display()` translates every choice of the
    field on each call (it hashes the lazy labels), which was 700 translation calls on one page.
    `listing_words()` keeps one per language for the process: read only, never changed by a caller.
    """

    def __init__(self):
        self.languages = {code: str(label) for code, label in MEETING_LANGUAGES}
        self.who_for = _choice_words("who_for")
        self.step_free = _choice_words("step_free")
        self.usual_day = _choice_words("usual_day")
        self.time_of_day = _choice_words("time_of_day")
        self.languages_label = _("Languages at meetings")
        self.who_for_label = _("Who it is for")
        self.meets_label = _("Meets")
        self.step_free_label = _("Step-free venue")
        self.daytime, self.evening, self.weekend = _("in the daytime"), _("in the evening"), _("at the weekend")
        # The directory card's sentence, as the template's new-style `_()` gives them: the translation
        # marked safe, its placeholders escaped when filled (core.template_memo.remembered_gettext).
        self.away = Markup(_("%(miles)s miles away, around %(area)s"))  # noqa: S704 - our own message
        self.usually_at = Markup(_("Usually %(day)s %(time)s"))  # noqa: S704 - our own message
        self.usually = Markup(_("Usually %(day)s"))  # noqa: S704 - our own message


# One ListingWords a language, for the process (ADR 0038): the catalogues do not change while it runs;
# forgotten when the language settings or a catalogue change (tests, the development server), as
# core.template_memo's translations are.
_WORDS: dict[str | None, ListingWords] = {}
_WORDS_MAX = 32


def listing_words() -> ListingWords:
    """The ListingWords of the language active now, worked out once per process."""
    language = translation.get_language()
    words = _WORDS.get(language)
    if words is None:
        if len(_WORDS) >= _WORDS_MAX:
            _WORDS.clear()
        words = _WORDS[language] = ListingWords()
    return words


@receiver(setting_changed)
def _language_settings_changed(*, setting, **_kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _WORDS.clear()


@receiver(file_changed)
def _catalogue_changed(*, file_path, **_kwargs):
    if file_path.suffix == ".mo":
        _WORDS.clear()


def listing_facts(listing: GroupListing, words: ListingWords | None = None) -> list[Fact]:
    """The coordinators' facts as plain label/value rows, only those they gave. No queries."""
    words = words or listing_words()
    facts = []
    names = words.languages
    spoken = [names[code] for code in listing.language_codes if code in names]
    if listing.languages_other.strip():
        spoken.append(listing.languages_other.strip())
    if spoken:
        facts.append(Fact(words.languages_label, ", ".join(spoken)))
    if listing.who_for:
        facts.append(Fact(words.who_for_label, words.who_for.get(listing.who_for, listing.who_for)))
    when = [
        text
        for chosen, text in (
            (listing.meets_daytime, words.daytime),
            (listing.meets_evening, words.evening),
            (listing.meets_weekend, words.weekend),
        )
        if chosen
    ]
    if when:
        facts.append(Fact(words.meets_label, capfirst(", ".join(when))))
    if listing.step_free:
        facts.append(Fact(words.step_free_label, words.step_free.get(listing.step_free, listing.step_free)))
    return facts


# No group has this id (uuid4 ids carry a version digit 4), so it can only be the placeholder.
_ANY_GROUP = uuid.UUID(int=0)


def directory_entries(listings: list[GroupListing]) -> list[GroupListing]:
    """The directory's result rows: each listing with its facts, its usual day and time of day in
    words (`day_words`, `time_words`; blank when not given), its page's address (`href`, what
    `url("network:listing", group.public_id)` gives) and its card's sentence (`summary`: how far, and
    when it usually meets, as HTML; what the template's `_()` calls wrote), the words and the address
    pattern worked out once for all the rows."""
    words = listing_words()
    pattern = reverse("network:listing", args=[_ANY_GROUP])
    for listing in listings:
        listing.href = pattern.replace(str(_ANY_GROUP), str(listing.group.public_id))
        listing.facts = listing_facts(listing, words)
        listing.day_words = words.usual_day.get(listing.usual_day, listing.usual_day)
        listing.time_words = words.time_of_day.get(listing.time_of_day, listing.time_of_day)
        listing.summary = _summary(listing, words)
    return listings


def _summary(listing: GroupListing, words: ListingWords) -> Markup:
    """'2.2 miles away, around BS16. Usually Tuesday evening.' (the parts given), escaped as the
    template escaped them. Held to the template's own sentence by test_directory_rows.py."""
    text = words.away % {"miles": "%.1f" % (listing.distance_km / 1.609344), "area": listing.outcode}
    if listing.usual_day:
        if listing.time_of_day:
            text += Markup(". ") + words.usually_at % {"day": listing.day_words, "time": listing.time_words.lower()}
        else:
            text += Markup(". ") + words.usually % {"day": listing.day_words}
    elif listing.time_of_day:
        text += Markup(" ") + escape(listing.time_words.lower())
    return text + Markup(".")
