"""The learned layer beside the rules (issue 14): loading, determinism, explanations, long posts, provenance."""

import hashlib
import json
import logging
import os
import sys

import pytest

from followon.safety.screen import SCREEN_VERSION, Level, engine, explain, screen_text, screen_text_safely
from followon.safety.screen import learned as learned_module
from followon.safety.screen import train as train_module
from followon.safety.screen.dataset import TRAIN_DIR, training_rows
from followon.safety.screen.features import FEATURES_VERSION, concepts_in, features
from followon.safety.screen.learned import WEIGHTS, LearnedModel
from followon.safety.screen.taxonomy import CONCEPTS, FAMILIES, FAMILY_BY_ID


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The screen needs no database: replace the root conftest's cache clearing for these tests."""


@pytest.fixture
def search_state():
    """The threshold search's module state (floors, caps, the replaced file's rates), restored after the test."""
    floors, caps, rates = dict(train_module.FLOORS), dict(train_module._CAPS), dict(train_module._REPLACED_RATES)
    yield
    train_module.FLOORS.clear()
    train_module.FLOORS.update(floors)
    train_module._set_caps(*caps.values())
    train_module._REPLACED_RATES.clear()
    train_module._REPLACED_RATES.update(rates)


# Loading ---------------------------------------------------------------------------------------------


def test_the_weights_file_is_small_and_loads_with_its_thresholds():
    assert WEIGHTS.stat().st_size < 2_000_000
    model = LearnedModel.load()
    assert model.weights and all(len(pair) == 2 for pair in model.weights.values())
    assert 0 < model.flag_threshold < 1 and 0 < model.urgent_threshold <= 1
    assert 0 <= model.veto <= model.context_veto <= model.long_veto <= 1


def test_the_screen_loads_the_model_once_at_import():
    assert isinstance(engine._MODEL, LearnedModel)
    assert engine._model() is engine._model()


def test_weights_from_other_feature_code_are_refused(tmp_path):
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    data["features_version"] = FEATURES_VERSION + "-old"
    stale = tmp_path / "weights.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="make train-screen"):
        LearnedModel.load(stale)


def test_missing_weights_fail_safe_every_message_is_unscreened(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(learned_module, "WEIGHTS", tmp_path / "absent.json")
    with caplog.at_level(logging.ERROR, logger="followon.safety.screen"):
        monkeypatch.setattr(engine, "_MODEL", None)
        result = screen_text_safely("see you all on Thursday")
    assert result.level is Level.UNSCREENED and result.needs_review
    assert result.error == "ModelUnavailable"
    assert "see you all" not in caplog.text


def test_loading_a_missing_weights_file_logs_once_without_text(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(learned_module, "WEIGHTS", tmp_path / "absent.json")
    with caplog.at_level(logging.ERROR, logger="followon.safety.screen"):
        assert engine._load_model() is None
    assert "could not be loaded" in caplog.text and "FileNotFoundError" in caplog.text


def test_the_product_path_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = (
        "import sys; from followon.safety.screen import screen_text; screen_text('I want to die'); "
        "print(any(name == 'sklearn' or name.startswith('sklearn.') for name in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert completed.stdout.strip() == "False"


# Determinism and faithfulness to the trained regression -----------------------------------------------


def test_screening_is_deterministic():
    texts = [
        "necked a whole box of co-codamol with a bottle of wine",
        "bye for now everyone, op tomorrow, see you on the other side!",
        "I wouldn't care if I didn't wake up tbh",
    ]
    first = [screen_text(text) for text in texts]
    assert [screen_text(text) for text in texts] == first
    assert LearnedModel.load().weights == LearnedModel.load().weights


def test_pure_python_scores_match_scikit_learn():
    # The exported weights, scored without scikit-learn, give the regression's own decision function.
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from followon.safety.screen import train
    from followon.safety.screen.dataset import rule_example_rows

    rows = rule_example_rows()
    sentences = [engine.model_input(row.text) for row in rows]
    feature_dicts = [features(s) for s in sentences]
    # The scorer's fidelity, not the pruning: the file drops weights under train.PRUNE in both regressions (since phase
    # 18 the smallest value of train.PRUNE_GRID whose file fits the ceiling, chosen when training; the phase-15 value
    # 0.04 is long gone), which moves a score by design (measured by cross-validation), so compare before it.
    weights, intercepts = train.fit_weights(feature_dicts, rows, 4.0, prune=train.PRUNE_BEFORE)
    model = LearnedModel(weights=weights, intercepts=intercepts, flag_threshold=0.5, urgent_threshold=0.5)
    from collections import Counter

    df = Counter(name for feats in feature_dicts for name in feats)
    kept = [{name: value for name, value in feats.items() if df[name] >= train.MIN_DF} for feats in feature_dicts]
    vectoriser = DictVectorizer(sort=True)
    x = vectoriser.fit_transform(kept)
    reference = LogisticRegression(C=4.0, class_weight="balanced", max_iter=5000).fit(x, [r.at_risk for r in rows])
    expected = reference.decision_function(x)
    for sentence_list, value in zip(sentences, expected, strict=True):
        assert model.logits(sentence_list)[0] == pytest.approx(value, abs=0.01)


def test_features_are_scaled_per_group_and_name_concepts():
    feats = features(engine.model_input("I've taken all my tablets"))
    assert "k:medicine" in feats and "k:quantity" in feats and "p:medicine+quantity" in feats
    for prefix in ("w", "c"):
        group = [value for name, value in feats.items() if name[0] == prefix or (prefix == "w" and name[0] == "b")]
        assert sum(value * value for value in group) == pytest.approx(1.0)


# Explanations in words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("I've taken all my pills. Just wanted to say thanks for everything", "Overdose already taken: call 999"),
        ("necked a whole box of co-codamol with a bottle of wine", "Overdose already taken: call 999"),
        ("last weekend I tried to end it, my husband found me", "A suicide attempt"),
    ],
)
def test_a_result_explains_itself_in_words(text, words):
    result = screen_text(text)
    assert result.level is Level.URGENT
    descriptions = [rule.description for rule in result.fired]
    assert any(words in description for description in descriptions), result.as_dict()
    for rule in result.fired:
        assert rule.description and rule.description[0].isupper()
        assert not rule.description.replace(".", "").isdigit()


def test_the_learned_layer_names_the_concepts_that_counted_and_never_the_text():
    # Phase 3: the learned layer's "needs a look" threshold is 0.96, and "necked a whole box ..." alone scores
    # 0.95 (the rules rate it urgent anyway); this message, with its thank-you, is the learned layer's own finding.
    text = (
        "Margaret here. Just took all of my co-codamol and a bottle of wine at 12 Acacia Avenue. Thanks for everything"
    )
    result = screen_text(text)
    learned = [rule for rule in result.fired if rule.id.startswith("learned.")]
    assert learned, result.as_dict()
    assert learned[0].context.startswith("learned model")
    assert "medicine" in learned[0].context or "quantity" in learned[0].context
    encoded = json.dumps(result.as_dict())
    for word in ("Margaret", "Acacia", "co-codamol", "wine"):
        assert word not in encoded


def test_explain_turns_stored_ids_into_words_old_and_new():
    assert explain(["urgent.means"]) == (
        "Mentions saving up or taking medication, or another means, to end their life",
    )
    assert explain(["learned.overdose_taken"]) == ("Overdose already taken: call 999 (learned model)",)
    assert explain(["learned.unspecified"]) == ("Reads like messages from people at risk (learned model)",)
    assert explain(["retired.rule"]) == ("retired.rule",)


def test_every_family_and_concept_has_words():
    ids = [family.id for family in FAMILIES]
    assert len(ids) == len(set(ids)) == 24
    for family in FAMILIES:
        assert family.words[0].isupper(), family.id
    for concept in CONCEPTS:
        assert concept.words and (concept.family in FAMILY_BY_ID or concept.family == "voice"), concept.id


# What the rules keep doing beside the model ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Last weekend I tried to end it. I took a load of tablets but was sick",
        "on Tuesday I took a load of my tablets but was sick, didn't tell anyone",
        "I tried to kill myself on Saturday",
    ],
)
def test_a_recent_attempt_told_in_the_past_tense_stays_urgent(text):
    assert screen_text(text).level is Level.URGENT


def test_a_distant_past_told_as_recovery_is_not_flagged_but_one_coming_back_is():
    recovery = screen_text("I took an overdose in my twenties. I'm 67 now and I've had a good life since.")
    assert recovery.level is Level.NONE
    assert any("recovery" in item.reason for item in recovery.suppressed)
    assert screen_text("Years ago I took an overdose and lately the thoughts are coming back").flagged


def test_words_the_rules_cancel_are_not_read_by_the_model():
    # "killing myself" negated: the model reads the sentence without those words.
    assert engine.model_input("killing myself is not an option, I've got the grandkids") == [
        "cancelled isnt an option ive got the grandkids"
    ]
    assert screen_text("killing myself is not an option, I've got the grandkids").level is Level.NONE


# Long posts: passage by passage, the author's own words weigh more --------------------------------------


def _toy_model(penalty: float) -> LearnedModel:
    return LearnedModel(
        weights={"w:die": (40.0, 40.0)},
        intercepts=(-4.0, -4.0),
        flag_threshold=0.5,
        urgent_threshold=0.5,
        other_voice_penalty=penalty,
    )


_BEFORE = [
    "the cafe was lovely on tuesday and the scones were huge",
    "my knee has been playing up since the rain came in",
    "pacing is going better now that i use the timer on my phone",
]
_AFTER = [
    "our kid is coming round with the grandchildren on sunday",
    "who is bringing the cake for next week at the community centre",
    "hydrotherapy was cancelled again so i walked round the park instead",
]


def test_a_long_post_is_read_passage_by_passage():
    post = [*_BEFORE, "i want to die", *_AFTER]
    assessment = _toy_model(2.0).assess(post)
    assert assessment.level is Level.URGENT and assessment.passage and not assessment.other_voice
    # As a whole the one sentence is diluted: the passage is what flags it.
    z_flag, _, _ = _toy_model(2.0).logits(post)
    assert z_flag < 0


def test_in_a_long_post_someone_elses_words_weigh_less_than_the_authors():
    own = _toy_model(2.0).assess([*_BEFORE, "honestly i want to die", *_AFTER])
    quoted = _toy_model(2.0).assess([*_BEFORE, "she said qmark i want to die qmark", *_AFTER])
    assert quoted.other_voice and not own.other_voice
    assert quoted.p_flag < own.p_flag
    unpenalised = _toy_model(0.0).assess([*_BEFORE, "she said qmark i want to die qmark", *_AFTER])
    assert unpenalised.p_flag > quoted.p_flag


def test_in_a_long_post_a_passage_told_as_a_distant_past_weighs_less_unless_it_is_back():
    # Phase 3 (blind B): a recovery story for newer members tells an old attempt in the author's own voice.
    before = ["the scones at the cafe were huge", "my knee has been playing up since the rain", "pacing is better"]
    after = ["who is bringing the cake to the community centre", "i walked round the park instead of the pool"]
    past = _toy_model(2.0).assess([*before, "in 2011 i wanted to die", *after])
    back = _toy_model(2.0).assess([*before, "in 2011 i wanted to die and lately i want to die again", *after])
    now = _toy_model(2.0).assess([*before, "honestly i want to die", *after])
    assert past.other_voice == learned_module.DISTANT_PAST
    assert not back.other_voice and not now.other_voice
    assert past.p_flag < now.p_flag
    assert "told as a distant past" in past.context
    assert learned_module.passage_voice({"distant_past", "first_person"}) == learned_module.DISTANT_PAST
    assert learned_module.passage_voice({"distant_past", "first_person", "recent"}) == ""
    assert learned_module.passage_voice({"reported", "distant_past"}) == learned_module.OTHER_VOICE


def test_in_a_long_post_a_rule_finding_told_as_a_distant_past_is_qualified_and_a_recent_one_is_not():
    filler = ["the weather has been awful", "physio went fine and the exercises help", "the cat is sulking"]
    long_past = [*filler[:2], "2011 was my worst year", "i tried to end my life", filler[2], "see you all at group"]
    best, _, _ = engine._rules(long_past)
    assert any("told as a distant past" in context for _, context in best.values())
    long_recent = [*filler[:2], "this week was my worst", "i tried to end my life", filler[2], "see you all at group"]
    best, _, _ = engine._rules(long_recent)
    assert best and not any("distant past" in context for _, context in best.values())
    # A short message is never qualified this way: a past attempt still reaches the queue.
    best, _, _ = engine._rules(["2011 was my worst year", "i tried to end my life"])
    assert best and not any("distant past" in context for _, context in best.values())


def test_a_risk_buried_in_a_long_ordinary_post_is_still_flagged():
    post = " ".join(["Lovely walk by the river today, pacing myself, pain about a 5."] * 12)
    assert screen_text(post).level is Level.NONE
    assert screen_text(post + " I can't carry on.").flagged


def test_short_messages_are_read_whole():
    assessment = _toy_model(2.0).assess(["i want to die"])
    assert not assessment.passage and not assessment.long


# Provenance and the version fingerprint ---------------------------------------------------------------


def test_the_weights_were_trained_on_the_training_files_as_committed():
    # Changing a training file without `make train-screen` would leave the screen out of step with its data.
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    recorded = data["data"]["train_files_sha256"]
    current = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:16] for path in sorted(TRAIN_DIR.glob("*.csv"))
    }
    assert recorded == current, "training data changed: run make train-screen and bump SCREEN_VERSION"
    assert data["features_version"] == FEATURES_VERSION
    assert "cross_validated_on_training_data" in data


def test_the_fingerprint_covers_the_weights(monkeypatch, tmp_path):
    from followon.safety.screen import rules

    other = tmp_path / "weights.json"
    other.write_bytes(WEIGHTS.read_bytes() + b" ")
    before = rules.fingerprint()
    monkeypatch.setattr(learned_module, "WEIGHTS", other)
    assert rules.fingerprint() != before
    assert SCREEN_VERSION != "2026.11.1"


# Phase 2 (2026.12.2) ---------------------------------------------------------------------------------


def test_cross_validation_holds_out_whole_blind_portions():
    # Leave one retired blind portion out (phase 6): each of the five independent writers' portions is held out
    # in turn, whole; every other source is always trained on and never scored.
    rows = training_rows()
    folds = train_module.portion_folds(rows)
    portions = {row.source for row in rows if train_module.is_portion(row.source)}
    assert len(folds) == len(portions) >= 5
    held_out = []
    for train_index, test_index in folds:
        sources = {rows[i].source for i in test_index}
        assert len(sources) == 1 and train_module.is_portion(next(iter(sources)))
        assert sources.isdisjoint(rows[i].source for i in train_index)
        assert len(train_index) + len(test_index) == len(rows)
        held_out += test_index
    assert sorted(held_out) == [i for i, row in enumerate(rows) if row.source in portions]


def test_in_a_long_post_that_replies_or_retells_every_rule_finding_is_weighed_by_the_learned_layer():
    # Phase 6: in a long post that replies to a member, quotes, advises, signposts or retells a distant past, a
    # rule finding counts only at the long-post veto; in a plain long post a direct finding keeps the lowest veto;
    # the author's own past in a short message always counts.
    model = LearnedModel(
        weights={},
        intercepts=(0.0, 0.0),
        flag_threshold=0.5,
        urgent_threshold=0.9,
        veto=0.1,
        context_veto=0.1,
        long_veto=0.9,
    )
    retold = learned_module.Assessment(p_flag=0.5, p_urgent=0.0, level=Level.NONE, long=True, retold=True)
    plain = learned_module.Assessment(p_flag=0.5, p_urgent=0.0, level=Level.NONE, long=True)
    short = learned_module.Assessment(p_flag=0.5, p_urgent=0.0, level=Level.NONE)
    assert not model.rules_count(retold, "")
    assert not model.rules_count(retold, "about someone else")
    assert model.rules_count(plain, "")
    assert not model.rules_count(plain, "about someone else")
    assert model.rules_count(short, "")
    assert model.rules_count(learned_module.Assessment(0.0, 0.0, Level.NONE), learned_module.OWN_PAST)
    sure = learned_module.Assessment(p_flag=0.95, p_urgent=0.0, level=Level.NONE, long=True, retold=True)
    assert model.rules_count(sure, "")


def test_which_long_posts_reply_or_retell():
    assert learned_module.retells_or_replies(["reading your post took me straight back", "i was cutting then"])
    assert learned_module.retells_or_replies(["back in 2009 i took an overdose", "the course changed things"])
    assert learned_module.retells_or_replies(["please ring samaritans on 116 123", "we are all here"])
    assert not learned_module.retells_or_replies(["lovely walk by the river today", "i cant carry on"])
    # A short message is never read this way: the assessment says so.
    assert not _toy_model(2.0).assess(["reading your post took me straight back"]).retold
    assert _toy_model(2.0).assess([*_BEFORE, "reading your post took me straight back", *_AFTER]).retold


def test_long_posts_have_their_own_thresholds():
    model = LearnedModel(
        weights={},
        intercepts=(0.0, 0.0),
        flag_threshold=0.5,
        urgent_threshold=0.9,
        long_flag_threshold=0.8,
        long_urgent_threshold=0.95,
    )
    assert model.level_of(0.6, 0.0) is Level.CONCERN
    assert model.level_of(0.6, 0.0, long=True) is Level.NONE
    assert model.level_of(0.9, 0.92) is Level.URGENT
    assert model.level_of(0.9, 0.92, long=True) is Level.CONCERN
    data = LearnedModel.load()
    assert data.long_flag_threshold is not None and data.long_urgent_threshold is not None


def test_a_short_message_the_urgent_regression_alone_is_very_sure_of_is_urgent():
    # Phase 18 (2026.12.19): the "needs a look" regression is trained on concern and urgent together; a short
    # message the urgent one is very sure of is rated urgent even below the flag threshold. Long posts are not.
    model = LearnedModel(
        weights={},
        intercepts=(0.0, 0.0),
        flag_threshold=0.7,
        urgent_threshold=0.4,
        long_flag_threshold=0.98,
        long_urgent_threshold=0.95,
        urgent_alone_threshold=0.95,
    )
    assert model.level_of(0.3, 0.96) is Level.URGENT
    assert model.level_of(0.3, 0.94) is Level.NONE
    assert model.level_of(0.3, 0.96, long=True) is Level.NONE
    assert model.level_of(0.8, 0.5) is Level.URGENT and model.level_of(0.8, 0.3) is Level.CONCERN
    off = LearnedModel(weights={}, intercepts=(0.0, 0.0), flag_threshold=0.7, urgent_threshold=0.4)
    assert off.urgent_alone_threshold is None and off.level_of(0.3, 0.999) is Level.NONE
    data = LearnedModel.load()
    assert data.urgent_alone_threshold is None or 0.5 < data.urgent_alone_threshold < 1


def test_the_urgent_alone_threshold_finds_more_urgent_messages_without_a_false_alarm():
    from followon.safety.screen.dataset import Row

    def scored(label, p_flag, p_urgent, index):
        logit = lambda p: float(__import__("math").log(p / (1 - p)))  # noqa: E731
        return train_module.Scored(
            Row(f"x{index}", "short", label, "everyday", "t", "blind_x"), Level.NONE, logit(p_flag), logit(p_urgent)
        )

    items = [scored("urgent", 0.9, 0.9, i) for i in range(8)]
    items += [scored("urgent", 0.04, 0.97, 10), scored("urgent", 0.04, 0.91, 11)]
    items += [scored("everyday", 0.05, 0.05, 20 + i) for i in range(20)] + [scored("everyday", 0.1, 0.93, 40)]
    items += [scored("hard_negative", 0.05, 0.05, 50 + i) for i in range(20)]
    table = train_module.Table(items)
    floors, caps = dict(train_module.FLOORS), dict(train_module._CAPS)
    try:
        train_module._set_caps(0.0, 0.06)
        train_module.FLOORS.update({"urgent_flagged": 0.0, "urgent_recall": 0.0, "concern_flagged": 0.0})
        chosen = train_module.choose_thresholds(table)
        # A value from 0.97 to 0.94 finds the message at 0.97 (the highest that does is kept, on a tie); 0.93 would
        # also flag the everyday message, which no flag threshold can pay for, so the one at 0.91 stays unflagged.
        assert 0.94 <= chosen[-1] <= 0.97
        assert train_module.figures(table, *chosen)["urgent_flagged"][0] == 0.9
        assert train_module.figures(table, *chosen)["everyday_fpr"][0] == 0.0
    finally:
        train_module.FLOORS.clear()
        train_module.FLOORS.update(floors)
        train_module._set_caps(*caps.values())


@pytest.mark.parametrize(
    ("text", "at_least"),
    [
        # The shapes issue 14 names, in words that are not the rules' own examples.
        ("Took every one of my pregabalin, all of them, with the vodka. Thanks for everything", Level.URGENT),
        ("swallowed everything in the drawer tonight. night all x", Level.URGENT),
        ("couple of weeks back I sat in the garage with the engine running", Level.URGENT),
        ("been looking up how many amitriptyline it would take", Level.URGENT),
        ("wrote goodbye cards to the grandkids this morning", Level.URGENT),
        ("whenever I drive over the bridge I think about jumping", Level.URGENT),
        ("honestly wouldn't mind if I never woke up", Level.CONCERN),
        ("my family would be so much happier if I just went", Level.CONCERN),
        ("this isn't living, I'm just existing", Level.CONCERN),
        ("I'm only a drain on everyone now", Level.CONCERN),
    ],
)
def test_the_shapes_issue_14_names_are_flagged(text, at_least):
    assert screen_text(text).level.rank >= at_least.rank


# Phase 15 (2026.12.15) -------------------------------------------------------------------------------


def test_the_floors_come_from_the_replaced_files_rates_on_the_same_scores(monkeypatch):
    # Phase 14's floors were constants of thirteen folds; on seventeen the live thresholds fell below them and the
    # search fell back to its most cautious choice. Now they are derived at training time from the replaced
    # file's own figures on the same out-of-portion scores.
    assert not hasattr(train_module, "LIVE_RATES")
    monkeypatch.setattr(train_module, "FLOORS", dict(train_module.FLOORS))
    replaced = {
        "urgent_flagged": (0.957, 2285),
        "urgent_recall": (0.932, 2285),
        "concern_flagged": (0.949, 2026),
        "hard_negative_fpr": (0.064, 1912),
        "everyday_fpr": (0.023, 1648),
        "long_at_risk_flagged": (0.995, 3868),
    }
    floors = train_module.set_floors(replaced)
    assert floors["urgent_flagged"] == 0.957
    assert floors["urgent_recall"] == 0.932
    assert floors["concern_flagged"] == pytest.approx(0.949 - train_module.ADOPTION_ALLOWANCE)
    assert floors["long_at_risk_flagged"] == 0.995  # phase 30: no allowance, as the adoption rule counts them
    assert floors == train_module.FLOORS


def test_the_threshold_search_keeps_long_posts_at_risk_at_the_replaced_files_rate(search_state):
    # Phase 29's search moved the long-post threshold up for short-message recall and lost long posts at risk the
    # adoption rule counts with no allowance (ADR 0010, "Phase 29 not adopted"). A toy of that trade: one hard negative
    # may be flagged; flagging the long urgent post at 0.78 flags the long hard negative at 0.79, and flagging the
    # twenty short urgent messages at 0.45 flags the short hard negative at 0.5. Short recall buys more of the
    # objective, so without a floor for long posts the search gives the long post up; with the replaced file's rate as
    # the floor it may not.
    import math

    from followon.safety.screen.dataset import Row

    def item(index, kind, label, p):
        z = math.log(p / (1 - p))
        row = Row(f"x{index}", kind, label, "everyday", "t", "blind_x")
        return train_module.Scored(row, Level.NONE, z, z, long=kind == "long")

    items = [item(0, "long", "urgent", 0.78), item(1, "long", "urgent", 0.95), item(2, "long", "hard_negative", 0.79)]
    items += [item(10 + i, "short", "urgent", 0.9) for i in range(10)]
    items += [item(30 + i, "short", "urgent", 0.45) for i in range(20)] + [item(60, "short", "hard_negative", 0.5)]
    items += [item(70 + i, "short", "hard_negative", 0.05) for i in range(20)]
    items += [item(100 + i, "short", "everyday", 0.05) for i in range(20)]
    table = train_module.Table(items)
    train_module._set_caps(0.0, 0.05)
    train_module._REPLACED_RATES.clear()
    train_module.FLOORS.update(
        {"urgent_flagged": 0.0, "urgent_recall": 0.0, "concern_flagged": 0.0, "long_at_risk_flagged": 0.0}
    )
    without = train_module.choose_thresholds(table)
    assert without[3] > 0.78 and train_module.figures(table, *without)["long_at_risk_flagged"][0] == 0.5
    train_module.FLOORS["long_at_risk_flagged"] = 1.0
    kept = train_module.choose_thresholds(table)
    assert kept[3] <= 0.78 and kept[0] < train_module._GRID[-1]  # found, not a fallback
    measured = train_module.figures(table, *kept)
    assert measured["long_at_risk_flagged"][0] == 1.0 and measured["hard_negative_fpr"][0] <= 0.05


def test_the_threshold_search_keeps_the_floors():
    # A toy table: the search may not buy fewer false alarms with urgent recall below the replaced file's rate.
    from followon.safety.screen.dataset import Row

    def scored(label, p, index):
        z = float(__import__("math").log(p / (1 - p)))
        return train_module.Scored(Row(f"x{index}", "short", label, "everyday", "t", "blind_x"), Level.NONE, z, z)

    items = [scored("urgent", 0.3 + 0.06 * i, i) for i in range(10)]
    items += [scored("concern", 0.5, 20 + i) for i in range(4)]
    items += [scored("everyday", 0.05, 40 + i) for i in range(20)] + [scored("everyday", 0.33, 60)]
    items += [scored("hard_negative", 0.05, 70 + i) for i in range(20)]
    table = train_module.Table(items)
    floors, caps = dict(train_module.FLOORS), dict(train_module._CAPS)
    try:
        train_module._set_caps(0.0, 0.06)  # the everyday message at 0.33 must not be flagged
        train_module.FLOORS.update({"urgent_flagged": 0.9, "urgent_recall": 0.0, "concern_flagged": 0.0})
        assert train_module.choose_thresholds(table)[0] == 0.34  # nine urgent messages of ten: the floor is met
        train_module.FLOORS.update({"urgent_flagged": 0.95})
        # No threshold flags 0.95 of them without the everyday one: the search says so and does not pretend.
        assert train_module.choose_thresholds(table)[0] == train_module._GRID[-1]
    finally:
        train_module.FLOORS.clear()
        train_module.FLOORS.update(floors)
        train_module._set_caps(*caps.values())


@pytest.mark.parametrize(
    ("concept", "text"),
    [
        # Phase 15: classes of words for the shapes N, O, P and Q told in their own words (new sentences, each at
        # most 0.55 difflib ratio from every row of blind_a..blind_q).
        ("affairs_objects", "Left the pension forms and the spare keys with my brother"),
        ("after_me", "labelled the freezer for whoever sorts it after me"),
        ("date_window", "lodger moves out on the 14th, after that its set"),
        ("exit_euphemism", "my head is full of getting it all over with, every morning"),
        ("taken_flat", "Tipped the pregab out of the blister packs and down my neck at teatime"),
        ("harm_hidden", "went through half a box of steri strips this week, dont ask"),
        ("means_at_hand", "got the lot under the sink now, it would be plenty"),
        ("nobody_contact", "a cold caller was the only voice on my landline since October"),
        ("self_as_burden", "my daughter gave up her job because of me"),
        ("welcome_death", "if the anaesthetic took me out I'd be fine by me about it"),
        ("nothing_works", "physio, acupuncture, nerve blocks. whats left for me, honestly"),
        ("breaking_down", "broke down at the bus stop and couldnt stop shaking"),
        ("back_again_now", "the old urge to scratch has been on my mind all week"),
        ("recovered_now", "these days im a peer mentor and life is good"),
        ("helping_other", "what helped me was telling one person, please do"),
        ("medicine_safety", "I keep a list so I dont double up by accident, the leaflet says 4g a day"),
    ],
)
def test_phase_15_concept_classes_are_found_in_new_wording(concept, text):
    found = {name for sentence in engine.model_input(text) for name in concepts_in(sentence)}
    assert concept in found


def test_concepts_told_now_in_the_writers_own_words_and_across_adjacent_sentences():
    # f: a concept in a first-person sentence told now (not in a retold past); q: concepts in adjacent sentences.
    now = features(engine.model_input("im still finding the milkman is the only person who knocks, every single day"))
    past = features(engine.model_input("Back in 2009 the milkman was the only person who knocked, every single day"))
    assert "f:nobody_contact" in now and "f:nobody_contact" not in past
    split = features(
        engine.model_input("The hamster's cage is cleaned and there's a bag of food beside it. One less thing to sort.")
    )
    assert "q:affairs_objects+after_me" in split
    assert "p:affairs_objects+after_me" not in split


@pytest.mark.parametrize(
    ("concept", "text"),
    [
        # Phase 16: classes of words for the shapes R, S, T and U told in their own words (new sentences, not rows of
        # any portion: each at most 0.55 difflib ratio from every row of blind_a..blind_u).
        ("handing_on", "Gave the hedge trimmer back to Phil and the ladder to Sue, nothing owing now"),
        ("attempt_after", "they kept me in overnight, it didnt work and I'm not sure if I'm glad"),
        ("thoughts_louder", "the idea of going is getting louder in my head since the new year"),
        ("set_time", "with the lodger away I've got three clear days coming"),
        ("trapped_plain", "nowhere to run from this back, it's a loop"),
        ("nobody_contact", "Sunday came and went and not a single text, the kettle is the loudest thing here"),
        ("self_as_burden", "our lad is ferrying me to clinics every week, I'm wrecking his whole life"),
        ("nothing_works", "another clinic, another leaflet. I'm a lost cause to them"),
        ("welcome_death", "when the test results came I thought lucky her, the lady in the next bed"),
        ("back_again_now", "the low is heading the same way as 2015 and I recognise the signs"),
        ("medicine_safety", "what are the signs if my toddler grandson swallowed one of my tablets"),
        ("recovered_now", "it was grim back then but there's a way through, keep going"),
        ("helping_other", "No judgement from me pet, please ring your GP in the morning"),
    ],
)
def test_phase_16_concept_classes_are_found_in_new_wording(concept, text):
    found = {name for sentence in engine.model_input(text) for name in concepts_in(sentence)}
    assert concept in found


def test_concepts_told_in_the_writers_past_or_about_someone_else_are_their_own_features():
    # r: a concept in the writer's own past (a past marker, no word of now); o: about someone else, not the writer.
    past = features(engine.model_input("In 2004 I swallowed a lot of pills"))
    now = features(engine.model_input("Today I am still stashing a few pills in my sock drawer"))
    other = features(engine.model_input("She has swallowed all her pills"))
    assert "r:has_taken" in past and "r:has_taken" not in now and "f:medicine" in now
    assert "o:medicine" in other and "o:medicine" not in now


# Phase 19 (2026.12.20) -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "resolved"),
    [
        # A distant past, over, told to encourage: a recovery story's shape (new sentences, not rows of any portion).
        (
            "Twenty years ago I took an overdose. I got through it, these days I'm a grandmother. Hang on in there.",
            True,
        ),
        ("In my thirties I cut myself most nights. Now I volunteer at the hospice and life is good.", True),
        ("Back in 2009 I had the tablets lined up. What helped me was telling one person, please do.", True),
        # Recent, coming back, or risk in the writer's own words told now: never resolved.
        ("Last week I took an overdose. Twenty years ago I got through it.", False),
        ("Years ago I tried to end it. I still have the tablets saved now.", False),
        ("In 2009 I tried to hang myself and the thoughts are coming back.", False),
        ("I took an overdose last night, I've been in A&E since.", False),
        ("Twenty years ago I took an overdose.", False),  # a distant past with no resolution told: not enough
    ],
)
def test_a_distant_resolved_past_is_told_apart_from_a_recent_or_ongoing_one(text, resolved):
    assert learned_module.resolved_past(engine.model_input(text)) is resolved


def test_the_recovery_penalty_lowers_only_a_resolved_past_and_says_so():
    # Phase 19: a message told as a distant, resolved past has both scores lowered by recovery_penalty; an attempt
    # last week is not lowered. The explanation says the message was weighed lower, and why.
    story = engine.model_input("Twenty years ago I took an overdose. I got through it and life is good now.")
    attempt = engine.model_input("Last week I took an overdose. I got through it somehow.")
    model = LearnedModel(
        weights={}, intercepts=(2.0, 2.0), flag_threshold=0.5, urgent_threshold=0.5, recovery_penalty=3.0
    )
    off = LearnedModel(weights={}, intercepts=(2.0, 2.0), flag_threshold=0.5, urgent_threshold=0.5)
    lowered, same = model.assess(story), off.assess(story)
    assert lowered.resolved and not same.resolved
    assert lowered.p_flag < same.p_flag and lowered.p_urgent < same.p_urgent
    assert lowered.level is Level.NONE and same.level is Level.URGENT
    kept = model.assess(attempt)
    assert not kept.resolved and kept.level is Level.URGENT and kept.p_flag == off.assess(attempt).p_flag
    flagged = LearnedModel(
        weights={}, intercepts=(4.0, 4.0), flag_threshold=0.5, urgent_threshold=0.5, recovery_penalty=1.0
    ).assess(story)
    assert flagged.level is Level.URGENT and "told as a distant, resolved past" in flagged.context


def test_training_scores_a_resolved_past_as_the_product_does():
    # The cross-validation lowers the same messages by the same amount as LearnedModel.candidates.
    from followon.safety.screen.dataset import Row

    texts = [
        "Twenty years ago I took an overdose. I got through it and life is good now.",
        "Last week I took an overdose.",
    ]
    reads = [engine.model_input(text) for text in texts]
    rows = [Row(f"r{i}", "short", "hard_negative", "recovery_story", text, "blind_x") for i, text in enumerate(texts)]
    found = [[(1.0, 0.5, False, "")], [(1.0, 0.5, False, "")]]
    levels = [(Level.NONE, Level.NONE, Level.NONE, Level.NONE)] * 2
    scored = train_module._scored(rows, levels, found, 4.0, reads, 2.0)
    assert [item.z_flag for item in scored] == [-1.0, 1.0] and [item.z_urgent for item in scored] == [-1.5, 0.5]
    model = LearnedModel(
        weights={}, intercepts=(1.0, 0.5), flag_threshold=0.5, urgent_threshold=0.5, recovery_penalty=2.0
    )
    assert [candidate[:2] for read in reads for candidate in model.candidates(read)] == [(-1.0, -1.5), (1.0, 0.5)]


def test_the_passage_penalty_lowers_every_passage_of_a_long_post_and_never_the_whole():
    # Phase 27: a passage read alone must be surer than the whole post. Every passage candidate (the author's own voice
    # too) is lowered by passage_penalty, on top of the other-voice penalty; the whole post and a short message are not.
    long_post = engine.model_input(
        "Lovely walk with the dog this morning. The cafe had scones again. "
        "I felt exactly like that last winter. My knee is better since the rain stopped. See you all on Tuesday."
    )
    short = engine.model_input("I felt exactly like that last winter.")
    kwargs = {
        "weights": {"w:felt": (1.5, 0.5)},
        "intercepts": (0.5, -0.5),
        "flag_threshold": 0.5,
        "urgent_threshold": 0.5,
    }
    off = LearnedModel(**kwargs, other_voice_penalty=4.0)
    on = LearnedModel(**kwargs, other_voice_penalty=4.0, passage_penalty=2.0)
    before, after = off.candidates(long_post), on.candidates(long_post)
    assert len(before) == len(after) > 1
    assert after[0][:2] == before[0][:2]  # the whole post
    for old, new in zip(before[1:], after[1:], strict=True):
        assert new[3] and new[4] == old[4]
        assert new[0] == pytest.approx(old[0] - 2.0) and new[1] == pytest.approx(old[1] - 2.0)
    assert on.candidates(short) == off.candidates(short)
    assert on.assess(long_post).p_flag <= off.assess(long_post).p_flag


def test_training_scores_passages_as_the_product_does():
    # The cross-validation lowers a long post's passages by the same amount as LearnedModel.candidates: the
    # candidates it is given are the product's own with both penalties off.
    from followon.safety.screen.dataset import Row

    text = (
        "Lovely walk with the dog this morning. The cafe had scones again. I read your post about the tablets. "
        "I felt exactly like that last winter, I had them lined up. See you all on Tuesday."
    )
    read = engine.model_input(text)
    kwargs = {"weights": {"w:felt": (2.5, 1.5), "w:tablets": (1.0, 0.5)}, "intercepts": (-0.5, -1.0)}
    raw = LearnedModel(**kwargs, flag_threshold=0.5, urgent_threshold=0.5)
    found = [[(z_f, z_u, part, other) for z_f, z_u, _, part, other in raw.candidates(read)]]
    assert any(part for _, _, part, _ in found[0]) and not found[0][0][2]
    row = Row("r0", "long", "support", "support_reply", text, "blind_x")
    levels = [(Level.NONE, Level.NONE, Level.NONE, Level.NONE)]
    for passage in train_module.PASSAGE_GRID:
        scored = train_module._scored([row], levels, found, 4.0, [read], 0.0, passage)
        product = LearnedModel(
            **kwargs, flag_threshold=0.5, urgent_threshold=0.5, other_voice_penalty=4.0, passage_penalty=passage
        ).candidates(read)
        assert scored[0].z_flag == pytest.approx(max(candidate[0] for candidate in product))
        assert scored[0].z_urgent == pytest.approx(max(candidate[1] for candidate in product))
    assert LearnedModel.load().passage_penalty in train_module.PASSAGE_GRID


def test_a_recovery_penalty_is_chosen_only_if_no_worse_than_the_live_search():
    # The CV guard of phase 19, built into the search: a choice that flags fewer urgent messages, or more hard
    # negatives than the allowance, is not taken whatever its score.
    live = {
        "urgent_flagged": (0.95, 100),
        "urgent_recall": (0.93, 100),
        "concern_flagged": (0.94, 100),
        "hard_negative_fpr": (0.06, 100),
        "everyday_fpr": (0.02, 100),
        "long_at_risk_flagged": (0.98, 100),
        "families": {},
    }
    assert train_module._no_worse(dict(live), live)
    assert train_module._no_worse({**live, "concern_flagged": (0.936, 100), "hard_negative_fpr": (0.064, 100)}, live)
    assert not train_module._no_worse({**live, "urgent_flagged": (0.949, 100)}, live)
    assert not train_module._no_worse({**live, "urgent_recall": (0.929, 100)}, live)
    assert not train_module._no_worse({**live, "hard_negative_fpr": (0.066, 100)}, live)
    assert not train_module._no_worse({**live, "long_at_risk_flagged": (0.97, 100)}, live)
    data = LearnedModel.load()
    assert data.recovery_penalty in train_module.RECOVERY_GRID


def test_the_search_counts_the_replaced_files_urgent_alone_path_so_it_can_keep_its_thresholds(capsys, search_state):
    # Phase 19: the floors are the replaced file's rates *with* its urgent-alone path. The first stages must count that
    # path too, or no flag threshold reaches the urgent floor within the caps and the search falls back to its most
    # cautious choice (2026.12.19's own search on 38 folds: flag 0.98, urgent flagged 0.806).
    import math

    from followon.safety.screen.dataset import Row

    def scored(label, p_flag, p_urgent, index):
        logit = lambda p: float(math.log(p / (1 - p)))  # noqa: E731
        return train_module.Scored(
            Row(f"x{index}", "short", label, "everyday", "t", "blind_x"), Level.NONE, logit(p_flag), logit(p_urgent)
        )

    items = [scored("urgent", 0.9, 0.9, i) for i in range(8)]
    items += [scored("urgent", 0.04, 0.97, 10), scored("urgent", 0.04, 0.96, 11)]  # found by the urgent path alone
    items += [scored("everyday", 0.05, 0.05, 20 + i) for i in range(20)]
    items += [scored("hard_negative", 0.05, 0.05, 50 + i) for i in range(20)]
    table = train_module.Table(items)
    replaced = train_module.figures(table, 0.5, 0.5, (0.0, 0.0, 0.5), None, None, 0.93)
    assert replaced["urgent_flagged"][0] == 1.0
    train_module.set_floors(replaced)
    train_module._set_caps(0.0, 0.0)
    train_module._REPLACED_RATES.clear()
    train_module._REPLACED_RATES.update({"caps": (0.0, 0.0), "urgent_alone": 0.93})
    chosen = train_module.choose_thresholds(table)
    assert "falling back" not in capsys.readouterr().err
    measured = train_module.figures(table, *chosen)
    assert chosen[0] < train_module._GRID[-1] and chosen[-1] is not None
    assert measured["urgent_flagged"][0] == 1.0 and measured["urgent_recall"][0] == 1.0
    assert measured["everyday_fpr"][0] == 0.0 and measured["hard_negative_fpr"][0] == 0.0
    # Without the path in the first stages (as 2026.12.19's search) they fall back to the most cautious choice.
    train_module._REPLACED_RATES["urgent_alone"] = None
    train_module._set_caps(0.0, 0.0)
    train_module.choose_thresholds(table)
    assert "no thresholds meet the ceilings: falling back to the highest" in capsys.readouterr().err


# Phase 20 (2026.12.21) -------------------------------------------------------------------------------


def test_the_pruning_is_the_smallest_of_its_grid_that_fits_the_budget(monkeypatch):
    # Forty-eight folds' data wrote 1,982,377 bytes of weights at 0.12, the largest value of phase 19's grid, over the
    # budget: the grid now goes further and the same rule (the smallest value that fits) picks from it.
    assert tuple(sorted(train_module.PRUNE_GRID)) == train_module.PRUNE_GRID and train_module.PRUNE_GRID[-1] > 0.12
    full = {f"w:word{index}": (0.01 * (index % 30), 0.0) for index in range(600)}
    sizes = {
        prune: len(train_module._dump({"weights": train_module._exported_weights(train_module.pruned(full, prune))}))
        for prune in train_module.PRUNE_GRID
    }
    assert sizes[train_module.PRUNE_GRID[0]] > sizes[train_module.PRUNE_GRID[-1]]
    budget = sizes[0.14]
    monkeypatch.setattr(train_module, "WEIGHTS_BUDGET", budget)
    assert train_module.choose_pruning(full) == min(
        prune for prune in train_module.PRUNE_GRID if sizes[prune] <= budget
    )
    monkeypatch.setattr(train_module, "WEIGHTS_BUDGET", 10)
    assert train_module.choose_pruning(full) == train_module.PRUNE_GRID[-1]  # nothing fits: the largest, and the test
    # of the file's size says so


# Phase 22 (2026.12.23) -------------------------------------------------------------------------------


def test_the_cv_guard_reports_long_posts_at_risk_fold_by_fold():
    # The adoption rule counts long posts at risk one by one (phase 21 lost one), so the guard names the folds where the
    # chosen thresholds flag fewer long at-risk posts than the replaced file's on the same scores.
    import math

    from followon.safety.screen.dataset import Row

    def logit(p):
        return math.log(p / (1 - p))

    def long_post(index, label, p_flag, portion):
        return train_module.Scored(
            Row(f"x{index}", "long", label, "past_ideation", "t", portion),
            Level.NONE,
            logit(p_flag),
            logit(0.1),
            long=True,
        )

    scored = [
        long_post(0, "concern", 0.95, "blind_x"),
        long_post(1, "concern", 0.99, "blind_x"),
        long_post(2, "urgent", 0.99, "blind_y"),
        long_post(3, "support", 0.99, "blind_y"),
    ]
    chosen = (0.7, 0.5, (0.1, 0.1, 0.98), 0.98, 0.9, None)
    replaced = (0.7, 0.5, (0.1, 0.1, 0.98), 0.94, 0.9, None)
    by_portion = train_module.long_at_risk_by_portion(scored, chosen, scored, replaced)
    assert by_portion == {"blind_x": (2, 1, 2), "blind_y": (1, 1, 1)}  # the supportive post is not at risk
    lines = train_module.long_at_risk_lines(by_portion)
    assert lines[-1] == "  pooled chosen=2 replaced=3; folds with fewer flagged: 1 blind_x"


# Phase 23 (2026.12.24) -------------------------------------------------------------------------------


def test_the_long_post_margin_lowers_only_the_long_flag_threshold_within_its_allowance():
    # The adoption rule counts long posts at risk with no allowance (phases 21 and 22 each lost one long concern post
    # just under 0.98), so after the search the long-post threshold is lowered one hundredth at a time while hard
    # negatives and everyday talk stay within half the allowance of the replaced file's rates on the same scores and
    # long supportive posts within their ceiling; nothing else moves.
    import math

    from followon.safety.screen.dataset import Row

    def logit(p):
        return math.log(p / (1 - p))

    def item(index, kind, label, p_flag):
        return train_module.Scored(
            Row(f"x{index}", kind, label, "everyday", "t", "blind_x"),
            Level.NONE,
            logit(p_flag),
            logit(0.1),
            long=kind == "long",
        )

    items = [item(0, "long", "concern", 0.975), item(1, "long", "urgent", 0.965)]
    items += [item(10 + index, "short", "hard_negative", 0.1) for index in range(300)]
    items += [item(400, "long", "hard_negative", 0.962)]  # flagged from 0.96: 1 of 301, over half the allowance
    items += [item(500 + index, "short", "everyday", 0.1) for index in range(100)]
    items += [item(700 + index, "long", "support", 0.1) for index in range(10)]
    table = train_module.Table(items)
    chosen = (0.7, 0.5, (0.1, 0.1, 0.98), 0.98, 0.9, None)
    replaced = train_module.figures(table, *chosen)
    margin = train_module.long_margin(table, chosen, replaced)
    assert margin == (0.7, 0.5, (0.1, 0.1, 0.98), 0.97, 0.9, None)
    assert train_module.figures(table, *margin)["long_at_risk_flagged"][0] == 0.5  # the post at 0.975 now flagged
    # A threshold already at or under the margin's grid is left as the search chose it.
    lower = (0.7, 0.5, (0.1, 0.1, 0.98), 0.95, 0.9, None)
    assert train_module.long_margin(table, lower, replaced) == lower


# Phase 24: a rebuild needs the thresholds the file replaced ------------------------------------------------------


def test_the_thresholds_the_live_file_replaced_are_recorded_beside_it():
    # The search's floors, caps and long-post margin come from the replaced file's thresholds, so `train --check`
    # can only rebuild the live file against those (dbb037a: checked against its own, it could never match).
    record = json.loads(train_module.REPLACED.read_text(encoding="utf-8"))
    assert set(record) == {"note", "thresholds", "weights_sha256"}
    assert len(record["weights_sha256"]) == 64
    previous = train_module._previous_thresholds(train_module.REPLACED)
    penalty, thresholds, recovery, passage, own_past_veto = previous
    assert len(thresholds) == 6 and len(thresholds[2]) == 3
    assert passage == record["thresholds"].get("passage_penalty", 0.0)  # 0: a file from before phase 27
    assert own_past_veto == record["thresholds"].get("own_past_veto", 0.0)  # 0: a file from before phase 32's code
    assert record["thresholds"]["flag"] == thresholds[0] and record["thresholds"]["urgent"] == thresholds[1]


def test_the_replaced_record_reads_back_as_the_replaced_files_thresholds(tmp_path):
    text = WEIGHTS.read_text(encoding="utf-8")
    path = tmp_path / "replaced.json"
    path.write_text(train_module.replaced_record(text), encoding="utf-8")
    assert train_module._previous_thresholds(path) == train_module._previous_thresholds(WEIGHTS)
    assert json.loads(path.read_text())["weights_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    path.write_text(train_module.replaced_record(None), encoding="utf-8")
    assert train_module._previous_thresholds(path) is None  # a first training: no ratchet


def test_a_failed_rebuild_says_where_the_files_differ():
    committed = {"C": 16.0, "thresholds": {"flag": 0.71, "urgent": 0.13}, "weights": {"a": [1, 2], "b": [3, 4]}}
    fresh = {
        "C": 16.0,
        "thresholds": {"flag": 0.70, "urgent": 0.13},
        "weights": {"a": [1, 2], "b": [3, 5], "c": [0, 1]},
    }
    lines = train_module.differences(committed, fresh)
    assert lines == ["thresholds: flag 0.71 -> 0.7", "weights: 1 features added, 0 removed, 1 with other values (of 2)"]
    assert train_module.differences(committed, committed) == []


def test_check_rebuilds_against_the_recorded_thresholds_and_training_records_them(monkeypatch, tmp_path, capsys):
    weights, replaced = tmp_path / "learned_weights.json", tmp_path / "replaced_thresholds.json"
    monkeypatch.setattr(train_module, "WEIGHTS", weights)
    monkeypatch.setattr(train_module, "REPLACED", replaced)
    old = {
        "thresholds": {
            "flag": 0.7,
            "urgent": 0.22,
            "veto": 0.1,
            "context_veto": 0.1,
            "long_veto": 0.98,
            "long_flag": 0.98,
            "long_urgent": 0.92,
            "urgent_alone": 0.87,
            "other_voice_penalty": 4.0,
        }
    }
    new = {"thresholds": dict(old["thresholds"], flag=0.71), "weights": {}}
    seen = []

    def fake_train(previous, verbose=True):
        seen.append(previous)
        return new

    monkeypatch.setattr(train_module, "train", fake_train)
    # No record: --check cannot know what the file was trained against, and says so without training.
    weights.write_text(train_module._dump(old), encoding="utf-8")
    assert train_module.main(["--check"]) == 1 and not seen
    assert "replaced_thresholds.json is missing" in capsys.readouterr().out
    # Training replaces old with new and records old's thresholds beside it.
    assert train_module.main([]) == 0
    assert seen[-1][1][0] == 0.7
    assert train_module._previous_thresholds(replaced)[1][0] == 0.7
    # --check trains against the recorded (old) thresholds, not the committed file's own (new).
    assert train_module.main(["--check", "--output", str(tmp_path / "fresh.json")]) == 0
    assert seen[-1][1][0] == 0.7
    assert "rebuilt it byte for byte" in capsys.readouterr().out
    assert (tmp_path / "fresh.json").read_text() == weights.read_text()
    new["thresholds"]["flag"] = 0.72
    assert train_module.main(["--check"]) == 1
    assert "thresholds: flag 0.71 -> 0.72" in capsys.readouterr().out


def test_the_search_can_always_keep_the_replaced_files_long_post_threshold(search_state):
    # Phase 24: 2026.12.24's long-post threshold (0.97, set by phase 23's margin) was off the search's grid, so the
    # floors and caps measured at it could not be met anywhere and the search fell back to flag 0.98.
    import math

    from followon.safety.screen.dataset import Row

    def long_post(index, label, p):
        z = math.log(p / (1 - p))
        return train_module.Scored(
            Row(f"x{index}", "long", label, "everyday", "t", "blind_x"), Level.NONE, z, z, long=True
        )

    # Long urgent posts at 0.975 must be flagged (the floor), a long hard negative at 0.955 must not (the cap): only
    # a long-post threshold between the two, such as the replaced file's 0.97, does both.
    items = [long_post(i, "urgent", 0.975) for i in range(5)] + [long_post(10, "hard_negative", 0.955)]
    table = train_module.Table(items)
    train_module._set_caps(0.0, 0.0)
    train_module.FLOORS.update({"urgent_flagged": 1.0, "urgent_recall": 0.0, "concern_flagged": 0.0})
    train_module._REPLACED_RATES.clear()
    assert 0.97 not in train_module.search_start(None).long_flag_grid
    assert train_module.choose_thresholds(table)[0] == train_module._GRID[-1]  # nothing fits: the fallback
    replaced = (3.0, (0.67, 0.02, (0.1, 0.1, 0.5), 0.97, 0.5, 0.84), 1.0, 4.0)
    grid = train_module.search_start(replaced).long_flag_grid
    assert grid == tuple(sorted((*train_module._LONG_FLAG_GRID, 0.97)))
    train_module._REPLACED_RATES["long_flag_grid"] = grid  # as train() sets it for the search
    assert train_module.choose_thresholds(table)[3] == 0.97
    on_grid = (3.0, (0.67, 0.02, (0.1, 0.1, 0.5), 0.98, 0.5, 0.84), 1.0, 4.0)  # on the grid already: unchanged
    assert train_module.search_start(on_grid).long_flag_grid == train_module._LONG_FLAG_GRID


def test_the_penalty_grids_are_searched_at_the_replaced_files_passage_penalty():
    # Phase 28: 2026.12.28 lowers every passage of a long post by 4.0. Phase 27's training searched the other-voice and
    # recovery grids with passages unlowered and tried passage values only after; against 2026.12.28 no point of those
    # grids met its floors and caps and the search fell back to flag 0.98. The grids are now searched at the replaced
    # file's own passage penalty, the other values tried after.
    assert train_module.search_start(None)[:2] == (0.0, (1.0, 2.0, 3.0, 4.0))  # a first training: as phase 27
    live = train_module._previous_thresholds()
    base, others = train_module.search_start(live)[:2]
    assert base == live[3] == LearnedModel.load().passage_penalty
    assert base not in others and sorted((base, *others)) == sorted(train_module.PASSAGE_GRID)
    # A replaced file without one (as 2026.12.27, which 2026.12.28 replaced): searched exactly as phase 27 did, so a
    # rebuild (--check, against the thresholds recorded beside the file) takes the path of the run that made it.
    without = (4.0, (0.98, 0.5, (0.0, 0.0, 0.5), 0.98, 0.5, 0.84), 0.0, 0.0)
    assert train_module.search_start(without)[:2] == (0.0, (1.0, 2.0, 3.0, 4.0))
    recorded = train_module._previous_thresholds(train_module.REPLACED)
    assert train_module.search_start(recorded).passage == recorded.passage_penalty == recorded[3]


def test_a_replaced_files_thresholds_are_a_point_of_the_search_only_at_its_passage_penalty(capsys, search_state):
    # Why the order matters. A long supportive post flagged only by a passage in the author's own voice (p 0.99) and a
    # long urgent post flagged by the whole post (p 0.9): with passages lowered by 4.0 (p 0.65) a long-post threshold
    # between the two keeps the urgent floor and the supportive ceiling, as the replaced file's did; with passages
    # unlowered no threshold does, and the search falls back to its most cautious choice.
    import math

    from followon.safety.screen.dataset import Row

    def z(p):
        return math.log(p / (1 - p))

    read = engine.model_input("Lovely walk with the dog this morning. See you all on Tuesday.")
    rows = [
        Row("x1", "long", "urgent", "intent", "t", "blind_x"),
        Row("x2", "long", "support", "support_reply", "t", "blind_x"),
    ]
    candidates = [
        [(z(0.9), z(0.9), False, False), (z(0.2), z(0.2), True, False)],  # the whole post
        [(z(0.3), z(0.1), False, False), (z(0.99), z(0.5), True, False)],  # one passage in the author's own voice
    ]
    for index in range(10):
        rows.append(Row(f"e{index}", "short", "everyday", "everyday", "t", "blind_x"))
        candidates.append([(z(0.05), z(0.05), False, False)])
    levels = [(Level.NONE, Level.NONE, Level.NONE, Level.NONE)] * len(rows)
    train_module._set_caps(0.0, 0.0)
    train_module.FLOORS.update({"urgent_flagged": 1.0, "urgent_recall": 0.0, "concern_flagged": 0.0})
    train_module._REPLACED_RATES.clear()
    replaced = (3.0, (0.5, 0.5, (0.0, 0.0, 0.5), 0.77, 0.5, None), 0.0, 4.0)
    base = train_module.search_start(replaced).passage
    at_base = train_module._scored(rows, levels, candidates, 3.0, [read] * len(rows), 0.0, base)
    chosen = train_module.choose_thresholds(train_module.Table(at_base))
    assert "falling back" not in capsys.readouterr().err
    measured = train_module.figures(train_module.Table(at_base), *chosen)
    assert measured["urgent_flagged"][0] == 1.0 and measured["long_support_flagged"][0] == 0.0
    unlowered = train_module._scored(rows, levels, candidates, 3.0, [read] * len(rows), 0.0, 0.0)
    assert train_module.choose_thresholds(train_module.Table(unlowered))[0] == train_module._GRID[-1]
    assert "no thresholds meet the ceilings: falling back to the highest" in capsys.readouterr().err


def test_the_cv_guard_measures_against_the_search_at_the_replaced_files_own_penalties():
    # Phase 28's second training: 2026.12.28 has recovery penalty 1.0. Every item of the search at recovery 0 fell back
    # to flag 0.98; measured against that fallback the guard refused the search at 2026.12.28's own penalties (its own
    # thresholds, no fallback) and a fallback was chosen. The baseline is now the item at the replaced file's penalties.
    def item(score, penalty, recovery, hard_negatives):
        measured = {
            "urgent_flagged": (0.98 if score > 3.7 else 0.94, 100),
            "urgent_recall": (0.97 if score > 3.7 else 0.93, 100),
            "concern_flagged": (0.96 if score > 3.7 else 0.80, 100),
            "hard_negative_fpr": (hard_negatives, 100),
            "everyday_fpr": (0.01, 100),
            "long_at_risk_flagged": (0.99 if score > 3.7 else 0.97, 100),
        }
        return train_module.Tried(score, 16.0, penalty, recovery, ("thresholds", penalty, recovery), [], measured)

    fallback_3, own, fallback_4 = (
        item(3.578, 3.0, 0.0, 0.035),
        item(3.725, 3.0, 1.0, 0.053),
        item(3.5785, 4.0, 0.0, 0.035),
    )
    tried = [fallback_3, own, item(3.579, 3.0, 2.0, 0.035), fallback_4, item(3.578, 4.0, 1.0, 0.035)]
    replaced = (3.0, (0.67, 0.02, (0.1, 0.1, 0.5), 0.77, 0.5, 0.84), 1.0, 4.0)
    start = train_module.search_start
    assert start(replaced).guard_penalties == (3.0, 1.0)
    assert train_module.guard_base(tried, start(replaced)) is own
    assert train_module._no_worse(own.measured, own.measured)
    assert not train_module._no_worse(own.measured, fallback_4.measured)  # the old baseline: +0.018 hard negatives
    assert [entry for entry in tried if train_module._no_worse(entry.measured, own.measured)] == [own]
    # A first training, or a replaced file whose penalties are off the grids: the best at recovery 0, as phase 19 chose.
    assert start(None).guard_penalties is None and start((5.0, replaced[1], 1.0, 4.0)).guard_penalties is None
    assert start((3.0, replaced[1], 1.5, 4.0)).guard_penalties is None  # a recovery penalty off its grid
    assert train_module.guard_base(tried, start(None)) is fallback_4
    assert train_module.guard_base(tried, start((5.0, replaced[1], 1.0, 4.0))) is fallback_4
    # Equal scores within 1e-9: the first wins, as 2026.12.19's loop chose.
    pair = [fallback_3, item(3.578 + 1e-12, 4.0, 0.0, 0.035)]
    assert train_module.guard_base(pair, start(None)) is fallback_3


def test_the_search_starts_from_the_live_files_whole_configuration():
    # Phase 29 gathered the three places the search starts from the replaced file's configuration (phases 24 and 28)
    # into ``search_start``. The next training replaces the committed file: its passage penalty is where the grids are
    # searched, its long-post threshold is on the grid tried, and its penalties are the guard's baseline.
    live = train_module._previous_thresholds()
    assert isinstance(live, train_module.Replaced)
    model = LearnedModel.load()
    start = train_module.search_start(live)
    assert start.passage == model.passage_penalty and start.passage not in start.other_passages
    assert live.thresholds[3] == model.long_flag_threshold and model.long_flag_threshold in start.long_flag_grid
    assert start.guard_penalties == (model.other_voice_penalty, model.recovery_penalty)
    assert set(start.long_flag_grid) - set(train_module._LONG_FLAG_GRID) <= {model.long_flag_threshold}


# Phase 25: a rebuild gives the same bits on another machine only with the BLAS pinned ----------------------------


def test_a_training_run_starts_again_with_the_blas_pinned_unless_it_already_is():
    unpinned = {"PATH": "/usr/bin", "OPENBLAS_NUM_THREADS": "2"}
    pinned = train_module.pinned_blas_environment(unpinned, "x86_64")
    assert pinned == {
        "PATH": "/usr/bin",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_CORETYPE": "Haswell",
    }
    assert train_module.pinned_blas_environment(pinned, "x86_64") is None
    # Elsewhere the kernel is the machine's own (Haswell is an x86-64 kernel); the threads are still pinned.
    arm = train_module.pinned_blas_environment(unpinned, "aarch64")
    assert "OPENBLAS_CORETYPE" not in arm and arm["OPENBLAS_NUM_THREADS"] == "1"
    assert train_module.pinned_blas_environment(arm, "aarch64") is None


def test_the_pinned_environment_reaches_openblas_and_the_module_still_runs_after_starting_again():
    import platform
    import subprocess

    bare = {name: value for name, value in os.environ.items() if name not in train_module.blas_pins("x86_64")}
    # Started without the pins, `python -m followon.safety.screen.train` execs itself with them and still works.
    started = subprocess.run(
        [sys.executable, "-m", "followon.safety.screen.train", "--help"], env=bare, capture_output=True, text=True
    )
    assert started.returncode == 0 and "--check" in started.stdout
    # The pins are what OpenBLAS (numpy's and scipy's) actually runs with: a silent no-op would not fail anything else.
    probe = (
        "import json, numpy, scipy.linalg; from threadpoolctl import threadpool_info; "
        "print(json.dumps([[i['internal_api'], i['num_threads'], i.get('architecture')] "
        "for i in threadpool_info() if i['user_api'] == 'blas']))"
    )
    pins = train_module.blas_pins(platform.machine())
    env = train_module.pinned_blas_environment(bare, platform.machine())
    seen = json.loads(subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True).stdout)
    assert seen and all(api == "openblas" and threads == 1 for api, threads, _ in seen)
    if "OPENBLAS_CORETYPE" in pins:
        assert {architecture for _, _, architecture in seen} == {pins["OPENBLAS_CORETYPE"]}


# Phase 32 code (issue 14): the own-past veto. Off (0) in every file trained before it; phase 33's training chose
# 0.005 (ADR 0010, "Phase 33 trained"), so the frozen file below carries it.


def test_the_rules_levels_keep_the_author_now_beside_a_happier_past_apart_from_the_own_past():
    old_attempt = engine.rules_levels("Ten years ago I tried to kill myself")
    assert old_attempt == (Level.NONE, Level.CONCERN, Level.CONCERN, Level.NONE)
    now_beside = engine.rules_levels("Years ago I had a good life. Now I just want to die")
    assert now_beside[2] is Level.URGENT and now_beside[3] is Level.URGENT


def test_the_live_file_has_phase_33s_own_past_veto_and_still_flags_an_attempt_told_in_the_past():
    assert LearnedModel.load().own_past_veto == 0.005
    # The veto only lowers an own-past finding the learned layer scores below 0.005: these past attempts stay a
    # concern and a recent one stays urgent (a bare year can fall under it: the last line).
    assert screen_text("Ten years ago I tried to kill myself").level is Level.CONCERN
    assert screen_text("I attempted suicide twice in my twenties").level is Level.CONCERN
    assert screen_text("I tried to kill myself last weekend").level is Level.URGENT
    # The cost, pinned so any change is seen (ADR 0010, "Phase 33 adopted"; H-001): a bare, dated overdose with
    # nothing about now is scored under the veto and lowered from concern (2026.12.29) to none.
    assert screen_text("Back in 2015 I overdosed on my tramadol").level is Level.NONE


def test_below_the_own_past_veto_the_learned_layer_overrules_an_own_past_finding_in_a_short_message(monkeypatch):
    import dataclasses

    # Vetoes no score can meet. Without the own-past veto the author's own past still counts in a short message,
    # whatever the veto for findings the rules qualified; with it, it is weighed as any of those.
    live = engine._model()
    monkeypatch.setattr(engine, "_MODEL", dataclasses.replace(live, context_veto=1.0))
    assert screen_text("Ten years ago I tried to kill myself").level is Level.CONCERN
    monkeypatch.setattr(engine, "_MODEL", dataclasses.replace(live, context_veto=1.0, own_past_veto=1.0))
    old_attempt = screen_text("Ten years ago I tried to kill myself")
    assert old_attempt.level is Level.NONE
    assert {item.id for item in old_attempt.suppressed} >= {"urgent.attempt"}
    assert all(item.reason.startswith("outweighed by the learned model") for item in old_attempt.suppressed)
    # The author now, beside a happier past, is never overruled; a recent attempt is flagged by the model itself.
    assert screen_text("Years ago I had a good life. Now I just want to die").level is Level.URGENT
    assert screen_text("Last weekend I tried to end it. I took a load of tablets but was sick").level is Level.URGENT


def test_the_own_past_veto_chosen_unflags_no_message_at_risk():
    from followon.safety.screen.dataset import Row

    logit = lambda p: float(__import__("math").log(p / (1 - p)))  # noqa: E731

    def scored(label, p_flag, index, own_past=Level.CONCERN, now_beside=Level.NONE, kind="short"):
        return train_module.Scored(
            Row(f"x{index}", kind, label, "everyday", "t", "blind_x"),
            Level.NONE,
            logit(p_flag),
            logit(p_flag),
            long=kind == "long",
            rules_contextual=own_past,
            rules_own_past=own_past,
            rules_now_beside=now_beside,
        )

    recovery_stories = [scored("hard_negative", p, i) for i, p in enumerate((0.0005, 0.0015, 0.004, 0.009))]
    at_risk = [
        scored("concern", 0.008, 10),  # an old attempt the model barely reads: lost at 0.01
        scored("urgent", 0.0001, 11, Level.URGENT, Level.URGENT),  # now beside a happier past: never overruled
        scored("concern", 0.0001, 12, kind="long"),  # a long post: weighed by the vetoes already, not by this
    ]
    items = recovery_stories + at_risk
    chosen = (0.5, 0.5, (0.1, 0.1, 0.0), 0.5, 0.5, None)
    assert train_module.choose_own_past_veto(items, chosen) == 0.005
    vetoed = train_module.Table(train_module.with_own_past_veto(items, 0.005)).levels(*chosen)
    assert vetoed.tolist() == [0, 0, 0, 1, 1, 2, 1]
    assert train_module.with_own_past_veto(items, 0.0) is items
    # When even the smallest value would unflag a message at risk, the veto stays off.
    assert train_module.choose_own_past_veto([*items, scored("urgent", 0.0005, 13)], chosen) == 0.0
