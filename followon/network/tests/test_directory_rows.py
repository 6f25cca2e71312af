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


SEARCH_FIELDS = (
    '{% from "components/forms.jinja" import field %}'
    "{% for name in form.fields %}[{{ remembered_field(field, form[name]) }}|{{ field(form[name]) }}]{% endfor %}"
)
SEARCHES = [
    None,
    {"outcode": "BS16", "radius": "25"},
    {"outcode": " bs16 1qy ", "radius": "10", "day": "tue", "time_of_day": "evening", "meets": "evening"},
    {"outcode": "BS16", "needs": ["step_free", "parking"], "language": "cy", "who_for": "welcomes_women"},
    {"outcode": "ZZ99"},
    {"outcode": "<script>", "radius": "7", "language": "xx", "who_for": "nobody", "meets": "never", "day": "x"},
    {"outcode": ""},
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "cy", "ur", "pl"])
def test_the_search_form_s_remembered_fields_are_the_field_macro_s(language):
    """SearchForm says its fields are fixed (core/template_memo.py's remembered_field, ADR 0040): the
    remembered HTML is what the field macro draws, for good and bad searches, first time and again."""
    from django.http import QueryDict

    from followon.core import template_memo
    from followon.network.forms import SearchForm

    template_memo.clear()
    template = engines["jinja2"].env.from_string(SEARCH_FIELDS)
    with translation.override(language):
        for _ in range(2):
            for data in SEARCHES:
                query = None
                if data is not None:
                    query = QueryDict(mutable=True)
                    for key, value in data.items():
                        query.setlist(key, value if isinstance(value, list) else [value])
                form = SearchForm(query)
                form.is_valid() if query is not None else None
                parts = template.render(form=form).strip("[]").split("][")
                assert len(parts) == 8
                for part in parts:
                    remembered, drawn = part.split("|")
                    assert remembered == drawn
    assert template_memo._fields
    template_memo.clear()


# Every choice field given a value it does not offer, and an outcode too long: each field's own message.
BAD_SEARCH = {"outcode": "X" * 11, "radius": "7", "day": "x", "time_of_day": "y", "needs": ["z"], "language": "q"}


def test_search_forms_share_their_fields_per_language_with_the_messages_of_a_fresh_copy():
    """ADR 0043: the first SearchForm in a language is made as any form (Django's copy of the class's
    fields, NhsMessagesMixin's messages); later ones share its fields. Each language's messages are its
    own, equal to a form whose fields were copied afresh, and the class's own fields are never changed."""
    from followon.network import forms

    declared = {name: dict(field.error_messages) for name, field in forms.SearchForm.base_fields.items()}
    forms._SHARED_FIELDS.clear()
    seen = {}
    for language in ["en", "cy", "en", "ur", "pl", "cy"]:
        with translation.override(language):
            first, second = forms.SearchForm(BAD_SEARCH), forms.SearchForm(None)
            assert first.fields is not second.fields
            assert all(first.fields[name] is second.fields[name] for name in first.fields)
            assert list(first.fields) == list(forms.SearchForm.base_fields)
            assert not first.is_valid() and not second.is_bound
            errors = {name: list(messages) for name, messages in first.errors.items()}
            forms._SHARED_FIELDS.pop((forms.SearchForm, translation.get_language()))
            fresh = forms.SearchForm(BAD_SEARCH)  # made afresh, and shared from now on
            assert not fresh.is_valid()
            assert errors == {name: list(messages) for name, messages in fresh.errors.items()}
            assert len(errors) == len(BAD_SEARCH)
            seen.setdefault(language, errors)
            assert seen[language] == errors
    assert seen["en"] != seen["cy"]
    assert {name: dict(field.error_messages) for name, field in forms.SearchForm.base_fields.items()} == declared
