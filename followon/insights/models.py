"""What a service knew about its follow-on groups before FollowOn: the historical record of a group.

Imported groups are real `peergroups.PeerGroup` rows (so every count and chart includes them); the
facts the group model does not hold (last contact, largest size, how often it met, how members kept
in touch, what the group was for) live here, one row per imported group.
"""

from django.db import models


class HistoricalGroupRecord(models.Model):
    COMMUNICATION_METHODS = ("phone", "sms", "whatsapp", "facebook", "email")
    PURPOSES = ("social", "goal_setting", "pain_management", "hobbies_crafts", "exercise", "outings")

    group = models.OneToOneField("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="history")
    start_date = models.DateField()
    last_contact = models.DateField()
    max_size = models.PositiveSmallIntegerField(null=True, blank=True)
    meeting_frequency = models.CharField(max_length=100, blank=True)
    communication_methods = models.JSONField(default=list, blank=True)
    purposes = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_contact__gte=models.F("start_date")), name="history_contact_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"History of {self.group}"


class ResearchKey(models.Model):
    """The per-service secret behind research pseudonyms (HMAC-SHA256 of project + member)."""

    service = models.OneToOneField("organisations.PainService", on_delete=models.CASCADE, related_name="research_key")
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "Research key"


class OutcomeChangeSummary(models.Model):
    """A service's outcome-change figures, summed up by the worker (issue 16: the dashboard's costliest
    part grew with the service's ten years of questionnaires; read from here it costs one row).

    `figures` holds, per measure and group, only what `outcome_change.change_summary` returns: the
    questionnaire id, attended or not, n, the mean change and its standard deviation. Never a member,
    and never shown as stored: the dashboard puts every figure through the same small-number rule
    (`suppression`, ADR 0025) as figures worked out on the spot. One row per service, replaced whole by
    `services.outcome_change_summaries_refresh` (one worker at a time).
    """

    service = models.OneToOneField(
        "organisations.PainService", on_delete=models.CASCADE, related_name="outcome_change_summary"
    )
    figures = models.JSONField(default=list)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return "Outcome change summary"


class DashboardSummary(models.Model):
    """When the worker last brought a service's attendance months (`AttendanceMonth`), group durations
    (`GroupDuration`) and programme figures up to date (issue 16: read live, all grew with the service's
    ten years).

    `refreshed_at` is when the last refresh started: meetings changed from a little before then on are
    looked at again by the next one. `rebuilt_at` is the last full rebuild (daily), which also catches
    what leaves no time stamp (a deleted meeting or attendance). One row per service, written only by
    `services.dashboard_summary_refresh` (one worker at a time).
    """

    service = models.OneToOneField(
        "organisations.PainService", on_delete=models.CASCADE, related_name="dashboard_summary"
    )
    # Counts only, worked out in full at each refresh (`selectors.programme_figures`): per programme its
    # id, title, start date, participants and whether it formed a group; answers and reasons about joining.
    # Never a person, and never shown as stored: the dashboard puts them through the small-number rule.
    figures = models.JSONField(default=dict)
    # Every group's [start, end, status] (ISO dates) as `GroupDuration` holds them at the refresh, in group
    # order: what the dashboard's survival figures are worked out from, in the same row as the figures, so the
    # page can leave both out when it holds this summary already (ADR 0042). Null in a row written before.
    durations = models.JSONField(null=True, blank=True)
    refreshed_at = models.DateTimeField()
    rebuilt_at = models.DateTimeField()

    def __str__(self) -> str:
        return "Dashboard summary"


class AttendanceMonth(models.Model):
    """One month of a service's held group meetings: how many, and how many attendances (counts only,
    never a person; shown through the small-number rule like the live figures, ADR 0025). Closed months
    do not change, so the worker works out only the months whose meetings changed."""

    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month, London time
    meetings = models.PositiveIntegerField()
    attendances = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "month"], name="one_attendance_month")]

    def __str__(self) -> str:
        return "Attendance month"


class GroupDuration(models.Model):
    """A follow-on group's start, end and status as survival counts them (`selectors.group_durations`),
    kept by the worker so the dashboard's Kaplan-Meier estimate reads one short row per group instead of
    every meeting the service ever held."""

    group = models.OneToOneField("peergroups.PeerGroup", on_delete=models.CASCADE, primary_key=True, related_name="+")
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=10)

    def __str__(self) -> str:
        return "Group duration"
