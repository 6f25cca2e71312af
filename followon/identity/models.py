import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followon.identity.providers import Cis2Level, Environment, NhsLoginLevel, Provider, issuer_for


class ServiceSignInSettings(models.Model):
    """Which national sign-in routes a pain service offers, with its own client registrations.

    Edited by platform operators (/platform-admin/). No row, or a route turned off,
    means that route is not offered: people use FollowOn's own sign-in.
    """

    service = models.OneToOneField(
        "organisations.PainService", on_delete=models.CASCADE, related_name="sign_in_settings"
    )
    nhs_login_enabled = models.BooleanField("offer NHS login to members", default=False)
    nhs_login_environment = models.CharField(max_length=12, choices=Environment.choices, default=Environment.SANDPIT)
    nhs_login_client_id = models.CharField("NHS login client id", max_length=200, blank=True)
    nhs_login_level = models.CharField(
        "identity level members need", max_length=2, choices=NhsLoginLevel.choices, default=NhsLoginLevel.P5
    )
    nhs_login_keeps_nhs_number = models.BooleanField(
        "keep members' NHS numbers",
        default=False,
        help_text="Only if the service needs it. Stored encrypted, never shown; asks NHS login for the profile scope.",
    )
    cis2_enabled = models.BooleanField("offer CIS2 to staff", default=False)
    cis2_environment = models.CharField(max_length=12, choices=Environment.choices, default=Environment.INTEGRATION)
    cis2_client_id = models.CharField("CIS2 client id", max_length=200, blank=True)
    cis2_level = models.CharField(
        "authentication level staff need", max_length=4, choices=Cis2Level.choices, default=Cis2Level.AAL3
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "service sign-in settings"
        verbose_name_plural = "service sign-in settings"

    def __str__(self) -> str:
        return f"Sign-in settings for {self.service}"

    def clean(self):
        errors = {}
        for provider, prefix in ((Provider.NHS_LOGIN, "nhs_login"), (Provider.CIS2, "cis2")):
            if not getattr(self, f"{prefix}_enabled"):
                continue
            environment = getattr(self, f"{prefix}_environment")
            if not getattr(self, f"{prefix}_client_id").strip():
                errors[f"{prefix}_client_id"] = _("Enter the client id registered for this service")
            if environment == Environment.MOCK and not settings.NATIONAL_IDENTITY_MOCK_ALLOWED:
                errors[f"{prefix}_environment"] = _("The local mock is only for the demo and the tests")
            elif issuer_for(provider, environment) is None:
                errors[f"{prefix}_environment"] = _("%(provider)s has no %(environment)s environment") % {
                    "provider": provider.label,
                    "environment": Environment(environment).label,
                }
        if errors:
            raise ValidationError(errors)


class NationalIdentity(models.Model):
    """A FollowOn user's NHS login or CIS2 identity: the provider's stable subject, never their name.

    For NHS login the subject is `sub`; for CIS2 it is the person's UUID (also `sub`).
    The NHS number is kept only where the service needs it, encrypted, and never shown.
    CIS2 roles are kept from the last sign-in so admins can see them: FollowOn's own
    staff roles alone decide what anyone may do.
    """

    class How(models.TextChoices):
        INVITATION = "invitation", _("Accepted an invitation with it")
        CONFIRMED_MATCH = "confirmed_match", _("Confirmed a matching verified email or mobile")
        STAFF_INVITATION = "staff_invitation", _("Used a link invitation from a service admin")
        DEMO = "demo", _("Demo data")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="national_identities")
    provider = models.CharField(max_length=12, choices=Provider.choices)
    environment = models.CharField(max_length=12, choices=Environment.choices)
    subject = models.CharField(max_length=255)
    how = models.CharField(max_length=20, choices=How.choices)
    linked_at = models.DateTimeField(default=timezone.now)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)
    # The last vot (NHS login, e.g. "P9.Cp.Cd") or assurance level (CIS2, e.g. "AAL3").
    level = models.CharField(max_length=20, blank=True)
    nhs_number_encrypted = models.TextField(blank=True)
    # CIS2 only: [{"code": ..., "name": ..., "org": ...}] at the last sign-in; shown, never trusted.
    roles = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["provider", "-linked_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "environment", "subject"], name="one_user_per_identity"),
            models.UniqueConstraint(fields=["user", "provider", "environment"], name="one_identity_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} identity {self.public_id}"


class StaffIdentityInvitation(models.Model):
    """A service admin's single-use link for one staff member to link their CIS2 identity.

    Only the token's hash is stored; the link goes to the staff member's email.
    """

    VALID_DAYS = 7

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Linked"
        REVOKED = "revoked", "Cancelled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "organisations.PainService", on_delete=models.CASCADE, related_name="staff_identity_invitations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    provider = models.CharField(max_length=12, choices=Provider.choices, default=Provider.CIS2)
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Staff identity invitation {self.public_id}"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at
