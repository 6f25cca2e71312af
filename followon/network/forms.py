from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from followon.core.choices import TimeOfDay, Weekday
from followon.core.formatting import LONDON
from followon.core.forms import NhsMessagesMixin, NhsTimeField
from followon.meetings.models import Venue
from followon.network import selectors
from followon.network.models import (
    ACCESS_NEEDS,
    MEETING_LANGUAGES,
    EventFeedback,
    NetworkEvent,
    StepFree,
    SupportOffer,
    WhoFor,
)
from followon.organisations.models import PainService
from followon.peergroups.models import PeerGroup

# One unit on every page, the one people in England use for travel: miles (issue 21 item 11). The
# values are the search radius in km (what the selectors compute in), each the named miles or a little more.
RADIUS_CHOICES = [
    ("5", _("3 miles")),
    ("10", _("6 miles")),
    ("25", _("15 miles")),
    ("50", _("30 miles")),
]


# What a member can ask for, and which of the coordinators' answers match it.
WHO_FOR_FILTERS = {
    "women_only": (_("Women only"), (WhoFor.WOMEN,)),
    "men_only": (_("Men only"), (WhoFor.MEN,)),
    "welcomes_women": (
        _("Groups that welcome women"),
        (WhoFor.WOMEN, WhoFor.MIXED, WhoFor.MOSTLY_WOMEN, WhoFor.MOSTLY_MEN),
    ),
    "welcomes_men": (
        _("Groups that welcome men"),
        (WhoFor.MEN, WhoFor.MIXED, WhoFor.MOSTLY_WOMEN, WhoFor.MOSTLY_MEN),
    ),
}
MEETS_FILTERS = [
    ("daytime", _("In the daytime")),
    ("evening", _("In the evening")),
    ("weekend", _("At the weekend")),
]


class SearchForm(NhsMessagesMixin, forms.Form):
    # Every instance has the class's own fields: the page draws them remembered (core/template_memo.py's
    # remembered_field). Change a field's label, hint, choices or widget here, never per instance.
    fields_fixed = True

    outcode = forms.CharField(
        label=_("The first half of your postcode"),
        max_length=10,
        help_text=_("For example, BS16. We only use it to work out distances"),
        error_messages={"required": selectors.OUTCODE_ERROR, "max_length": selectors.OUTCODE_ERROR},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5", "autocomplete": "postal-code"}),
    )
    radius = forms.ChoiceField(label=_("How far you can travel"), choices=RADIUS_CHOICES, initial="25", required=False)
    day = forms.ChoiceField(label=_("Day"), choices=[("", _("Any day")), *Weekday.choices], required=False)
    time_of_day = forms.ChoiceField(
        label=_("Time of day"), choices=[("", _("Any time")), *TimeOfDay.choices], required=False
    )
    needs = forms.MultipleChoiceField(
        label=_("What the venue needs to have"),
        choices=ACCESS_NEEDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Facts the groups' coordinators chose to give (issue 18 item 7). A group that said nothing
    # about a fact is not shown when a member asks for it.
    language = forms.ChoiceField(
        label=_("Language spoken at meetings"),
        choices=[("", _("Any language")), *MEETING_LANGUAGES],
        required=False,
        error_messages={"invalid_choice": _("Select a language from the list")},
    )
    who_for = forms.ChoiceField(
        label=_("Who the group is for"),
        choices=[("", _("Any group"))] + [(key, label) for key, (label, _values) in WHO_FOR_FILTERS.items()],
        required=False,
        error_messages={"invalid_choice": _("Select who the group is for from the list")},
    )
    meets = forms.ChoiceField(
        label=_("When it meets"),
        choices=[("", _("Any time")), *MEETS_FILTERS],
        required=False,
        error_messages={"invalid_choice": _("Select when the group meets from the list")},
    )

    def __init__(self, *args, origin: tuple[str, object] | None = None, **kwargs):
        """`origin`: (outcode, Outcode or None) already read for this request's outcode
        (selectors.directory_standing); the field's own lookup is used for any other text.

        The fields are those of the first instance made in the active language (copied from the class
        and given their NHS.UK messages by NhsMessagesMixin, as any form's), shared by every later
        instance in that language: no deep copy of the eight fields and their choices a request (ADR 0043).
        Nothing changes a field after that (`fields_fixed`), so sharing them is as good as copying."""
        key = (type(self), translation.get_language())
        shared = _SHARED_FIELDS.get(key)
        if shared is None:
            super().__init__(*args, **kwargs)
            if len(_SHARED_FIELDS) >= _SHARED_FIELDS_MAX:
                _SHARED_FIELDS.clear()
            _SHARED_FIELDS[key] = dict(self.fields)
        else:
            # Django's own set-up without its copy of the class's fields (and without the mixin, whose
            # messages the shared fields already have); then the shared fields, in the class's order.
            self.base_fields = {}
            forms.Form.__init__(self, *args, **kwargs)
            del self.base_fields
            self.fields = dict(shared)
        self.origin = origin

    def clean_outcode(self):
        text = self.cleaned_data["outcode"]
        if self.origin is not None and selectors.normalise_outcode(text) == self.origin[0]:
            place = self.origin[1]
        else:
            place = selectors.outcode_lookup(text)
        if place is None:
            raise forms.ValidationError(selectors.OUTCODE_ERROR)
        return place

    def search(self) -> selectors.Search:
        data = self.cleaned_data
        return selectors.Search(
            origin=data["outcode"],
            radius_km=float(data.get("radius") or selectors.DEFAULT_RADIUS_KM),
            day=data.get("day") or "",
            time_of_day=data.get("time_of_day") or "",
            needs=tuple(data.get("needs") or ()),
            language=data.get("language") or "",
            who_for=WHO_FOR_FILTERS[data["who_for"]][1] if data.get("who_for") else (),
            meets=data.get("meets") or "",
        )


# (form class, language) -> the fields every SearchForm in that language shares (SearchForm.__init__).
_SHARED_FIELDS: dict = {}
_SHARED_FIELDS_MAX = 64


class JoinRequestForm(NhsMessagesMixin, forms.Form):
    note = forms.CharField(
        label=_("Anything you'd like the coordinators to know (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HelpRequestForm(NhsMessagesMixin, forms.Form):
    what_matters = forms.CharField(
        label=_("What would make a group right for you? (optional)"),
        help_text=_("For example, a morning group near Kingswood with step-free access"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ListingForm(NhsMessagesMixin, forms.Form):
    is_listed = forms.TypedChoiceField(
        label=_("Show the group in the directory?"),
        choices=[("yes", _("Yes, people looking for a group can find it")), ("no", _("No, keep it unlisted"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether to show the group in the directory")},
    )
    description = forms.CharField(
        label=_("A short description (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    usual_day = forms.ChoiceField(label=_("Usual day"), choices=[("", _("Varies")), *Weekday.choices], required=False)
    time_of_day = forms.ChoiceField(
        label=_("Time of day"), choices=[("", _("Varies")), *TimeOfDay.choices], required=False
    )
    outcode = forms.CharField(
        label=_("Area: the first half of the postcode where you meet"),
        help_text=_("For example, BS16. Never the full address"),
        max_length=10,
        required=False,
        error_messages={"max_length": selectors.OUTCODE_ERROR},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5"}),
    )
    venue = forms.ModelChoiceField(
        label=_("Usual venue (its accessibility facts are shown, not its address)"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("Not set"),
    )
    size_text = forms.CharField(label=_("Size, in your words (optional)"), max_length=80, required=False)
    age_range_text = forms.CharField(label=_("Age range, in your words (optional)"), max_length=80, required=False)
    gender_mix_text = forms.CharField(label=_("Gender mix, in your words (optional)"), max_length=80, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken at meetings (optional)"),
        choices=MEETING_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select languages from the list")},
    )
    languages_other = forms.CharField(
        label=_("Other languages spoken at meetings (optional)"),
        help_text=_("For example, Punjabi, British Sign Language"),
        max_length=80,
        required=False,
        error_messages={"max_length": _("Other languages must be 80 characters or fewer")},
    )
    who_for = forms.ChoiceField(
        label=_("Who is the group for? (optional)"),
        choices=[*WhoFor.choices, ("", _("We'd rather not say"))],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select who the group is for")},
    )
    meets = forms.MultipleChoiceField(
        label=_("When does the group meet? (optional)"),
        choices=MEETS_FILTERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select when the group meets from the list")},
    )
    step_free = forms.ChoiceField(
        label=_("Is the venue step-free? (optional)"),
        choices=[*StepFree.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select yes, no or not sure")},
    )
    welcomes_new_members = forms.TypedChoiceField(
        label=_("Is the group welcoming new members?"),
        choices=[("yes", _("Yes")), ("no", _("Not at the moment"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the group is welcoming new members")},
    )
    capacity = forms.IntegerField(
        label=_("Most members the group can take (optional)"),
        min_value=2,
        max_value=100,
        required=False,
        error_messages={
            "invalid": _("Enter a number, like 12"),
            "min_value": _("Enter a number of 2 or more"),
            "max_value": _("Enter a number of 100 or fewer"),
        },
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.filter(service=group.service).order_by("name")

    def clean_outcode(self):
        text = self.cleaned_data["outcode"]
        if not text.strip():
            return ""
        place = selectors.outcode_lookup(text)
        if place is None:
            raise forms.ValidationError(selectors.OUTCODE_ERROR)
        return place.code

    def clean(self):
        data = super().clean()
        if data.get("is_listed") and not data.get("outcode") and "outcode" not in self.errors:
            self.add_error("outcode", _("Enter the first half of a postcode, like BS16, so people can find the group"))
        return data

    def listing_values(self) -> dict:
        """The cleaned form as `services.listing_update` takes it."""
        values = dict(self.cleaned_data)
        meets = set(values.pop("meets", None) or ())
        values["meets_daytime"] = "daytime" in meets
        values["meets_evening"] = "evening" in meets
        values["meets_weekend"] = "weekend" in meets
        return values


class DecideForm(NhsMessagesMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Welcome them")), ("decline", _("Not this time"))])


class SuggestForm(NhsMessagesMixin, forms.Form):
    group = forms.ModelChoiceField(
        label=_("Suggest a group"),
        queryset=None,
        error_messages={"required": _("Select a group to suggest"), "invalid_choice": _("Select a group to suggest")},
    )

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["group"].queryset = PeerGroup.objects.filter(
            pk__in=selectors.listed_groups_for_service(service).values("group_id")
        ).order_by("name")


class NetworkSettingsForm(NhsMessagesMixin, forms.Form):
    share_listings = forms.BooleanField(
        label=_("Share our listed groups with the services named below (they must choose us too)"), required=False
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Neighbouring services"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    days_without_meeting = forms.IntegerField(
        label=_("Flag a group after this many days without a meeting"),
        min_value=7,
        max_value=365,
        error_messages={
            "required": _("Enter a number of days, like 60"),
            "invalid": _("Enter a number of days, like 60"),
            "min_value": _("Enter 7 days or more"),
            "max_value": _("Enter 365 days or fewer"),
        },
    )
    attendance_drop_percent = forms.IntegerField(
        label=_("Flag a group when attendance falls by this percentage"),
        min_value=5,
        max_value=95,
        error_messages={
            "required": _("Enter a percentage, like 40"),
            "invalid": _("Enter a percentage, like 40"),
            "min_value": _("Enter 5 or more"),
            "max_value": _("Enter 95 or less"),
        },
    )
    min_recent_attendance = forms.IntegerField(
        label=_("Flag a group when fewer than this many come to its recent meetings"),
        min_value=1,
        max_value=20,
        error_messages={
            "required": _("Enter a number, like 3"),
            "invalid": _("Enter a number, like 3"),
            "min_value": _("Enter 1 or more"),
            "max_value": _("Enter 20 or fewer"),
        },
    )

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = PainService.objects.exclude(pk=service.pk).order_by("name")


class SupportOfferForm(NhsMessagesMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you offering?"),
        choices=SupportOffer.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what you are offering")},
    )
    merge_with = forms.ModelChoiceField(
        label=_("Nearby group to join up with (for a merge)"),
        queryset=None,
        required=False,
        empty_label=_("Not a merge"),
    )
    note = forms.CharField(
        label=_("A short note to the coordinators (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["merge_with"].queryset = (
            PeerGroup.objects.filter(service=group.service, status__in=PeerGroup.OPEN_STATUSES)
            .exclude(pk=group.pk)
            .order_by("name")
        )


class EventForm(NhsMessagesMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of event"), choices=NetworkEvent.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=120, error_messages={"required": _("Enter a title")})
    date = forms.DateField(
        label=_("Date"),
        help_text=_("For example, 14/3/2027"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"required": _("Enter the date"), "invalid": _("Enter a date, like 14/3/2027")},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    starts = NhsTimeField(
        label=_("Start time"),
        label_lower=pgettext_lazy("a field, in an error message", "start time"),
        help_text=_("For example, 10:30am"),
    )
    ends = NhsTimeField(
        label=_("End time"),
        label_lower=pgettext_lazy("a field, in an error message", "end time"),
        help_text=_("For example, 12:30pm"),
    )
    place = forms.CharField(label=_("Where"), max_length=200, error_messages={"required": _("Enter where it will be")})
    accessibility = forms.CharField(
        label=_("Accessibility information"),
        help_text=_("For example, step-free entrance, accessible toilet, seats with arms, quiet room"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    capacity = forms.IntegerField(
        label=_("Places (optional)"),
        min_value=1,
        max_value=1000,
        required=False,
        error_messages={
            "invalid": _("Enter a number, like 40"),
            "min_value": _("Enter 1 or more"),
            "max_value": _("Enter 1000 or fewer"),
        },
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
    )
    details = forms.CharField(label=_("Details (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("starts") and data.get("ends"):
            data["starts_at"] = datetime.combine(data["date"], data["starts"], tzinfo=LONDON)
            data["ends_at"] = datetime.combine(data["date"], data["ends"], tzinfo=LONDON)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("The end time must be after the start time"))
        return data


class RsvpForm(NhsMessagesMixin, forms.Form):
    coming = forms.TypedChoiceField(
        label=_("Are you coming?"),
        choices=[("yes", _("Yes, I'm coming")), ("no", _("No, not this time"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you are coming")},
    )


class FeedbackForm(NhsMessagesMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was the event for you?"),
        choices=EventFeedback.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how helpful the event was")},
    )
    comment = forms.CharField(
        label=_("Anything you'd like to tell us (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
