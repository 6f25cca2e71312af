"""Groups describe themselves: facts their coordinators decide, shown and filtered (issue 18 item 7)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from followon.core.testing import count_queries
from followon.meetings.models import Venue
from followon.network import forms, selectors, services
from followon.network.models import GroupListing, Outcode, StepFree, WhoFor
from followon.network.presenters import listing_facts
from followon.network.tests.factories import add_member, listed_group, service_member
from followon.peergroups.models import GroupRole, PeerGroup

pytestmark = pytest.mark.django_db


def _search(service, **kwargs):
    return {
        r.group.name
        for r in selectors.directory_search(
            service, selectors.Search(origin=Outcode.objects.get(code="BS16"), **kwargs)
        )
    }


def _form_data(**extra):
    return {"is_listed": "yes", "outcode": "BS16", "welcomes_new_members": "yes", **extra}


# The coordinators' form ------------------------------------------------------------------------


def test_form_accepts_facts_and_turns_them_into_listing_values(service):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    form = forms.ListingForm(
        _form_data(
            languages=["cy", "en-gb"],
            languages_other="Punjabi",
            who_for="mostly_men",
            meets=["evening", "weekend"],
            step_free="not_sure",
        ),
        group=group,
    )
    assert form.is_valid(), form.errors
    values = form.listing_values()
    assert values["languages"] == ["cy", "en-gb"]
    assert values["who_for"] == WhoFor.MOSTLY_MEN
    assert (values["meets_daytime"], values["meets_evening"], values["meets_weekend"]) == (False, True, True)
    assert values["step_free"] == StepFree.NOT_SURE
    assert "meets" not in values


def test_form_facts_are_optional(service):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    form = forms.ListingForm(_form_data(), group=group)
    assert form.is_valid(), form.errors
    values = form.listing_values()
    assert values["languages"] == [] and values["who_for"] == "" and values["step_free"] == ""


def test_form_refuses_unknown_choices_with_clear_messages(service):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    form = forms.ListingForm(
        _form_data(languages=["xx"], who_for="everyone", meets=["night"], step_free="maybe", languages_other="x" * 81),
        group=group,
    )
    assert not form.is_valid()
    assert form.errors["languages"] == ["Select languages from the list"]
    assert form.errors["who_for"] == ["Select who the group is for"]
    assert form.errors["meets"] == ["Select when the group meets from the list"]
    assert form.errors["step_free"] == ["Select yes, no or not sure"]
    assert form.errors["languages_other"] == ["Other languages must be 80 characters or fewer"]


def test_coordinator_sets_facts_which_are_kept_on_error_and_shown(client, service):
    group = PeerGroup.objects.create(service=service, name="Kingswood group", status="active")
    coordinator = add_member(group, role=GroupRole.Role.COORDINATOR)
    client.force_login(coordinator)
    url = reverse("network:group-listing", args=[group.public_id])
    facts = {
        "languages": ["ur"],
        "languages_other": "Punjabi",
        "who_for": "women",
        "meets": ["daytime"],
        "step_free": "yes",
    }
    bad = client.post(url, {**_form_data(outcode="QQ1 2"), **facts})
    body = bad.content.decode()
    assert bad.status_code == 200 and "Enter the first half of a postcode, like BS16" in body
    assert 'value="Punjabi"' in body
    assert 'value="ur" checked' in body and 'value="women" checked' in body
    assert 'value="daytime" checked' in body and 'value="yes" checked' in body
    assert client.post(url, {**_form_data(), **facts}).status_code == 302
    listing = GroupListing.objects.get(group=group)
    assert listing.languages == ",ur," and listing.who_for == "women" and listing.meets_daytime
    assert listing.step_free == "yes" and not listing.meets_evening
    # The form shows the saved facts again
    again = client.get(url).content.decode()
    assert 'value="ur" checked' in again and 'value="women" checked' in again
    # A member of the service sees them as plain facts
    client.force_login(service_member(service))
    page = client.get(reverse("network:listing", args=[group.public_id])).content.decode()
    assert "Urdu, Punjabi" in page and "Women only" in page and "In the daytime" in page
    assert "Step-free venue" in page


def test_only_the_groups_coordinators_set_facts(client, service, other_service, other_clinician):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    plain = add_member(group)
    with pytest.raises(PermissionDenied):
        services.listing_update(group=group, actor=plain, who_for="women")
    with pytest.raises(PermissionDenied):
        services.listing_update(group=group, actor=other_clinician, who_for="women")
    url = reverse("network:group-listing", args=[group.public_id])
    client.force_login(plain)
    assert client.post(url, _form_data(who_for="men")).status_code == 403
    client.force_login(other_clinician)
    assert client.get(url).status_code in (403, 404)
    assert not GroupListing.objects.filter(group=group).exists()


def test_staff_and_members_of_another_service_cannot_see_the_facts(client, service, other_service, other_clinician):
    group = listed_group(service, "Ours", "BS16", who_for="women", languages=",cy,")
    listing_url = reverse("network:listing", args=[group.public_id])
    client.force_login(service_member(other_service))
    assert client.get(listing_url).status_code == 404
    assert "Ours" not in client.get(reverse("network:directory"), {"outcode": "BS16"}).content.decode()
    client.force_login(other_clinician)
    assert client.get(listing_url).status_code in (403, 404)


def test_service_stores_only_known_languages(service):
    group = PeerGroup.objects.create(service=service, name="G", status="active")
    coordinator = add_member(group, role=GroupRole.Role.COORDINATOR)
    listing = services.listing_update(group=group, actor=coordinator, languages=["pl", "klingon", "cy"])
    assert listing.languages == ",cy,pl," and listing.language_codes == ["cy", "pl"]
    with pytest.raises(ValueError):
        services.listing_update(group=group, actor=coordinator, languages="cy")


def test_facts_presenter_shows_only_what_was_said(service):
    group = listed_group(service, "G", "BS16")
    assert listing_facts(group.listing) == []
    listing = group.listing
    listing.languages, listing.languages_other = ",en-gb,cy,", ""
    listing.who_for, listing.meets_evening, listing.meets_weekend = "mostly_women", True, True
    listing.step_free = "no"
    rows = [(f.label, f.value) for f in listing_facts(listing)]
    assert rows == [
        ("Languages at meetings", "English, Welsh"),
        ("Who it is for", "Mostly women, men very welcome"),
        ("Meets", "In the evening, at the weekend"),
        ("Step-free venue", "No"),
    ]


# Directory filters -----------------------------------------------------------------------------


def test_language_filter(service):
    listed_group(service, "Welsh", "BS16", languages=",en-gb,cy,")
    listed_group(service, "Urdu", "BS16", languages=",ur,")
    listed_group(service, "Not said", "BS16")
    assert _search(service, language="cy") == {"Welsh"}
    assert _search(service, language="ur") == {"Urdu"}
    assert _search(service, language="") == {"Welsh", "Urdu", "Not said"}


def test_who_for_filter(service):
    for name, who in [("W", "women"), ("M", "men"), ("Mix", "mixed"), ("MW", "mostly_women"), ("MM", "mostly_men")]:
        listed_group(service, name, "BS16", who_for=who)
    listed_group(service, "Not said", "BS16")
    women_only, men_only = forms.WHO_FOR_FILTERS["women_only"][1], forms.WHO_FOR_FILTERS["men_only"][1]
    assert _search(service, who_for=women_only) == {"W"}
    assert _search(service, who_for=men_only) == {"M"}
    assert _search(service, who_for=forms.WHO_FOR_FILTERS["welcomes_men"][1]) == {"M", "Mix", "MW", "MM"}
    assert _search(service, who_for=forms.WHO_FOR_FILTERS["welcomes_women"][1]) == {"W", "Mix", "MW", "MM"}


def test_when_it_meets_filter(service):
    listed_group(service, "Day", "BS16", meets_daytime=True)
    listed_group(service, "Evening", "BS16", meets_evening=True)
    listed_group(service, "Weekend day", "BS16", meets_daytime=True, meets_weekend=True)
    assert _search(service, meets="daytime") == {"Day", "Weekend day"}
    assert _search(service, meets="evening") == {"Evening"}
    assert _search(service, meets="weekend") == {"Weekend day"}


def test_step_free_uses_the_coordinators_answer_before_the_venue(service):
    ramp = Venue.objects.create(service=service, name="Hall", step_free=True)
    listed_group(service, "Said yes", "BS16", step_free="yes")
    listed_group(service, "Venue only", "BS16", venue=ramp)
    listed_group(service, "Said not sure", "BS16", step_free="not_sure", venue=ramp)
    listed_group(service, "Said no", "BS16", step_free="no")
    assert _search(service, needs=("step_free",)) == {"Said yes", "Venue only"}


def test_filters_combine_with_distance(service):
    listed_group(service, "Near Welsh women", "BS34", languages=",cy,", who_for="women", meets_evening=True)
    listed_group(service, "Far Welsh women", "BA1", languages=",cy,", who_for="women", meets_evening=True)
    listed_group(service, "Near English", "BS34", languages=",en-gb,", who_for="women", meets_evening=True)
    assert _search(service, radius_km=10, language="cy", who_for=("women",), meets="evening") == {"Near Welsh women"}
    assert _search(service, radius_km=25, language="cy", who_for=("women",)) == {"Near Welsh women", "Far Welsh women"}


def test_directory_page_filters_by_get_and_keeps_choices(client, service):
    listed_group(service, "Welsh evening", "BS16", languages=",cy,", meets_evening=True, who_for="mixed")
    listed_group(service, "English day", "BS16", languages=",en-gb,", meets_daytime=True)
    client.force_login(service_member(service))
    response = client.get(
        reverse("network:directory"),
        {"outcode": "BS16", "language": "cy", "meets": "evening", "who_for": "welcomes_men"},
    )
    body = response.content.decode()
    assert "Welsh evening" in body and "English day" not in body
    assert "Languages at meetings: Welsh" in body and "Who it is for: Mixed: everyone welcome" in body
    assert 'value="cy" selected' in body and 'value="evening" selected' in body


def test_directory_bad_filter_is_explained(client, service):
    client.force_login(service_member(service))
    body = client.get(reverse("network:directory"), {"outcode": "BS16", "language": "xx"}).content.decode()
    assert "Select a language from the list" in body


def test_filtered_search_runs_in_a_fixed_number_of_queries(client, service):
    for i in range(2):
        listed_group(service, f"A{i}", "BS16", languages=",cy,", who_for="mixed", meets_evening=True, step_free="yes")
    client.force_login(service_member(service))
    params = {
        "outcode": "BS16",
        "language": "cy",
        "who_for": "welcomes_women",
        "meets": "evening",
        "needs": "step_free",
    }
    with count_queries() as small:
        assert "A1" in client.get(reverse("network:directory"), params).content.decode()
    for i in range(20):
        listed_group(service, f"B{i}", "BS34", languages=",cy,", who_for="mixed", meets_evening=True, step_free="yes")
    with count_queries() as large:
        assert "22 groups found" in client.get(reverse("network:directory"), params).content.decode()
    assert len(small) == len(large)
