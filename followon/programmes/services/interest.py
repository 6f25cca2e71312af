"""The follow-on group question: single-purpose member links, asking by text or email, and recording
the answer (web or SMS)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from followon.core.formatting import london_date
from followon.core.links import absolute_url, token_hash
from followon.core.services import audit_record
from followon.notifications.services import member_notify, message_language, open_question_ask
from followon.programmes.models import (
    Enrolment,
    InterestResponse,
    MemberLink,
    Programme,
    ProtocolEvent,
)
from followon.programmes.services.common import LINK_VALID_FOR
from followon.programmes.services.protocol import protocol_steps_tick
from followon.programmes.signals import interest_given

# Member links (SMS / email links that need no sign-in) -------------------------


def member_link_issue(
    *, enrolment: Enrolment, purpose: str, valid_for: timedelta = LINK_VALID_FOR
) -> tuple[MemberLink, str]:
    """Make a new link for one member, one programme and one purpose; return its token.

    The token is random and carries no data; only its hash is stored. Older
    links for the same purpose stop working, so only the newest message's
    link is live. Returns (link, token): the token goes in the message only.
    """
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    with transaction.atomic():
        enrolment.links.filter(purpose=purpose, revoked_at__isnull=True).update(revoked_at=now)
        link = MemberLink.objects.create(
            enrolment=enrolment, purpose=purpose, token_hash=token_hash(token), expires_at=now + valid_for
        )
    return link, token


def member_link_used(*, link: MemberLink) -> None:
    MemberLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())


INTEREST_QUESTION_KIND = "followon_interest"
SMS_INTEREST_REPLIES = {"YES": "yes", "MAYBE": "maybe", "NO": "no"}


def interest_question_send(*, programme: Programme, sent_by) -> int:
    """Send the follow-on group question to every joined participant who has
    not answered yet, each with their own link, by the channel they chose
    (notifications.member_notify). By text, a reply of YES, MAYBE or NO
    answers it too (`interest_by_sms`). Returns how many people were asked."""

    sent = 0
    with transaction.atomic():
        enrolments = programme.enrolments.filter(status=Enrolment.Status.JOINED, interest__isnull=True).select_related(
            "user"
        )
        for enrolment in enrolments:
            link, token = member_link_issue(enrolment=enrolment, purpose=MemberLink.Purpose.INTEREST)
            # The link and the date in the language the message will be in (ADR 0027).
            with translation.override(message_language(enrolment.user, programme.service)):
                address, expires_on = absolute_url("programmes:interest-link", token), london_date(link.expires_at)
            messages = member_notify(
                recipient=enrolment.user,
                template="interest_question",
                context={
                    "name": enrolment.user.display_name,
                    "service_name": programme.service.name,
                    "programme_title": programme.title,
                    "link": address,
                    "expires_on": expires_on,
                },
                idempotency_key=f"interest-question:{link.public_id}",
                service=programme.service,
                sensitive=True,  # the link answers as this member: not kept in the outbox once sent
            )
            if any(m.channel == "sms" for m in messages):
                open_question_ask(
                    user=enrolment.user,
                    kind=INTEREST_QUESTION_KIND,
                    object_ref=f"enrolment:{enrolment.public_id}",
                    valid_replies=list(SMS_INTEREST_REPLIES),
                    service=programme.service,
                    expires_at=link.expires_at,
                )
            sent += bool(messages)
        audit_record(actor=sent_by, action="programme.interest_question_sent", target=programme, detail={"count": sent})
        if sent:
            protocol_steps_tick(programme=programme, event=ProtocolEvent.INTEREST_QUESTION_SENT, actor=sent_by)
    return sent


def interest_by_sms(*, user, question, reply, inbound=None) -> None:
    """Reply handler (notifications registry) for the follow-on group question:
    YES, MAYBE or NO by text changes only the answer, keeping any preferences
    the member gave before."""
    answer = SMS_INTEREST_REPLIES.get(reply)
    _kind, _sep, public_id = question.object_ref.partition(":")
    enrolment = Enrolment.objects.filter(public_id=public_id, user=user, status=Enrolment.Status.JOINED).first()
    if answer is None or enrolment is None:
        return
    previous = InterestResponse.objects.filter(enrolment=enrolment).first()
    kept = {}
    if previous is not None:
        kept = {
            name: getattr(previous, name)
            for name in [
                "days",
                "times_of_day",
                "places",
                "home_outcode",
                "travel",
                "keep_in_touch",
                "accessibility_needs",
            ]
        }
        if answer != InterestResponse.Answer.YES and previous.answer != InterestResponse.Answer.YES:
            kept["reason"] = previous.reason
    interest_record(enrolment=enrolment, actor=user, answer=answer, via=InterestResponse.Via.SMS_REPLY, **kept)


# Interest and preferences -------------------------------------------------------


def interest_record(
    *,
    enrolment: Enrolment,
    actor,
    answer: str,
    reason: str = "",
    days: Iterable[str] = (),
    times_of_day: Iterable[str] = (),
    places: str = "",
    home_outcode: str = "",
    travel: str = "",
    keep_in_touch: Iterable[str] = (),
    accessibility_needs: str = "",
    via: str = InterestResponse.Via.WEB,
) -> InterestResponse:
    """Record (or change) a member's answer about follow-on groups.

    Precondition: the enrolment is joined and belongs to the member answering
    (or to the link used). A reason goes with "no" or "maybe" only. A member
    who now says yes or maybe is invited to the programme's open groups.
    """
    if enrolment.status != Enrolment.Status.JOINED:
        raise PermissionDenied("not a current participant")
    errors = {}
    if answer not in InterestResponse.Answer.values:
        errors["answer"] = _("Select yes, maybe or no")
    if reason and reason not in InterestResponse.Reason.values:
        errors["reason"] = _("Select a reason from the list")
    if travel and travel not in InterestResponse.Travel.values:
        errors["travel"] = _("Select how far you can travel")
    for name, values, allowed in [
        ("days", days, InterestResponse.Day.values),
        ("times_of_day", times_of_day, InterestResponse.TimeOfDay.values),
        ("keep_in_touch", keep_in_touch, InterestResponse.KeepInTouch.values),
    ]:
        if not set(values) <= set(allowed):
            errors[name] = _("Select from the list")
    if errors:
        raise ValidationError(errors)
    if answer == InterestResponse.Answer.YES:
        reason = ""
    with transaction.atomic():
        previous = InterestResponse.objects.filter(enrolment=enrolment).first()
        was_interested = previous is not None and previous.is_interested
        response, created = InterestResponse.objects.update_or_create(
            enrolment=enrolment,
            defaults={
                "answer": answer,
                "reason": reason,
                "days": sorted(set(days), key=InterestResponse.Day.values.index),
                "times_of_day": sorted(set(times_of_day), key=InterestResponse.TimeOfDay.values.index),
                "places": places.strip()[:300],
                "home_outcode": home_outcode.strip().upper()[:4],
                "travel": travel,
                "keep_in_touch": sorted(set(keep_in_touch), key=InterestResponse.KeepInTouch.values.index),
                "accessibility_needs": accessibility_needs.strip(),
                "answered_via": via,
            },
        )
        audit_record(
            actor=actor,
            action="interest.answered" if created else "interest.changed",
            target=enrolment,
            service=enrolment.programme.service,
            detail={"via": via},
        )
        if response.is_interested and not was_interested:
            # The groups app invites them to the programme's open groups (programmes.signals).
            interest_given.send(sender=Enrolment, enrolment=enrolment)
    return response
