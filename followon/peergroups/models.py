"""Follow-on groups: their lifecycle, members, volunteer roles and PTV supporters.

A group belongs to its members; staff set it up and stand behind it. Status
changes go through `services.group_transition`, which enforces
`PeerGroup.TRANSITIONS` and writes a `GroupStatusChange` row so durations and
formation rates can be computed later (see the ADR on group lifecycle).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PeerGroup(models.Model):
    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        FOLDED = "folded", _("Folded")
        MERGED = "merged", _("Merged into another group")

    # The only allowed moves. forming → active happens when the study's
    # definition of a formed group is met (≥3 programme participants met face
    # to face after the programme's last session); folded and merged are final.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.FORMING: frozenset({Status.ACTIVE, Status.FOLDED, Status.MERGED}),
        Status.ACTIVE: frozenset({Status.PAUSED, Status.FOLDED, Status.MERGED}),
        Status.PAUSED: frozenset({Status.ACTIVE, Status.FOLDED, Status.MERGED}),
        Status.FOLDED: frozenset(),
        Status.MERGED: frozenset(),
    }
    OPEN_STATUSES = (Status.FORMING, Status.ACTIVE, Status.PAUSED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.PROTECT, related_name="peer_groups")
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(max_length=120)
    area = models.CharField("where it meets", max_length=200, blank=True)
    meeting_pattern = models.CharField("when it meets", max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FORMING)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    formed_on = models.DateField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    folded_on = models.DateField(null=True, blank=True)
    merged_on = models.DateField(null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["service", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False), name="merged_group_has_target"
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="group_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class GroupStatusChange(models.Model):
    """The history of a group's lifecycle, one row per transition."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=PeerGroup.Status.choices)
    to_status = models.CharField(max_length=10, choices=PeerGroup.Status.choices)
    effective_on = models.DateField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(PeerGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class GroupMembership(models.Model):
    """A person's place in a group, one row per spell (invited → member → left).

    A person who changes their mind gets a new row, so the history of who
    was in a group, and for how long, is kept.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        MEMBER = "member", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")
        # Taken out of the group by its coordinator or the pain service (services.membership_remove);
        # only a coordinator's yes lets them back in (ADR 0029).
        REMOVED = "removed", _("Removed")

    class RemovalReason(models.TextChoices):
        """Why a member was taken out of a group: each names a line of the group's agreement
        (conversations.selectors.DEFAULT_AGREEMENT) or the service's duty of care. Shown to the
        coordinator choosing it, never quoted to the member (they are told kindly, without blame)."""

        CONFIDENTIALITY = "confidentiality", _("Shared what was said in the group outside it")
        UNKIND = "unkind", _("Was unkind, judging or disrespectful to other members")
        SELLING = "selling", _("Pushed products, treatments or services on members")
        SAFETY = "safety", _("Made other members feel unsafe")
        SERVICE_DECISION = "service_decision", _("The pain service decided, after talking with them")

    class LeaveReason(models.TextChoices):
        NOT_RIGHT_FIT = "not_right_fit", _("It's not the right fit for me")
        NEGATIVITY = "negativity", _("Negativity in the group")
        COMMITMENTS = "commitments", _("Work or family commitments")
        TRAVEL_TIMING = "travel_timing", _("Travel or timing")
        HEALTH = "health", _("My health")
        OTHER_GROUP = "other_group", _("I'm moving to another group")
        PREFER_NOT_TO_SAY = "prefer_not_to_say", _("I prefer not to say")

    CURRENT_STATUSES = (Status.INVITED, Status.MEMBER)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    status = models.CharField(max_length=10, choices=Status.choices)
    invited_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    leave_reason = models.CharField(max_length=20, choices=LeaveReason.choices, blank=True)
    removal_reason = models.CharField(max_length=20, choices=RemovalReason.choices, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status__in=["invited", "member"]),
                name="one_current_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} of {self.group}"


class GroupRole(models.Model):
    """A volunteer role in a group. One holder per role at a time; roles rotate."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        CO_COORDINATOR = "co_coordinator", _("Co-coordinator")
        REMINDERS = "reminders", _("Sends reminders")
        VENUE_FINDER = "venue_finder", _("Finds venues")

    DESCRIPTIONS = {
        Role.COORDINATOR: _("Keeps the group going: agrees dates and venues with everyone and records who came."),
        Role.CO_COORDINATOR: _("Shares the coordinator's load and steps in when they are unwell."),
        Role.REMINDERS: _("Reminds everyone a day or two before each meeting."),
        Role.VENUE_FINDER: _("Finds places to meet that are easy to reach and comfortable."),
    }
    # Roles that may record meetings and manage the group with staff.
    ORGANISER_ROLES = (Role.COORDINATOR, Role.CO_COORDINATOR)

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "role"], condition=Q(ended_at__isnull=True), name="one_current_holder_per_role"
            )
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class GroupSupporter(models.Model):
    """A PTV attached to a new group for its first three meetings."""

    MEETINGS_SUPPORTED = 3

    class DetachReason(models.TextChoices):
        AFTER_THIRD_MEETING = "after_third_meeting", _("After the group's third meeting")
        BY_STAFF = "by_staff", _("Stepped back early")
        GROUP_CLOSED = "group_closed", _("The group folded or merged")

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="supporters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supported_groups")
    attached_at = models.DateTimeField(auto_now_add=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detached_at = models.DateTimeField(null=True, blank=True)
    detach_reason = models.CharField(max_length=20, choices=DetachReason.choices, blank=True)

    class Meta:
        ordering = ["group", "attached_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(detached_at__isnull=True), name="one_current_support"
            )
        ]

    def __str__(self) -> str:
        return f"Supporter of {self.group}"
