"""Display rows for a group's directory entry: the facts its coordinators chose to give."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

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


def listing_facts(listing: GroupListing, words: ListingWords | None = None) -> list[Fact]:
    """The coordinators' facts as plain label/value rows, only those they gave. No queries."""
    words = words or ListingWords()
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
    words (`day_words`, `time_words`; blank when not given) and its page's address (`href`, what
    `url("network:listing", group.public_id)` gives), the words and the address pattern worked out
    once for all the rows."""
    words = ListingWords()
    pattern = reverse("network:listing", args=[_ANY_GROUP])
    for listing in listings:
        listing.href = pattern.replace(str(_ANY_GROUP), str(listing.group.public_id))
        listing.facts = listing_facts(listing, words)
        listing.day_words = words.usual_day.get(listing.usual_day, listing.usual_day)
        listing.time_words = words.time_of_day.get(listing.time_of_day, listing.time_of_day)
    return listings
