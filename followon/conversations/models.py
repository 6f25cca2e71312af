"""A follow-on group's private board: posts and replies, the group agreement, and reports.

Only the group's current members can read the board (never staff). The message screen runs on
every post and edit (`services.post_create` / `post_edit`), see followon/safety.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

POST_MAX_CHARS = 4000
# Screen results that flag a post (Post.flagged; the board's cards, conversations.presenters).
FLAGGED_SCREEN_LEVELS = frozenset({"concern", "urgent", "unscreened"})


class GroupAgreement(models.Model):
    """What the members agree about how they talk to each other. Written by the members."""

    group = models.OneToOneField("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="agreement")
    body = models.TextField()
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Agreement v{self.version}"


class AgreementAcceptance(models.Model):
    group = models.ForeignKey("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="agreement_acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreement_acceptances")
    version = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user", "version"], name="one_acceptance_per_version")]

    def __str__(self) -> str:
        return f"Agreement v{self.version} accepted"


class Post(models.Model):
    class Source(models.TextChoices):
        WEB = "web", "Web"
        SMS = "sms", "Text message"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="board_posts")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField()
    source = models.CharField(max_length=3, choices=Source.choices, default=Source.WEB)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    screen_level = models.CharField(max_length=12, default="none")
    screen_version = models.CharField(max_length=40, blank=True)
    screen_rules = models.JSONField(default=list, blank=True)
    held_for_review = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["group", "parent", "created_at"])]
        constraints = [models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="post_not_own_parent")]

    def __str__(self) -> str:
        return f"Post {self.public_id}"

    @property
    def flagged(self) -> bool:
        return self.screen_level in FLAGGED_SCREEN_LEVELS

    @property
    def is_visible_to_group(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None and not self.held_for_review


class PostReport(models.Model):
    """A member's worry about a post. One per member per post (a second report merges into the first)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    times_reported = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_member_per_post")]

    def __str__(self) -> str:
        return f"Report of {self.post}"
