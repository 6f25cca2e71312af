"""Writes for outcomes: questionnaire invitations and schedules, answers saved item by item,
completion and scoring (PHQ-9 item 9 above 0 goes to the safety queue)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from followon.core.services import audit_record
from followon.notifications.services import reminder_schedule, reminders_cancel
from followon.outcomes.instruments import get_questionnaire
from followon.outcomes.models import ItemAnswer, QuestionnaireInvitation, Response
from followon.outcomes.scoring import clean_answer, score

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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(invitation: QuestionnaireInvitation) -> str:
    from django.urls import reverse

    return settings.FOLLOWON_BASE_URL + reverse("outcomes:answer_by_link", args=[invitation_token(invitation)])


def _at_nine(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def invitation_create(
    *, member, service, questionnaire_id: str, timepoint: str, due_on: dt.date, enrolment=None, actor=None
) -> QuestionnaireInvitation:
    """One invitation, its message on the due date and two reminders; expires OPEN_DAYS after."""
    questionnaire = get_questionnaire(questionnaire_id)
    with transaction.atomic():
        invitation = QuestionnaireInvitation(
            member=member,
            service=service,
            enrolment=enrolment,
            questionnaire_id=questionnaire.id,
            timepoint=Timepoint(timepoint).value,
            due_on=due_on,
            expires_at=_at_nine(due_on + dt.timedelta(days=OPEN_DAYS)),
        )
        invitation.token_hash = token_hash(invitation_token(invitation))
        invitation.save()
        # No link here: it carries the member's token, and the context waits in the Reminder row until
        # the due date. invitation_link_context() adds it at send time; the messages are sensitive, so
        # their body (with the link) is removed from the outbox once sent.
        context = {
            "service_name": service.name,
            "title": questionnaire.short_title,
            "invitation": str(invitation.public_id),
            "expires_on": invitation.expires_at.date(),
        }
        key = f"questionnaire:{invitation.public_id}:"
        reminder_schedule(
            key=key + "invite",
            run_at=_at_nine(due_on),
            template="questionnaire_invite",
            context=context,
            recipient=member,
            service=service,
            topic="questionnaires",
            sensitive=True,
        )
        for number, days in enumerate(REMINDER_DAYS, start=1):
            reminder_schedule(
                key=f"{key}reminder{number}",
                run_at=_at_nine(due_on + dt.timedelta(days=days)),
                template="questionnaire_reminder",
                context=context,
                recipient=member,
                service=service,
                topic="questionnaires",
                sensitive=True,
            )
        audit_record(
            actor=actor,
            action="outcomes.invitation_created",
            target=invitation,
            service=service,
            detail={"questionnaire": questionnaire.id, "timepoint": invitation.timepoint},
        )
    return invitation


def invitations_schedule_for_enrolment(*, enrolment, actor=None, today: dt.date | None = None) -> list:
    """Baseline now, end of programme on its last session, then 3, 6 and 12 months after it.

    Idempotent: timepoints already planned for this enrolment are left alone. An enrolment with no
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
    existing = set(
        QuestionnaireInvitation.objects.filter(enrolment=enrolment).values_list("questionnaire_id", "timepoint")
    )
    created = []
    with transaction.atomic():
        for timepoint, due_on in due.items():
            ids = DEFAULT_QUESTIONNAIRES + (FOLLOW_UP_ONLY if timepoint != Timepoint.BASELINE else ())
            for questionnaire_id in ids:
                if (questionnaire_id, timepoint.value) in existing:
                    continue
                created.append(
                    invitation_create(
                        member=enrolment.user,
                        service=programme.service,
                        questionnaire_id=questionnaire_id,
                        timepoint=timepoint,
                        due_on=max(due_on, today),
                        enrolment=enrolment,
                        actor=actor,
                    )
                )
    return created


def invitation_by_token(token: str) -> QuestionnaireInvitation | None:
    if not token or len(token) > 128:
        return None
    return (
        QuestionnaireInvitation.objects.select_related("member", "service", "response")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_check_open(invitation: QuestionnaireInvitation, now) -> None:
    if invitation.completed_at is not None:
        raise InvitationClosed("You have already answered this questionnaire. Thank you.")
    if invitation.is_expired(now):
        raise InvitationClosed(
            "This questionnaire closed on "
            f"{timezone.localtime(invitation.expires_at):%-d %B %Y}. Your answers were not saved. "
            "Your pain service will send a new link when the next one is due."
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
        invitation = QuestionnaireInvitation.objects.select_for_update().get(pk=invitation.pk)
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
    from followon.safety.services import concern_raise

    now = now or timezone.now()
    with transaction.atomic():
        invitation = QuestionnaireInvitation.objects.select_for_update().get(pk=invitation.pk)
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
        invitation = QuestionnaireInvitation.objects.get(public_id=public_id)
    except (IndexError, ValueError, QuestionnaireInvitation.DoesNotExist):
        return False
    if invitation.completed_at is not None or invitation.is_expired():
        return False
    if ":reminder" in key:
        QuestionnaireInvitation.objects.filter(pk=invitation.pk).update(reminders_sent=invitation.reminders_sent + 1)
    return True
