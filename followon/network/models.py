"""The network of groups: a directory of groups that chose to be listed, requests
to join, help finding a group, fading-group alerts and support offers, and
network events (the twice-yearly network meeting, socials).

A listing holds only what a group chose to say about itself: an area (an
outcode, never an address), a usual day and time of day, and optional words
about its size, age range and gender mix, and optional facts its coordinators
decide (languages spoken at meetings, who the group is for, step-free venue).
None of these is ever worked out from members' personal data.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from followon.core.choices import TimeOfDay, Weekday


class Outcode(models.Model):
    """The centroid of a postcode district (the first half of a postcode)."""

    code = models.CharField(max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self) -> str:
        return self.code


# Venue facts a member can ask for, as names of meetings.Venue fields.
ACCESS_NEEDS = (
    ("step_free", _("Step-free access")),
    ("accessible_toilet", _("Accessible toilet")),
    ("chairs_with_arms", _("Chairs with arms")),
    ("quiet_area", _("A quiet area")),
    ("parking", _("Parking")),
    ("blue_badge_spaces", _("Blue badge spaces")),
    ("near_bus_stop", _("Near a bus stop")),
)


# Languages a group can say it speaks at meetings: the product's languages (settings.LANGUAGES),
# plus free words for any other. Stored in `GroupListing.languages` as ",en-gb,cy," so one
# `contains` lookup filters on PostgreSQL and on the demo's SQLite alike.
MEETING_LANGUAGES = (
    ("en-gb", _("English")),
    ("cy", _("Welsh")),
    ("ur", _("Urdu")),
    ("pl", _("Polish")),
)


class WhoFor(models.TextChoices):
    """Who a group is for, in the words its coordinators choose (never inferred from members)."""

    MIXED = "mixed", _("Mixed: everyone welcome")
    WOMEN = "women", _("Women only")
    MEN = "men", _("Men only")
    MOSTLY_WOMEN = "mostly_women", _("Mostly women, men very welcome")
    MOSTLY_MEN = "mostly_men", _("Mostly men, women very welcome")


class StepFree(models.TextChoices):
    YES = "yes", pgettext_lazy("is the venue step-free", "Yes")
    NO = "no", pgettext_lazy("is the venue step-free", "No")
    NOT_SURE = "not_sure", pgettext_lazy("is the venue step-free", "Not sure")


def languages_store(codes) -> str:
    known = [code for code, _label in MEETING_LANGUAGES if code in set(codes or ())]
    return f",{','.join(known)}," if known else ""


class GroupListing(models.Model):
    """A group's entry in the directory, set by its coordinators."""

    group = models.OneToOneField("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="listing")
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="group_listings")
    is_listed = models.BooleanField(default=False)
    description = models.CharField(max_length=300, blank=True)
    usual_day = models.CharField(max_length=3, choices=Weekday.choices, blank=True)
    time_of_day = models.CharField(max_length=10, choices=TimeOfDay.choices, blank=True)
    outcode = models.CharField(max_length=4, blank=True)
    # Copied from Outcode when the outcode is set, so the search needs no join.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    venue = models.ForeignKey("meetings.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    size_text = models.CharField("size", max_length=80, blank=True)
    age_range_text = models.CharField("age range", max_length=80, blank=True)
    gender_mix_text = models.CharField("gender mix", max_length=80, blank=True)
    # Facts the coordinators decide (issue 18 item 7). Blank means "not said".
    languages = models.CharField(max_length=40, blank=True)
    languages_other = models.CharField("other languages", max_length=80, blank=True)
    who_for = models.CharField(max_length=12, choices=WhoFor.choices, blank=True)
    meets_daytime = models.BooleanField(default=False)
    meets_evening = models.BooleanField(default=False)
    meets_weekend = models.BooleanField(default=False)
    step_free = models.CharField(max_length=8, choices=StepFree.choices, blank=True)
    welcomes_new_members = models.BooleanField(default=True)
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["is_listed", "latitude", "longitude"]),
            models.Index(fields=["service", "is_listed"]),
        ]

    def __str__(self) -> str:
        return f"Listing of {self.group_id}"

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class NetworkSettings(models.Model):
    """A service's choices for the network: sharing its listings and fading-group thresholds."""

    service = models.OneToOneField(
        "organisations.PainService", on_delete=models.CASCADE, related_name="network_settings"
    )
    share_listings = models.BooleanField(default=False)
    partners = models.ManyToManyField("organisations.PainService", blank=True, related_name="+")
    days_without_meeting = models.PositiveSmallIntegerField(default=60)
    attendance_drop_percent = models.PositiveSmallIntegerField(default=40)
    min_recent_attendance = models.PositiveSmallIntegerField(default=3)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Network settings of {self.service_id}"


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a reply")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not this time")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(max_length=300, blank=True)
    times_asked = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    last_asked_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(status="pending"), name="one_pending_join_request"
            )
        ]

    def __str__(self) -> str:
        return f"Request to join {self.group_id}"


class HelpRequest(models.Model):
    """A member asks staff to help them find a group."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        SUGGESTED = "suggested", _("Group suggested")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="help_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_help_requests")
    what_matters = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    suggested_group = models.ForeignKey(
        "peergroups.PeerGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    suggested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "user"], condition=Q(status="open"), name="one_open_help_request"
            )
        ]

    def __str__(self) -> str:
        return "Help finding a group"


class SupportOffer(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("A visit from the service")
        MERGE = "merge", _("Joining up with a nearby group")
        NEW_COORDINATOR = "new_coordinator", _("Help finding a new coordinator")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="support_offers")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    merge_with = models.ForeignKey(
        "peergroups.PeerGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class NetworkEvent(models.Model):
    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        SOCIAL = "social", _("Social")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="network_events")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NETWORK_MEETING)
    title = models.CharField(max_length=120)
    details = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    accessibility = models.TextField("accessibility information", blank=True)
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    is_cancelled = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title


class EventInvitation(models.Model):
    class Rsvp(models.TextChoices):
        NONE = "", _("Not replied")
        YES = "yes", _("Coming")
        NO = "no", _("Not coming")

    event = models.ForeignKey(NetworkEvent, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_invitations")
    rsvp = models.CharField(max_length=3, choices=Rsvp.choices, blank=True, default="")
    responded_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_invitation_per_event")]

    def __str__(self) -> str:
        return f"Invitation to {self.event_id}"


class EventFeedback(models.Model):
    class Rating(models.IntegerChoices):
        NOT_HELPFUL = 1, _("Not helpful")
        A_LITTLE = 2, _("A little helpful")
        HELPFUL = 3, _("Helpful")
        VERY = 4, _("Very helpful")

    invitation = models.OneToOneField(EventInvitation, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    comment = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "Event feedback"
