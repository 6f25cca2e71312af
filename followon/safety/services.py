"""Writes for the safety net: raising concern items, alerting the duty clinician, moving items
along the transition table, escalation, the duty rota, and screening free text.

For other engineers (check-ins, questionnaires):

    from followon.safety.services import free_text_screen_and_route
    result, item = free_text_screen_and_route(
        member=user, service=service, text=answer, source="free_text", source_ref="checkin:<uuid>"
    )
    if result.flagged: show the member the flagged_message_notice (safety/components/flagged_message.jinja)

It never raises because of the screen: if the screen fails the text goes to the queue unscreened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from followon.core.links import absolute_url
from followon.core.services import audit_record
from followon.notifications.services import message_enqueue
from followon.organisations.models import StaffRole
from followon.organisations.selectors import holds_staff_role
from followon.safety import selectors
from followon.safety.language import LANGUAGE_REASON, mostly_not_english
from followon.safety.models import ConcernItem, DutyShift, SafetySettings
from followon.safety.screen import Level, ScreenResult, screen_text_safely

logger = logging.getLogger(__name__)

Item = ConcernItem
State = ConcernItem.State

LEVEL_FOR_SCREEN = {
    Level.CONCERN: Item.Level.CONCERN,
    Level.URGENT: Item.Level.URGENT,
    Level.UNSCREENED: Item.Level.UNSCREENED,
}


def _queue_url(item: ConcernItem | None = None) -> str:
    if item is None:
        return absolute_url("safety:queue")
    return absolute_url("safety:item", item.public_id)


def _alert(item: ConcernItem, users, *, template: str, key: str, context: dict, sms: bool = True) -> int:

    sent = 0
    for user in users:
        channels = [("sms", user.mobile)] if sms and user.mobile else []
        if user.email:
            channels.append(("email", user.email))
        for channel, address in channels:
            message_enqueue(
                template=template,
                context=context,
                idempotency_key=f"{key}:{user.public_id}:{channel}",
                channel=channel,
                to_address=address,
                recipient=user,
                service=item.service,
                urgent=True,
            )
            sent += 1
    return sent


def _alert_duty(item: ConcernItem, now: dt.datetime) -> None:
    """Urgent (or unscreened) items: the on-duty clinician at once, by SMS and email (urgent messages).

    Nobody on duty: the service admins, by SMS and email in service hours, by email only out of hours.
    """
    context = {"service_name": item.service.name, "level": item.get_level_display().lower(), "queue_url": _queue_url()}
    on_duty = list(selectors.duty_clinicians(item.service, now))
    if on_duty:
        _alert(item, on_duty, template="safety/duty_alert", key=f"safety:alert:{item.public_id}", context=context)
        return
    _alert(
        item,
        list(selectors.service_admins(item.service)),
        template="safety/duty_alert",
        key=f"safety:alert:{item.public_id}",
        context=context,
        sms=not item.raised_out_of_hours,
    )


def concern_raise(
    *,
    service,
    member,
    source: str,
    level: str,
    raised_by=None,
    group=None,
    post=None,
    text: str = "",
    rule_ids=(),
    screen_version: str = "",
    source_ref: str = "",
    idempotency_key: str | None = None,
) -> tuple[ConcernItem, bool]:
    """Put one item in the service's queue. Returns (item, created); the same key returns the first item.

    Urgent and unscreened items alert the duty clinician at once and are set to escalate to the
    service admin after SafetySettings.escalation_minutes of service hours.
    """
    source = Item.Source(source).value
    level = Item.Level(level).value
    now = timezone.now()
    with transaction.atomic():
        if idempotency_key:
            existing = Item.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing, False
        hours = selectors.service_hours(service)
        item = Item(
            service=service,
            member=member,
            raised_by=raised_by,
            group=group,
            post=post,
            source=source,
            source_ref=source_ref[:100],
            level=level,
            text=text,
            rule_ids=list(rule_ids),
            screen_version=screen_version,
            idempotency_key=idempotency_key or None,
            raised_at=now,
            raised_out_of_hours=not selectors.service_is_open(service, now, hours=hours),
        )
        if item.is_urgent:
            minutes = selectors.safety_settings(service).escalation_minutes
            item.escalate_at = selectors.service_minutes_after(service, now, minutes, hours=hours)
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            return Item.objects.get(idempotency_key=idempotency_key), False
        audit_record(
            actor=raised_by,
            action="safety.item_raised",
            target=item,
            service=service,
            detail={"source": source, "level": level, "rules": list(rule_ids), "screen_version": screen_version},
        )
        if item.is_urgent:
            _alert_duty(item, now)
    return item, True


def screen_and_route(
    *, member, service, text: str, source: str, source_ref: str = "", group=None, post=None, key: str | None = None
) -> tuple[ScreenResult, ConcernItem | None]:
    """Screen `text`; anything that needs a look (concern, urgent, unscreened) goes to the queue.

    The screen reads English only: a message written mostly in another language that it rated "none"
    is marked unscreened with the reason "language" (safety/language.py), so the queue says it was not
    screened rather than implying it was safe (H-014)."""
    result = screen_text_safely(text)
    rule_ids = result.rule_ids
    if result.level is Level.NONE and mostly_not_english(text):
        result = dataclasses.replace(result, level=Level.UNSCREENED, error="language")
        rule_ids = (LANGUAGE_REASON,)
    item = None
    if result.needs_review:
        item, _ = concern_raise(
            service=service,
            member=member,
            raised_by=None,
            source=source,
            level=LEVEL_FOR_SCREEN[result.level],
            group=group,
            post=post,
            text="" if post is not None else text,
            rule_ids=rule_ids,
            screen_version=result.version,
            source_ref=source_ref,
            idempotency_key=key or (f"screen:{source}:{source_ref}:{result.version}" if source_ref else None),
        )
    return result, item


def free_text_screen_and_route(
    *, member, service, text: str, source: str = "free_text", source_ref: str = ""
) -> tuple[ScreenResult, ConcernItem | None]:
    """For free-text answers (check-ins, questionnaires): screen and, if flagged, queue. Never raises
    because of the screen. `source_ref` ("checkin:<uuid>") makes it idempotent; `source` is a
    ConcernItem.Source value ("free_text" unless you have a better one)."""
    if source not in Item.Source.values:
        source = Item.Source.FREE_TEXT
    return screen_and_route(member=member, service=service, text=text, source=source, source_ref=source_ref)


# -- moving an item along -------------------------------------------------------------------------------------

QUEUE_ROLES = (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN)


def concern_transition(
    *, item: ConcernItem, to_state: str, actor, roles, action: str = "", note: str = ""
) -> ConcernItem:
    """Move an item one step along ConcernItem.TRANSITIONS, stamping who and when. Audited."""
    if not set(roles) & set(QUEUE_ROLES):
        raise PermissionDenied
    to_state = State(to_state).value
    now = timezone.now()
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if to_state not in Item.TRANSITIONS[item.state]:
            raise ValidationError(
                gettext("This item is %(state)s: it cannot be marked %(next_state)s now.")
                % {"state": item.get_state_display().lower(), "next_state": State(to_state).label.lower()},
                code="transition",
            )
        if to_state == State.ACKNOWLEDGED:
            item.acknowledged_at, item.acknowledged_by = now, actor
        elif to_state == State.ACTIONED:
            action = Item.Action(action).value if action in Item.Action.values else ""
            if not action:
                raise ValidationError({"action": gettext("Select what you did")})
            if action == Item.Action.NO_ACTION and not note.strip():
                raise ValidationError({"note": gettext("Enter why no action is needed")})
            item.action, item.action_note, item.action_at, item.action_by = action, note.strip(), now, actor
        elif to_state == State.CLOSED:
            item.closed_at, item.closed_by = now, actor
        item.state = to_state
        item.save()
        audit_record(
            actor=actor,
            action=f"safety.item_{to_state}",
            target=item,
            service=item.service,
            detail={"action": item.action} if to_state == State.ACTIONED else {},
        )
    return item


def queue_item_viewed(*, item: ConcernItem, actor) -> None:
    audit_record(actor=actor, action="safety.item_viewed", target=item, service=item.service)


def escalations_run(*, now: dt.datetime | None = None) -> int:
    """Tell the service admins about urgent items nobody acknowledged in time. Safe to run in parallel."""
    now = now or timezone.now()
    done = 0
    for candidate in selectors.escalations_due(now)[:100]:
        with transaction.atomic():
            item = (
                Item.objects.select_for_update(skip_locked=True)
                .filter(pk=candidate.pk, escalated_at__isnull=True, acknowledged_at__isnull=True)
                .select_related("service")
                .first()
            )
            if item is None:
                continue
            item.escalated_at = now
            item.save(update_fields=["escalated_at"])
            minutes = selectors.safety_settings(item.service).escalation_minutes
            _alert(
                item,
                list(selectors.service_admins(item.service)),
                template="safety/escalation",
                key=f"safety:escalation:{item.public_id}",
                context={"service_name": item.service.name, "minutes": minutes, "queue_url": _queue_url(item)},
            )
            audit_record(actor=None, action="safety.item_escalated", target=item, service=item.service)
            done += 1
    return done


def escalations_job() -> None:
    """The worker's periodic job (followon/core/worker_hooks.py), every heartbeat."""
    escalations_run()


# -- rota and settings ----------------------------------------------------------------------------------------


def duty_shift_add(*, service, clinician, starts_at: dt.datetime, ends_at: dt.datetime, actor) -> DutyShift:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": gettext("The end must be after the start")})
    if not holds_staff_role(clinician, service, [StaffRole.Role.CLINICIAN]):
        raise ValidationError({"clinician": gettext("Select a clinician of this service")})
    with transaction.atomic():
        shift = DutyShift.objects.create(
            service=service, clinician=clinician, starts_at=starts_at, ends_at=ends_at, created_by=actor
        )
        audit_record(actor=actor, action="safety.duty_shift_added", target=shift, service=service)
    return shift


def duty_shift_remove(*, shift: DutyShift, actor) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="safety.duty_shift_removed", target=shift, service=shift.service)
        shift.delete()


def safety_settings_update(*, service, hold_for_review: bool, escalation_minutes: int, actor) -> SafetySettings:
    if not 5 <= escalation_minutes <= 24 * 60:
        raise ValidationError({"escalation_minutes": gettext("Enter a number of minutes between 5 and 1440")})
    with transaction.atomic():
        found, _ = SafetySettings.objects.select_for_update().get_or_create(service=service)
        found.hold_for_review = hold_for_review
        found.escalation_minutes = escalation_minutes
        found.save()
        audit_record(
            actor=actor,
            action="safety.settings_updated",
            target=found,
            service=service,
            detail={"hold_for_review": hold_for_review, "escalation_minutes": escalation_minutes},
        )
    return found


# -- texts from members -------------------------------------------------------------------------------------


def answer_text_screened(*, inbound) -> ConcernItem | None:
    """A free-text answer to a question (a check-in score, the numbers of who came, a reply the
    handler could not read): screen it like every other text, so a worrying answer never goes
    unseen because it was taken as an answer. Keyword-only texts (YES, NO) are not screened.
    Texts passed on to the board or staff are screened there; this covers the rest."""
    if inbound.keyword or not (inbound.body or "").strip() or inbound.user_id is None or inbound.service_id is None:
        return None
    _, item = screen_and_route(
        member=inbound.user,
        service=inbound.service,
        text=inbound.body,
        source=Item.Source.SMS,
        source_ref=sms_screen_ref(inbound),
    )
    return item


def sms_screen_ref(inbound) -> str:
    """The screen's reference for a member's text: an app that screens the same text itself (the
    check-in's free line) passes it so the queue gets one item, not two."""
    return f"inbound:{inbound.notify_id}"


def help_text_received(*, inbound) -> ConcernItem | None:
    """A member texted HELP: the notifications app has already replied with the signposting (its
    wording); we add a self-concern to their service's queue so someone can contact them."""
    if inbound.user_id is None or inbound.service_id is None:
        return None
    item, _ = concern_raise(
        service=inbound.service,
        member=inbound.user,
        raised_by=inbound.user,
        source=Item.Source.HELP_SMS,
        level=Item.Level.URGENT,
        text="Texted HELP.",
        source_ref=f"inbound:{inbound.notify_id}",
        idempotency_key=f"help:{inbound.notify_id}",
    )
    return item
