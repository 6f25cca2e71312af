"""Self-management tools a member keeps for themselves: goals, pacing, a set-back plan, check-ins.

Everything here belongs to one member (`owner`) and is private to them unless
they share a goal or plan with one of their groups (`Share`). A share only
shows while the owner is still a member of that group, so leaving a group
stops sharing without anything to clean up. Staff never see these records.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class Goal(models.Model):
    """A SMART goal: what, how much, by when, and how confident the member is (0-10)."""

    class Review(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        MEETING = "meeting", _("At each group meeting")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Working on it")
        ACHIEVED = "achieved", _("Achieved")
        STOPPED = "stopped", _("Stopped")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals")
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what = models.CharField(max_length=200)
    how_much = models.CharField(max_length=200, blank=True)
    when = models.CharField(max_length=200, blank=True)
    target_date = models.DateField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField()
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.WEEKLY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"])]
        constraints = [models.CheckConstraint(condition=Q(confidence__lte=10), name="goal_confidence_0_to_10")]

    def __str__(self) -> str:
        return f"Goal {self.public_id}"

    @property
    def is_measurable(self) -> bool:
        return bool(self.how_much.strip() or any(ch.isdigit() for ch in self.what))


class GoalStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Step {self.pk} of {self.goal}"


class GoalProgress(models.Model):
    """How one week went for a goal. One row per goal per week: a second answer replaces the first."""

    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly")
        NOT_THIS_WEEK = "not_this_week", _("Not this week")

    SCORES = {Outcome.DONE: 2, Outcome.PARTLY: 1, Outcome.NOT_THIS_WEEK: 0}

    class Source(models.TextChoices):
        WEB = "web", _("On the website")
        SMS = "sms", _("By text")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    week_start = models.DateField()
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    source = models.CharField(max_length=5, choices=Source.choices, default=Source.WEB)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["week_start", "id"]
        constraints = [models.UniqueConstraint(fields=["goal", "week_start"], name="one_progress_per_goal_week")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} in week of {self.week_start}"

    @property
    def score(self) -> int:
        return self.SCORES[self.outcome]


class PacingActivity(models.Model):
    """An activity paced from a baseline (minutes before pain flares), built up a little each week."""

    class BuildUp(models.TextChoices):
        PERCENT = "percent", _("By a percentage each week")
        FIXED = "fixed", _("By a fixed number of minutes each week")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pacing_activities")
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=120)
    baseline_minutes = models.PositiveSmallIntegerField()
    build_up = models.CharField(max_length=10, choices=BuildUp.choices, default=BuildUp.PERCENT)
    build_up_amount = models.PositiveSmallIntegerField(default=10)
    started_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"Pacing activity {self.public_id}"

    def planned_minutes(self, week: int) -> int:
        """The planned time in week `week` (0 = the first week, the baseline)."""
        week = max(week, 0)
        if self.build_up == self.BuildUp.PERCENT:
            return round(self.baseline_minutes * (1 + self.build_up_amount / 100) ** week)
        return self.baseline_minutes + self.build_up_amount * week

    @property
    def build_up_text(self) -> str:
        if self.build_up == self.BuildUp.PERCENT:
            return gettext("%(amount)s%% more each week") % {"amount": self.build_up_amount}
        return ngettext(
            "%(amount)s more minute each week", "%(amount)s more minutes each week", self.build_up_amount
        ) % {"amount": self.build_up_amount}


class PacingLog(models.Model):
    activity = models.ForeignKey(PacingActivity, on_delete=models.CASCADE, related_name="logs")
    done_on = models.DateField()
    minutes = models.PositiveSmallIntegerField()
    flare = models.BooleanField("Pain flared", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "id"]
        indexes = [models.Index(fields=["activity", "done_on"])]

    def __str__(self) -> str:
        return f"Log {self.pk} of {self.activity}"


class SetbackPlan(models.Model):
    """What to do in a set-back (flare-up): one per member, written when well, used when not."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="setback_plan")
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what_helps = models.TextField(blank=True)
    what_to_stop = models.TextField(blank=True)
    who_to_tell = models.TextField(blank=True)
    gp_notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Set-back plan {self.public_id}"


class Share(models.Model):
    """A goal or a pacing activity shown to one of the owner's groups (while they stay in it)."""

    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="shares")
    activity = models.ForeignKey(PacingActivity, null=True, blank=True, on_delete=models.CASCADE, related_name="shares")
    group = models.ForeignKey("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="selfcare_shares")
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False, activity__isnull=True) | Q(goal__isnull=True, activity__isnull=False),
                name="share_one_thing",
            ),
            models.UniqueConstraint(fields=["goal", "group"], name="share_goal_once_per_group"),
            models.UniqueConstraint(fields=["activity", "group"], name="share_activity_once_per_group"),
        ]

    def __str__(self) -> str:
        return f"Share {self.pk}"


class CheckIn(models.Model):
    """A short, optional weekly check-in. The free line is screened before it is kept."""

    class Mood(models.TextChoices):
        GOOD = "good", _("Good")
        OK = "ok", _("OK")
        LOW = "low", _("Low")

    class Activity(models.TextChoices):
        MORE = "more", _("More than usual")
        USUAL = "usual", _("About the same")
        LESS = "less", _("Less than usual")

    class Source(models.TextChoices):
        WEB = "web", _("On the website")
        SMS = "sms", _("By text")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    week_start = models.DateField()
    pain_interference = models.PositiveSmallIntegerField(null=True, blank=True)
    mood = models.CharField(max_length=5, choices=Mood.choices, blank=True)
    activity = models.CharField(max_length=5, choices=Activity.choices, blank=True)
    free_text = models.CharField(max_length=1000, blank=True)  # 300 on the web; a long text by SMS is kept whole
    source = models.CharField(max_length=5, choices=Source.choices, default=Source.WEB)
    screen_level = models.CharField(max_length=12, blank=True)
    screen_result = models.JSONField(default=dict, blank=True)
    routed_to_safety = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_interference__isnull=True) | Q(pain_interference__lte=10),
                name="checkin_interference_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.public_id}"

    @property
    def flagged(self) -> bool:
        return self.screen_level in {"concern", "urgent", "unscreened"}


class CheckInTextSchedule(models.Model):
    """A member's choice to get the weekly check-in question by text, and on which day."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_text_schedule"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.FRIDAY)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["weekday", "active"])]
        constraints = [models.CheckConstraint(condition=Q(weekday__lte=6), name="checkin_text_weekday_0_to_6")]

    def __str__(self) -> str:
        return f"Check-in texts for user {self.owner_id}"


class TechniquePage(models.Model):
    """A service's own version of one short technique page (defaults in techniques.py)."""

    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=40)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["slug"]
        constraints = [models.UniqueConstraint(fields=["service", "slug"], name="one_technique_page_per_slug")]

    def __str__(self) -> str:
        return self.title
