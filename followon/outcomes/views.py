"""Answering a questionnaire: by the single-member link (no sign-in) or signed in."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from followon.accounts.decorators import signed_in_required
from followon.outcomes.instruments import QuestionnaireError, get_questionnaire
from followon.outcomes.instruments.base import ItemKind
from followon.outcomes.models import QuestionnaireInvitation
from followon.outcomes.services import (
    InvitationClosed,
    answer_save,
    invitation_by_token,
    invitation_check_open,
    response_complete,
    saved_answers,
)


def _answer(request, invitation: QuestionnaireInvitation):
    questionnaire = get_questionnaire(invitation.questionnaire_id)
    closed = None
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    finished = False
    saved_now = False
    status = 200
    if request.method == "POST":
        for item in questionnaire.items:
            if item.id not in request.POST:
                continue
            typed[item.id] = request.POST[item.id]
            try:
                answer_save(invitation=invitation, item_id=item.id, raw=request.POST[item.id])
            except InvitationClosed as error:
                closed = error.message
                break
            except QuestionnaireError as error:
                errors[item.id] = str(error)
        if closed is None and not errors and "finish" in request.POST:
            try:
                response_complete(invitation=invitation)
                finished = True
            except InvitationClosed as error:
                closed = error.message
        if errors or closed:
            status = 400 if errors else 410
        saved_now = not (errors or closed or finished)
    elif invitation.completed_at is not None or invitation.is_expired():
        try:
            invitation_check_open(invitation, None)
        except InvitationClosed as error:
            closed, status = error.message, 410
    saved = saved_answers(invitation)
    items = []
    for item in questionnaire.items:
        value = typed.get(item.id, saved.get(item.id))
        items.append(
            {
                "id": item.id,
                "text": item.text,
                "hint": item.hint,
                "count": item.kind == ItemKind.COUNT,
                "options": [{"value": str(o.value), "text": o.label} for o in item.options],
                "value": "" if value is None else str(value),
                "error": errors.get(item.id, ""),
            }
        )
    context = {
        "page_title": questionnaire.title,
        "questionnaire": questionnaire,
        "items": items,
        "closed": closed,
        "finished": finished or invitation.completed_at is not None and not closed,
        "saved_now": saved_now,
        "answered_count": sum(1 for item in items if item["value"] != ""),
        "expires_on": timezone.localtime(invitation.expires_at),
        "errors": [{"text": message, "href": f"#{item_id}"} for item_id, message in errors.items()],
    }
    return render(request, "outcomes/answer.jinja", context, status=status)


def answer_by_link(request, token: str):
    invitation = invitation_by_token(token)
    if invitation is None:
        raise Http404("No questionnaire for this link")
    response = _answer(request, invitation)
    # The token is in the address: never send it to another site. Not "no-referrer":
    # browsers then send "Origin: null" with the form and Django's CSRF check refuses it.
    response["Referrer-Policy"] = "same-origin"
    return response


@signed_in_required
def answer_signed_in(request, public_id):
    invitation = get_object_or_404(QuestionnaireInvitation, public_id=public_id, member=request.user)
    return _answer(request, invitation)
