"""Display rows for a group's directory entry: the facts its coordinators chose to give."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from followon.network.models import MEETING_LANGUAGES, GroupListing


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def listing_facts(listing: GroupListing) -> list[Fact]:
    """The coordinators' facts as plain label/value rows, only those they gave. No queries."""
    facts = []
    names = dict(MEETING_LANGUAGES)
    spoken = [str(names[code]) for code in listing.language_codes if code in names]
    if listing.languages_other.strip():
        spoken.append(listing.languages_other.strip())
    if spoken:
        facts.append(Fact(_("Languages at meetings"), ", ".join(spoken)))
    if listing.who_for:
        facts.append(Fact(_("Who it is for"), str(listing.get_who_for_display())))
    when = [
        text
        for chosen, text in (
            (listing.meets_daytime, _("in the daytime")),
            (listing.meets_evening, _("in the evening")),
            (listing.meets_weekend, _("at the weekend")),
        )
        if chosen
    ]
    if when:
        facts.append(Fact(_("Meets"), capfirst(", ".join(when))))
    if listing.step_free:
        facts.append(Fact(_("Step-free venue"), str(listing.get_step_free_display())))
    return facts
