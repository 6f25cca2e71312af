"""Reads for programmes, always scoped: staff reads start from a service,
member reads from the member. Personal answers never leave the member's own
pages: facilitators get who answered and totals only."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    UUIDField,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.accounts.models import ConsentKind
from followon.accounts.selectors import consented_members, current_notice, member_has_current_consent
from followon.core import hooks
from followon.core.links import token_hash
from followon.core.phone import format_uk_mobile
from followon.core.prepared import PreparedQuery
from followon.organisations.models import StaffRole
from followon.programmes.models import (
    ContactConsent,
    Enrolment,
    InterestResponse,
    MemberLink,
    Programme,
    ProgrammeSession,
    ProtocolStep,
)

JOINED = Enrolment.Status.JOINED


# Staff --------------------------------------------------------------------------


def programmes_for_service(service):
    return (
        Programme.objects.filter(service=service)
        .annotate(
            first_session=Min("sessions__starts_at"),
            last_session=Max("sessions__ends_at"),
            participant_count=Count("enrolments", filter=~Q(enrolments__status="withdrawn"), distinct=True),
            group_count=Count("groups", distinct=True),
        )
        .order_by("-start_date", "title")
    )


def programme_for_staff(service, public_id) -> Programme:
    """Raises Programme.DoesNotExist for another service's programme."""
    return (
        Programme.objects.select_related("service")
        .prefetch_related("facilitators", "ptvs", "sessions")
        .get(service=service, public_id=public_id)
    )


def _programme_page(service_id, public_id):
    return Programme.objects.filter(service_id=service_id, public_id=public_id)


# The page's sessions, clinicians and PTVs, and hand-over steps in one read (ADR 0036): a UNION ALL of
# the three tables on one set of columns, in the order each read had on its own. Each row is
# (part, o1, o2, o3, o4, then the columns below); part 1 is a session, 2 a clinician or PTV, 3 a step.
_PART_SESSION, _PART_PERSON, _PART_STEP = 1, 2, 3
_PART_COLUMNS = (
    "part",
    "o1",
    "o2",
    "o3",
    "o4",
    "row_id",
    "row_public_id",
    "row_number",
    "row_position",
    "row_at",
    "row_ends_at",
    "row_flag",
    "row_text",
    "row_kind",
    "row_lead",
    "row_ticks_when",
    "row_user_id",
    "row_user_name",
)


def _none(field):
    return Value(None, output_field=field)


def _programme_parts(programme_id):
    text, number, moment, flag = CharField(), IntegerField(), DateTimeField(), BooleanField()
    sessions = (
        ProgrammeSession.objects.filter(programme_id=programme_id)
        .annotate(
            part=Value(_PART_SESSION, output_field=number),
            o1=F("number"),
            o2=Value(0, output_field=number),
            o3=Value("", output_field=text),
            o4=F("id"),
            row_id=F("id"),
            row_public_id=F("public_id"),
            row_number=F("number"),
            row_position=Value(0, output_field=number),
            row_at=F("starts_at"),
            row_ends_at=F("ends_at"),
            row_flag=F("moved"),
            row_text=Value("", output_field=text),
            row_kind=Value("", output_field=text),
            row_lead=Value("", output_field=text),
            row_ticks_when=Value("", output_field=text),
            row_user_id=_none(number),
            row_user_name=Value("", output_field=text),
        )
        .values_list(*_PART_COLUMNS)
    )

    def people(through, kind):
        return (
            through.objects.filter(programme_id=programme_id)
            .annotate(
                part=Value(_PART_PERSON, output_field=number),
                o1=Value(0, output_field=number),
                o2=Value(0, output_field=number),
                o3=F("user__preferred_name"),
                o4=F("user_id"),
                row_id=F("id"),
                row_public_id=_none(UUIDField()),
                row_number=Value(0, output_field=number),
                row_position=Value(0, output_field=number),
                row_at=_none(moment),
                row_ends_at=_none(moment),
                row_flag=_none(flag),
                row_text=F("user__preferred_name"),
                row_kind=Value(kind, output_field=text),
                row_lead=Value("", output_field=text),
                row_ticks_when=Value("", output_field=text),
                row_user_id=F("user_id"),
                row_user_name=Value("", output_field=text),
            )
            .values_list(*_PART_COLUMNS)
        )

    steps = (
        ProtocolStep.objects.filter(programme_id=programme_id)
        .annotate(
            part=Value(_PART_STEP, output_field=number),
            o1=-F("sessions_before_end"),
            o2=F("position"),
            o3=Value("", output_field=text),
            o4=F("id"),
            row_id=F("id"),
            row_public_id=F("public_id"),
            row_number=F("sessions_before_end"),
            row_position=F("position"),
            row_at=F("done_at"),
            row_ends_at=_none(moment),
            row_flag=_none(flag),
            row_text=F("title"),
            row_kind=F("guidance"),
            row_lead=F("lead"),
            row_ticks_when=F("ticks_when"),
            row_user_id=F("done_by_id"),
            row_user_name=F("done_by__preferred_name"),
        )
        .values_list(*_PART_COLUMNS)
    )
    return sessions.union(
        people(Programme.facilitators.through, "facilitators"),
        people(Programme.ptvs.through, "ptvs"),
        steps,
        all=True,
    ).order_by("part", "o1", "o2", "o3", "o4")


# The staff programme page's reads, built once per process (core.prepared, ADR 0032): every call runs
# its query with the call's values; only the SQL text is kept.
_PROGRAMME_PAGE = PreparedQuery(_programme_page, service_id=int, public_id=uuid.UUID)
_PROGRAMME_PARTS = PreparedQuery(_programme_parts, programme_id=int)
_SESSION_FIELDS = ("id", "public_id", "programme_id", "number", "starts_at", "ends_at", "moved")
_STEP_FIELDS = (
    "id",
    "public_id",
    "programme_id",
    "sessions_before_end",
    "position",
    "title",
    "guidance",
    "lead",
    "ticks_when",
    "done_at",
    "done_by_id",
)


def _remember_related(instance, name: str, rows: list) -> None:
    """What `prefetch_related(name)` leaves on `instance`: `instance.<name>.all()` answers `rows`
    without a query (the rows were read by the caller, scoped to this instance)."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def programme_page_for_staff(service, public_id) -> Programme:
    """programme_for_staff for the staff programme page: the same rule (a programme of `service`,
    else Programme.DoesNotExist), with its sessions, its clinicians' and PTVs' names
    (`facilitator_names`, `ptv_names`) and its hand-over steps (`page_steps`, what
    `protocol_steps_for` reads, each with the name of who marked it done) in two queries whose SQL is
    built once per process."""
    programme = _PROGRAMME_PAGE.get(service_id=service.pk, public_id=public_id)
    programme.service = service  # the service it was read by: the same row
    db = programme._state.db
    sessions, steps = [], []
    names = {"facilitators": [], "ptvs": []}
    user_model = ProtocolStep._meta.get_field("done_by").related_model
    for row in _PROGRAMME_PARTS.list(programme_id=programme.pk):
        (part, _o1, _o2, _o3, _o4, row_id, public, number, position, at, ends_at, flag, text, kind, lead, ticks,
         user_id, user_name) = row  # fmt: skip
        if part == _PART_SESSION:
            session = ProgrammeSession.from_db(
                db, _SESSION_FIELDS, (row_id, public, programme.pk, number, at, ends_at, flag)
            )
            session.programme = programme
            sessions.append(session)
        elif part == _PART_PERSON:
            names[kind].append(text)
        else:
            step = ProtocolStep.from_db(
                db, _STEP_FIELDS, (row_id, public, programme.pk, number, position, text, kind, lead, ticks, at, user_id)
            )
            # As select_related("done_by") read it, for the name the checklist shows: only the name is read.
            step.done_by = None
            if user_id is not None:
                step.done_by = user_model.from_db(db, ("id", "preferred_name"), (user_id, user_name))
            steps.append(step)
    _remember_related(programme, "sessions", sessions)
    programme.facilitator_names, programme.ptv_names = names["facilitators"], names["ptvs"]
    programme.page_steps = steps
    return programme


def staff_choices(service, role: str):
    return (
        StaffRole.objects.filter(service=service, role=role, is_active=True)
        .select_related("user")
        .order_by("user__preferred_name", "user_id")
    )


_PROTOCOL_STEPS = PreparedQuery(
    lambda programme_id: ProtocolStep.objects.filter(programme_id=programme_id).select_related("done_by"),
    programme_id=int,
)


def protocol_steps_for(programme: Programme) -> list[ProtocolStep]:
    """The programme's hand-over steps in order, each with who marked it done: those the page's read
    (`programme_page_for_staff`) already holds, else one query."""
    steps = getattr(programme, "page_steps", None)
    if steps is not None:
        return steps
    return _PROTOCOL_STEPS.list(programme_id=programme.pk)


@dataclass
class ProtocolSession:
    """One of the last three sessions with what the hand-over asks of it."""

    number: int
    sessions_before_end: int
    session: ProgrammeSession | None
    steps: list[ProtocolStep]

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.done_at)


def protocol_checklist(programme: Programme, steps: list[ProtocolStep]) -> list[ProtocolSession]:
    sessions = {s.number: s for s in programme.sessions.all()}
    by_k: dict[int, list[ProtocolStep]] = {}
    for step in steps:
        by_k.setdefault(step.sessions_before_end, []).append(step)
    return [
        ProtocolSession(
            number=programme.session_count - k,
            sessions_before_end=k,
            session=sessions.get(programme.session_count - k),
            steps=by_k[k],
        )
        for k in sorted(by_k, reverse=True)
    ]


@dataclass
class ProgrammeStage:
    """Where a programme is today, by session number."""

    label: str
    current_number: int | None = None  # the last session that has started
    next_session: ProgrammeSession | None = None
    finished: bool = False
    sessions_before_end: int | None = None  # of the next session


def programme_stage(programme: Programme, now: datetime | None = None) -> ProgrammeStage:
    now = now or timezone.now()
    sessions = sorted(programme.sessions.all(), key=lambda s: s.number)
    if not sessions:
        return ProgrammeStage(label=_("No sessions"))
    started = [s for s in sessions if s.starts_at <= now]
    upcoming = [s for s in sessions if s.starts_at > now]
    if not upcoming and sessions[-1].ends_at <= now:
        return ProgrammeStage(label=_("Finished"), current_number=sessions[-1].number, finished=True)
    nxt = upcoming[0] if upcoming else None
    before_end = programme.session_count - nxt.number if nxt else None
    label = (
        _("Not started")
        if not started
        else _("Session %(number)s of %(count)s") % {"number": started[-1].number, "count": programme.session_count}
    )
    return ProgrammeStage(
        label=label,
        current_number=started[-1].number if started else None,
        next_session=nxt,
        sessions_before_end=before_end,
    )


@dataclass
class RosterRow:
    enrolment: Enrolment
    answered: bool
    answered_on: date | None
    sharing_contacts: bool


@dataclass
class InterestSummary:
    joined: int = 0
    answered: int = 0
    counts: dict = field(default_factory=dict)  # answer -> n
    reasons: list = field(default_factory=list)  # (label, n)
    days: list = field(default_factory=list)
    times_of_day: list = field(default_factory=list)
    keep_in_touch: list = field(default_factory=list)
    travel: list = field(default_factory=list)
    sharing: int = 0


def _roster(programme_id):
    # The roster shows each enrolment's own name and status, never its member's account: no user read.
    return (
        Enrolment.objects.filter(programme_id=programme_id)
        .select_related("interest")
        .annotate(consents=Count("contact_consents", filter=Q(contact_consents__withdrawn_at__isnull=True)))
        .order_by("status", "name", "id")
    )


_ROSTER = PreparedQuery(_roster, programme_id=int)


def programme_roster(programme: Programme) -> tuple[list[RosterRow], InterestSummary]:
    """Everyone on the programme with whether they have answered, and totals.

    Two queries whatever the size of the programme. Individual answers,
    preferences and accessibility needs are not returned: only counts.
    """
    enrolments = _ROSTER.list(programme_id=programme.pk)
    summary = InterestSummary()
    answers: Counter = Counter()
    reasons: Counter = Counter()
    days: Counter = Counter()
    times: Counter = Counter()
    touch: Counter = Counter()
    travel: Counter = Counter()
    rows = []
    for enrolment in enrolments:
        interest = getattr(enrolment, "interest", None) if enrolment.status == JOINED else None
        if enrolment.status == JOINED:
            summary.joined += 1
            if enrolment.consents:
                summary.sharing += 1
        if interest is not None:
            summary.answered += 1
            answers[interest.answer] += 1
            if interest.reason:
                reasons[interest.reason] += 1
            if interest.is_interested:
                days.update(interest.days)
                times.update(interest.times_of_day)
                touch.update(interest.keep_in_touch)
                if interest.travel:
                    travel[interest.travel] += 1
        rows.append(
            RosterRow(
                enrolment=enrolment,
                answered=interest is not None,
                answered_on=timezone.localdate(interest.first_answered_at) if interest else None,
                sharing_contacts=bool(enrolment.consents) and enrolment.status == JOINED,
            )
        )

    def ordered(counter: Counter, choices) -> list[tuple[str, int]]:
        return [(label, counter[value]) for value, label in choices.choices if counter[value]]

    summary.counts = {a: answers[a] for a in InterestResponse.Answer.values}
    summary.reasons = ordered(reasons, InterestResponse.Reason)
    summary.days = ordered(days, InterestResponse.Day)
    summary.times_of_day = ordered(times, InterestResponse.TimeOfDay)
    summary.keep_in_touch = ordered(touch, InterestResponse.KeepInTouch)
    summary.travel = ordered(travel, InterestResponse.Travel)
    return rows, summary


def enrolment_for_staff(programme: Programme, public_id) -> Enrolment:
    return programme.enrolments.select_related("user").get(public_id=public_id)


def upload_for_staff(programme: Programme, public_id):
    return programme.uploads.get(public_id=public_id)


# Members ------------------------------------------------------------------------


def member_enrolments(user):
    """The programmes a member has joined, newest first."""
    return (
        Enrolment.objects.filter(user=user, status=JOINED)
        .select_related("programme", "programme__service", "interest")
        .order_by("-programme__start_date", "id")
    )


def _questions_waiting_query(user_id, now):
    live_question = MemberLink.objects.filter(
        enrolment_id=OuterRef("pk"), purpose=MemberLink.Purpose.INTEREST, revoked_at__isnull=True, expires_at__gt=now
    )
    return (
        Enrolment.objects.filter(Exists(live_question), user_id=user_id, status=JOINED, interest__isnull=True)
        .order_by("-programme__start_date", "id")
        # What member home shows of each, and nothing else: the programme's title and address, as values
        # (no model objects to build; issue 16).
        .values_list("programme__title", "programme__public_id")
    )


# Member home asks this on every visit: the SQL is built once per process (core.prepared, ADR 0032).
_QUESTIONS_WAITING = PreparedQuery(_questions_waiting_query, user_id=int, now=datetime)


def member_questions_waiting(user) -> list[tuple[str, uuid.UUID]]:
    """The member's programmes whose follow-on group question was sent to them and is still
    unanswered (a live interest link, no answer yet): what member home shows as waiting, as
    (programme title, programme public id), newest programme first. One query."""
    return _QUESTIONS_WAITING.list(user_id=user, now=timezone.now())


def member_enrolment(user, programme_public_id) -> Enrolment:
    """The member's own joined enrolment on that programme. Raises Enrolment.DoesNotExist otherwise."""
    return (
        Enrolment.objects.select_related("programme", "programme__service", "user")
        .prefetch_related("programme__sessions")
        .get(user=user, status=JOINED, programme__public_id=programme_public_id)
    )


def member_interest(enrolment: Enrolment) -> InterestResponse | None:
    return InterestResponse.objects.filter(enrolment=enrolment).first()


def member_link_find(token: str, purpose: str) -> MemberLink | None:
    """The live link for this token and purpose, or None (unknown, expired,
    revoked, or the member has left the programme)."""
    if not token or len(token) > 64:
        return None
    return (
        MemberLink.objects.select_related("enrolment", "enrolment__user", "enrolment__programme__service")
        .filter(
            token_hash=token_hash(token),
            purpose=purpose,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            enrolment__status=JOINED,
        )
        .first()
    )


def shared_fields(enrolment: Enrolment) -> set[str]:
    return set(enrolment.contact_consents.filter(withdrawn_at__isnull=True).values_list("field", flat=True))


def member_sharing(enrolment: Enrolment) -> set[str]:
    """The contact fields this member shares now: their field choices count
    only while their agreement to the service's contact-sharing notice is current."""

    if not member_has_current_consent(enrolment.user, enrolment.programme.service, ConsentKind.CONTACT_SHARING):
        return set()
    return shared_fields(enrolment)


def contact_notice(service):

    return current_notice(service, ConsentKind.CONTACT_SHARING)


@dataclass
class ContactCard:
    name: str
    name_shared: bool
    mobile: str = ""
    email: str = ""


def programme_contact_list(enrolment: Enrolment, viewer_fields: set[str] | None = None) -> list[ContactCard] | None:
    """What `enrolment`'s member may see of the others on their programme.

    None when the viewer does not take part in the exchange themselves (shares
    no field). Otherwise, for each other current participant who shares at
    least one field and whose agreement to the contact-sharing notice is
    current, only the fields they share, read from their account at this
    moment, so a withdrawal takes effect on the very next page view. One query.
    """

    if viewer_fields is None:
        viewer_fields = member_sharing(enrolment)
    if not viewer_fields:
        return None
    service = enrolment.programme.service
    consents = (
        ContactConsent.objects.filter(
            enrolment__programme_id=enrolment.programme_id,
            enrolment__status=JOINED,
            enrolment__user__isnull=False,
            enrolment__user__is_active=True,
            enrolment__user__in=consented_members(service, ConsentKind.CONTACT_SHARING),
            withdrawn_at__isnull=True,
        )
        .exclude(enrolment_id=enrolment.pk)
        .select_related("enrolment__user")
        .order_by("enrolment__user__preferred_name", "enrolment_id")
    )
    cards: dict[int, ContactCard] = {}
    for consent in consents:
        user = consent.enrolment.user
        card = cards.setdefault(consent.enrolment_id, ContactCard(name="", name_shared=False))
        if consent.field == ContactConsent.Field.NAME:
            card.name, card.name_shared = user.preferred_name, True
        elif consent.field == ContactConsent.Field.MOBILE and user.mobile:
            card.mobile = format_uk_mobile(user.mobile)
        elif consent.field == ContactConsent.Field.EMAIL and user.email:
            card.email = user.email
    visible = [c for c in cards.values() if c.name_shared or c.mobile or c.email]
    return sorted(visible, key=lambda c: (not c.name_shared, c.name.lower()))


def member_programme_sessions(enrolment: Enrolment) -> list[ProgrammeSession]:
    return sorted(enrolment.programme.sessions.all(), key=lambda s: s.number)


# Follow-on groups are the groups app's (above this one): programme pages ask it through hooks.
PROGRAMME_GROUPS_HOOK = "programmes.programme_groups"
OPEN_GROUPS_HOOK = "programmes.open_groups_for_member"


def programme_groups(programme: Programme):
    """The programme's groups with member and invitation counts and coordinators, for the staff
    programme page (answered by `peergroups.selectors.groups_for_programme`)."""
    return hooks.ask(PROGRAMME_GROUPS_HOOK, programme)


def programme_open_groups_for_member(enrolment: Enrolment):
    """Forming and active groups of the member's programme, each with `my_memberships` (answered by
    `peergroups.selectors.programme_open_groups_for_member`)."""
    return hooks.ask(OPEN_GROUPS_HOOK, enrolment)
