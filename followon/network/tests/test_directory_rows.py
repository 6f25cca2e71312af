"""The directory card's sentence, worked out by the presenter (presenters.directory_entries, ADR 0038),
is what the template's own expression wrote, in every language and for every day and time given or
not, escaping included."""

import pytest
from django.template import engines
from django.utils import translation

from followon.core.choices import TimeOfDay, Weekday
from followon.network.models import GroupListing
from followon.network.presenters import directory_entries, listing_words
from followon.peergroups.models import PeerGroup

# The template's expression before ADR 0038, verbatim.
TEMPLATE_SENTENCE = (
    '{{ _("%(miles)s miles away, around %(area)s", miles="%.1f"|format(item.distance_km / 1.609344), '
    'area=item.outcode) }}{% if item.usual_day %}. {% if item.time_of_day %}{{ _("Usually %(day)s %(time)s", '
    'day=item.day_words, time=item.time_words|lower) }}{% else %}{{ _("Usually %(day)s", day=item.day_words) }}'
    "{% endif %}{% elif item.time_of_day %} {{ item.time_words|lower }}{% endif %}."
)

DAYS = ["", *Weekday.values, "not-a-day"]
TIMES = ["", *TimeOfDay.values, "not-a-time"]


@pytest.mark.parametrize("language", ["en", "cy", "ur", "pl"])
def test_the_sentence_is_the_templates(language):
    template = engines["jinja2"].env.from_string(TEMPLATE_SENTENCE)
    listings = []
    for day in DAYS:
        for time in TIMES:
            for outcode, km in (("BS16", 3.7), ("<B&'\">", 0.0), ("CF10", 41.24999)):
                listing = GroupListing(outcode=outcode, usual_day=day, time_of_day=time)
                listing.group = PeerGroup(name="G")
                listing.distance_km = km
                listings.append(listing)
    with translation.override(language):
        directory_entries(listings)
        for listing in listings:
            assert str(listing.summary) == template.render(item=listing), (listing.usual_day, listing.time_of_day)


def test_words_are_kept_per_language():
    with translation.override("cy"):
        welsh = listing_words()
        assert listing_words() is welsh
    with translation.override("en"):
        english = listing_words()
    assert english is not welsh
    assert english.usual_day["mon"] == "Monday" and welsh.usual_day["mon"] != "Monday"
