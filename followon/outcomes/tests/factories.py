"""Test helpers for questionnaires, going through the outcomes services."""

from __future__ import annotations

from django.utils import timezone

from followon.outcomes.instruments import get_questionnaire
from followon.outcomes.services import answer_save, invitation_create, response_complete


def answered(user, service, questionnaire_id="phq-9", values=None, skip=(), *, timepoint="baseline"):
    """A completed questionnaire: every item answered with `values[item_id]`, else its lowest value,
    except the items in `skip`."""
    invitation = invitation_create(
        member=user,
        service=service,
        questionnaire_id=questionnaire_id,
        timepoint=timepoint,
        due_on=timezone.localdate(),
    )
    for item in get_questionnaire(questionnaire_id).items:
        if item.id in skip:
            continue
        value = (values or {}).get(item.id, item.lowest_value)
        answer_save(invitation=invitation, item_id=item.id, raw=str(value))
    response_complete(invitation=invitation)
    return invitation
