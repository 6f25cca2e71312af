"""Answering a questionnaire: by the single-member link (no sign-in) or signed in."""

from __future__ import annotations

import re

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from followon.accounts.decorators import signed_in_required
from followon.core.formatting import london_date
from followon.core.views import page_not_found
from followon.outcomes.instruments import QuestionnaireError, get_questionnaire
from followon.outcomes.instruments.base import ItemKind
from followon.outcomes.models import QuestionnaireInvitation
from followon.outcomes.services import (
    WITHDRAWN_MESSAGE,
    InvitationClosed,
    answer_save,
    invitation_by_token,
    invitation_check_open,
    response_complete,
    saved_answers,
    set_by_token,
    withdrawn,
)

_HYPHEN_IN_WORD = re.compile(r"(?<=\w)-(?=\w)")


def nobreak(text: str) -> str:
    """Hyphens inside a name ("PHQ-9", "GAD-7", "3-item") as non-breaking hyphens (U+2011), so a
    narrow phone screen never splits "PHQ-" from "9". For display only: ids are unchanged."""
    return _HYPHEN_IN_WORD.sub("\u2011", text)


def _no_referrer_to_other_sites(response):
    # The token is in the address: never send it to another site. Not "no-referrer":
    # browsers then send "Origin: null" with the form and Django's CSRF check refuses it.
    response["Referrer-Policy"] = "same-origin"
    # Nor to the logs: Django logs 4xx answers with their path ("Gone: /questionnaires/<token>/").
    response._has_been_logged = True
    return response


def _link_not_found(request):

    return _no_referrer_to_other_sites(page_not_found(request))


def _answer(request, invitation: QuestionnaireInvitation, *, set_url: str = ""):
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
        if finished and set_url:
            # Back to the member's list, which says this one was sent and offers the next one.
            return redirect(f"{set_url}?sent={invitation.questionnaire_id}")
        if errors or closed:
            status = 400 if errors else 410
        saved_now = not (errors or closed or finished)
    elif invitation.completed_at is not None or invitation.is_expired() or withdrawn(invitation):
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
        "heading": nobreak(questionnaire.title),
        # A validated instrument is never machine-translated (issue 18 item 6): without a validated
        # translation FollowOn holds, its items stay English and the page says why in its language.
        "in_english_only": not questionnaire.wording_in(
            getattr(request, "LANGUAGE_CODE", "") or translation.get_language() or "en"
        ),
        "set_url": set_url,
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
        return _link_not_found(request)
    return _no_referrer_to_other_sites(_answer(request, invitation))


def _set_closed_message(questionnaire_set, now) -> str:
    if withdrawn(questionnaire_set):
        return str(WITHDRAWN_MESSAGE)
    if questionnaire_set.completed_at is None and questionnaire_set.is_expired(now):
        closed = _(
            "These questionnaires closed on %(date)s. "
            "Your pain service will send a new link when the next ones are due."
        )
        return closed % {"date": london_date(questionnaire_set.expires_at)}
    return ""


def set_by_link(request, token: str):
    """The member's questionnaires for one timepoint, from the one link in their text or email.

    Two queries whatever the set's size: the set (by its token's hash) and its questionnaires with
    how many questions each has answered.
    """
    questionnaire_set = set_by_token(token)
    if questionnaire_set is None:
        return _link_not_found(request)
    closed = _set_closed_message(questionnaire_set, timezone.now())
    if closed:
        page = render(
            request,
            "outcomes/set.jinja",
            {"page_title": _("Your questionnaires"), "closed": closed},
            status=410,
        )
        return _no_referrer_to_other_sites(page)
    invitations = list(
        questionnaire_set.invitations.annotate(
            answered=Count("response__answers", filter=Q(response__answers__value__isnull=False))
        ).order_by("id")
    )
    rows = []
    for invitation in invitations:
        questionnaire = get_questionnaire(invitation.questionnaire_id)
        total = len(questionnaire.items)
        progress = ""
        if invitation.completed_at is not None:
            status, state = _("Done"), "done"
        elif invitation.answered:
            status, state = _("Started"), "started"
            progress = _("%(answered)s of %(total)s answered") % {"answered": invitation.answered, "total": total}
        else:
            status, state = _("Not started"), "not-started"
        rows.append(
            {
                "id": questionnaire.id,
                "title": nobreak(questionnaire.title),
                "status": status,
                "progress": progress,
                "state": state,
                "href": reverse("outcomes:set_answer", args=[token, questionnaire.id]),
            }
        )
    done = sum(1 for row in rows if row["state"] == "done")
    next_row = next((row for row in rows if row["state"] != "done"), None)
    sent = request.GET.get("sent", "")
    sent_row = next((row for row in rows if row["id"] == sent and row["state"] == "done"), None)
    context = {
        "page_title": _("Your questionnaires"),
        "closed": "",
        "any_in_english_only": any(
            not get_questionnaire(invitation.questionnaire_id).wording_in(
                getattr(request, "LANGUAGE_CODE", "") or translation.get_language() or "en"
            )
            for invitation in invitations
        ),
        "rows": rows,
        "done": done,
        "next_row": next_row,
        "carry_on": any(row["state"] != "not-started" for row in rows),
        "sent_row": sent_row,
        "expires_on": timezone.localtime(questionnaire_set.expires_at),
        "pain_service_name": questionnaire_set.service.name,
    }
    return _no_referrer_to_other_sites(render(request, "outcomes/set.jinja", context))


def set_answer(request, token: str, questionnaire_id: str):
    """One questionnaire of the set, reached from the set page; the same page as a single link's."""
    questionnaire_set = set_by_token(token)
    if questionnaire_set is None:
        return _link_not_found(request)
    invitation = (
        questionnaire_set.invitations.select_related("member", "service", "response")
        .filter(questionnaire_id=questionnaire_id)
        .first()
    )
    if invitation is None:
        return _link_not_found(request)
    invitation.enrolment = questionnaire_set.enrolment  # already loaded with the set
    set_url = reverse("outcomes:set_by_link", args=[token])
    return _no_referrer_to_other_sites(_answer(request, invitation, set_url=set_url))


@signed_in_required
def answer_signed_in(request, public_id):
    invitation = get_object_or_404(QuestionnaireInvitation, public_id=public_id, member=request.user)
    return _answer(request, invitation)
