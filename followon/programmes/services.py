"""Writes for programmes: courses and sessions, enrolment, the hand-over
protocol, interest answers, single-purpose member links and the consented
contact exchange.

Each function takes keyword arguments, checks what it needs, changes state in
one transaction, writes its audit event and enqueues its messages. Views
check the caller's role and scope (service, member) before calling.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from followon.accounts.models import ConsentKind
from followon.accounts.selectors import current_notice, member_has_current_consent
from followon.accounts.services import consent_notices_ensure, consent_record, invitation_create
from followon.core.formatting import LONDON, london_date
from followon.core.links import absolute_url, token_hash
from followon.core.phone import uk_mobile_from_text
from followon.core.services import audit_record
from followon.notifications.addresses import staff_address_for
from followon.notifications.models import OutboundMessage
from followon.notifications.services import member_notify, message_enqueue, open_question_ask
from followon.organisations.models import StaffRole
from followon.programmes import protocol_defaults
from followon.programmes.contact_details import normalise_email
from followon.programmes.models import (
    ContactConsent,
    Enrolment,
    InformationSheet,
    InterestResponse,
    MemberLink,
    ParticipantUpload,
    Programme,
    ProgrammeSession,
    ProtocolStep,
    ProtocolStepTemplate,
)
from followon.programmes.signals import enrolment_joined, interest_given
from followon.programmes.uploads import RosterEntry, RowResult, parse_participants_csv, summarise

MIN_SESSIONS, MAX_SESSIONS = 1, 52
MIN_LENGTH, MAX_LENGTH = 30, 8 * 60
LINK_VALID_FOR = timedelta(days=14)


def _aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=LONDON)


# Programmes and sessions ---------------------------------------------------


def _check_session_count(count: int, confirmed: bool, errors: dict) -> None:
    if count is None or not MIN_SESSIONS <= count <= MAX_SESSIONS:
        errors["session_count"] = f"Enter a number of sessions between {MIN_SESSIONS} and {MAX_SESSIONS}"
    elif count not in Programme.USUAL_SESSION_COUNTS and not confirmed:
        errors["session_count"] = (
            f"Programmes usually have 8 to 12 weekly sessions. Check the number, or confirm that this "
            f"programme has {count} sessions"
        )


def _check_length(minutes: int, errors: dict) -> None:
    if minutes is None or not MIN_LENGTH <= minutes <= MAX_LENGTH:
        errors["session_length_minutes"] = "Enter a session length between 30 minutes and 8 hours"


def _check_staff(service, facilitators, ptvs, errors: dict) -> None:
    def holders(role):
        return set(
            StaffRole.objects.filter(service=service, role=role, is_active=True).values_list("user_id", flat=True)
        )

    if not facilitators:
        errors["facilitators"] = "Select at least one facilitating clinician"
    elif not {u.pk for u in facilitators} <= holders(StaffRole.Role.CLINICIAN):
        errors["facilitators"] = "Select clinicians who work for this service"
    if ptvs and not {u.pk for u in ptvs} <= holders(StaffRole.Role.PTV):
        errors["ptvs"] = "Select patient tutor volunteers who work for this service"


def _sessions_generate(programme: Programme, *, first_number: int = 1, first_day: date | None = None) -> None:
    first_day = first_day or programme.start_date
    length = timedelta(minutes=programme.session_length_minutes)
    sessions = []
    for offset, number in enumerate(range(first_number, programme.session_count + 1)):
        starts_at = _aware(first_day + timedelta(weeks=offset), programme.session_start_time)
        sessions.append(
            ProgrammeSession(programme=programme, number=number, starts_at=starts_at, ends_at=starts_at + length)
        )
    ProgrammeSession.objects.bulk_create(sessions)


def programme_create(
    *,
    service,
    created_by,
    title: str,
    venue: str,
    start_date: date,
    session_count: int,
    session_start_time: time,
    session_length_minutes: int = 180,
    facilitators: Iterable,
    ptvs: Iterable = (),
    confirm_unusual_session_count: bool = False,
    today: date | None = None,
) -> Programme:
    """Create a programme, its weekly sessions and its hand-over checklist.

    Refuses a start date in the past and staff from another service; a session
    count outside 8–12 needs `confirm_unusual_session_count`. The checklist is
    copied from the service's protocol template (created from the shipped
    default the first time), so later template edits do not change it.
    """
    facilitators, ptvs = list(facilitators), list(ptvs)
    today = today or timezone.localdate()
    errors: dict = {}
    if not title.strip():
        errors["title"] = "Enter a title for the programme"
    if not venue.strip():
        errors["venue"] = "Enter where the sessions take place"
    if start_date < today:
        errors["start_date"] = "The start date must be today or in the future"
    _check_session_count(session_count, confirm_unusual_session_count, errors)
    _check_length(session_length_minutes, errors)
    _check_staff(service, facilitators, ptvs, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme = Programme.objects.create(
            service=service,
            title=title.strip(),
            venue=venue.strip(),
            start_date=start_date,
            session_count=session_count,
            session_start_time=session_start_time,
            session_length_minutes=session_length_minutes,
            created_by=created_by,
        )
        programme.facilitators.set(facilitators)
        programme.ptvs.set(ptvs)
        _sessions_generate(programme)
        steps = protocol_template_ensure(service=service)
        ProtocolStep.objects.bulk_create(
            ProtocolStep(
                programme=programme,
                sessions_before_end=s.sessions_before_end,
                position=s.position,
                title=s.title,
                guidance=s.guidance,
                lead=s.lead,
            )
            for s in steps
            if s.sessions_before_end < session_count
        )
        audit_record(
            actor=created_by, action="programme.created", target=programme, detail={"session_count": session_count}
        )
    return programme


def programme_update(
    *,
    programme: Programme,
    updated_by,
    title: str,
    venue: str,
    session_count: int,
    session_length_minutes: int,
    facilitators: Iterable,
    ptvs: Iterable = (),
    confirm_unusual_session_count: bool = False,
) -> Programme:
    """Change a programme's details. A changed session count adds weekly
    sessions after the last one or removes sessions from the end; a changed
    length moves every session's end time."""
    facilitators, ptvs = list(facilitators), list(ptvs)
    errors: dict = {}
    if not title.strip():
        errors["title"] = "Enter a title for the programme"
    if not venue.strip():
        errors["venue"] = "Enter where the sessions take place"
    _check_session_count(
        session_count, confirm_unusual_session_count or session_count == programme.session_count, errors
    )
    _check_length(session_length_minutes, errors)
    _check_staff(programme.service, facilitators, ptvs, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        changed = []
        old_count = programme.session_count
        for name, value in [
            ("title", title.strip()),
            ("venue", venue.strip()),
            ("session_count", session_count),
            ("session_length_minutes", session_length_minutes),
        ]:
            if getattr(programme, name) != value:
                setattr(programme, name, value)
                changed.append(name)
        programme.save()
        if "session_length_minutes" in changed:
            length = timedelta(minutes=session_length_minutes)
            for session in programme.sessions.all():
                session.ends_at = session.starts_at + length
                session.save(update_fields=["ends_at"])
        if session_count < old_count:
            programme.sessions.filter(number__gt=session_count).delete()
        elif session_count > old_count:
            last = programme.sessions.order_by("-number").first()
            next_day = last.starts_at.astimezone(LONDON).date() + timedelta(weeks=1)
            _sessions_generate(programme, first_number=old_count + 1, first_day=next_day)
        programme.facilitators.set(facilitators)
        programme.ptvs.set(ptvs)
        audit_record(actor=updated_by, action="programme.updated", target=programme, detail={"fields": changed})
    return programme


def session_move(*, session: ProgrammeSession, moved_by, day: date, start_time: time) -> ProgrammeSession:
    """Move one session (a bank holiday, a room clash). It must stay after the
    session before it and before the session after it, so numbers keep their order."""
    programme = session.programme
    starts_at = _aware(day, start_time)
    neighbours = {s.number: s for s in programme.sessions.filter(number__in=[session.number - 1, session.number + 1])}
    before, after = neighbours.get(session.number - 1), neighbours.get(session.number + 1)
    if before and starts_at <= before.starts_at:
        raise ValidationError(
            {"day": f"Session {session.number} must be after session {before.number} ({london_date(before.starts_at)})"}
        )
    if after and starts_at >= after.starts_at:
        raise ValidationError(
            {"day": f"Session {session.number} must be before session {after.number} ({london_date(after.starts_at)})"}
        )
    with transaction.atomic():
        session.ends_at = starts_at + (session.ends_at - session.starts_at)
        session.starts_at = starts_at
        session.moved = True
        session.save(update_fields=["starts_at", "ends_at", "moved"])
        audit_record(
            actor=moved_by, action="programme.session_moved", target=programme, detail={"session": session.number}
        )
    return session


# The hand-over protocol and information sheet -------------------------------


def protocol_template_ensure(*, service) -> list[ProtocolStepTemplate]:
    """The service's protocol template, created from the shipped default the first time."""
    steps = list(service.protocol_steps.all())
    if steps:
        return steps
    with transaction.atomic():
        ProtocolStepTemplate.objects.bulk_create(
            ProtocolStepTemplate(
                service=service, sessions_before_end=k, position=i, lead=lead, title=title, guidance=guidance
            )
            for i, (k, lead, title, guidance) in enumerate(protocol_defaults.DEFAULT_PROTOCOL_STEPS)
        )
    return list(service.protocol_steps.all())


def information_sheet_ensure(*, service) -> InformationSheet:
    sheet, _ = InformationSheet.objects.get_or_create(
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
        errors["title"] = "Enter a title for the information sheet"
    if not body.strip():
        errors["body"] = "Enter the information sheet's text"
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
        errors["sessions_before_end"] = "Choose when in the programme this happens"
    if not title.strip():
        errors["title"] = "Enter what needs to be done"
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


# Enrolment ------------------------------------------------------------------


def _clean_contact(name: str, mobile: str, email: str) -> tuple[str, str, str]:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "Enter the participant's name"
    elif len(name) > 100:
        errors["name"] = "Name must be 100 characters or fewer"
    clean_mobile = clean_email = ""
    if mobile and mobile.strip():
        try:
            clean_mobile = uk_mobile_from_text(mobile)
        except ValueError as exc:
            errors["mobile"] = str(exc)
    if email and email.strip():
        try:
            clean_email = normalise_email(email)
        except ValueError as exc:
            errors["email"] = str(exc)
    if not errors and not clean_mobile and not clean_email:
        errors["mobile"] = "Enter a mobile phone number or an email address"
    if errors:
        raise ValidationError(errors)
    return name, clean_mobile, clean_email


def _matching_enrolment(programme: Programme, mobile: str, email: str) -> Enrolment | None:
    match = Q(pk__in=[])
    if mobile:
        match |= Q(mobile=mobile) | Q(user__mobile=mobile)
    if email:
        match |= Q(email=email) | Q(user__email=email)
    return programme.enrolments.filter(match).order_by("id").first()


def _send_programme_invitation(enrolment: Enrolment, invited_by) -> None:
    """Invite this person to the programme through the identity app (by text
    message when there is a mobile number, else by email). Its acceptance
    sends `invitation_accepted`, on which `enrolment_accept_invitation` links
    the member's account to this enrolment (programmes/receivers.py)."""

    invitation_create(
        service=enrolment.programme.service,
        invited_by=invited_by,
        preferred_name=enrolment.name,
        mobile=enrolment.mobile or None,
        email=None if enrolment.mobile else enrolment.email,
        programme=enrolment.programme,
    )


def enrolment_invite(
    *,
    programme: Programme,
    invited_by,
    name: str,
    mobile: str = "",
    email: str = "",
    source: str = Enrolment.Source.INVITATION,
) -> tuple[Enrolment, bool]:
    """Put a person on the programme's roster and invite them.

    Returns (enrolment, created). Someone already on the roster with the same
    mobile or email is merged, not doubled: missing details are filled in and
    no second invitation is sent, unless they had withdrawn.
    """
    name, mobile, email = _clean_contact(name, mobile, email)
    with transaction.atomic():
        existing = _matching_enrolment(programme, mobile, email)
        if existing is not None:
            changed = []
            if mobile and not existing.mobile and not programme.enrolments.filter(mobile=mobile).exists():
                existing.mobile = mobile
                changed.append("mobile")
            if email and not existing.email and not programme.enrolments.filter(email=email).exists():
                existing.email = email
                changed.append("email")
            resend = existing.status == Enrolment.Status.WITHDRAWN
            if resend:
                existing.status = Enrolment.Status.INVITED
                existing.withdrawn_at = None
                changed += ["status", "withdrawn_at"]
            if changed:
                existing.save(update_fields=changed)
                audit_record(
                    actor=invited_by,
                    action="enrolment.merged",
                    target=existing,
                    service=programme.service,
                    detail={"fields": changed},
                )
            if resend:
                _send_programme_invitation(existing, invited_by)
            return existing, False
        enrolment = Enrolment.objects.create(
            programme=programme, name=name, mobile=mobile, email=email, source=source, added_by=invited_by
        )
        audit_record(
            actor=invited_by,
            action="enrolment.invited",
            target=enrolment,
            service=programme.service,
            detail={"source": source},
        )
        _send_programme_invitation(enrolment, invited_by)
    return enrolment, True


def enrolment_add(*, programme: Programme, user, added_by=None, source: str = Enrolment.Source.DIRECT) -> Enrolment:
    """Make `user` a joined participant of `programme`.

    Links a waiting roster entry that has the user's mobile or email (or an
    existing entry for the user) rather than adding a second one. Called when
    a member accepts a programme invitation, and directly by tests and demo data.
    """
    with transaction.atomic():
        enrolment = programme.enrolments.select_for_update().filter(user=user).first()
        if enrolment is None:
            enrolment = _matching_enrolment(programme, user.mobile or "", user.email or "")
            if enrolment is not None and enrolment.user_id is not None:
                enrolment = None
        if enrolment is None:
            # Roster details another (linked) entry already holds are left blank.
            mobile = user.mobile or ""
            email = user.email or ""
            if mobile and programme.enrolments.filter(mobile=mobile).exists():
                mobile = ""
            if email and programme.enrolments.filter(email=email).exists():
                email = ""
            if not mobile and not email:
                raise ValidationError("This person's contact details are already on the programme for someone else")
            enrolment = Enrolment(
                programme=programme,
                name=user.preferred_name,
                mobile=mobile,
                email=email,
                source=source,
                added_by=added_by,
            )
        enrolment.user = user
        enrolment.status = Enrolment.Status.JOINED
        enrolment.joined_at = enrolment.joined_at or timezone.now()
        enrolment.withdrawn_at = None
        enrolment.save()
        audit_record(actor=added_by or user, action="enrolment.joined", target=enrolment, service=programme.service)
        # The outcomes app plans the questionnaires (programmes.signals).
        enrolment_joined.send(sender=Enrolment, enrolment=enrolment)
    return enrolment


def enrolment_accept_invitation(*, invitation, user) -> Enrolment | None:
    """The identity app calls this when a member accepts an invitation whose
    purpose is a programme (`invitation.target_public_id` is the programme's
    public_id). Returns None when the programme is not the invitation's service's."""
    programme = Programme.objects.filter(
        public_id=invitation.target_public_id, service_id=invitation.service_id
    ).first()
    if programme is None:
        return None
    with transaction.atomic():
        waiting = _matching_enrolment(programme, invitation.mobile or "", invitation.email or "")
        if waiting is not None and waiting.user_id is None and not programme.enrolments.filter(user=user).exists():
            waiting.user = user
            waiting.save(update_fields=["user"])
        return enrolment_add(programme=programme, user=user, added_by=None, source=Enrolment.Source.INVITATION)


def enrolments_forget(*, user, service) -> int:
    """The member's account was closed: take them off the service's programmes
    and remove what the roster holds about them (name, contact details, the
    free-text parts of their answers). Counts stay; nothing identifies them."""
    now = timezone.now()
    with transaction.atomic():
        enrolments = list(Enrolment.objects.filter(user=user, programme__service=service))
        for enrolment in enrolments:
            enrolment.contact_consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
            enrolment.links.filter(revoked_at__isnull=True).update(revoked_at=now)
            InterestResponse.objects.filter(enrolment=enrolment).update(
                places="", home_outcode="", accessibility_needs=""
            )
            enrolment.status = Enrolment.Status.WITHDRAWN
            enrolment.withdrawn_at = enrolment.withdrawn_at or now
            enrolment.name, enrolment.mobile, enrolment.email = "", "", ""
            enrolment.save(update_fields=["status", "withdrawn_at", "name", "mobile", "email"])
            audit_record(actor=None, action="enrolment.forgotten", target=enrolment, service=service)
    return len(enrolments)


def enrolment_withdraw(*, enrolment: Enrolment, actor) -> Enrolment:
    """Take someone off a programme: their contact sharing stops at once and
    their links stop working. Their interest answer is kept for the counts."""
    with transaction.atomic():
        now = timezone.now()
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.withdrawn_at = now
        enrolment.save(update_fields=["status", "withdrawn_at"])
        enrolment.contact_consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        enrolment.links.filter(revoked_at__isnull=True).update(revoked_at=now)
        audit_record(actor=actor, action="enrolment.withdrawn", target=enrolment, service=enrolment.programme.service)
    return enrolment


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
            messages = member_notify(
                recipient=enrolment.user,
                template="interest_question",
                context={
                    "name": enrolment.user.display_name,
                    "service_name": programme.service.name,
                    "programme_title": programme.title,
                    "link": absolute_url("programmes:interest-link", token),
                    "expires_on": london_date(link.expires_at),
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
    return sent


def interest_by_sms(*, user, question, reply, inbound=None) -> None:
    """Reply handler (notifications registry) for the follow-on group question:
    YES, MAYBE or NO by text changes only the answer, keeping any preferences
    the member gave before."""
    answer = SMS_INTEREST_REPLIES.get(reply)
    _, _, public_id = question.object_ref.partition(":")
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
        errors["answer"] = "Select yes, maybe or no"
    if reason and reason not in InterestResponse.Reason.values:
        errors["reason"] = "Select a reason from the list"
    if travel and travel not in InterestResponse.Travel.values:
        errors["travel"] = "Select how far you can travel"
    for name, values, allowed in [
        ("days", days, InterestResponse.Day.values),
        ("times_of_day", times_of_day, InterestResponse.TimeOfDay.values),
        ("keep_in_touch", keep_in_touch, InterestResponse.KeepInTouch.values),
    ]:
        if not set(values) <= set(allowed):
            errors[name] = "Select from the list"
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


# Consented contact exchange ---------------------------------------------------


def contact_notice_ensure(*, service):
    """The service's current contact-sharing notice (accounts.ConsentNotice), published from the standard wording
    if the service has none yet."""

    notice = current_notice(service, ConsentKind.CONTACT_SHARING)
    if notice is None:
        consent_notices_ensure(service=service)
        notice = current_notice(service, ConsentKind.CONTACT_SHARING)
    return notice


def contact_sharing_set(*, enrolment: Enrolment, actor, fields: Iterable[str], channel: str = "web") -> set[str]:
    """Set exactly which contact fields this member shares with the other
    sharing members of their programme.

    Sharing anything records the member's agreement to the service's current
    contact-sharing notice (accounts.consent_record) if it is not already
    current; each field is a ContactConsent row carrying that notice's
    version. Fields not listed are withdrawn at once. If the member had
    withdrawn their agreement elsewhere (their choices page), their old field
    choices no longer count and are replaced. Returns the fields now shared.
    """

    if enrolment.status != Enrolment.Status.JOINED or enrolment.user_id is None:
        raise PermissionDenied("not a current participant")
    wanted = set(fields)
    if not wanted <= set(ContactConsent.Field.values):
        raise ValidationError({"fields": "Select from the list"})
    service = enrolment.programme.service
    user = enrolment.user
    with transaction.atomic():
        notice = contact_notice_ensure(service=service)
        agreed = member_has_current_consent(user, service, ConsentKind.CONTACT_SHARING)
        current = {c.field: c for c in enrolment.contact_consents.select_for_update().filter(withdrawn_at__isnull=True)}
        if not agreed:
            stale = set(current)
            current = {}
        else:
            stale = set()
        withdrawn = sorted((set(current) - wanted) | stale)
        granted = sorted(wanted - set(current))
        if withdrawn:
            enrolment.contact_consents.filter(withdrawn_at__isnull=True, field__in=withdrawn).update(
                withdrawn_at=timezone.now()
            )
        if wanted and not agreed:
            consent_record(
                user=user, service=service, kind=ConsentKind.CONTACT_SHARING, decision="given", channel=channel
            )
        ContactConsent.objects.bulk_create(
            ContactConsent(enrolment=enrolment, field=f, notice_version=str(notice.version)) for f in granted
        )
        if withdrawn or granted:
            audit_record(
                actor=actor,
                action="contact_sharing.changed",
                target=enrolment,
                service=service,
                detail={"granted": granted, "withdrawn": withdrawn, "notice_version": notice.version},
            )
    return wanted


def contact_sharing_stop(*, enrolment: Enrolment, actor) -> None:
    """Stop sharing every contact field, at once."""
    contact_sharing_set(enrolment=enrolment, actor=actor, fields=())


# Prompts to facilitators ----------------------------------------------------------


def protocol_prompts_send(*, today: date | None = None) -> int:
    """Remind each programme's facilitators and PTVs, the day before sessions
    N−3, N−2 and N−1, what the hand-over protocol asks of that session.

    Idempotent per programme, session and person, so a scheduler may call it
    as often as it likes. Returns the number of messages queued.
    """
    today = today or timezone.localdate()
    tomorrow_start = _aware(today + timedelta(days=1), time(0, 0))
    tomorrow_end = tomorrow_start + timedelta(days=1)
    sessions = ProgrammeSession.objects.filter(
        starts_at__gte=tomorrow_start, starts_at__lt=tomorrow_end
    ).select_related("programme__service")
    queued = 0
    for session in sessions:
        programme = session.programme
        before_end = programme.session_count - session.number
        if before_end not in (1, 2, 3):
            continue
        steps = [s.title for s in programme.protocol_steps.filter(sessions_before_end=before_end, done_at__isnull=True)]
        if not steps:
            continue
        people = {u.pk: u for u in list(programme.facilitators.all()) + list(programme.ptvs.all())}
        for person in people.values():
            reach = staff_address_for(person)
            key = f"protocol-prompt:{session.public_id}:{person.public_id}"
            if reach is None or OutboundMessage.objects.filter(idempotency_key=key).exists():
                continue
            channel, address = reach
            message_enqueue(
                template="protocol_prompt",
                context={
                    "name": person.display_name,
                    "programme_title": programme.title,
                    "session_number": session.number,
                    "session_count": programme.session_count,
                    "session_date": london_date(session.starts_at),
                    "steps": steps,
                    "link": absolute_url("programmes:staff-detail", programme.public_id),
                },
                idempotency_key=key,
                channel=channel,
                to_address=address,
                recipient=person,
                service=programme.service,
            )
            queued += 1
    return queued


# Bulk enrolment from a CSV upload -------------------------------------------------

UPLOAD_VALID_FOR = timedelta(hours=24)


def upload_preview_create(*, programme: Programme, uploaded_by, data: bytes) -> ParticipantUpload:
    """Read a CSV of participants and keep the checked rows for a preview.

    Nothing is added to the programme until `upload_confirm`. Raises
    uploads.UploadError (with a message naming the expected columns) when the
    file itself cannot be used. Older unconfirmed uploads of this programme
    are discarded, so personal data does not linger.
    """
    roster = [
        RosterEntry(mobile=m, email=e, withdrawn=s == Enrolment.Status.WITHDRAWN)
        for m, e, s in programme.enrolments.values_list("mobile", "email", "status")
    ] + [
        RosterEntry(mobile=m or "", email=e or "", withdrawn=s == Enrolment.Status.WITHDRAWN)
        for m, e, s in programme.enrolments.filter(user__isnull=False).values_list(
            "user__mobile", "user__email", "status"
        )
    ]
    results = parse_participants_csv(data, roster)
    with transaction.atomic():
        programme.uploads.filter(status=ParticipantUpload.Status.PREVIEW).update(
            status=ParticipantUpload.Status.DISCARDED, rows=[], finished_at=timezone.now()
        )
        upload = ParticipantUpload.objects.create(
            programme=programme,
            uploaded_by=uploaded_by,
            rows=[r.as_dict() for r in results],
            summary=summarise(results),
        )
        audit_record(
            actor=uploaded_by,
            action="enrolment_upload.previewed",
            target=upload,
            service=programme.service,
            detail={"rows": len(results)},
        )
    return upload


def upload_confirm(*, upload: ParticipantUpload, confirmed_by) -> dict[str, int]:
    """Add and invite the previewed rows that can be added, all or nothing.

    Returns {"added": n, "merged": m}: `merged` counts rows that turned out
    to be someone already on the programme (added meanwhile).
    """
    with transaction.atomic():
        upload = ParticipantUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != ParticipantUpload.Status.PREVIEW:
            raise ValidationError("This upload has already been confirmed or discarded")
        if upload.created_at < timezone.now() - UPLOAD_VALID_FOR:
            raise ValidationError("This upload has expired. Upload the file again")
        added = merged = 0
        for row in upload.rows:
            if row["status"] not in RowResult.ADDS:
                continue
            _enrolment, created = enrolment_invite(
                programme=upload.programme,
                invited_by=confirmed_by,
                name=row["name"],
                mobile=row["mobile"],
                email=row["email"],
                source=Enrolment.Source.UPLOAD,
            )
            added += created or row["status"] == "rejoin"
            merged += not created and row["status"] != "rejoin"
        upload.status = ParticipantUpload.Status.CONFIRMED
        upload.rows = []
        upload.summary = {**upload.summary, "added": added}
        upload.finished_at = timezone.now()
        upload.save(update_fields=["status", "rows", "summary", "finished_at"])
        audit_record(
            actor=confirmed_by,
            action="enrolment_upload.confirmed",
            target=upload,
            service=upload.programme.service,
            detail={"added": added, "merged": merged},
        )
    return {"added": added, "merged": merged}


def upload_discard(*, upload: ParticipantUpload, discarded_by) -> None:
    with transaction.atomic():
        updated = ParticipantUpload.objects.filter(pk=upload.pk, status=ParticipantUpload.Status.PREVIEW).update(
            status=ParticipantUpload.Status.DISCARDED, rows=[], finished_at=timezone.now()
        )
        if updated:
            audit_record(
                actor=discarded_by,
                action="enrolment_upload.discarded",
                target=upload,
                service=upload.programme.service,
            )


PROMPT_FROM_HOUR = 9


def protocol_prompts_job() -> None:
    """The worker's periodic job (core.worker_hooks): send the day-before
    protocol prompts once it is 9am in London, so nobody is messaged at night."""
    if timezone.localtime().hour >= PROMPT_FROM_HOUR:
        protocol_prompts_send()
