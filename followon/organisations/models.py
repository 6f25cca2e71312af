import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PainService(models.Model):
    """An NHS pain service: the tenant every other object belongs to."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    ods_code = models.CharField("ODS code", max_length=10, unique=True)
    contact_phone = models.CharField(max_length=30)
    address = models.TextField()
    outcode = models.CharField(max_length=4)
    created_at = models.DateTimeField(auto_now_add=True)
    # Languages other than English the service offers its members for texts and emails (codes from
    # settings.LANGUAGES, e.g. ["cy"] for a bilingual Welsh service). A language still awaiting a
    # qualified translator's review is never used, whatever this says (core/languages.py, ADR 0027).
    message_languages = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def offered_languages(self) -> list[str]:
        return [code for code in self.message_languages or [] if isinstance(code, str)]


class StaffRole(models.Model):
    class Role(models.TextChoices):
        SERVICE_ADMIN = "service_admin", _("Service admin")
        CLINICIAN = "clinician", _("Clinician")
        PTV = "ptv", _("Patient tutor volunteer (PTV)")
        RESEARCHER = "researcher", _("Researcher")

    service = models.ForeignKey(PainService, on_delete=models.CASCADE, related_name="staff_roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "user", "role"], name="unique_staff_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.service}"
