"""The set-back plan: saving it and sending it to the member."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.core.services import audit_record
from followon.notifications.services import message_enqueue
from followon.selfcare.models import (
    SetbackPlan,
)
from followon.selfcare.services.common import _member_service

# -- set-back plan ----------


@transaction.atomic
def setback_plan_save(*, owner, what_helps: str, what_to_stop: str, who_to_tell: str, gp_notes: str) -> SetbackPlan:
    values = {
        "what_helps": what_helps.strip(),
        "what_to_stop": what_to_stop.strip(),
        "who_to_tell": who_to_tell.strip(),
        "gp_notes": gp_notes.strip(),
    }
    if not any(values.values()):
        raise ValidationError(_("Write at least one part of your plan"))
    plan, created = SetbackPlan.objects.update_or_create(
        owner=owner, defaults={**values, "service": _member_service(owner)}
    )
    audit_record(actor=owner, action="selfcare.setback_saved", target=plan, detail={"new": created})
    return plan


def _short(text: str, limit: int) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."


def setback_plan_send(*, plan: SetbackPlan, channel: str):
    """Send the plan to its owner: the whole plan by email, a short version by text (2-3 fragments)."""

    owner = plan.owner
    address = owner.mobile if channel == "sms" else owner.email
    if channel not in {"sms", "email"}:
        raise ValidationError(_("Choose text or email"))
    if not address:
        raise ValidationError(
            _("Add a mobile phone number to your account first")
            if channel == "sms"
            else _("Add an email address first")
        )
    if channel == "sms":
        context = {
            "what_helps": _short(plan.what_helps, 90),
            "what_to_stop": _short(plan.what_to_stop, 60),
            "who_to_tell": _short(plan.who_to_tell, 50),
        }
    else:
        context = {
            "name": owner.display_name,
            "what_helps": plan.what_helps,
            "what_to_stop": plan.what_to_stop,
            "who_to_tell": plan.who_to_tell,
            "gp_notes": plan.gp_notes,
        }
    stamp = timezone.now().strftime("%Y%m%d%H%M")
    with transaction.atomic():
        message = message_enqueue(
            template="selfcare/setback_plan",
            context=context,
            idempotency_key=f"selfcare:setback:{plan.public_id}:{channel}:{stamp}",
            channel=channel,
            to_address=address,
            recipient=owner,
            service=plan.service,
            essential=True,
        )
        audit_record(actor=owner, action="selfcare.setback_sent", target=plan, detail={"channel": channel})
    return message
