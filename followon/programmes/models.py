"""Pain management programmes (PMPs), their sessions and participants, the
follow-on hand-over protocol, interest answers and the consented contact exchange.

Every row hangs off a programme, and every programme off one pain service.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from followon.core.choices import TimeOfDay, Weekday
from followon.core.models import HashedTokenLink


class Programme(models.Model):
    """One PMP course: 8–12 weekly sessions for a cohort of 8–15 people."""

    USUAL_SESSION_COUNTS = range(8, 13)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.PROTECT, related_name="programmes")
    title = models.CharField(max_length=200)
    venue = models.CharField(max_length=300)
    start_date = models.DateField()
    session_count = models.PositiveSmallIntegerField()
    session_start_time = models.TimeField()
    session_length_minutes = models.PositiveSmallIntegerField(default=180)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated_programmes", blank=True)
    ptvs = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="ptv_programmes", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "title"]
        indexes = [models.Index(fields=["service", "-start_date"])]

    def __str__(self) -> str:
        return self.title


class ProgrammeSession(models.Model):
    """One weekly session. Generated from the start date, then editable (bank holidays)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # True once a person has moved it away from its generated weekly slot.
    moved = models.BooleanField(default=False)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_session_number"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Session {self.number}"


class Enrolment(models.Model):
    """A participant on a programme's roster.

    Created when staff invite someone (by mobile or email, one at a time or
    from a CSV upload); `user` is linked once they accept and sign in. The
    name and contact details are what the clinician entered, used to send the
    invitation and to merge duplicates; once joined, the member's own account
    details are what the contact exchange shows.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        JOINED = "joined", _("Joined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        INVITATION = "invitation", _("Invited one at a time")
        UPLOAD = "upload", _("Added from a spreadsheet")
        DIRECT = "direct", _("Added directly")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="enrolments"
    )
    name = models.CharField(max_length=100)
    mobile = models.CharField(max_length=16, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INVITED)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.INVITATION)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # Duplicate enrolments are merged, never doubled.
            models.UniqueConstraint(
                fields=["programme", "user"], condition=Q(user__isnull=False), name="unique_enrolment_user"
            ),
            models.UniqueConstraint(
                fields=["programme", "mobile"], condition=~Q(mobile=""), name="unique_enrolment_mobile"
            ),
            models.UniqueConstraint(
                fields=["programme", "email"], condition=~Q(email=""), name="unique_enrolment_email"
            ),
        ]

    def __str__(self) -> str:
        return f"Enrolment {self.public_id}"


class InterestResponse(models.Model):
    """A participant's answer to "would you like to join a follow-on group?"

    Private to the member: facilitators see only whether they answered and
    counts across the programme.
    """

    class Answer(models.TextChoices):
        YES = "yes", pgettext_lazy("would like to join a group", "Yes")
        MAYBE = "maybe", pgettext_lazy("would like to join a group", "Maybe")
        NO = "no", pgettext_lazy("would like to join a group", "No")

    class Reason(models.TextChoices):
        # The study's reasons for not taking part (Farr et al.).
        NOT_RIGHT_FIT = "not_right_fit", _("It's not the right fit for me")
        NEGATIVITY = "negativity", _("Negativity in the group")
        COMMITMENTS = "commitments", _("Work or family commitments")
        TRAVEL_TIMING = "travel_timing", _("Travel or timing")
        HEALTH = "health", _("My health")
        PREFER_NOT_TO_SAY = "prefer_not_to_say", _("I prefer not to say")

    Day = Weekday
    TimeOfDay = TimeOfDay

    class Travel(models.TextChoices):
        NEARBY = "2", _("Up to 2 miles")
        FIVE = "5", _("Up to 5 miles")
        TEN = "10", _("Up to 10 miles")
        TWENTY = "20", _("Up to 20 miles")
        ONLINE = "online", _("I can only meet online or by phone")

    class KeepInTouch(models.TextChoices):
        SMS = "sms", _("Text message (SMS)")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class Via(models.TextChoices):
        WEB = "web", _("Signed in")
        SMS_LINK = "sms_link", _("Link in a text message")
        SMS_REPLY = "sms_reply", _("Reply to a text message")

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="interest")
    answer = models.CharField(max_length=8, choices=Answer.choices)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    days = models.JSONField(default=list, blank=True)
    times_of_day = models.JSONField(default=list, blank=True)
    places = models.CharField(max_length=300, blank=True)
    home_outcode = models.CharField(max_length=4, blank=True)
    travel = models.CharField(max_length=8, choices=Travel.choices, blank=True)
    keep_in_touch = models.JSONField(default=list, blank=True)
    accessibility_needs = models.TextField(blank=True)
    answered_via = models.CharField(max_length=10, choices=Via.choices, default=Via.WEB)
    first_answered_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Interest {self.get_answer_display()}"

    @property
    def is_interested(self) -> bool:
        return self.answer in {self.Answer.YES, self.Answer.MAYBE}


class MemberLink(HashedTokenLink):
    """A single-purpose link sent by SMS or email that needs no sign-in.

    The link carries 32 random URL-safe characters and nothing else; only
    their SHA-256 is stored. A link is bound to one enrolment (one member on
    one programme) and one purpose, expires, and is revoked when a newer link
    for the same purpose is sent or the member leaves the programme.
    See docs/adr (group lifecycle and SMS-link tokens).
    """

    class Purpose(models.TextChoices):
        INTEREST = "interest", _("Answer the follow-on group question")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} link {self.public_id}"


class ContactConsent(models.Model):
    """Consent to show one contact field to the other consenting members of a programme.

    One row per grant; withdrawing sets `withdrawn_at` so the history of what
    was agreed, when, and under which notice version is kept. `notice_version`
    is the version of the service's contact-sharing notice
    (accounts.ConsentNotice, kind contact_sharing) the member saw; the field
    choices count only while that agreement is current (accounts.consent_record).
    """

    class Field(models.TextChoices):
        NAME = "name", _("Name")
        MOBILE = "mobile", _("Mobile number")
        EMAIL = "email", _("Email address")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="contact_consents")
    field = models.CharField(max_length=10, choices=Field.choices)
    notice_version = models.CharField(max_length=40)
    granted_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "field"], condition=Q(withdrawn_at__isnull=True), name="one_current_consent"
            )
        ]

    def __str__(self) -> str:
        return f"Consent to share {self.field}"


class ProtocolEvent(models.TextChoices):
    """Something FollowOn itself sees happen, which ticks the checklist item that asks for it (issue 21)."""

    NONE = "", _("Ticked by hand")
    INTEREST_QUESTION_SENT = "interest_question_sent", _("The follow-on group question is sent")
    GROUP_FORMED = "group_formed", _("A follow-on group is formed from the programme")


class ProtocolStepTemplate(models.Model):
    """A service's hand-over protocol: what to do N−3, N−2 and N−1 sessions from the end.

    Created for each service from the shipped default (protocol_defaults.py)
    and editable by its service admin. New programmes copy it.
    """

    class Lead(models.TextChoices):
        PTV = "ptv", _("Patient tutor volunteer")
        CLINICIAN = "clinician", _("Clinician")
        TOGETHER = "together", _("PTV and clinician")

    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="protocol_steps")
    sessions_before_end = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    lead = models.CharField(max_length=10, choices=Lead.choices, default=Lead.TOGETHER)
    ticks_when = models.CharField(max_length=30, choices=ProtocolEvent.choices, blank=True, default="")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-sessions_before_end", "position", "id"]

    def __str__(self) -> str:
        return self.title


class ProtocolStep(models.Model):
    """One checklist item of a programme's hand-over, copied from the service template."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="protocol_steps")
    sessions_before_end = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    lead = models.CharField(max_length=10, choices=ProtocolStepTemplate.Lead.choices)
    ticks_when = models.CharField(max_length=30, choices=ProtocolEvent.choices, blank=True, default="")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sessions_before_end", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def session_number(self) -> int:
        return self.programme.session_count - self.sessions_before_end


class InformationSheet(models.Model):
    """The follow-on groups information sheet a service gives participants at N−3."""

    service = models.OneToOneField(
        "organisations.PainService", on_delete=models.CASCADE, related_name="information_sheet"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


class ParticipantUpload(models.Model):
    """A parsed CSV of participants waiting for a person to check and confirm it.

    Kept server-side between preview and confirm so the confirmed rows are
    exactly the previewed ones. The parsed rows are personal data: they are
    cleared when the upload is confirmed or discarded.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    rows = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Upload {self.public_id}"
