"""Writes for outcomes: questionnaire invitations and schedules, answers saved item by item,
completion and scoring (PHQ-9 item 9 above 0 goes to the safety queue)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followon.core.formatting import london_date
from followon.core.links import absolute_url, token_hash
from followon.core.services import audit_record
from followon.notifications.services import reminder_schedule, reminders_cancel
from followon.outcomes.instruments import get_questionnaire
from followon.outcomes.models import ItemAnswer, QuestionnaireInvitation, QuestionnaireSet, Response
from followon.outcomes.scoring import clean_answer, score
from followon.programmes.models import Enrolment
from followon.safety.services import concern_raise

# The outcome set asked at every timepoint (PGIC only after the programme has started to work).
DEFAULT_QUESTIONNAIRES = (
    "pain-intensity",
    "pain-interference",
    "pseq-10",
    "phq-9",
    "gad-7",
    "ucla-3-loneliness",
    "ons-direct-loneliness",
    "health-service-use",
)
FOLLOW_UP_ONLY = ("pgic",)
OPEN_DAYS = 28  # a link works for four weeks from its due date
REMINDER_DAYS = (7, 14)  # two reminders, a week apart, if not finished
SET_KEY = "questionnaire-set:"  # reminder keys of a timepoint's one message: questionnaire-set:<public_id>:invite
SECONDS_PER_ITEM = 15  # for "about N minutes" in the message, rounded up to 5 minutes
Timepoint = QuestionnaireInvitation.Timepoint


class InvitationClosed(Exception):
    """The link has expired or the questionnaire is already finished. `message` is for the member."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def invitation_token(invitation: QuestionnaireInvitation) -> str:
    """The single-member link token: derived from the invitation with the site secret, never stored."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"questionnaire:{invitation.public_id}".encode(), hashlib.sha256
    ).hexdigest()


def invitation_link(invitation: QuestionnaireInvitation) -> str:
    return absolute_url("outcomes:answer_by_link", invitation_token(invitation))


def set_token(questionnaire_set: QuestionnaireSet) -> str:
    """The set's single-member link token, derived like invitation_token(); only its hash is stored.

    128 bits (32 hex characters) rather than the whole digest, so the text with the link fits in two
    SMS fragments.
    """
    return hmac.new(
        settings.SECRET_KEY.encode(), f"questionnaire-set:{questionnaire_set.public_id}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def set_link(questionnaire_set: QuestionnaireSet) -> str:
    return absolute_url("outcomes:set_by_link", set_token(questionnaire_set))


def set_minutes(questionnaire_ids) -> int:
    """ "About N minutes": SECONDS_PER_ITEM a question, rounded up to 5 minutes."""
    items = sum(len(get_questionnaire(questionnaire_id).items) for questionnaire_id in questionnaire_ids)
    return max(5, math.ceil(items * SECONDS_PER_ITEM / 60 / 5) * 5)


def _at_nine(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def invitation_create(
    *,
    member,
    service,
    questionnaire_id: str,
    timepoint: str,
    due_on: dt.date,
    enrolment=None,
    actor=None,
    questionnaire_set: QuestionnaireSet | None = None,
) -> QuestionnaireInvitation:
    """One invitation, its message on the due date and two reminders; expires OPEN_DAYS after.

    In a `questionnaire_set`, the set's one message and reminders stand for all its invitations: the
    invitation gets none of its own, and expires with the set.
    """
    questionnaire = get_questionnaire(questionnaire_id)
    with transaction.atomic():
        invitation = QuestionnaireInvitation(
            member=member,
            service=service,
            enrolment=enrolment,
            questionnaire_set=questionnaire_set,
            questionnaire_id=questionnaire.id,
            timepoint=Timepoint(timepoint).value,
            due_on=due_on,
            expires_at=questionnaire_set.expires_at
            if questionnaire_set
            else _at_nine(due_on + dt.timedelta(days=OPEN_DAYS)),
        )
        invitation.token_hash = token_hash(invitation_token(invitation))
        invitation.save()
        if questionnaire_set is not None:
            audit_record(
                actor=actor,
                action="outcomes.invitation_created",
                target=invitation,
                service=service,
                detail={"questionnaire": questionnaire.id, "timepoint": invitation.timepoint, "in_set": True},
            )
            return invitation
        # No link here: it carries the member's token, and the context waits in the Reminder row until
        # the due date. invitation_link_context() adds it at send time; the messages are sensitive, so
        # their body (with the link) is removed from the outbox once sent.
        context = {
            "service_name": service.name,
            "title": questionnaire.short_title,
            "invitation": str(invitation.public_id),
            "expires_on": invitation.expires_at.date(),
        }
        _invite_and_remind(
            key=f"questionnaire:{invitation.public_id}:",
            template="questionnaire",
            context=context,
            member=member,
            service=service,
            due_on=due_on,
        )
        audit_record(
            actor=actor,
            action="outcomes.invitation_created",
            target=invitation,
            service=service,
            detail={"questionnaire": questionnaire.id, "timepoint": invitation.timepoint},
        )
    return invitation


def _invite_and_remind(*, key: str, template: str, context: dict, member, service, due_on: dt.date) -> None:
    """The invitation at 9am on the due date and the reminders after it (`<template>_invite`,
    `<template>_reminder`), all sensitive: the link they carry is added at send time and their body
    leaves the outbox once sent."""
    moments = [("invite", "invite", due_on)] + [
        (f"reminder{number}", "reminder", due_on + dt.timedelta(days=days))
        for number, days in enumerate(REMINDER_DAYS, start=1)
    ]
    for suffix, kind, day in moments:
        reminder_schedule(
            key=key + suffix,
            run_at=_at_nine(day),
            template=f"{template}_{kind}",
            context=context,
            recipient=member,
            service=service,
            topic="questionnaires",
            sensitive=True,
        )


def questionnaire_set_create(
    *,
    member,
    service,
    timepoint: str,
    due_on: dt.date,
    questionnaire_ids,
    enrolment=None,
    actor=None,
) -> QuestionnaireSet:
    """All of a timepoint's questionnaires for one member: one message on the due date with one link,
    and at most two reminders, sent only while something in the set is unanswered (ADR 0017)."""
    questionnaire_ids = [get_questionnaire(questionnaire_id).id for questionnaire_id in questionnaire_ids]
    with transaction.atomic():
        questionnaire_set = QuestionnaireSet(
            member=member,
            service=service,
            enrolment=enrolment,
            timepoint=Timepoint(timepoint).value,
            due_on=due_on,
            expires_at=_at_nine(due_on + dt.timedelta(days=OPEN_DAYS)),
        )
        questionnaire_set.token_hash = token_hash(set_token(questionnaire_set))
        questionnaire_set.save()
        for questionnaire_id in questionnaire_ids:
            invitation_create(
                member=member,
                service=service,
                questionnaire_id=questionnaire_id,
                timepoint=timepoint,
                due_on=due_on,
                enrolment=enrolment,
                actor=actor,
                questionnaire_set=questionnaire_set,
            )
        # The link is not stored: questionnaire_set_link_context() adds it when each message is sent,
        # and the messages are sensitive (their body is removed from the outbox once sent).
        context = {
            "service_name": service.name,
            "count": len(questionnaire_ids),
            "minutes": set_minutes(questionnaire_ids),
            "questionnaire_set": str(questionnaire_set.public_id),
            "expires_on": questionnaire_set.expires_at.date(),
        }
        _invite_and_remind(
            key=f"{SET_KEY}{questionnaire_set.public_id}:",
            template="questionnaire_set",
            context=context,
            member=member,
            service=service,
            due_on=due_on,
        )
        audit_record(
            actor=actor,
            action="outcomes.questionnaire_set_created",
            target=questionnaire_set,
            service=service,
            detail={"timepoint": questionnaire_set.timepoint, "questionnaires": questionnaire_ids},
        )
    return questionnaire_set


def invitations_schedule_for_enrolment(*, enrolment, actor=None, today: dt.date | None = None) -> list:
    """Baseline now, end of programme on its last session, then 3, 6 and 12 months after it: one
    questionnaire set per timepoint (one message, one link). Returns the invitations created.

    Idempotent: a timepoint already planned for this enrolment gets no new message. A set missing a
    questionnaire (one added to the outcome set later) gets it, with no new message; a timepoint
    planned before sets existed (one message per questionnaire) is left alone. An enrolment with no
    member account yet gets nothing (call again when they join).
    """

    if enrolment.user_id is None:
        return []
    programme = enrolment.programme
    today = today or timezone.localdate()
    last_session = programme.sessions.aggregate(last=Max("ends_at"))["last"]
    end = timezone.localtime(last_session).date() if last_session else programme.start_date
    due = {
        Timepoint.BASELINE: today,
        Timepoint.END: end,
        Timepoint.MONTH_3: end + relativedelta(months=3),
        Timepoint.MONTH_6: end + relativedelta(months=6),
        Timepoint.MONTH_12: end + relativedelta(months=12),
    }
    created = []
    with transaction.atomic():
        # One planner at a time per enrolment (a retried task, a second join): the second sees the
        # first's sets and adds nothing.
        Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
        sets = {s.timepoint: s for s in QuestionnaireSet.objects.filter(enrolment=enrolment)}
        existing = set(
            QuestionnaireInvitation.objects.filter(enrolment=enrolment).values_list("questionnaire_id", "timepoint")
        )
        planned_timepoints = {timepoint for _, timepoint in existing}
        for timepoint, due_on in due.items():
            ids = DEFAULT_QUESTIONNAIRES + (FOLLOW_UP_ONLY if timepoint != Timepoint.BASELINE else ())
            missing = [q for q in ids if (q, timepoint.value) not in existing]
            if not missing:
                continue
            questionnaire_set = sets.get(timepoint.value)
            if questionnaire_set is None and timepoint.value in planned_timepoints:
                continue  # planned one message per questionnaire, before sets: left as it is
            if questionnaire_set is None:
                questionnaire_set = questionnaire_set_create(
                    member=enrolment.user,
                    service=programme.service,
                    timepoint=timepoint,
                    due_on=max(due_on, today),
                    questionnaire_ids=missing,
                    enrolment=enrolment,
                    actor=actor,
                )
                created.extend(questionnaire_set.invitations.all())
                continue
            for questionnaire_id in missing:  # the set's message (already planned) covers these too
                created.append(
                    invitation_create(
                        member=enrolment.user,
                        service=programme.service,
                        questionnaire_id=questionnaire_id,
                        timepoint=timepoint,
                        due_on=questionnaire_set.due_on,
                        enrolment=enrolment,
                        actor=actor,
                        questionnaire_set=questionnaire_set,
                    )
                )
    return created


def invitation_by_token(token: str) -> QuestionnaireInvitation | None:
    if not token or len(token) > 128:
        return None
    return (
        QuestionnaireInvitation.objects.select_related("member", "service", "response", "enrolment")
        .filter(token_hash=token_hash(token))
        .first()
    )


def set_by_token(token: str) -> QuestionnaireSet | None:
    if not token or len(token) > 128:
        return None
    return QuestionnaireSet.objects.select_related("service", "enrolment").filter(token_hash=token_hash(token)).first()


WITHDRAWN_MESSAGE = gettext_lazy(
    "This link no longer works because you are not on the programme any more. "
    "If you think this is wrong, please contact your pain service."
)


def withdrawn(subject: QuestionnaireInvitation | QuestionnaireSet) -> bool:
    """The member left the programme the questionnaires belong to: no more messages, links closed."""

    return subject.enrolment_id is not None and subject.enrolment.status == Enrolment.Status.WITHDRAWN


def invitation_check_open(invitation: QuestionnaireInvitation, now) -> None:
    if invitation.completed_at is not None:
        raise InvitationClosed(_("You have already answered this questionnaire. Thank you."))
    if withdrawn(invitation):
        raise InvitationClosed(str(WITHDRAWN_MESSAGE))
    if invitation.is_expired(now):
        raise InvitationClosed(
            _(
                "This questionnaire closed on %(date)s. Your answers were not saved. "
                "Your pain service will send a new link when the next one is due."
            )
            % {"date": london_date(invitation.expires_at)}
        )


def _response_for(invitation: QuestionnaireInvitation) -> Response:
    questionnaire = get_questionnaire(invitation.questionnaire_id)
    response, _ = Response.objects.get_or_create(
        invitation=invitation,
        defaults={
            "member": invitation.member,
            "service": invitation.service,
            "questionnaire_id": questionnaire.id,
            "questionnaire_version": questionnaire.version,
        },
    )
    return response


def answer_save(*, invitation: QuestionnaireInvitation, item_id: str, raw, now=None) -> ItemAnswer:
    """Save one answer at once, so nothing is lost if the member stops half way.

    Raises InvitationClosed (expired or finished) or InvalidAnswerError / UnknownItemError (the NHS
    message to show next to the question) and saves nothing then.
    """
    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            QuestionnaireInvitation.objects.select_related("enrolment")
            .select_for_update(of=("self",))
            .get(pk=invitation.pk)
        )
        invitation_check_open(invitation, now)
        value = clean_answer(invitation.questionnaire_id, item_id, raw)
        response = _response_for(invitation)
        answer, _ = ItemAnswer.objects.update_or_create(response=response, item_id=item_id, defaults={"value": value})
    return answer


def saved_answers(invitation: QuestionnaireInvitation) -> dict[str, int | None]:
    return dict(ItemAnswer.objects.filter(response__invitation=invitation).values_list("item_id", "value"))


def response_complete(*, invitation: QuestionnaireInvitation, now=None) -> Response:
    """Score the saved answers with the questionnaire's rules, close the invitation and its reminders,
    and send any safety flag (PHQ-9 item 9 above 0) to the service's safety queue."""

    now = now or timezone.now()
    with transaction.atomic():
        invitation = (
            QuestionnaireInvitation.objects.select_related("enrolment")
            .select_for_update(of=("self",))
            .get(pk=invitation.pk)
        )
        invitation_check_open(invitation, now)
        response = _response_for(invitation)
        result = score(invitation.questionnaire_id, saved_answers(invitation))
        response.total = result.total
        response.band = result.band or ""
        response.prorated = result.prorated
        response.completed_at = now
        response.save(update_fields=["total", "band", "prorated", "completed_at"])
        invitation.completed_at = now
        invitation.save(update_fields=["completed_at"])
        reminders_cancel(key_prefix=f"questionnaire:{invitation.public_id}:")
        if invitation.questionnaire_set_id is not None:
            _set_complete_if_done(invitation.questionnaire_set_id, now)
        for flag in result.safety_flags:
            concern_raise(
                service=invitation.service,
                member=invitation.member,
                source="free_text",
                level="urgent",
                text=flag.reason,
                source_ref=f"questionnaire:{response.public_id}:{flag.code}",
                idempotency_key=f"questionnaire:{response.public_id}:{flag.code}",
            )
        audit_record(
            actor=invitation.member,
            action="outcomes.response_completed",
            target=response,
            service=invitation.service,
            detail={"questionnaire": invitation.questionnaire_id, "safety_flags": len(result.safety_flags)},
        )
    return response


def _set_complete_if_done(set_id: int, now) -> None:
    """The last questionnaire of a set sent: the set is done and its reminders are cancelled."""
    questionnaire_set = QuestionnaireSet.objects.select_for_update().get(pk=set_id)
    if questionnaire_set.completed_at is not None:
        return
    if questionnaire_set.invitations.filter(completed_at__isnull=True).exists():
        return
    questionnaire_set.completed_at = now
    questionnaire_set.save(update_fields=["completed_at"])
    reminders_cancel(key_prefix=f"{SET_KEY}{questionnaire_set.public_id}:")


def invitation_link_context(*, key: str, context: dict) -> dict:
    """Reminder context resolver (registered in apps.py): the questionnaire link, computed at send time.

    The context holds the invitation's public id, never the link (its token is derived from the
    invitation with the site secret, so it can be computed again). Reminders planned before the
    link left the context still carry it, and get nothing added.
    """
    public_id = context.get("invitation")
    if not public_id:
        return {}
    invitation = QuestionnaireInvitation.objects.get(public_id=public_id)
    return {"link": invitation_link(invitation)}


def reminder_still_needed(*, key: str, context) -> bool:
    """Before each questionnaire message: send only while the invitation is open; count reminders."""
    try:
        public_id = key.split(":")[1]
        invitation = QuestionnaireInvitation.objects.select_related("enrolment").get(public_id=public_id)
    except (IndexError, ValueError, QuestionnaireInvitation.DoesNotExist):
        return False
    if invitation.completed_at is not None or invitation.is_expired() or withdrawn(invitation):
        return False
    if ":reminder" in key:
        QuestionnaireInvitation.objects.filter(pk=invitation.pk).update(reminders_sent=invitation.reminders_sent + 1)
    return True


def _set_from_key(key: str) -> QuestionnaireSet | None:
    try:
        public_id = key.split(":")[1]
        return QuestionnaireSet.objects.select_related("enrolment").get(public_id=public_id)
    except (IndexError, ValueError, ValidationError, QuestionnaireSet.DoesNotExist):
        return None


def questionnaire_set_link_context(*, key: str, context: dict) -> dict:
    """Reminder context resolver for a set's messages (registered in apps.py): its link, computed at
    send time from the set's public id, and how many of its questionnaires are still to do."""
    questionnaire_set = QuestionnaireSet.objects.get(public_id=context["questionnaire_set"])
    remaining = questionnaire_set.invitations.filter(completed_at__isnull=True).count()
    return {"link": set_link(questionnaire_set), "remaining": remaining}


def questionnaire_set_still_needed(*, key: str, context) -> bool:
    """Before each message of a set: send only while the set is open (not finished, not expired, the
    member still on the programme) and something in it is unanswered; count reminders."""
    questionnaire_set = _set_from_key(key)
    if questionnaire_set is None:
        return False
    if questionnaire_set.completed_at is not None or questionnaire_set.is_expired() or withdrawn(questionnaire_set):
        return False
    if not questionnaire_set.invitations.filter(completed_at__isnull=True).exists():
        return False
    if ":reminder" in key:
        QuestionnaireSet.objects.filter(pk=questionnaire_set.pk).update(
            reminders_sent=questionnaire_set.reminders_sent + 1
        )
    return True
