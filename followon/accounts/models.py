import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone as django_timezone


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
        SMS = "sms", "Text message (SMS)"
        EMAIL = "email", "Email"

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
        return self.preferred_name or "you"
