"""The poll ranking rule: unit tests for each step of the rule, then properties with hypothesis."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from followon.meetings import ranking
from followon.meetings.ranking import (
    FAIRNESS_WINDOW,
    LONDON,
    Answer,
    Availability,
    Criterion,
    PollInputError,
    PollMember,
    PollOption,
    StandingPreferences,
    TimeOfDay,
    rank_poll_options,
    usual_times_conflict,
)

YES, MAYBE, NO = Answer.YES, Answer.IF_NEED_BE, Answer.NO
MORNING, AFTERNOON, EVENING = TimeOfDay.MORNING, TimeOfDay.AFTERNOON, TimeOfDay.EVENING
TUESDAY = 1


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=LONDON)


def option(option_id, start: datetime, hours: float = 1.5) -> PollOption:
    return PollOption(id=option_id, start=start, end=start + timedelta(hours=hours))


def people(*names: str, **preferences: StandingPreferences) -> list[PollMember]:
    return [
        PollMember(id=name.lower(), name=name, preferences=preferences.get(name.lower(), StandingPreferences()))
        for name in names
    ]


def ids(ranked) -> list:
    return [r.option.id for r in ranked]


def by_id(ranked) -> dict:
    return {r.option.id: r for r in ranked}


# Wednesday 3 and Thursday 4 March 2027, both at 10:30am
WED = option("wed", at(3, 10, 30))
THU = option("thu", at(4, 10, 30))


class TestOrder:
    def test_option_most_people_can_come_to_is_first_counting_if_need_be(self):
        members = people("Sam", "Jo", "Ali")
        answers = {"sam": {"wed": YES, "thu": YES}, "jo": {"wed": NO, "thu": MAYBE}, "ali": {"wed": YES, "thu": MAYBE}}
        ranked = rank_poll_options(options=[WED, THU], members=members, answers=answers)
        assert ids(ranked) == ["thu", "wed"]
        top = ranked[0]
        assert (top.can_come, top.yes, top.if_need_be, top.no) == (3, 1, 2, 0)
        assert top.decided_by is Criterion.CAN_COME
        assert top.reasons[0] == "More people can come than to the next option (3, against 2)"
        assert "Most people can come: 3 of 3" in top.reasons
        assert "2 of 3 can come" in ranked[1].reasons
        assert ranked[1].left_out == ("jo",)
        assert "Leaves out Jo, who said no" in ranked[1].reasons

    def test_when_as_many_can_come_more_yes_answers_win(self):
        members = people("Sam", "Jo")
        answers = {"sam": {"wed": MAYBE, "thu": YES}, "jo": {"wed": MAYBE, "thu": MAYBE}}
        ranked = rank_poll_options(options=[WED, THU], members=members, answers=answers)
        assert ids(ranked) == ["thu", "wed"]
        assert ranked[0].decided_by is Criterion.YES
        assert ranked[0].reasons[0] == "As many can come as to the next option, but more said yes (1, against 0)"

    def test_most_people_line_reads_like_the_coordinator_page_expects(self):
        members = people(*[f"P{i}" for i in range(8)])
        answers = {f"p{i}": {"wed": YES if i < 7 else NO} for i in range(8)}
        [ranked] = rank_poll_options(options=[WED], members=members, answers=answers)
        assert "Most people can come: 7 of 8" in ranked.reasons
        assert "Of those, 7 said yes" in ranked.reasons
        assert ranked.decided_by is None

    def test_equal_options_are_ordered_by_earlier_start_then_id(self):
        members = people("Sam")
        early_b = option("b", at(3, 10))
        early_a = option("a", at(3, 10))
        later = option("0", at(3, 14))
        answers = {"sam": {"a": YES, "b": YES, "0": YES}}
        ranked = rank_poll_options(options=[later, early_b, early_a], members=members, answers=answers)
        assert ids(ranked) == ["a", "b", "0"]
        assert [r.decided_by for r in ranked] == [Criterion.OPTION_ID, Criterion.EARLIER, None]
        assert [r.rank for r in ranked] == [1, 2, 3]
        assert ranked[1].reasons[0] == "Otherwise equal to the next option, and earlier"

    def test_integer_and_uuid_ids_sort_by_value(self):
        options = [option(10, at(3, 10)), option(9, at(3, 10))]
        assert ids(rank_poll_options(options=options, members=[], answers={})) == [9, 10]

    def test_no_options_gives_an_empty_ranking(self):
        assert rank_poll_options(options=[], members=people("Sam"), answers={}) == []

    def test_answers_may_be_given_as_stored_strings(self):
        ranked = rank_poll_options(options=[WED], members=people("Sam"), answers={"sam": {"wed": "if_need_be"}})
        assert ranked[0].availability["sam"] is Availability.IF_NEED_BE


class TestFairness:
    def test_option_that_leaves_out_last_times_missing_person_again_ranks_lower(self):
        members = people("Sam", "Jo", "Ali")
        # Both options: 2 can come, 2 said yes. Wednesday leaves out Sam, who missed the last meeting.
        answers = {
            "sam": {"wed": NO, "thu": YES},
            "jo": {"wed": YES, "thu": NO},
            "ali": {"wed": YES, "thu": YES},
        }
        ranked = rank_poll_options(options=[WED, THU], members=members, answers=answers, history=[{"sam"}, {"jo"}])
        assert ids(ranked) == ["thu", "wed"]
        thursday, wednesday = ranked
        assert thursday.decided_by is Criterion.NOT_LEFT_OUT_AGAIN
        assert thursday.left_out_again == ()
        assert wednesday.left_out_again == ("sam",)
        assert "Does not leave out Sam again, who missed the last meeting" in thursday.reasons
        assert "Leaves out Sam again, who missed the last meeting" in wednesday.reasons
        assert "Leaves out Jo, who missed 1 of the last 2 meetings" in thursday.reasons

    def test_fairness_never_outweighs_who_can_come(self):
        members = people("Sam", "Jo", "Ali")
        answers = {"sam": {"wed": NO, "thu": YES}, "jo": {"wed": YES, "thu": NO}, "ali": {"wed": YES, "thu": NO}}
        ranked = rank_poll_options(options=[WED, THU], members=members, answers=answers, history=[{"sam"}])
        assert ids(ranked) == ["wed", "thu"]
        assert ranked[0].decided_by is Criterion.CAN_COME

    def test_then_prefers_leaving_out_whoever_missed_fewer_recent_meetings(self):
        members = people("Sam", "Jo", "Ali")
        answers = {"sam": {"wed": NO, "thu": YES}, "jo": {"wed": YES, "thu": NO}, "ali": {"wed": YES, "thu": YES}}
        # Neither was left out last time; Jo missed 2 of the meetings before, Sam 1.
        history = [{"ali"}, {"jo"}, {"jo", "sam"}]
        ranked = rank_poll_options(options=[WED, THU], members=members, answers=answers, history=history)
        assert ids(ranked) == ["wed", "thu"]
        assert by_id(ranked)["wed"].recent_misses == 1
        assert by_id(ranked)["thu"].recent_misses == 2
        assert ranked[0].decided_by is Criterion.RECENT_MISSES

    def test_only_the_fairness_window_counts(self):
        members = people("Sam", "Jo")
        answers = {"sam": {"wed": NO, "thu": YES}, "jo": {"wed": YES, "thu": NO}}
        history = [set()] * FAIRNESS_WINDOW + [{"jo"}, {"jo"}]
        ranked = rank_poll_options(options=[WED, THU], members=members, answers=answers, history=history)
        assert [r.recent_misses for r in ranked] == [0, 0]
        assert ids(ranked) == ["wed", "thu"]  # equal, so the earlier one

    def test_people_who_have_left_the_group_do_not_count(self):
        members = people("Sam")
        answers = {"sam": {"wed": YES}, "former": {"wed": NO, "elsewhere": NO}}
        [ranked] = rank_poll_options(options=[WED], members=members, answers=answers, history=[{"former"}])
        assert (ranked.can_come, ranked.no, ranked.left_out, ranked.left_out_again) == (1, 0, (), ())


class TestStandingPreferences:
    def test_no_answer_and_a_time_that_does_not_suit_them_leaves_them_out(self):
        members = people("Sam", "Jo", jo=StandingPreferences(times_of_day={MORNING, AFTERNOON}))
        late = option("late", at(3, 15, 30))  # 3:30pm to 5pm
        ranked = rank_poll_options(options=[late], members=members, answers={"sam": {"late": YES}})
        [result] = ranked
        assert result.availability["jo"] is Availability.LIKELY_NOT
        assert result.left_out == ("jo",)
        assert result.can_come == 1
        assert "Leaves out Jo, who has not answered and usually cannot do this time" in result.reasons
        assert "Goes on after 4pm, which 1 person said does not suit them" in result.reasons

    def test_no_answer_and_a_time_that_fits_counts_as_likely_to_come(self):
        members = people("Sam", "Jo", jo=StandingPreferences(times_of_day={MORNING}))
        [result] = rank_poll_options(options=[WED], members=members, answers={"sam": {"wed": YES}})
        assert result.availability["jo"] is Availability.LIKELY
        assert (result.can_come, result.yes, result.likely) == (2, 1, 1)
        assert "Of those, 1 said yes, 1 has not answered but usually can do this time" in result.reasons

    def test_no_answer_and_no_preferences_is_unknown(self):
        [result] = rank_poll_options(options=[WED], members=people("Sam"), answers={})
        assert result.availability["sam"] is Availability.UNKNOWN
        assert (result.can_come, result.unknown, result.left_out) == (0, 1, ())
        assert "0 of 1 can come" in result.reasons
        assert "Leaves out no one" in result.reasons

    def test_preferences_make_the_option_that_fits_usual_times_win(self):
        # Nobody has answered; Jo works Wednesdays.
        members = people("Sam", "Jo", jo=StandingPreferences(unavailable_weekdays={2}))
        ranked = rank_poll_options(options=[WED, THU], members=members, answers={})
        assert ids(ranked) == ["thu", "wed"]
        assert "Is on a Wednesday, a day 1 person said they cannot do" in ranked[1].reasons

    def test_an_explicit_answer_beats_a_preference(self):
        prefs = StandingPreferences(times_of_day={MORNING}, unavailable_weekdays={2})
        members = people("Sam", "Jo", sam=prefs, jo=StandingPreferences(times_of_day={EVENING}))
        answers = {"sam": {"wed": YES}, "jo": {"wed": NO}}
        [result] = rank_poll_options(options=[option("wed", at(3, 16))], members=members, answers=answers)
        assert result.availability == {"sam": Availability.YES, "jo": Availability.NO}
        assert result.against_usual_times == ("sam",)
        assert result.left_out == ("jo",)

    def test_after_fairness_prefers_the_option_that_goes_against_fewer_usual_times(self):
        members = people("Sam", "Jo", sam=StandingPreferences(times_of_day={MORNING}))
        answers = {"sam": {"am": YES, "pm": YES}, "jo": {"am": YES, "pm": YES}}
        morning, afternoon = option("am", at(3, 10)), option("pm", at(2, 13))
        ranked = rank_poll_options(options=[afternoon, morning], members=members, answers=answers)
        assert ids(ranked) == ["am", "pm"]
        assert ranked[0].decided_by is Criterion.USUAL_TIMES
        assert ranked[1].against_usual_times == ("sam",)
        assert "Is in the afternoon (12 noon to 4pm), which 1 person said does not suit them" in ranked[1].reasons

    @pytest.mark.parametrize(
        ("start", "hours", "expected"),
        [
            (at(3, 10), 2, {MORNING}),  # 10am to 12 noon: ends as the afternoon starts
            (at(3, 11), 2, {MORNING, AFTERNOON}),
            (at(3, 14), 2, {AFTERNOON}),  # ends at 4pm exactly
            (at(3, 15, 30), 1, {AFTERNOON, EVENING}),
            (at(3, 16), 2, {EVENING}),
            # 3pm UTC in July is 4pm BST: London time decides.
            (datetime(2027, 7, 6, 15, 0, tzinfo=UTC), 1, {EVENING}),
            (datetime(2027, 1, 5, 15, 0, tzinfo=UTC), 1, {AFTERNOON}),
        ],
    )
    def test_times_of_day_use_london_hour_boundaries(self, start, hours, expected):
        # Someone for whom only one time of day suits has a conflict with every other time the option covers.
        covered = set()
        for suits in TimeOfDay:
            conflict = usual_times_conflict(
                StandingPreferences(times_of_day={suits}), start, start + timedelta(hours=hours)
            )
            assert suits not in conflict.times_of_day
            covered |= conflict.times_of_day
        assert covered == expected

    def test_a_meeting_that_fits_gives_no_conflict(self):
        prefs = StandingPreferences(times_of_day={MORNING}, unavailable_weekdays={TUESDAY})
        assert not usual_times_conflict(prefs, at(3, 10), at(3, 11))
        assert usual_times_conflict(prefs, at(2, 10), at(2, 11)).weekdays == {TUESDAY}


class TestBadInput:
    def test_an_option_that_ends_before_it_starts_is_refused(self):
        bad = PollOption(id=1, start=at(3, 12), end=at(3, 11))
        with pytest.raises(PollInputError, match="The meeting must end after it starts"):
            rank_poll_options(options=[bad], members=[], answers={})

    def test_naive_times_are_refused(self):
        bad = PollOption(id=1, start=datetime(2027, 3, 3, 10), end=datetime(2027, 3, 3, 11))
        with pytest.raises(PollInputError, match="timezone-aware"):
            rank_poll_options(options=[bad], members=[], answers={})

    def test_duplicate_ids_are_refused(self):
        with pytest.raises(PollInputError, match="different id"):
            rank_poll_options(options=[WED, WED], members=[], answers={})
        with pytest.raises(PollInputError, match="different id"):
            rank_poll_options(options=[WED], members=people("Sam", "Sam"), answers={})

    def test_an_answer_for_an_option_not_in_the_poll_is_refused(self):
        with pytest.raises(PollInputError, match="not in this poll"):
            rank_poll_options(options=[WED], members=people("Sam"), answers={"sam": {"fri": YES}})

    def test_unknown_answer_values_are_refused(self):
        with pytest.raises(ValueError):
            rank_poll_options(options=[WED], members=people("Sam"), answers={"sam": {"wed": "maybe"}})

    def test_weekday_numbers_out_of_range_are_refused(self):
        with pytest.raises(PollInputError, match="0 \\(Monday\\) to 6 \\(Sunday\\)"):
            StandingPreferences(unavailable_weekdays={7})


# -- properties -------------------------------------------------------------------------------------

# Options on a half-hour grid over three weeks that include the October clock change (31 October 2027).
GRID_START = datetime(2027, 10, 20, 6, 0, tzinfo=UTC)
preferences_strategy = st.builds(
    StandingPreferences,
    times_of_day=st.frozensets(st.sampled_from(list(TimeOfDay))),
    unavailable_weekdays=st.frozensets(st.integers(0, 6), max_size=3),
)
answer_strategy = st.sampled_from([None, YES, MAYBE, NO])


@st.composite
def polls(draw, max_members=8, max_options=8):
    n_members = draw(st.integers(0, max_members))
    members = [PollMember(id=i, name=f"Member {i}", preferences=draw(preferences_strategy)) for i in range(n_members)]
    n_options = draw(st.integers(1, max_options))
    option_ids = draw(st.lists(st.integers(0, 99), min_size=n_options, max_size=n_options, unique=True))
    options = []
    for option_id in option_ids:
        # Few distinct starts, so equal starts (and so ties) come up often.
        start = GRID_START + timedelta(minutes=30 * draw(st.integers(0, 30 * 48 - 1) | st.integers(0, 3)))
        options.append(
            PollOption(id=option_id, start=start, end=start + timedelta(minutes=30 * draw(st.integers(1, 8))))
        )
    answers = {}
    for member in members:
        given_answers = {o.id: a for o in options if (a := draw(answer_strategy)) is not None}
        if given_answers or draw(st.booleans()):
            answers[member.id] = given_answers
    member_ids = [m.id for m in members]
    history = draw(
        st.lists(st.frozensets(st.sampled_from(member_ids)) if member_ids else st.just(frozenset()), max_size=8)
    )
    return {"options": options, "members": members, "answers": answers, "history": history}


def position(ranked, option_id) -> int:
    return ids(ranked).index(option_id)


@settings(max_examples=100, deadline=None)
@given(polls())
def test_ranking_is_a_permutation_of_the_options(poll):
    ranked = rank_poll_options(**poll)
    assert sorted(ids(ranked)) == sorted(o.id for o in poll["options"])
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert [r.sort_key for r in ranked] == sorted(r.sort_key for r in ranked)
    for r in ranked:
        total = r.can_come + r.no + r.likely_not + r.unknown
        assert total == len(poll["members"])
        assert r.can_come == r.yes + r.if_need_be + r.likely
        assert len(r.left_out) == r.no + r.likely_not


@settings(max_examples=100, deadline=None)
@given(polls(), st.randoms(use_true_random=False))
def test_order_of_the_inputs_does_not_change_the_ranking(poll, rnd):
    ranked = rank_poll_options(**poll)
    shuffled = dict(poll)
    shuffled["options"] = rnd.sample(poll["options"], len(poll["options"]))
    shuffled["members"] = rnd.sample(poll["members"], len(poll["members"]))
    again = rank_poll_options(**shuffled)
    assert ids(again) == ids(ranked)
    assert [r.reasons[:1] for r in again] == [r.reasons[:1] for r in ranked]
    assert [r.decided_by for r in again] == [r.decided_by for r in ranked]


@settings(max_examples=100, deadline=None)
@given(polls(), st.data())
def test_adding_a_yes_never_lowers_an_option_against_the_others(poll, data):
    assume(poll["members"])
    chosen = data.draw(st.sampled_from(poll["options"]))
    member = data.draw(st.sampled_from(poll["members"]))
    assume(poll["answers"].get(member.id, {}).get(chosen.id) is not YES)
    before = rank_poll_options(**poll)
    answers = {m: dict(a) for m, a in poll["answers"].items()}
    answers.setdefault(member.id, {})[chosen.id] = YES
    after = rank_poll_options(**{**poll, "answers": answers})
    below_before = set(ids(before)[position(before, chosen.id) + 1 :])
    below_after = set(ids(after)[position(after, chosen.id) + 1 :])
    assert below_before <= below_after
    assert by_id(after)[chosen.id].yes == by_id(before)[chosen.id].yes + 1


@settings(max_examples=100, deadline=None)
@given(polls())
def test_ties_are_broken_by_earlier_start_then_id(poll):
    ranked = rank_poll_options(**poll)
    for upper, lower in zip(ranked, ranked[1:], strict=False):
        if upper.sort_key[:5] == lower.sort_key[:5]:
            assert (upper.option.start, upper.option.id) < (lower.option.start, lower.option.id)
            assert upper.decided_by in (Criterion.EARLIER, Criterion.OPTION_ID)
            expected = Criterion.EARLIER if upper.option.start != lower.option.start else Criterion.OPTION_ID
            assert upper.decided_by is expected


@settings(max_examples=100, deadline=None)
@given(polls())
def test_fairness_rule_holds(poll):
    ranked = rank_poll_options(**poll)
    last = set(poll["history"][0]) if poll["history"] else set()
    for r in ranked:
        assert set(r.left_out_again) == set(r.left_out) & last
    for a in ranked:
        for b in ranked:
            same_attendance = (a.can_come, a.yes) == (b.can_come, b.yes)
            if same_attendance and len(a.left_out_again) < len(b.left_out_again):
                assert a.rank < b.rank


@settings(max_examples=100, deadline=None)
@given(polls(), st.lists(preferences_strategy, min_size=8, max_size=8))
def test_explicit_answers_beat_preferences(poll, other_preferences):
    ranked = rank_poll_options(**poll)
    members = [
        PollMember(id=m.id, name=m.name, preferences=p)
        for m, p in zip(poll["members"], other_preferences, strict=False)
    ]
    reranked = by_id(rank_poll_options(**{**poll, "members": members}))
    for r in ranked:
        for member_id, answers in poll["answers"].items():
            given_answer = answers.get(r.option.id)
            if given_answer is not None:
                assert r.availability[member_id] == Availability(given_answer.value)
                assert reranked[r.option.id].availability[member_id] == r.availability[member_id]
        assert (r.yes, r.if_need_be, r.no) == (
            reranked[r.option.id].yes,
            reranked[r.option.id].if_need_be,
            reranked[r.option.id].no,
        )


@settings(max_examples=100, deadline=None)
@given(polls())
def test_missing_answers_follow_standing_preferences(poll):
    ranked = rank_poll_options(**poll)
    for r in ranked:
        for member in poll["members"]:
            if poll["answers"].get(member.id, {}).get(r.option.id) is not None:
                continue
            conflict = usual_times_conflict(member.preferences, r.option.start, r.option.end)
            if conflict:
                expected = Availability.LIKELY_NOT
            elif member.preferences.stated:
                expected = Availability.LIKELY
            else:
                expected = Availability.UNKNOWN
            assert r.availability[member.id] is expected


@settings(max_examples=100, deadline=None)
@given(preferences_strategy, st.integers(0, 30 * 48 - 1), st.integers(1, 16))
def test_conflicts_match_a_half_hour_by_half_hour_reading_of_london_time(preferences, slot, length):
    start = GRID_START + timedelta(minutes=30 * slot)
    end = start + timedelta(minutes=30 * length)
    hours_by_time = {MORNING: range(0, 12), AFTERNOON: range(12, 16), EVENING: range(16, 24)}
    covered_times, covered_days = set(), set()
    moment = start
    while moment < end:
        local = moment.astimezone(LONDON)
        covered_days.add(local.weekday())
        covered_times.update(t for t, hours in hours_by_time.items() if local.hour in hours)
        moment += timedelta(minutes=30)
    conflict = usual_times_conflict(preferences, start, end)
    assert conflict.weekdays == covered_days & preferences.unavailable_weekdays
    expected_times = covered_times - preferences.times_of_day if preferences.times_of_day else set()
    assert conflict.times_of_day == expected_times


@pytest.mark.parametrize(
    ("language", "names", "said"),
    [
        ("en", ["Siân", "Owen"], "Siân and Owen"),
        ("cy", ["Siân", "Gareth"], "Siân a Gareth"),
        ("cy", ["Siân", "Gareth", "Owen"], "Siân, Gareth ac Owen"),
        ("cy", ["Gareth", "Ieuan"], "Gareth ac Ieuan"),
        ("cy", ["Owen"], "Owen"),
    ],
)
def test_names_are_joined_as_the_language_joins_them(language, names, said):
    """Welsh writes "ac" before a vowel ("Siân ac Owen"), "a" before a consonant: the reasons a coordinator
    reads ("Leaves out Siân ac Owen") use the catalogue's entry for each."""
    ids = list(range(len(names)))
    with translation.override(language):
        assert ranking._names(ids, dict(zip(ids, names, strict=True))) == said
