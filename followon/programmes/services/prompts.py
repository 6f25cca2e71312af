"""Prompts to facilitators when a hand-over step is due (a worker job)."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone, translation

from followon.core.formatting import london_date
from followon.core.links import absolute_url
from followon.notifications.addresses import staff_address_for
from followon.notifications.models import OutboundMessage
from followon.notifications.services import message_enqueue, message_language
from followon.programmes.models import (
    ProgrammeSession,
)
from followon.programmes.protocol_defaults import step_in_language
from followon.programmes.services.common import _aware

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
            # The date, the shipped steps' wording and the link in the language the message will be in
            # (the staff member's preference where the service offers it; ADR 0027).
            with translation.override(message_language(person, programme.service)):
                session_date = london_date(session.starts_at)
                steps_shown = [step_in_language(title) for title in steps]
                link = absolute_url("programmes:staff-detail", programme.public_id)
            message_enqueue(
                template="protocol_prompt",
                context={
                    "name": person.display_name,
                    "programme_title": programme.title,
                    "session_number": session.number,
                    "session_count": programme.session_count,
                    "session_date": session_date,
                    "steps": steps_shown,
                    "link": link,
                },
                idempotency_key=key,
                channel=channel,
                to_address=address,
                recipient=person,
                service=programme.service,
            )
            queued += 1
    return queued


PROMPT_FROM_HOUR = 9


def protocol_prompts_job() -> None:
    """The worker's periodic job (core.worker_hooks): send the day-before
    protocol prompts once it is 9am in London, so nobody is messaged at night."""
    if timezone.localtime().hour >= PROMPT_FROM_HOUR:
        protocol_prompts_send()
