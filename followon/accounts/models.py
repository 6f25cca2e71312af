import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone as django_timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from followon.core.models import HashedTokenLink


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **extra):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            # Members never have a password: they sign in with a one-time code.
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("preferred_name", "Platform operator")
        return self.create_user(email=email, password=password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: members and pain-service staff alike.

    `is_staff` means *platform operator* (Django admin), not pain-service staff;
    pain-service roles live in organisations.StaffRole.
    """

    class Channel(models.TextChoices):
        SMS = "sms", _("Text message (SMS)")
        EMAIL = "email", _("Email")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    preferred_name = models.CharField(max_length=100)
    legal_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(unique=True, null=True, blank=True)
    # E.164, e.g. +447700900982; normalised with `phonenumbers` before saving.
    mobile = models.CharField(max_length=16, unique=True, null=True, blank=True)
    preferred_channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.SMS)
    language = models.CharField(max_length=10, default="en")
    accessibility_needs = models.TextField(blank=True)
    large_text = models.BooleanField(default=False)
    timezone = models.CharField(max_length=40, default="Europe/London", editable=False)
    # Set when the person proves they receive messages there (a sign-in code or
    # an invitation link sent to it).
    mobile_verified_at = models.DateTimeField(null=True, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("platform operator", default=False)
    date_joined = models.DateTimeField(default=django_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["preferred_name"]

    def __str__(self) -> str:
        return self.preferred_name or f"User {self.public_id}"

    @property
    def display_name(self) -> str:
        return self.name_shown(self.preferred_name)

    @staticmethod
    def name_shown(preferred_name: str) -> str:
        """The name pages show for a person, from their preferred name alone: for pages that read names
        as values rather than users (the board's cards, the poll's members; issue 16)."""
        return preferred_name or "you"


class ServiceMembership(models.Model):
    """A member belongs to a pain service (joined by accepting an invitation)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="service_memberships")
    joined_at = models.DateTimeField(default=django_timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    invitation = models.ForeignKey(
        "accounts.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-joined_at"]
        constraints = [models.UniqueConstraint(fields=["service", "user"], name="unique_service_membership")]

    def __str__(self) -> str:
        return f"Member of {self.service_id}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class Invitation(HashedTokenLink):
    """A single-use, expiring invitation to join a service (later a programme).

    Only a hash of the link's token is stored: the token itself exists only in
    the message sent to the person. Re-sending makes a new token and restarts
    the 14 days, so an old link stops working.
    """

    VALID_DAYS = 14

    class Purpose(models.TextChoices):
        SERVICE = "service", _("Join the service")
        PROGRAMME = "programme", _("Join a programme")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Cancelled")

    class Channel(models.TextChoices):
        SMS = "sms", _("Text message")
        EMAIL = "email", _("Email")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent")
    preferred_name = models.CharField(max_length=100)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    mobile = models.CharField(max_length=16, blank=True)
    email = models.EmailField(blank=True)
    # The language staff chose for the invitation ("en" for English, as User.language): the message is
    # written in it where the outbox's rules allow (core.languages.language_for_messages), the link
    # opens the page in it, and it becomes the new member's preference when they accept (ADR 0027).
    language = models.CharField(max_length=10, default="en")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.SERVICE)
    # The public_id of what the invitation is for when it is not the service
    # itself (a programme): a generic hook, so accounts needs no programmes import.
    target_public_id = models.UUIDField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(default=django_timezone.now)
    last_sent_at = models.DateTimeField(default=django_timezone.now)
    send_count = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["service", "-created_at"])]

    def __str__(self) -> str:
        return f"Invitation {self.public_id}"

    @property
    def address(self) -> str:
        return self.mobile if self.channel == self.Channel.SMS else self.email

    @property
    def state(self) -> str:
        """The status with "expired" for a waiting invitation past its date (for the tag's colour)."""
        if self.status == self.Status.PENDING and self.is_expired():
            return "expired"
        return self.status

    @property
    def display_status(self) -> str:
        if self.state == "expired":
            return str(_("Expired"))
        return self.get_status_display()

    @property
    def can_resend(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def can_revoke(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired()


class ConsentKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy notice")
    SAFETY_SCREEN = "safety_screen", _("Group message safety screen")
    CONTACT_SHARING = "contact_sharing", _("Sharing your contact details")
    RESEARCH = "research", _("Research use of your data")


class ConsentNotice(models.Model):
    """One version of a notice a member reads and agrees to. Editing makes a new version."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="consent_notices")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=150)
    body = models.TextField()
    # False for a small correction: agreement to an earlier version still counts.
    requires_new_agreement = models.BooleanField(default=True)
    published_at = models.DateTimeField(default=django_timezone.now)
    published_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "kind", "version"], name="unique_consent_notice_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class ConsentRecord(models.Model):
    """One consent decision. Never edited: a change is a new row, and the old
    row stops being current, so the history is the audit of what was agreed."""

    class Decision(models.TextChoices):
        GIVEN = "given", _("Agreed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DECLINED = "declined", _("Did not agree")

    class Channel(models.TextChoices):
        WEB = "web", _("Website")
        SMS = "sms", _("Text message")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consent_records")
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="consent_records")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    notice = models.ForeignKey(ConsentNotice, on_delete=models.PROTECT, related_name="records")
    version = models.PositiveIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.WEB)
    recorded_at = models.DateTimeField(default=django_timezone.now)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "service", "kind"],
                condition=models.Q(is_current=True),
                name="one_current_consent_per_kind",
            )
        ]
        indexes = [models.Index(fields=["service", "kind", "is_current", "decision"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.decision} v{self.version}"


class AccountClosureRequest(models.Model):
    """A member asked for their account to be closed: a task for the service admin."""

    # Stored on each request in English (the record); shown to the member in the page's language.
    RETENTION_RULE = gettext_noop(
        "Closing the account takes effect at once: the member can no longer sign in, leaves the service, "
        "and their name, mobile number, email address and accessibility needs are removed. "
        "Their consent records and the audit trail are kept, without contact details, for 8 years after "
        "the last contact (NHS Records Management Code of Practice 2023, adult health records) and then deleted."
    )

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        COMPLETED = "completed", _("Done")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="closure_requests")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="closure_requests")
    reason = models.TextField(blank=True)
    retention_rule = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    requested_at = models.DateTimeField(default=django_timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["status", "-requested_at"]

    def __str__(self) -> str:
        return f"Closure request {self.public_id}"


class UserSession(AbstractBaseSession):
    """A browser session, as Django's database sessions store it, with the id of the person signed in
    beside it, so the session and its user are read in one query (accounts/sessions.py, ADR 0030).

    The id is a copy of what the session data says (auth's `_auth_user_id`); the data stays the
    authority: the user read with the session is only used when it is the one the data names, and
    then Django's own checks (the backend may sign them in, the session hash matches) still apply.
    No database constraint: like the data itself, the id may name someone since deleted, and then the
    session finds nobody, as before."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        verbose_name = "session"
