"""Questionnaire invitations, responses and their answers, saved item by item.

Questionnaires themselves are data (`instruments/`); rows here name them by id and record the
version they were answered in.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from followon.core.models import HashedTokenLink


class QuestionnaireSet(HashedTokenLink):
    """All the questionnaires one member is asked at one timepoint: one message, one link, one set of
    reminders (ADR 0017). The invitations inside it keep their own answers and scores."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_sets")
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(
        "programmes.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_sets",
    )
    timepoint = models.CharField(max_length=10)
    due_on = models.DateField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "timepoint"], name="one_questionnaire_set_per_timepoint")
        ]

    def __str__(self) -> str:
        return f"Questionnaires {self.timepoint}"


class QuestionnaireInvitation(HashedTokenLink):
    class Timepoint(models.TextChoices):
        BASELINE = "baseline", _("At the start of the programme")
        END = "end", _("At the end of the programme")
        MONTH_3 = "3m", _("3 months after the programme")
        MONTH_6 = "6m", _("6 months after the programme")
        MONTH_12 = "12m", _("12 months after the programme")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_invitations"
    )
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(
        "programmes.Enrolment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_invitations",
    )
    # The timepoint's set (one message and link for all its questionnaires). None for invitations
    # made on their own, or before sets existed: those have their own message, link and reminders.
    questionnaire_set = models.ForeignKey(
        QuestionnaireSet, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    questionnaire_id = models.CharField(max_length=40)
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    due_on = models.DateField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["service", "questionnaire_id", "timepoint"])]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "questionnaire_id", "timepoint"], name="one_invitation_per_enrolment_timepoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} {self.timepoint}"


class Response(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invitation = models.OneToOneField(QuestionnaireInvitation, on_delete=models.CASCADE, related_name="response")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="+")
    questionnaire_id = models.CharField(max_length=40)
    questionnaire_version = models.CharField(max_length=20)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    total = models.IntegerField(null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)
    prorated = models.BooleanField(default=False)

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["service", "questionnaire_id"])]

    def __str__(self) -> str:
        return f"Response to {self.questionnaire_id}"


class ItemAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(max_length=40)
    value = models.IntegerField(null=True, blank=True)  # None: skipped
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["response", "id"]
        constraints = [models.UniqueConstraint(fields=["response", "item_id"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return self.item_id
