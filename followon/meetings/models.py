"""Group meetings and who attended them.

Minimal for now (programmes issue): enough to record held meetings, decide
when a group has formed and when its PTV steps back. The meetings issue will
add polls, RSVPs, venues and calendar feeds; `public_id` names a meeting in
URLs and calendar UIDs, and `sequence` is the iCalendar SEQUENCE, bumped on
every change that calendar clients must pick up.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from followon.core.models import HashedTokenLink


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    face_to_face = models.BooleanField(default=True)
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Meetings issue. A repeating meeting is one row with its pattern (recurrence.py);
    # when attendance is recorded for one of its dates, a held row with `series` set
    # is written for that date, so formation and the PTV's three meetings count it.
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person, and online for those who cannot come")

    class Frequency(models.TextChoices):
        ONE_OFF = "one_off", _("Once")
        WEEKLY = "weekly", _("Every week (or every few weeks)")
        MONTHLY_BY_DATE = "monthly_by_date", _("Every month on the same date")
        MONTHLY_BY_WEEKDAY = "monthly_by_weekday", _("Every month on the same weekday, like the second Tuesday")

    title = models.CharField(max_length=120, blank=True)
    details = models.TextField(blank=True)
    location = models.ForeignKey(
        "meetings.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    online_url = models.URLField(blank=True)
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.ONE_OFF)
    interval = models.PositiveSmallIntegerField(default=1)
    last_weekday_of_month = models.BooleanField(default=False)
    until = models.DateField(null=True, blank=True)
    skipped_dates = models.JSONField(default=list, blank=True)
    cancelled_dates = models.JSONField(default=list, blank=True)
    series = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="held_occurrences")
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handover_asked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["group", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start")]

    def __str__(self) -> str:
        return f"Meeting {self.public_id}"


class Attendance(models.Model):
    """Whether one person came to one meeting. Staying in touch counts too,
    but formation counts only face-to-face attendance (the study's definition)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance")
    attended = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"Attendance at {self.meeting}"


# Meetings issue: venues, polls, recurring meetings, RSVPs, calendar feeds ------------------------


class Venue(models.Model):
    """A place a group meets, kept by the group or shared across the service (group is empty)."""

    # (field name, sentence shown to members and written into calendar files)
    ACCESS_FACTS = (
        ("step_free", _("Step-free access")),
        ("accessible_toilet", _("Accessible toilet")),
        ("chairs_with_arms", _("Chairs with backs and arms")),
        ("quiet_area", _("A quiet area")),
        ("parking", _("Parking")),
        ("blue_badge_spaces", _("Blue badge parking spaces")),
        ("near_bus_stop", _("Near a bus stop")),
    )

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="venues")
    group = models.ForeignKey(
        "peergroups.PeerGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField(max_length=120)
    address = models.TextField(blank=True)
    outcode = models.CharField(max_length=4, blank=True)
    step_free = models.BooleanField(default=False)
    accessible_toilet = models.BooleanField(default=False)
    chairs_with_arms = models.BooleanField(default=False)
    quiet_area = models.BooleanField(default=False)
    parking = models.BooleanField(default=False)
    blue_badge_spaces = models.BooleanField(default=False)
    near_bus_stop = models.BooleanField(default=False)
    drink_cost = models.CharField("cost of a drink", max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def access_facts(self) -> tuple[str, ...]:
        facts = tuple(str(label) for name, label in self.ACCESS_FACTS if getattr(self, name))
        if self.drink_cost:
            facts += (_("A drink costs about %(cost)s") % {"cost": self.drink_cost},)
        return facts


class MeetingPlan(models.Model):
    """How a group organises its meetings: reminder times and role rotation."""

    group = models.OneToOneField("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="meeting_plan")
    remind_days_before = models.PositiveSmallIntegerField(default=2)  # 0 = no reminder days before
    remind_morning_of = models.BooleanField(default=True)
    rotate_roles_every_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    next_rotation_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Meeting plan of {self.group}"


class Poll(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CONFIRMED = "confirmed", "Time chosen"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="polls")
    title = models.CharField(max_length=120)
    closes_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    meeting = models.OneToOneField(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="from_poll")
    chosen_option = models.ForeignKey(
        "meetings.PollOption", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.title


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="option_ends_after_start")]

    def __str__(self) -> str:
        return f"Option {self.pk}"


class PollAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        IF_NEED_BE = "if_need_be", _("If need be")
        NO = "no", _("No")

    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_answers")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    via_link = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "user"], name="one_answer_per_option")]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


class PollLink(HashedTokenLink):
    """A link sent by SMS that lets one member answer one poll without signing in.

    Same design as programmes.MemberLink: 32 random characters, only the SHA-256 stored,
    a newer link for the same poll and member revokes the older one, and it stops
    working when the poll closes."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Poll link {self.pk}"


class Rsvp(models.Model):
    class Response(models.TextChoices):
        YES = "yes", _("Yes, I'll be there")
        NO = "no", _("No")
        STILL_HERE = "still_here", _("Can't make it this time — still here")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    occurrence_date = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps")
    response = models.CharField(max_length=10, choices=Response.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "occurrence_date", "user"], name="one_rsvp_per_date")]

    def __str__(self) -> str:
        return f"RSVP {self.pk}"


class CalendarFeed(models.Model):
    """A member's private calendar feed. The token is the whole key: regenerate to revoke.

    Like every other link token only its SHA-256 is stored (core.links.token_hash), so the member sees
    the link once, when it is made. `reissued_at` is set when FollowOn (not the member) replaced the
    link, such as when tokens began to be stored hashed; the calendar page tells the member until they
    make a new one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reissued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"


class AttendanceQuestion(models.Model):
    """The "Who came?" text sent to a coordinator after one date of a meeting.

    `member_ids` keeps the numbered list as it was sent (user ids, number 1 first), so a reply
    "1 3 4" means the people the coordinator saw, even if someone joins or leaves meanwhile.
    One per meeting date: the daily job asks once."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance_questions")
    occurrence_date = models.DateField()
    asked = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    member_ids = models.JSONField(default=list)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "occurrence_date"], name="one_attendance_question_per_date")
        ]

    def __str__(self) -> str:
        return f"Attendance question {self.public_id}"
