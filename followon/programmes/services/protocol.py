"""The hand-over protocol (steps ticked off before the programme ends) and the follow-on information
sheet."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.core.services import audit_record
from followon.programmes import protocol_defaults
from followon.programmes.models import (
    InformationSheet,
    ProtocolStep,
    ProtocolStepTemplate,
)

# The hand-over protocol and information sheet -------------------------------


def protocol_template_ensure(*, service) -> list[ProtocolStepTemplate]:
    """The service's protocol template, created from the shipped default the first time."""
    steps = list(service.protocol_steps.all())
    if steps:
        return steps
    with transaction.atomic():
        ProtocolStepTemplate.objects.bulk_create(
            ProtocolStepTemplate(
                service=service,
                sessions_before_end=k,
                position=i,
                lead=lead,
                title=title,
                guidance=guidance,
                ticks_when=protocol_defaults.DEFAULT_STEP_EVENTS.get(title, ""),
            )
            for i, (k, lead, title, guidance) in enumerate(protocol_defaults.DEFAULT_PROTOCOL_STEPS)
        )
    return list(service.protocol_steps.all())


def information_sheet_ensure(*, service) -> InformationSheet:
    sheet, _created = InformationSheet.objects.get_or_create(
        service=service,
        defaults={
            "title": protocol_defaults.DEFAULT_INFORMATION_SHEET_TITLE,
            "body": protocol_defaults.DEFAULT_INFORMATION_SHEET_BODY,
        },
    )
    return sheet


def information_sheet_update(*, service, updated_by, title: str, body: str) -> InformationSheet:
    """Replace the service's information sheet (service admins). Bumps its version."""
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter a title for the information sheet")
    if not body.strip():
        errors["body"] = _("Enter the information sheet's text")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        sheet = information_sheet_ensure(service=service)
        sheet.title, sheet.body = title.strip(), body.strip()
        sheet.version += 1
        sheet.updated_by = updated_by
        sheet.save()
        audit_record(
            actor=updated_by,
            action="information_sheet.updated",
            target=sheet,
            service=service,
            detail={"version": sheet.version},
        )
    return sheet


def _check_step(sessions_before_end: int, title: str) -> None:
    errors = {}
    if sessions_before_end not in (1, 2, 3):
        errors["sessions_before_end"] = _("Choose when in the programme this happens")
    if not title.strip():
        errors["title"] = _("Enter what needs to be done")
    if errors:
        raise ValidationError(errors)


def protocol_template_step_save(
    *,
    service,
    actor,
    step: ProtocolStepTemplate | None = None,
    sessions_before_end: int,
    title: str,
    guidance: str,
    lead: str,
) -> ProtocolStepTemplate:
    """Add a step to the service's protocol template, or change one (service admins)."""
    _check_step(sessions_before_end, title)
    with transaction.atomic():
        if step is None:
            protocol_template_ensure(service=service)
            last = service.protocol_steps.filter(sessions_before_end=sessions_before_end).order_by("-position").first()
            step = ProtocolStepTemplate(service=service, position=(last.position + 1) if last else 0)
        step.sessions_before_end, step.title, step.guidance, step.lead = (
            sessions_before_end,
            title.strip(),
            guidance.strip(),
            lead,
        )
        step.save()
        audit_record(actor=actor, action="protocol_template.saved", target=step, service=service)
    return step


def protocol_template_step_delete(*, service, actor, step: ProtocolStepTemplate) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="protocol_template.deleted", target=step, service=service)
        step.delete()


def protocol_steps_tick(*, programme, event: str, actor) -> int:
    """Tick the programme's open checklist items that `event` completes (ProtocolEvent); returns how many."""
    steps = list(programme.protocol_steps.filter(ticks_when=event, done_at__isnull=True))
    for step in steps:
        protocol_step_mark(step=step, actor=actor, done=True)
    return len(steps)


def protocol_step_mark(*, step: ProtocolStep, actor, done: bool) -> ProtocolStep:
    """Tick a checklist item done (or undo it). Audited either way."""
    with transaction.atomic():
        step.done_at = timezone.now() if done else None
        step.done_by = actor if done else None
        step.save(update_fields=["done_at", "done_by"])
        audit_record(
            actor=actor,
            action="protocol_step.done" if done else "protocol_step.reopened",
            target=step,
            service=step.programme.service,
            detail={"sessions_before_end": step.sessions_before_end},
        )
    return step
