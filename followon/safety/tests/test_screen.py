"""The message screen's behaviour: levels, context, the result object and failing safe."""

import json
import logging
import time

import pytest

from followon.safety.screen import (
    SCREEN_VERSION,
    FiredRule,
    Level,
    ScreenResult,
    engine,
    screen_text,
    screen_text_safely,
)
from followon.safety.screen.evaluate import load
from followon.safety.screen.text import normalise


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The screen needs no database: replace the root conftest's cache clearing for these tests."""


def level_of(text: str) -> Level:
    return screen_text(text).level


@pytest.mark.parametrize(
    "text",
    [
        "I'm having a really bad day. This is awful, I can't carry on.",
        "no point any more",
        "want to end it all",
        "everyone would be better off without me",
        "I've got the tablets saved up",
        "goodbye everyone. I love you all",
        "been cutting myself again",
        "going to jump off the bridge tonight",
    ],
)
def test_crisis_messages_are_urgent(text):
    assert level_of(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "really struggling",
        "I can't cope",
        "I feel so hopeless",
        "so lonely, haven't spoken to anyone in days",
        "haven't heard from Sue, she said she couldn't go on",
    ],
)
def test_distress_is_a_concern(text):
    assert level_of(text) is Level.CONCERN


def test_hopelessness_with_sleeplessness_is_pinned():
    # Written for issue 7 as a concern. 2026.12.28 (phase 27) rated it urgent (its urgent threshold fell to 0.02: ADR
    # 0010, "Phase 27 adopted"); 2026.12.29 (phase 28), the same thresholds with weights fitted on six more portions,
    # rates it concern again, its label (ADR 0010, "Phase 28 adopted"); 2026.12.34 (phase 33) rates it urgent again:
    # the learned layer's urgent regression alone (threshold 0.83, was 0.84) beside the rules' hopelessness, the cost
    # ADR 0010 names under "Phase 33 adopted" (a concern that pages the duty clinician). Pinned exactly, as the other
    # examples are, so that a later screen moving it either way is seen and decided.
    assert level_of("not sleeping, everything is dark") is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "this pain is killing me",
        "I'd kill for a coffee",
        "dying to see you all",
        "I could murder a cuppa",
        "that joke killed me",
        "dead tired",
        "my back is killing me",
        "I could have died laughing",
        "shoot me now, the bus is late",
        "bad flare up today, on the sofa with a hot water bottle",
        "can we move Thursday's meeting to the church hall?",
    ],
)
def test_idioms_pain_talk_and_logistics_are_not_flagged(text):
    assert level_of(text) is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to hurt myself",
        "I would never hurt myself on purpose",
        "I'm not suicidal, just fed up with this pain",
        "don't worry, I would never take my own life",
        "killing myself is not an option, I've got the grandkids",
    ],
)
def test_negated_statements_are_not_flagged_and_say_why(text):
    result = screen_text(text)
    assert result.level is Level.NONE
    assert any(item.reason == "negated" for item in result.suppressed)


def test_negation_does_not_reach_across_other_words():
    assert level_of("I don't know why but I want to die") is Level.URGENT
    assert level_of("I'm not sure I can carry on") is Level.URGENT
    assert level_of("I don't want to die but I can't go on like this") is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "im so tired of everything i cant carry on anymore",
        "cnt go on",
        "i wanna die",
        "I WANT TO DIE",
        "i want 2 end it all",
        "nooo point anymoreee",
        "I can’t carry on",  # curly apostrophe
        "no one would miss me",
    ],
)
def test_texting_style_and_spelling_are_understood(text):
    assert level_of(text) is Level.URGENT


def test_a_member_worried_about_someone_else_is_a_concern():
    result = screen_text("she said she wants to die, I'm so worried about her")
    assert result.level is Level.CONCERN
    wish = next(rule for rule in result.fired if rule.id == "urgent.wish_to_die")
    assert wish.level is Level.CONCERN
    assert "someone else" in wish.context


def test_reported_speech_in_quotes_is_about_the_speaker():
    result = screen_text("she posted 'I can't carry on' and then went silent")
    quoted = next(rule for rule in result.fired if rule.id == "urgent.cant_go_on")
    assert quoted.level is Level.CONCERN and "someone else" in quoted.context
    # Since 2026.12.2 the learned layer may grade a member's last words before going silent urgent
    # (concern for another member: urgent acceptable in the taxonomy); never lower than the rules' concern.
    assert result.level in (Level.CONCERN, Level.URGENT)
    assert level_of("I said to my husband 'I can't carry on'") is Level.URGENT


@pytest.mark.parametrize(
    "text",
    ["'I want to die'", '"I want to die"', "“I want to die”", "‘I can’t go on’", '  "im done. goodbye everyone"  '],
)
def test_a_message_wholly_in_quotation_marks_is_the_authors_own_words(text):
    # 2026.12.34 read '"I want to die"' as someone else's words and let the learned layer overrule the rules (none);
    # a message that is wholly one quotation names nobody else as saying it (ADR 0010, "2026.12.35").
    assert level_of(text) is level_of(text.strip().strip("'\"“”‘’"))
    assert level_of(text) in (Level.CONCERN, Level.URGENT)


def test_only_a_pair_that_wraps_the_whole_message_is_taken_off():
    assert normalise('"I want to die"') == normalise("I want to die")
    assert normalise("'I can't go on'") == normalise("I can't go on")
    # Reported speech inside the marks, two quotations, a mark that does not close the message: left as written.
    assert "qmark" in normalise("\"she said 'I want to die'\"")[0]
    assert normalise('"a" and "b"')[0].count("qmark") == 4
    assert normalise("it's 'fine'")[0].count("qmark") == 2
    assert level_of("she said 'I want to die'") is Level.CONCERN
    assert level_of('"see you Thursday"') is Level.NONE


def test_someone_elses_explicit_plan_or_means_stays_urgent():
    assert level_of("she told me she's going to kill herself tonight") is Level.URGENT
    assert level_of("he said he's been saving his tablets") is Level.URGENT


def test_distant_past_is_lowered_one_step_but_not_when_it_is_back():
    past = screen_text("years ago I wanted to die")
    assert past.level is Level.CONCERN
    wish = next(rule for rule in past.fired if rule.id == "urgent.wish_to_die")
    assert "past" in wish.context
    assert level_of("I used to self harm but I've started again") is Level.URGENT
    lonely = screen_text("I used to feel so lonely before the group")
    # The rules find nothing in a loneliness that is over, and until 2026.12.28 neither did the screen. 2026.12.29
    # (phase 28) flags it concern: its learned layer alone reads "before the group" as a moment to act, told in the
    # past. A false alarm its blind pool allowed (hard negatives 80 of 1,344, against 2026.12.28's 81) and ADR 0010
    # records ("Phase 28 adopted"). Pinned exactly, so that a later screen mending it is seen and decided.
    assert [rule.id for rule in lonely.fired] == ["learned.plan_timeframe"]
    assert lonely.level is Level.CONCERN


def test_a_distant_past_told_as_recovery_is_not_flagged():
    # Issue 14: the taxonomy's recovery_story is expected none (the rules' finding is suppressed, and says why).
    result = screen_text("years ago I wanted to die, the group helped me so much and I'm glad I'm here")
    assert result.level is Level.NONE
    assert result.suppressed


def test_general_advice_is_not_flagged():
    result = screen_text("if anyone ever feels suicidal, Samaritans are on 116 123")
    assert result.level is Level.NONE
    assert result.suppressed


def test_a_goodbye_that_reads_as_leaving_is_not_flagged():
    # Issue 14's taxonomy: a goodbye before a move, an operation or a holiday is a hospital_goodbye (none);
    # until v2026.12.1 it was lowered to a concern.
    result = screen_text("goodbye everyone, sorry to go, we're moving to Devon next week")
    assert result.level is Level.NONE
    assert any("leaving" in item.reason for item in result.suppressed)
    assert level_of("bye for now everyone, op tomorrow, see you on the other side!") is Level.NONE
    assert level_of("goodbye everyone. I love you all. I'm sorry") is Level.URGENT


def test_result_lists_rules_with_descriptions_and_the_version():
    result = screen_text("I want to die")
    assert result.version == SCREEN_VERSION
    assert result.flagged and result.needs_review and not result.unscreened
    assert "urgent.wish_to_die" in result.rule_ids
    rule = next(rule for rule in result.fired if rule.id == "urgent.wish_to_die")
    assert isinstance(rule, FiredRule)
    assert rule.level is Level.URGENT
    assert rule.description == "Says they want to die or not to be alive"


def test_the_strongest_rule_decides_and_comes_first():
    result = screen_text("I feel so alone and I want to die")
    assert result.level is Level.URGENT
    assert result.fired[0].level is Level.URGENT
    assert {rule.level for rule in result.fired} == {Level.URGENT, Level.CONCERN}


def test_result_summary_never_contains_the_message():
    text = "Margaret here, I have the tablets saved up at 12 Acacia Avenue"
    summary = screen_text(text).as_dict()
    encoded = json.dumps(summary)
    assert summary["level"] == "urgent"
    for word in ("Margaret", "Acacia", "tablets saved"):
        assert word not in encoded


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "x", "😂😂", "!!!???"])
def test_empty_and_symbol_only_text_is_none(text):
    result = screen_text(text)
    assert result.level is Level.NONE
    assert result.fired == ()


def test_very_long_posts_are_screened_quickly():
    post = ("Lovely walk by the river today, pacing myself, pain about a 5. " * 200)[:10_000]
    started = time.perf_counter()
    assert screen_text(post).level is Level.NONE
    assert screen_text(post[:9_000] + " I can't carry on").level is Level.URGENT
    assert time.perf_counter() - started < 2.0


def test_html_and_script_are_just_text():
    assert level_of("<script>alert(1)</script> I want to die") is Level.URGENT
    assert level_of("<b>I want to die</b>") is Level.URGENT
    assert level_of("<b>see you Thursday</b>") is Level.NONE
    # A quotation nobody is named as saying, inside code: the rules read "I want to die" as the author's own words,
    # and the learned layer reads a bare quotation as someone else's and scores it under the 0.1 veto (0.080; under
    # 2026.12.29, 0.127, just over it). A known blind spot of 2026.12.34 (ADR 0010, "Phase 33 adopted"); 2026.12.35
    # reads a message that is wholly one quotation as the author's own (the test above), not a quotation inside code.
    assert level_of("<script>alert('I want to die')</script>") is Level.NONE


# Fail safe ------------------------------------------------------------------------------------


def test_screen_text_safely_marks_a_failure_unscreened(monkeypatch, caplog):
    def broken(text):
        raise RuntimeError(f"boom while reading {text}")

    monkeypatch.setattr(engine, "normalise", broken)
    with caplog.at_level(logging.ERROR, logger="followon.safety.screen"):
        result = screen_text_safely("I want to die, ring me on 07700 900982")
    assert result.level is Level.UNSCREENED
    assert result.unscreened and result.needs_review and not result.flagged
    assert result.fired == ()
    assert result.error == "RuntimeError"
    assert result.version == SCREEN_VERSION
    logged = caplog.text
    assert "unscreened" in logged and "RuntimeError" in logged
    assert "want to die" not in logged and "07700" not in logged and "boom" not in logged


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["I want to die"]])
def test_screen_text_safely_never_raises_on_bad_input(bad):
    assert screen_text_safely(bad).level is Level.UNSCREENED


def test_screen_text_raises_on_bad_input():
    with pytest.raises(TypeError):
        screen_text(None)


def test_screen_text_safely_gives_the_same_answer_when_nothing_fails():
    assert screen_text_safely("I can't carry on") == screen_text("I can't carry on")


def test_unscreened_outranks_every_real_level():
    assert Level.UNSCREENED.rank > Level.URGENT.rank > Level.CONCERN.rank > Level.NONE.rank
    result = ScreenResult(level=Level.UNSCREENED, fired=(), version=SCREEN_VERSION, error="ValueError")
    assert result.as_dict()["level"] == "unscreened"


# Speed and the prefilter ----------------------------------------------------------------------


def test_the_literal_prefilter_never_changes_a_result(monkeypatch):
    texts = [item.text for item in load()]
    with_prefilter = [screen_text(text) for text in texts]
    monkeypatch.setattr(engine, "_PREFILTER", False)
    assert [screen_text(text) for text in texts] == with_prefilter


def test_every_pattern_has_literals_for_the_prefilter():
    # A pattern without literals still works, but runs on every message: keep them all fast.
    for compiled in engine._RULES:
        for pattern in compiled.patterns:
            assert pattern.literals, (compiled.rule.id, pattern.regex.pattern)


def test_screening_averages_well_under_five_milliseconds():
    # Loose on purpose (shared CI machines); `make bench` measures it properly.
    texts = [item.text for item in load()]
    messages = (texts * (1000 // len(texts) + 1))[:1000]
    started = time.perf_counter()
    for text in messages:
        screen_text_safely(text)
    assert (time.perf_counter() - started) / len(messages) < 0.005


def assert_an_eased_own_past_concern(text):
    """The rules lower eased past thoughts one step, as the author's own past, and the message is still
    flagged (never silenced)."""
    best, _, _ = engine._rules(engine.read(text)[0])
    assert best and max(level.rank for level, _ in best.values()) == Level.CONCERN.rank, best
    assert all(context == engine.OWN_PAST for _, context in best.values()), best
    assert screen_text(text).flagged


# Phase 7 (2026.12.7): whose experience it is, and when ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "had a rough patch in the autumn when i wanted to end it. its eased off now",
        "A couple of months back I was thinking about killing myself most days. Not so much now.",
        "since the op I have had thoughts of ending it on and off. ok so far this week",
    ],
)
def test_thoughts_told_as_a_recent_past_that_has_eased_are_a_concern_the_model_cannot_silence(text):
    # Blind F: past ideation was rated urgent 0.87 of the time (the duty clinician is texted). The rules now
    # lower such thoughts one step, as the author's own past (never overruled in a short message).
    assert_an_eased_own_past_concern(text)


@pytest.mark.parametrize(
    "text",
    [
        "last month I tried to end it with my tablets. it's passed now, I'm ok",
        "a couple of weeks ago I took an overdose. feeling better now",
        "had a spell in the spring when I wanted to end it. it eased but tonight it's worse than ever",
        "since the op I've had thoughts of killing myself on and off and I've got a plan now",
    ],
)
def test_a_recent_attempt_or_thoughts_brought_back_now_stay_urgent(text):
    # Lowering a recent attempt told in the past tense is itself a hazard (H-001): acts are never eased.
    assert level_of(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "in my forties i thought about killing myself most days. im 72 now and those thoughts havent been back",
        "Back in 2010 I was in a very dark place and wanted to end it. The pain clinic got me through. Hang in there.",
        "sixteen year ago I tried to top myself. best thing that ever happened was being found. life's grand now",
        "I used to self harm, years back now. Not since 2009. If I can stop anyone can.",
    ],
)
def test_recovery_told_in_members_own_words_to_encourage_others_is_not_flagged(text):
    best, suppressed, _ = engine._rules(engine.read(text)[0])
    assert not best, best
    assert "a distant past told as recovery" in suppressed.values()


def test_thoughts_now_are_not_eased_by_a_recent_past_elsewhere_in_the_message():
    best, _, _ = engine._rules(engine.read("I want to end it. In the summer it eased but not now")[0])
    assert best["urgent.suicidal_intent"][0] is Level.URGENT


# Phase 8 (2026.12.8): acts told in passing by when they happened, a time told by an occasion --------------


@pytest.mark.parametrize(
    "text",
    [
        "cut myself this afternoon, first time in ages. feel stupid",
        "burnt myself again tonight, only thing that helps",
        "slipped back to the blades after a good year",
        "cutting helps me feel calmer, is that wrong",
    ],
)
def test_self_harm_told_in_passing_by_when_it_happened_is_urgent(text):
    # Blind G: self-harm told in passing ("cut myself last night, first time since ...") fired no rule.
    best, _, _ = engine._rules(engine.read(text)[0])
    assert best.get("urgent.self_harm", (None,))[0] is Level.URGENT, best


@pytest.mark.parametrize(
    "text",
    [
        "cut myself this morning shaving, what a mess",
        "burnt myself last night on the oven door, ouch",
        "cut myself yesterday with the bread knife",
    ],
)
def test_accidents_told_by_when_they_happened_are_not_self_harm(text):
    best, _, _ = engine._rules(engine.read(text)[0])
    assert "urgent.self_harm" not in best, best


@pytest.mark.parametrize(
    "text",
    [
        "its our ruby anniversary on sunday. as good a day as any to end it",
        "just need to get through the christening for them and then that's me done",
        "after new year I'll end it.",
    ],
)
def test_a_time_told_by_an_occasion_is_urgent(text):
    # Blind G: a plan told only by a time or an occasion was flagged 0.73.
    best, _, _ = engine._rules(engine.read(text)[0])
    assert best.get("urgent.day_told_by_occasion", (None,))[0] is Level.URGENT, best


@pytest.mark.parametrize(
    "text",
    [
        "after christmas I'll go and see my sister in Leeds",
        "get through the hospital appointment then that's it for me for the week, feet up",
        "what a good day to go for a walk",
    ],
)
def test_ordinary_plans_after_an_occasion_are_not_a_time_to_die(text):
    best, _, _ = engine._rules(engine.read(text)[0])
    assert "urgent.day_told_by_occasion" not in best, best


@pytest.mark.parametrize(
    "text",
    [
        "relapsed with the blade last night after three years clean",
        "slipped back to the razor this morning, 5 years clean before that",
    ],
)
def test_a_relapse_told_with_the_clean_time_before_it_is_not_a_recovery_story(text):
    # Blind G: "relapsed ... after 2 yrs clean" read as a distant past told as recovery and fired nothing.
    best, suppressed, _ = engine._rules(engine.read(text)[0])
    assert best.get("urgent.self_harm", (None,))[0] is Level.URGENT, (best, suppressed)


# Phase 10 (2026.12.10): past thoughts told by a season or a festival are a recent past -------------------


@pytest.mark.parametrize(
    "text",
    [
        "around Easter I thought about ending it. I'm alright now but it frightens me",
        "last autumn I wanted to die most days. It's lifted now",
        "earlier this year I wanted to kill myself. gone now, but should I tell the GP?",
        "just after christmas I thought about killing myself. came through it though",
        "in feb i had thoughts of ending my life for a fortnight. they went away",
        "had a dark patch over new year wanting to end it all. not in that place now",
    ],
)
def test_past_thoughts_told_by_a_season_or_a_festival_that_have_eased_are_a_concern(text):
    # Blind H and I: past ideation was rated urgent 0.67 of the time; phase 9's idea, re-implemented. The rules
    # lower such thoughts one step, as the author's own past (never overruled in a short message).
    assert_an_eased_own_past_concern(text)


@pytest.mark.parametrize(
    "text",
    [
        # Acts are never eased, however the time is told.
        "around Easter I took an overdose. I'm alright now",
        "last autumn I tried to hang myself. it's lifted now",
        "earlier this year I cut my wrists. gone now",
        # Thoughts brought back now, or now and not eased.
        "around easter I wanted to end it. they came back last night",
        "last autumn I wanted to die. It lifted but tonight it's worse than ever",
        "earlier this year I wanted to kill myself and I'm not ok now",
        "I want to end it. Around Easter it was the same",
    ],
)
def test_acts_and_thoughts_now_told_beside_a_season_stay_urgent(text):
    assert level_of(text) is Level.URGENT
    best, _, _ = engine._rules(engine.read(text)[0])
    assert max(level.rank for level, _ in best.values()) == Level.URGENT.rank, best


def test_fear_that_the_thoughts_might_return_does_not_undo_the_easing():
    # "scared it will come back" / "if it came back" is a fear, not a return.
    text = "Over the summer I was suicidal for a few weeks. I came through but I'm not sure I'd cope if it came back"
    best, _, _ = engine._rules(engine.read(text)[0])
    assert max(level.rank for level, _ in best.values()) == Level.CONCERN.rank, best


# Phase 11 (2026.12.11): what made blind J's everyday false alarms, and a plan the overdoing-it idiom ate ------


@pytest.mark.parametrize(
    "text",
    [
        "I'll kill myself at the cottage on Sunday, I've got it planned",
        "going to kill myself at the weekend when hes away",
        "im going to kill myself for them, they deserve to be free of me",
        "I will kill myself over christmas at my mums old house",
        "been thinking about killing myself at the moment, every night",
        "I keep thinking of killing myself over the weekend while hes away",
        "thinking about killing myself for the insurance money so they're looked after",
    ],
)
def test_a_plan_to_kill_oneself_at_a_place_or_time_is_not_the_overdoing_it_idiom(text):
    # Blind J: "I'll kill myself at the cottage" was set aside as "killing myself at work" and fired nothing.
    _, idioms = engine.read(text)
    assert "idiom.overdoing_it" not in idioms
    assert level_of(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "I'm killing myself at work for nothing",
        "killed myself over the garden this weekend, paying for it now",
        "I'm killing myself at the gym for nothing",
        "I was killing myself trying to get the hoovering done",
    ],
)
def test_overdoing_it_still_reads_as_the_idiom(text):
    assert level_of(text) is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        "My cat is sat on my hot water bottle again. She knows what shes doing.",
        "great book about a lighthouse keeper. anyone want to borrow it after me?",
        "you can have the jigsaw when im done with it",
        "warming the baby's bottle for my granddaughter",
    ],
)
def test_everyday_bottles_and_passing_things_on_are_not_flagged(text):
    # Blind J's everyday false alarms: "hot water bottle" read as alcohol, "after me" as a time to act.
    assert level_of(text) is Level.NONE


@pytest.mark.parametrize(
    "text",
    [
        "swallowed all my tablets with a bottle of water",
        "hot water bottle, all my tramadol and a bottle of gin tonight",
        "drank a bottle of vodka and took all my co-codamol",
        "pressing the hot water bottle on my arm on purpose til it blisters",
        "you can have my things after me, I won't need them after tonight",
        "ill do it after they've gone to bed",
    ],
)
def test_overdoses_and_plans_beside_a_bottle_or_an_after_stay_urgent(text):
    assert level_of(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "been to three different chemists for paracetamol this week so they wouldnt ask",
        "not taking the pregabalin, keeping them all for the end",
        "saving the lot till when the time comes",
    ],
)
def test_stockpiling_from_several_chemists_or_keeping_them_for_the_end_is_urgent(text):
    assert level_of(text) is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "keeping them for the end of the week when the pain clinic opens",
        "went to two different chemists for my prescription because the first had run out",
    ],
)
def test_chemist_errands_and_the_end_of_the_week_are_not_stockpiling(text):
    best, _, _ = engine._rules(engine.read(text)[0])
    assert "urgent.medicine_kept_back" not in best, best


# Phase 12 (2026.12.12): blind K's misses and false alarms, and a recovery reading that silenced the present ------


@pytest.mark.parametrize(
    "text",
    [
        "Years ago I had a good life. Now I just want to die.",
        "I used to love the allotment, I was happy there. I don't want to be here anymore.",
        "Back in 2015 I was well and loving life. I'm going to take all my tablets tonight.",
        "Years ago I was happy. I want to die tonight.",
        "I used to be happy. I want to kill myself.",
    ],
)
def test_words_now_beside_a_happier_past_are_not_a_recovery_story(text):
    # 2026.12.11 rated each of these none: the happier past read as a recovery story and silenced the rule, or
    # the learned layer, reading the past, overruled it. A finding told now keeps its level.
    assert level_of(text) is Level.URGENT, screen_text(text).as_dict()


@pytest.mark.parametrize(
    "text",
    [
        "I used to want to die every day. Now I'm happy and loving life.",
        "I tried to end my life in 2009. I'm so glad I'm still here, it gets better.",
        "Back in 2010 I was suicidal and didn't want to be here. Now I'm happy.",
        "I used to self harm as a teenager, long time ago now. Getting through that taught me a lot.",
        "I was in a psychiatric unit in 2001 after trying to take my life. Since then I've rebuilt everything.",
        "Tools I wish I'd had when I was younger and suicidal. I'm so much stronger now.",
    ],
)
def test_recovery_told_in_the_past_tense_is_still_not_flagged_by_the_rules(text):
    best, _, _ = engine._rules(engine.read(text)[0])
    assert not best, best


@pytest.mark.parametrize(
    "text",
    [
        "cleared out the loft, gave my watch to my grandson, and there were nights I thought of ending it",
        "I cut myself for a while back then and there were nights I wanted to die",
    ],
)
def test_there_were_nights_is_a_past_telling(text):
    # "There were nights I thought..." is told as a past (lowered one step), not as now.
    best, _, _ = engine._rules(engine.read(text)[0])
    assert all(level is not Level.URGENT or context for level, context in best.values()), best


def test_doing_well_is_not_the_not_coping_rule():
    best, _, _ = engine._rules(engine.read("I'm doing well now, thanks all")[0])
    assert "concern.not_coping" not in best
    best, _, _ = engine._rules(engine.read("i'm not doing well at all")[0])
    assert "concern.not_coping" in best


@pytest.mark.parametrize(
    "text",
    [
        "got four packs of paracetamol from different tills at the supermarket. I know what they're for",
        "read up on which stations the fast trains don't stop at and wrote it on a bit of paper",
        "gave my grandad's watch to my nephew and cleared out my flat. left a note. thanks for everything",
        "Mick's just posted in the WhatsApp that he's at the railway line, anyone near?",
    ],
)
def test_preparatory_acts_told_as_errands_and_someone_at_a_drop_now_are_urgent(text):
    assert level_of(text) is Level.URGENT, screen_text(text).as_dict()


@pytest.mark.parametrize(
    "text",
    [
        "veg patch is doing well. bad news is I keep wishing I'd die in my sleep",
        "I'm 79 and alone in this flat. My only conversation this week was the pharmacist.",
    ],
)
def test_a_passive_wish_and_isolation_told_beside_other_news_are_flagged(text):
    assert screen_text(text).flagged, screen_text(text).as_dict()


@pytest.mark.parametrize(
    "text",
    [
        "gave my old bike to my grandson and cleared out the garage, we're moving in May",
        "checked the tide times so the dog and I don't get cut off on the sands",
        "the fast trains don't stop here anymore, have to change at Crewe",
        "Pauline just posted that she's at the bridge club, she won again",
        "went to two different chemists for my pregabalin, shortage again",
    ],
)
def test_errands_tides_trains_and_bridge_clubs_are_not_preparatory_acts(text):
    best, _, _ = engine._rules(engine.read(text)[0])
    assert not {rule_id for rule_id in best if rule_id.startswith("urgent.")}, best


# Phase 14 (2026.12.14): the recovery reading per clause; blind L's and M's shapes ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Years ago I tried, I'm better now... but I've been saving my tablets",
        "Years ago I took an overdose and got through it. I am happy now. But I have been saving my tablets.",
        "Back in 2015 I was well and loving life. I'm going to take all my tablets tonight.",
    ],
)
def test_a_recovered_past_does_not_silence_a_present_risk_elsewhere_in_the_message(text):
    # Before phase 14 a distant past told as recovery anywhere in a message silenced every rule in it.
    best, _, _ = engine._rules(engine.read(text)[0])
    assert best.get("urgent.means", (Level.NONE, ""))[0] is Level.URGENT, best


def test_the_tablets_saved_now_beside_a_content_past_are_not_lowered_as_past():
    best, _, _ = engine._rules(engine.read("In my twenties I was content. I've got the tablets saved up.")[0])
    assert best["urgent.means"][0] is Level.URGENT, best


@pytest.mark.parametrize(
    "text",
    [
        "I used to cut myself every night when I was a teenager. I'm 40 now and happy, it does get better. Hang in"
        " there.",
        "I've been suicidal. 20 yrs ago. theres hope",
        "The first year after my injury I didn't want to live. I'm now 9 years on, retrained, and loving my allotment.",
        "Old me spent every day wishing I was dead. New me plays darts on a Monday and is content. It can change.",
        "Ten years ago I took an overdose and spent a week in ICU. I rebuilt my life slowly. If you're reading this "
        "and struggling, please ring someone.",
    ],
)
def test_a_recovery_story_told_to_encourage_is_still_silenced_clause_by_clause(text):
    best, _, _ = engine._rules(engine.read(text)[0])
    assert not best, best


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        (
            "the lad across the road and me both watch the match. also my brain keeps telling me to finish myself off",
            "urgent.suicidal_intent",
        ),
        (
            "Cleared the medicine drawer out after tea, into me instead of the bin. Bit dizzy.",
            "urgent.medicines_into_me",
        ),
        (
            "ended my gym membership and the phone contract. no point keeping them past this month is there",
            "urgent.no_point_paying_after",
        ),
        (
            "Handed Toby in at the RSPCA with his basket this morning. Won't be for long anyway.",
            "urgent.pet_surrendered_not_for_long",
        ),
        (
            "second chemist today, they only let you have two. a couple more trips and I'll have enough",
            "urgent.medicine_limit_more_trips",
        ),
        (
            "two attempts when I was at college. still thinking about it more than I let on",
            "concern.past_thoughts_brought_back",
        ),
        ("He'd have a life if it wasn't for me, honestly.", "concern.life_if_not_for_me"),
        ("I've run out of ways to get through the night with this pain.", "concern.run_out_of_ways_to_cope"),
    ],
)
def test_blind_m_shapes_found_by_the_rules(text, rule_id):
    best, _, _ = engine._rules(engine.read(text)[0])
    assert rule_id in best, best


@pytest.mark.parametrize(
    "text",
    [
        "Did you watch Corrie? That overdose storyline was heavy going.",
        "The overdose warning on the paracetamol packet is tiny, who can read that",
        "My nurse gave me naloxone just in case of an accidental overdose on the patches.",
    ],
)
def test_overdose_named_as_a_risk_or_a_story_is_not_the_means_rule(text):
    best, _, _ = engine._rules(engine.read(text)[0])
    assert "urgent.means" not in best, best


def test_an_overdose_told_by_the_author_still_fires_the_means_rule():
    best, _, _ = engine._rules(engine.read("i took an overdose last night and nobody knows")[0])
    assert best["urgent.means"][0] is Level.URGENT


@pytest.mark.parametrize(
    "text",
    [
        # Phase 16: a stranger's death read in the paper or heard about is not the writer's method.
        "Our Kath heard some teenager jumped off the bridge by the retail park, shocking for the village",
        "have you heard a lad jumped from the top of the car park in Crewe, awful",
    ],
)
def test_a_strangers_death_read_or_heard_about_is_not_the_method_rule(text):
    best, _, _ = engine._rules(engine.read(text)[0])
    assert "urgent.method" not in best


@pytest.mark.parametrize(
    "text",
    [
        # Phase 16: a distant past told through a decade ("through my twenties", "once upon a time") is past.
        "I self harmed all through my thirties. I'm 58 now and it can stop, it did for me",
        "Once upon a time I wanted to die every day. Now I walk the dogs on the beach and life's alright now",
    ],
)
def test_a_past_told_through_a_decade_or_once_upon_a_time_is_recovery(text):
    assert engine.rules_level(text) is Level.NONE


def test_the_phase_16_rules_are_not_read_as_the_past_when_the_clean_time_is_the_past():
    # "cut again, first time in four years": the clean time is the past, the cutting is now.
    assert engine.rules_level("I've cut my wrists again tonight, it had been since before the wedding") is Level.URGENT
