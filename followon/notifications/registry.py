"""Hooks other apps register (in their AppConfig.ready) so notifications stays generic.

- reply handlers: what a YES / NO / MAYBE / STILL HERE text does, per question kind;
- the fallback handler: where any other text from a member goes (the conversations app screens it,
  then puts it on the member's group board);
- reminder guards: a last check at send time that a reminder's subject still stands;
- reminder context resolvers: values computed at send time (links with tokens), never stored;
- topic sources: the groups a member can mute on their preferences page;
- daily jobs: work done once a day (Europe/London) by whichever worker gets there first;
- the member-service resolver: which pain service a member belongs to (the accounts app's answer).

All are plain module-level dicts/lists: registration happens at start-up,
identically in every process, so no state is kept between requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

_reply_handlers: dict[str, Callable] = {}
_fallback: list[Callable] = []
_reminder_guards: dict[str, Callable] = {}
_reminder_contexts: dict[str, Callable] = {}
_topic_sources: list[Callable] = []
_daily_jobs: dict[str, tuple[Callable, int]] = {}
_member_service: list[Callable] = []


def register_reply_handler(kind: str, handler: Callable) -> None:
    """`handler(*, user, question, reply, inbound) -> None` runs when `user` answers a `kind` question.

    `reply` is the normalised keyword ("YES", "NO", "MAYBE", "STILL HERE"), or
    services.ANY_TEXT for a free-text answer (read `inbound.body`). Either way, raise
    services.ReplyNotUnderstood(gettext_lazy("hint")) to text the member a hint and change nothing
    (lazy, so it is written in the member's message language when the reply is);
    `question` the OpenQuestion (its `object_ref` says what it was about).
    It runs in the callback's transaction (inside a savepoint): raise to undo.
    """
    _reply_handlers[kind] = handler


def reply_handler(kind: str) -> Callable | None:
    return _reply_handlers.get(kind)


def register_fallback_handler(handler: Callable) -> None:
    """`handler(*, user, inbound, service) -> bool`: pass a free-text reply on (the conversations app
    screens it with the safety screen, then posts it on the member's group board).

    Return True if it reached the board; False leaves it for staff of the member's service
    (screened all the same). One handler (the conversations app's); registering again replaces it.
    """
    _fallback[:] = [handler]


def fallback_handler() -> Callable | None:
    return _fallback[0] if _fallback else None


def register_reminder_guard(key_prefix: str, guard: Callable) -> None:
    """`guard(*, key, context) -> bool`: False means "do not send" (the meeting was cancelled).

    Called just before a reminder whose key starts with `key_prefix` is sent.
    """
    _reminder_guards[key_prefix] = guard


def reminder_guard(key: str) -> Callable | None:
    matches = [prefix for prefix in _reminder_guards if key.startswith(prefix)]
    return _reminder_guards[max(matches, key=len)] if matches else None


def register_reminder_context(key_prefix: str, resolver: Callable) -> None:
    """`resolver(*, key, context) -> dict`: values to add to a reminder's stored context when it is sent.

    For secrets that must not wait in the Reminder row until the send (a questionnaire link with
    its token): store an id in the context, and let the resolver compute the value from it. Called
    for reminders whose key starts with `key_prefix` (the longest registered prefix wins), when
    reminder_schedule() checks the template renders and again just before sending. An exception
    marks the reminder failed (logged) without stopping the worker.
    """
    _reminder_contexts[key_prefix] = resolver


def reminder_context_resolver(key: str) -> Callable | None:
    matches = [prefix for prefix in _reminder_contexts if key.startswith(prefix)]
    return _reminder_contexts[max(matches, key=len)] if matches else None


def register_topic_source(source: Callable) -> None:
    """`source(user) -> list[tuple[str, str]]`: (topic key, label) pairs the member can mute."""
    if source not in _topic_sources:
        _topic_sources.append(source)


def topics_for(user) -> list[tuple[str, str]]:
    topics: list[tuple[str, str]] = []
    for source in _topic_sources:
        topics.extend(source(user))
    return topics


def register_daily_job(name: str, job: Callable, *, hour: int = 7) -> None:
    """`job(*, now) -> object` runs once a day from `hour` o'clock UK time, in a background task.

    The worker's periodic sweep starts it (once per day across all workers, even
    if a worker was down at `hour`); it must be idempotent. What it returns is logged.
    """
    _daily_jobs[name] = (job, hour)


def daily_jobs() -> dict[str, tuple[Callable, int]]:
    return dict(_daily_jobs)


def unregister(
    *,
    reply_kind: str | None = None,
    fallback: bool = False,
    guard_prefix: str | None = None,
    context_prefix: str | None = None,
    topic_source=None,
    daily_job: str | None = None,
):
    """For tests: remove a registration made by the test."""
    if daily_job is not None:
        _daily_jobs.pop(daily_job, None)
    if reply_kind is not None:
        _reply_handlers.pop(reply_kind, None)
    if fallback:
        _fallback.clear()
    if guard_prefix is not None:
        _reminder_guards.pop(guard_prefix, None)
    if context_prefix is not None:
        _reminder_contexts.pop(context_prefix, None)
    if topic_source is not None and topic_source in _topic_sources:
        _topic_sources.remove(topic_source)


@contextmanager
def isolated() -> Iterator[None]:
    """For tests: whatever is registered or unregistered inside is undone afterwards, and the
    apps' own registrations come back."""
    saved = (
        dict(_reply_handlers),
        list(_fallback),
        dict(_reminder_guards),
        list(_topic_sources),
        dict(_daily_jobs),
        dict(_reminder_contexts),
    )
    try:
        yield
    finally:
        _reply_handlers.clear()
        _reply_handlers.update(saved[0])
        _fallback[:] = saved[1]
        _reminder_guards.clear()
        _reminder_guards.update(saved[2])
        _topic_sources[:] = saved[3]
        _daily_jobs.clear()
        _daily_jobs.update(saved[4])
        _reminder_contexts.clear()
        _reminder_contexts.update(saved[5])


def register_member_service(resolver: Callable) -> None:
    """`resolver(user) -> PainService | None`: the service a member belongs to (the accounts app's
    `member_primary_service`). Registering again replaces it."""
    _member_service[:] = [resolver]


def member_service(user):
    """The member's pain service as the registered resolver says, or None when none is registered."""
    return _member_service[0](user) if _member_service else None
