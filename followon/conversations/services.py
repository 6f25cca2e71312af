"""Writes for group boards. Every post and edit goes through the message screen
(followon.safety.services.screen_and_route): concern, urgent or unscreened results raise an item in
the service's duty queue, and the author sees the private notice with signposting."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.conversations import selectors
from followon.conversations.models import POST_MAX_CHARS, AgreementAcceptance, GroupAgreement, Post, PostReport
from followon.core.services import audit_record
from followon.notifications.services import member_notify
from followon.peergroups.selectors import group_coordinators, group_current_members, is_group_organiser
from followon.safety.models import ConcernItem
from followon.safety.screen import ScreenResult
from followon.safety.selectors import safety_settings, service_is_open
from followon.safety.services import concern_raise, screen_and_route

AGREEMENT_MAX_CHARS = 5000


@dataclass
class PostOutcome:
    post: Post
    screen: ScreenResult
    item: ConcernItem | None
    service_open: bool


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Enter your message")})
    if len(body) > POST_MAX_CHARS:
        raise ValidationError(
            {
                "body": _("Your message must be %(most)s characters or fewer. It is %(count)s characters.")
                % {"most": f"{POST_MAX_CHARS:,}", "count": f"{len(body):,}"}
            }
        )
    return body


def _screen(post: Post, *, key_suffix: str) -> tuple[ScreenResult, ConcernItem | None]:
    result, item = screen_and_route(
        member=post.author,
        service=post.group.service,
        text=post.body,
        source=ConcernItem.Source.POST,
        source_ref=f"post:{post.public_id}",
        group=post.group,
        post=post,
        key=f"screen:post:{post.public_id}:{key_suffix}",
    )
    post.screen_level = result.level.value
    post.screen_version = result.version
    post.screen_rules = result.rule_ids
    post.held_for_review = result.flagged and safety_settings(post.group.service).hold_for_review
    return result, item


def _tell_members(post: Post) -> None:
    """New top-level posts reach members who chose a digest (or texts only) through the digest."""

    if post.parent_id is not None or not post.is_visible_to_group:
        return
    topic = f"board:{post.group.public_id}"
    for member in group_current_members(post.group).exclude(pk=post.author_id):
        member_notify(
            recipient=member,
            template="conversations/new_post",
            context={"group_name": post.group.name, "author": post.author.display_name},
            idempotency_key=f"board:post:{post.public_id}:{member.public_id}",
            service=post.group.service,
            topic=topic,
            topic_label=f"New posts on the {post.group.name} board",
            digest_title=f"{post.author.display_name} posted on the {post.group.name} board",
        )


def post_create(
    *, group, author, body: str, parent: Post | None = None, source: str = Post.Source.WEB, sms_ref: str = ""
) -> PostOutcome:
    if not selectors.may_post(group, author):
        raise PermissionDenied
    if source == Post.Source.SMS:
        body = (body or "")[:POST_MAX_CHARS]
    body = _clean_body(body)
    if parent is not None and (parent.group_id != group.pk or parent.parent_id is not None):
        raise ValidationError(_("You can only reply to a post on this board"))
    with transaction.atomic():
        post = Post.objects.create(group=group, author=author, parent=parent, body=body, source=source)
        result, item = _screen(post, key_suffix="new")
        post.save(update_fields=["screen_level", "screen_version", "screen_rules", "held_for_review"])
        audit_record(
            actor=author,
            action="board.post_created",
            target=post,
            service=group.service,
            detail={"screen": result.level.value, "reply": parent is not None, "source": source},
        )
        _tell_members(post)
    return PostOutcome(post=post, screen=result, item=item, service_open=service_is_open(group.service))


def post_edit(*, post: Post, actor, body: str) -> PostOutcome:
    if post.author_id != actor.pk or post.deleted_at is not None:
        raise PermissionDenied
    if not selectors.may_post(post.group, actor):
        raise PermissionDenied
    body = _clean_body(body)
    with transaction.atomic():
        post.body = body
        post.edited_at = timezone.now()
        result, item = _screen(post, key_suffix=f"edit:{post.edited_at.timestamp()}")
        post.save()
        audit_record(
            actor=actor,
            action="board.post_edited",
            target=post,
            service=post.group.service,
            detail={"screen": result.level.value},
        )
    return PostOutcome(post=post, screen=result, item=item, service_open=service_is_open(post.group.service))


def post_delete(*, post: Post, actor) -> Post:
    if post.author_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at"])
        audit_record(actor=actor, action="board.post_deleted", target=post, service=post.group.service)
    return post


def post_hide(*, post: Post, actor, hidden: bool = True) -> Post:
    """A coordinator hides a post pending a look (or shows it again)."""
    if not is_group_organiser(post.group, actor):
        raise PermissionDenied
    with transaction.atomic():
        post.hidden_at, post.hidden_by = (timezone.now(), actor) if hidden else (None, None)
        post.save(update_fields=["hidden_at", "hidden_by"])
        audit_record(
            actor=actor,
            action="board.post_hidden" if hidden else "board.post_shown",
            target=post,
            service=post.group.service,
        )
    return post


def post_report(*, post: Post, reporter, reason: str = "") -> tuple[PostReport, bool]:
    """Report a post to the coordinators and the service. The author is never told who reported.
    Reporting twice merges into the first report. Returns (report, created)."""

    if post.author_id == reporter.pk:
        raise ValidationError(
            _("You cannot report your own post. If you would like to change it, you can edit or delete it.")
        )
    reason = (reason or "").strip()
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Your reason must be 1,000 characters or fewer")})
    with transaction.atomic():
        report = PostReport.objects.select_for_update().filter(post=post, reporter=reporter).first()
        if report is not None:
            PostReport.objects.filter(pk=report.pk).update(times_reported=F("times_reported") + 1)
            return report, False
        report = PostReport.objects.create(post=post, reporter=reporter, reason=reason)
        concern_raise(
            service=post.group.service,
            member=post.author,
            raised_by=reporter,
            source=ConcernItem.Source.REPORT,
            level=ConcernItem.Level.CONCERN,
            group=post.group,
            post=post,
            text=reason,
            source_ref=f"post:{post.public_id}",
            idempotency_key=f"report:{post.public_id}:{reporter.public_id}",
        )
        for coordinator in group_coordinators(post.group).exclude(pk__in=[post.author_id, reporter.pk]):
            member_notify(
                recipient=coordinator,
                template="conversations/post_reported",
                context={"group_name": post.group.name},
                idempotency_key=f"board:report:{report.pk}:{coordinator.public_id}",
                service=post.group.service,
                essential=True,
            )
        audit_record(actor=reporter, action="board.post_reported", target=post, service=post.group.service)
    return report, True


def agreement_accept(*, group, user) -> AgreementAcceptance:
    with transaction.atomic():
        agreement = GroupAgreement.objects.select_for_update().filter(group=group).first()
        if agreement is None:
            agreement = GroupAgreement.objects.create(group=group, body=selectors.DEFAULT_AGREEMENT)
        acceptance, _ = AgreementAcceptance.objects.get_or_create(group=group, user=user, version=agreement.version)
        audit_record(
            actor=user,
            action="board.agreement_accepted",
            target=agreement,
            service=group.service,
            detail={"version": agreement.version},
        )
    return acceptance


def agreement_update(*, group, actor, body: str) -> GroupAgreement:
    """Members write the agreement together: any current member may change it (a new version)."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Enter your group's agreement")})
    if len(body) > AGREEMENT_MAX_CHARS:
        raise ValidationError(
            {"body": _("The agreement must be %(most)s characters or fewer") % {"most": f"{AGREEMENT_MAX_CHARS:,}"}}
        )
    with transaction.atomic():
        agreement = GroupAgreement.objects.select_for_update().filter(group=group).first()
        if agreement is None:
            agreement = GroupAgreement(group=group, version=0)
        agreement.body = body
        agreement.version += 1
        agreement.updated_by = actor
        agreement.save()
        AgreementAcceptance.objects.get_or_create(group=group, user=actor, version=agreement.version)
        audit_record(
            actor=actor,
            action="board.agreement_updated",
            target=agreement,
            service=group.service,
            detail={"version": agreement.version},
        )
    return agreement
