"""Rank the options of an availability poll: a pure function, with no database and no clock. Its
reasons are sentences for the coordinator, in the language active when it is called (Django's gettext:
run outside Django, configure settings first, e.g. `settings.configure(USE_I18N=False)` for English,
as the bench case does).

The coordinator's poll page calls :func:`rank_poll_options` with plain dataclasses built from the
models and shows, for every option, how many can come, who it leaves out and why it is where it is.
The rule (docs/adr/0008-meeting-poll-ranking-recurrence-and-calendar-files.md), in order:

1. **Who can come**: members who said Yes or If need be, plus members who have not answered but whose
   usual times fit the option (``Availability.LIKELY``). More is better.
2. **Who said Yes**: explicit Yes answers only. More is better.
3. **Not the same person again**: how many of the people it leaves out were also left out of the most
   recent confirmed meeting. Fewer is better.
4. **Recent misses**: for the people it leaves out, how many of the last ``FAIRNESS_WINDOW`` confirmed
   meetings left each of them out, added up. Fewer is better.
5. **Usual times**: how many people who can come (by their own answer) would be coming at a time or on a
   day their standing preferences say does not suit them. Fewer is better.
6. Earlier start, then option id: a deterministic tie-break.

"Leaves out" means a member who answered No, or who has not answered and whose standing preferences
rule the option out (``Availability.LIKELY_NOT``). A member who has not answered and has no standing
preferences is ``Availability.UNKNOWN``: counted neither as coming nor as left out.

An explicit answer always wins over a standing preference: preferences are only used to infer an answer
the member has not given, and to break ties after fairness.

Standing preferences are in Europe/London local time: the times of day that suit a member (see
``TIME_OF_DAY_HOURS``: mornings before 12 noon, afternoons 12 noon to 4pm, evenings after 4pm — the 4pm
line comes from members saying "by half past four I'm done in") and the days of the week they work or
cannot do. An option suits a member's times of day only if every minute of it falls in a time of day
that suits them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cached_property, partial
from types import MappingProxyType

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, ngettext, pgettext

from followon.core.formatting import LONDON

__all__ = [
    "FAIRNESS_WINDOW",
    "LONDON",
    "TIME_OF_DAY_HOURS",
    "TIME_OF_DAY_LABELS",
    "WEEKDAY_NAMES",
    "Answer",
    "Availability",
    "Criterion",
    "PollInputError",
    "PollMember",
    "PollOption",
    "RankedOption",
    "StandingPreferences",
    "TimeOfDay",
    "UsualTimesConflict",
    "rank_poll_options",
    "usual_times_conflict",
]


#: How many past confirmed meetings (most recent first) count towards "recent misses".
FAIRNESS_WINDOW = 6

MemberId = Hashable
OptionId = Hashable


class PollInputError(ValueError):
    """The poll cannot be ranked as given. ``str(error)`` is a message fit to show a coordinator."""


class Answer(StrEnum):
    """What a member said about one option."""

    YES = "yes"
    IF_NEED_BE = "if_need_be"
    NO = "no"


class TimeOfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


#: [start hour, end hour) of each time of day, in Europe/London local time.
TIME_OF_DAY_HOURS: Mapping[TimeOfDay, tuple[int, int]] = MappingProxyType(
    {TimeOfDay.MORNING: (0, 12), TimeOfDay.AFTERNOON: (12, 16), TimeOfDay.EVENING: (16, 24)}
)

#: Labels for the member's preferences form.
TIME_OF_DAY_LABELS: Mapping[TimeOfDay, str] = MappingProxyType(
    {
        TimeOfDay.MORNING: "Mornings (before 12 noon)",
        TimeOfDay.AFTERNOON: "Afternoons (12 noon to 4pm)",
        TimeOfDay.EVENING: "Evenings (after 4pm)",
    }
)

_TIMES_OF_DAY = tuple(TimeOfDay)

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# How a reason names a time of day that does not suit `n` people, as whole sentences for the catalogue.
def _time_of_day_reason(period: TimeOfDay, n: int) -> str:
    if period is TimeOfDay.MORNING:
        text = ngettext(
            "Starts before 12 noon, which %(count)s person said does not suit them",
            "Starts before 12 noon, which %(count)s people said does not suit them",
            n,
        )
    elif period is TimeOfDay.AFTERNOON:
        text = ngettext(
            "Is in the afternoon (12 noon to 4pm), which %(count)s person said does not suit them",
            "Is in the afternoon (12 noon to 4pm), which %(count)s people said does not suit them",
            n,
        )
    else:
        text = ngettext(
            "Goes on after 4pm, which %(count)s person said does not suit them",
            "Goes on after 4pm, which %(count)s people said does not suit them",
            n,
        )
    return text % {"count": n}


class Availability(StrEnum):
    """A member's effective availability for one option: their answer, or what their preferences suggest."""

    YES = "yes"
    IF_NEED_BE = "if_need_be"
    NO = "no"
    LIKELY = "likely"  # no answer; their usual times fit this option
    LIKELY_NOT = "likely_not"  # no answer; their usual times rule this option out
    UNKNOWN = "unknown"  # no answer and no usual times

    @property
    def can_come(self) -> bool:
        return self in _CAN_COME

    @property
    def left_out(self) -> bool:
        return self in _LEFT_OUT

    @property
    def answered(self) -> bool:
        return self in _ANSWERED


_CAN_COME = frozenset({Availability.YES, Availability.IF_NEED_BE, Availability.LIKELY})
_LEFT_OUT = frozenset({Availability.NO, Availability.LIKELY_NOT})
_ANSWERED = frozenset({Availability.YES, Availability.IF_NEED_BE, Availability.NO})


class Criterion(StrEnum):
    """The rule that put an option above the one ranked just below it."""

    CAN_COME = "can_come"
    YES = "yes"
    NOT_LEFT_OUT_AGAIN = "not_left_out_again"
    RECENT_MISSES = "recent_misses"
    USUAL_TIMES = "usual_times"
    EARLIER = "earlier"
    OPTION_ID = "option_id"


@dataclass(frozen=True)
class StandingPreferences:
    """A member's usual times. Empty sets mean "not said", never "nothing suits"."""

    times_of_day: frozenset[TimeOfDay] = frozenset()
    unavailable_weekdays: frozenset[int] = frozenset()  # 0 = Monday ... 6 = Sunday

    def __post_init__(self) -> None:
        object.__setattr__(self, "times_of_day", frozenset(TimeOfDay(t) for t in self.times_of_day))
        object.__setattr__(self, "unavailable_weekdays", frozenset(self.unavailable_weekdays))
        if any(not isinstance(d, int) or not 0 <= d <= 6 for d in self.unavailable_weekdays):
            raise PollInputError("Days of the week must be numbers from 0 (Monday) to 6 (Sunday)")

    @property
    def stated(self) -> bool:
        return bool(self.times_of_day or self.unavailable_weekdays)


@dataclass(frozen=True)
class PollMember:
    id: MemberId
    name: str  # shown only to the group's coordinator, in the reasons
    preferences: StandingPreferences = field(default_factory=StandingPreferences)


@dataclass(frozen=True)
class PollOption:
    """A candidate date and time. ``id`` values must be comparable with each other (ints, strings or UUIDs)."""

    id: OptionId
    start: datetime  # timezone-aware
    end: datetime  # timezone-aware, after start
    venue_id: Hashable | None = None


@dataclass(frozen=True)
class UsualTimesConflict:
    """The parts of an option that go against one member's standing preferences."""

    weekdays: frozenset[int] = frozenset()  # days of the option the member cannot do
    times_of_day: frozenset[TimeOfDay] = frozenset()  # times of day the option covers that do not suit them

    def __bool__(self) -> bool:
        return bool(self.weekdays or self.times_of_day)


_NO_CONFLICT = UsualTimesConflict()


@dataclass(frozen=True)
class RankedOption:
    """One option with its place in the ranking and everything the coordinator page shows about it."""

    option: PollOption
    rank: int  # 1 is the best
    can_come: int  # yes + if_need_be + likely
    yes: int
    if_need_be: int
    likely: int
    no: int
    likely_not: int
    unknown: int
    left_out: tuple[MemberId, ...]  # in the order members were given
    left_out_again: tuple[MemberId, ...]  # left out here and at the most recent meeting
    recent_misses: int
    against_usual_times: tuple[MemberId, ...]  # can come by their own answer, though it does not suit them
    availability: Mapping[MemberId, Availability]
    decided_by: Criterion | None  # why it is above the next option; None for the last one
    # The sentences saying why, worked out when first read (the page shows the first option's only):
    # translating every option's reasons would cost more than ranking them.
    why: Callable[[], tuple[str, ...]] = field(repr=False, compare=False)

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        """Why it is where it is, in the active language."""
        return self.why()

    @property
    def sort_key(self) -> tuple:
        """The ranking order: smaller is better. See the module docstring for each part."""
        return (
            -self.can_come,
            -self.yes,
            len(self.left_out_again),
            self.recent_misses,
            len(self.against_usual_times),
            self.option.start,
            self.option.id,
        )


# The local-time facts of an option that preferences are checked against, computed once per option:
# (weekdays it touches, times of day it covers). A plain tuple, so it is cheap to hash as a cache key.
_Shape = tuple[frozenset[int], frozenset[TimeOfDay]]
_PERIOD_MINUTES = tuple((period, low * 60, high * 60) for period, (low, high) in TIME_OF_DAY_HOURS.items())


def _periods(first_minute: float, last_minute: float) -> frozenset[TimeOfDay]:
    return frozenset(p for p, low, high in _PERIOD_MINUTES if first_minute < high and last_minute > low)


def _shape(start: datetime, end: datetime) -> _Shape:
    local_start = start.astimezone(LONDON).replace(tzinfo=None)
    local_end = end.astimezone(LONDON).replace(tzinfo=None)
    if local_start.date() == local_end.date():  # the usual case: a meeting within one day
        first = local_start.hour * 60 + local_start.minute + local_start.second / 60
        last = local_end.hour * 60 + local_end.minute + local_end.second / 60
        return frozenset((local_start.weekday(),)), _periods(first, last)
    weekdays: set[int] = set()
    times: set[TimeOfDay] = set()
    day: date = local_start.date()
    while datetime.combine(day, datetime.min.time()) < local_end:
        midnight = datetime.combine(day, datetime.min.time())
        begin = max(local_start, midnight)
        finish = min(local_end, midnight + timedelta(days=1))
        if begin < finish:
            weekdays.add(day.weekday())
            times |= _periods((begin - midnight) / timedelta(minutes=1), (finish - midnight) / timedelta(minutes=1))
        day += timedelta(days=1)
    return frozenset(weekdays), frozenset(times)


def _conflict(preferences: StandingPreferences, shape: _Shape) -> UsualTimesConflict | None:
    weekdays, times_of_day = shape
    days = weekdays & preferences.unavailable_weekdays
    times = times_of_day - preferences.times_of_day if preferences.times_of_day else frozenset()
    if not days and not times:
        return None
    return UsualTimesConflict(days, times)


def usual_times_conflict(preferences: StandingPreferences, start: datetime, end: datetime) -> UsualTimesConflict:
    """What, if anything, about a meeting from ``start`` to ``end`` goes against ``preferences``.

    Falsy when the meeting fits. Useful beside a poll answer ("this is not one of your usual times").
    """
    _check_times(start, end)
    return _conflict(preferences, _shape(start, end)) or _NO_CONFLICT


def _check_times(start: datetime, end: datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise PollInputError("Option times must be timezone-aware")
    if end <= start:
        raise PollInputError("The meeting must end after it starts")


# StrEnum members hash and compare as their values, so stored strings ("yes") and Answer members both
# look up here.
_FROM_ANSWER: Mapping[str, Availability] = MappingProxyType(
    {Answer.YES: Availability.YES, Answer.IF_NEED_BE: Availability.IF_NEED_BE, Answer.NO: Availability.NO}
)


_KEY_CRITERIA = (
    Criterion.CAN_COME,
    Criterion.YES,
    Criterion.NOT_LEFT_OUT_AGAIN,
    Criterion.RECENT_MISSES,
    Criterion.USUAL_TIMES,
    Criterion.EARLIER,
    Criterion.OPTION_ID,
)


def rank_poll_options(
    *,
    options: Sequence[PollOption],
    members: Sequence[PollMember],
    answers: Mapping[MemberId, Mapping[OptionId, Answer | str]],
    history: Sequence[Collection[MemberId]] = (),
) -> list[RankedOption]:
    """Rank poll options, best first, with counts, who each leaves out and the reasons to show.

    ``answers`` maps member id -> option id -> Answer (a missing entry means "not answered").
    Answers from people who are not in ``members`` (for example someone who has left the group) are
    ignored; an answer for an option that is not in ``options`` is a programming error.
    ``history`` holds, for each past confirmed meeting of the group, most recent first, the ids of the
    members that meeting left out; only the first ``FAIRNESS_WINDOW`` are read.

    Returns a new list: every option exactly once, ``rank`` 1..n. The order depends only on the
    contents, not on the order of ``options`` or ``members``. Raises :class:`PollInputError` for
    duplicate ids, naive datetimes or an option that ends before it starts.
    """
    option_ids = [o.id for o in options]
    if len(set(option_ids)) != len(option_ids):
        raise PollInputError("Each option must have a different id")
    member_ids = [m.id for m in members]
    if len(set(member_ids)) != len(member_ids):
        raise PollInputError("Each member must have a different id")
    known_options = set(option_ids)
    known_members = set(member_ids)
    for member_id, by_option in answers.items():
        if member_id in known_members:
            unknown = set(by_option) - known_options
            if unknown:
                raise PollInputError("An answer refers to an option that is not in this poll")

    window = [frozenset(left_out) for left_out in history[:FAIRNESS_WINDOW]]
    last_left_out = window[0] if window else frozenset()
    misses = {m: sum(m in past for past in window) for m in member_ids}

    # Answers turned into availabilities once, so each option reads a dict rather than re-parsing strings.
    givens: list[dict[OptionId, Availability]] = []
    fits_by_member: list[Availability] = []
    for member in members:
        given: dict[OptionId, Availability] = {}
        for option_id, answer in answers.get(member.id, {}).items():
            try:
                given[option_id] = _FROM_ANSWER[answer]
            except KeyError:
                raise PollInputError(f"An answer must be yes, if need be or no, not {answer!r}") from None
        givens.append(given)
        # What a missing answer means when the option fits the member's usual times.
        fits_by_member.append(Availability.LIKELY if member.preferences.stated else Availability.UNKNOWN)

    YES, IF_NEED_BE, NO, LIKELY_NOT = (
        Availability.YES,
        Availability.IF_NEED_BE,
        Availability.NO,
        Availability.LIKELY_NOT,
    )
    # Members often share their usual times (most have none): each distinct set of preferences is
    # checked once per shape of option, not once per member.
    distinct: dict[StandingPreferences, int] = {}
    preference_index = [distinct.setdefault(m.preferences, len(distinct)) for m in members]
    distinct_preferences = list(distinct)
    # Many options share a shape (a Tuesday morning), so what it means for each member is worked out once
    # per shape: their conflicts, what a missing answer means, and who has a conflict at all.
    by_shape: dict[_Shape, tuple[list[UsualTimesConflict | None], list[Availability], list[int]]] = {}
    scored: list[tuple[tuple, dict, list[UsualTimesConflict | None]]] = []
    for option in options:
        _check_times(option.start, option.end)
        shape = _shape(option.start, option.end)
        for_shape = by_shape.get(shape)
        if for_shape is None:
            conflicts = [_conflict(preferences, shape) for preferences in distinct_preferences]
            member_conflicts = [conflicts[i] for i in preference_index]
            missing = [
                fits if conflict is None else LIKELY_NOT
                for fits, conflict in zip(fits_by_member, member_conflicts, strict=True)
            ]
            conflicted = [i for i, conflict in enumerate(member_conflicts) if conflict is not None]
            for_shape = by_shape[shape] = (member_conflicts, missing, conflicted)
        member_conflicts, missing, conflicted = for_shape
        option_id = option.id
        states = [given.get(option_id) or default for given, default in zip(givens, missing, strict=True)]
        counts = Counter(states)
        no, likely_not = counts[NO], counts[LIKELY_NOT]
        left_out = (
            tuple(m for m, state in zip(member_ids, states, strict=True) if state is NO or state is LIKELY_NOT)
            if no or likely_not
            else ()
        )
        against = tuple(member_ids[i] for i in conflicted if states[i] is YES or states[i] is IF_NEED_BE)
        yes, if_need_be, likely = counts[YES], counts[IF_NEED_BE], counts[Availability.LIKELY]
        can_come = yes + if_need_be + likely
        if left_out:
            again = tuple(m for m in left_out if m in last_left_out)
            recent_misses = sum(misses[m] for m in left_out)
        else:
            again, recent_misses = (), 0
        key = (-can_come, -yes, len(again), recent_misses, len(against), option.start, option_id)
        facts = {
            "option": option,
            "can_come": can_come,
            "yes": yes,
            "if_need_be": if_need_be,
            "likely": likely,
            "no": no,
            "likely_not": likely_not,
            "unknown": counts[Availability.UNKNOWN],
            "left_out": left_out,
            "left_out_again": again,
            "recent_misses": recent_misses,
            "against_usual_times": against,
            "availability": MappingProxyType(dict(zip(member_ids, states, strict=True))),
        }
        scored.append((key, facts, member_conflicts))

    try:
        scored.sort(key=lambda entry: entry[0])
    except TypeError as error:
        raise PollInputError("Option ids must be comparable with each other") from error

    context = _ReasonContext(
        total=len(members),
        best_can_come=max((facts["can_come"] for _, facts, _ in scored), default=0),
        names={m.id: m.name for m in members},
        last_left_out=last_left_out,
        last_left_out_in_order=tuple(m for m in member_ids if m in last_left_out),
        misses=misses,
        window_size=len(window),
    )
    ranked: list[RankedOption] = []
    last = len(scored) - 1
    for index, (key, facts, member_conflicts) in enumerate(scored):
        decided_by = following = None
        if index < last:
            following_key, following, _ = scored[index + 1]
            for criterion, mine, theirs in zip(_KEY_CRITERIA, key, following_key, strict=True):
                if mine != theirs:
                    decided_by = criterion
                    break
        why = partial(_reasons, facts, decided_by, following, member_conflicts, context)
        ranked.append(_ranked_option(facts, index + 1, decided_by, why))
    return ranked


def _ranked_option(facts: dict, rank: int, decided_by: Criterion | None, why: Callable) -> RankedOption:
    """`RankedOption(**facts, rank=rank, decided_by=decided_by, why=why)` without the frozen dataclass's
    one `object.__setattr__` per field: sixteen calls for each of a long poll's options (issue 16). The
    same object: its fields are its instance dictionary either way (`test_ranking_matches_the_reference`)."""
    ranked = object.__new__(RankedOption)
    values = ranked.__dict__
    values.update(facts)
    values["rank"] = rank
    values["decided_by"] = decided_by
    values["why"] = why
    return ranked


@dataclass(frozen=True)
class _ReasonContext:
    total: int
    best_can_come: int
    names: Mapping[MemberId, str]
    last_left_out: frozenset
    last_left_out_in_order: tuple[MemberId, ...]  # current members left out last time, in member order
    misses: Mapping[MemberId, int]
    window_size: int


# The reasons are sentences a coordinator reads on the poll page: each is a whole sentence in the
# catalogue, in the language active when the page is built (in English, as before).
def _names(ids: Iterable[MemberId], names: Mapping[MemberId, str]) -> str:
    listed = [names[i] for i in ids]
    if len(listed) <= 1:
        return "".join(listed)
    words = {"names": ", ".join(listed[:-1]), "last": listed[-1]}
    if listed[-1][:1].lower() in _VOWELS:
        # Welsh writes "ac", not "a", before a vowel ("Siân ac Owen"): its own entry in the catalogue.
        return pgettext("before a name that starts with a vowel", "%(names)s and %(last)s") % words
    return gettext("%(names)s and %(last)s") % words


_VOWELS = frozenset("aeiouâêîôûáéíóúàèìòùäëïöü")


def _decisive_reason(criterion: Criterion, mine: Mapping, theirs: Mapping) -> str:
    if criterion is Criterion.CAN_COME:
        return gettext("More people can come than to the next option (%(mine)s, against %(theirs)s)") % {
            "mine": mine["can_come"],
            "theirs": theirs["can_come"],
        }
    if criterion is Criterion.YES:
        return gettext("As many can come as to the next option, but more said yes (%(mine)s, against %(theirs)s)") % {
            "mine": mine["yes"],
            "theirs": theirs["yes"],
        }
    if criterion is Criterion.NOT_LEFT_OUT_AGAIN:
        return gettext("Leaves out fewer people who missed the last meeting than the next option")
    if criterion is Criterion.RECENT_MISSES:
        return gettext(
            "The people it leaves out have missed fewer recent meetings than those the next option leaves out"
        )
    if criterion is Criterion.USUAL_TIMES:
        return gettext("Fits more people's usual times than the next option")
    if criterion is Criterion.EARLIER:
        return gettext("Otherwise equal to the next option, and earlier")
    return gettext("Equal to the next option in every way, so listed first to keep the same order every time")


def _of_those(yes: int, if_need_be: int, likely: int) -> str:
    """ "Of those, 3 said yes, 1 said if need be, 2 have not answered but usually can do this time"."""
    words = {"yes": yes, "if_need_be": if_need_be, "likely": likely}
    if if_need_be and likely:
        return (
            ngettext(
                "Of those, %(yes)s said yes, %(if_need_be)s said if need be, %(likely)s has not answered but "
                "usually can do this time",
                "Of those, %(yes)s said yes, %(if_need_be)s said if need be, %(likely)s have not answered but "
                "usually can do this time",
                likely,
            )
            % words
        )
    if likely:
        return (
            ngettext(
                "Of those, %(yes)s said yes, %(likely)s has not answered but usually can do this time",
                "Of those, %(yes)s said yes, %(likely)s have not answered but usually can do this time",
                likely,
            )
            % words
        )
    if if_need_be:
        return gettext("Of those, %(yes)s said yes, %(if_need_be)s said if need be") % words
    return gettext("Of those, %(yes)s said yes") % words


def _reasons(
    facts: Mapping,
    decided_by: Criterion | None,
    following: Mapping | None,
    member_conflicts: Iterable[UsualTimesConflict | None],
    context: _ReasonContext,
) -> tuple[str, ...]:
    names = context.names
    reasons: list[str] = []
    if decided_by is not None and following is not None:
        reasons.append(_decisive_reason(decided_by, facts, following))

    counts = {"count": facts["can_come"], "total": context.total}
    if facts["can_come"] and facts["can_come"] == context.best_can_come:
        reasons.append(gettext("Most people can come: %(count)s of %(total)s") % counts)
    else:
        reasons.append(gettext("%(count)s of %(total)s can come") % counts)
    if facts["can_come"]:
        reasons.append(_of_those(facts["yes"], facts["if_need_be"], facts["likely"]))

    availability = facts["availability"]
    said_no = [m for m in facts["left_out"] if availability[m] is Availability.NO]
    inferred = [m for m in facts["left_out"] if availability[m] is Availability.LIKELY_NOT]
    if not facts["left_out"]:
        reasons.append(gettext("Leaves out no one"))
    if said_no:
        reasons.append(gettext("Leaves out %(names)s, who said no") % {"names": _names(said_no, names)})
    if inferred:
        reasons.append(
            ngettext(
                "Leaves out %(names)s, who has not answered and usually cannot do this time",
                "Leaves out %(names)s, who have not answered and usually cannot do this time",
                len(inferred),
            )
            % {"names": _names(inferred, names)}
        )

    for member_id in facts["left_out_again"]:
        reasons.append(gettext("Leaves out %(name)s again, who missed the last meeting") % {"name": names[member_id]})
    for member_id in context.last_left_out_in_order:
        if availability[member_id] in _CAN_COME:
            reasons.append(
                gettext("Does not leave out %(name)s again, who missed the last meeting") % {"name": names[member_id]}
            )
    for member_id in facts["left_out"]:
        missed = context.misses[member_id]
        if member_id not in context.last_left_out and missed:
            reasons.append(
                ngettext(
                    "Leaves out %(name)s, who missed %(missed)s of the last %(window)s meeting",
                    "Leaves out %(name)s, who missed %(missed)s of the last %(window)s meetings",
                    context.window_size,
                )
                % {"name": names[member_id], "missed": missed, "window": context.window_size}
            )

    return (*reasons, *_usual_times_reasons(member_conflicts))


def _usual_times_reasons(conflicts: Iterable[UsualTimesConflict | None]) -> tuple[str, ...]:
    """How an option goes against members' standing preferences, whatever they answered."""
    day_counts: dict[int, int] = {}
    time_counts: dict[TimeOfDay, int] = {}
    for conflict in conflicts:
        if conflict is None:
            continue
        for day in conflict.weekdays:
            day_counts[day] = day_counts.get(day, 0) + 1
        for period in conflict.times_of_day:
            time_counts[period] = time_counts.get(period, 0) + 1
    reasons = [
        ngettext(
            "Is on a %(day)s, a day %(count)s person said they cannot do",
            "Is on a %(day)s, a day %(count)s people said they cannot do",
            day_counts[day],
        )
        % {"day": WEEKDAYS[day], "count": day_counts[day]}
        for day in sorted(day_counts)
    ]
    for period in _TIMES_OF_DAY:
        if period in time_counts:
            reasons.append(_time_of_day_reason(period, time_counts[period]))
    return tuple(reasons)
