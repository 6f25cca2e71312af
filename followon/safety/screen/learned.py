"""The learned layer: logistic regression weights read from a JSON file, scored in pure Python.

``make train-screen`` (``train.py``, scikit-learn) writes ``learned_weights.json`` beside this file:
two logistic regressions over the features of ``features.py``, one for "needs a look" (concern or
urgent) and one for "urgent", with the thresholds chosen by cross-validation on the training data.
The request path never imports scikit-learn: the file is read once, at import, into a dict, and a
message's score is a sum of a few hundred dict look-ups (deterministic, no threads, no randomness).

A score is never shown on its own. :meth:`LearnedModel.assess` also says which taxonomy concepts
pushed the message towards a flag ("names a medicine kept at home", "a large quantity", "with
alcohol") and which family they point to ("Overdose already taken: call 999"), and the engine puts
those words in the result.

Long posts are read as a whole *and* passage by passage (two sentences at a time). A passage in
someone else's voice (reported speech, a quotation, advice to others, or about a third person with no
first person in it) has its score lowered by ``other_voice_penalty`` (log-odds), so the author's own
first-person statements weigh more than the stories and quotes they pass on. Since phase 3 (issue 14) a
passage told as a distant past (a year long past, "twenty years ago", "in my thirties") with nothing
recent or coming back in it is lowered the same way: a recovery story shared for newer members tells
an old attempt in the author's own voice, and scored alone that passage reads like a recent one. The
whole post is always scored too, unlowered, so a post that is only a past episode still counts.

Since phase 19 a whole message (short or long) told as a distant past that is over, to encourage others
(``resolved_past``: a distant past, a resolution, nothing recent or stirring, no risk in the writer's own words told
now) may have both scores lowered by ``recovery_penalty``, chosen by cross-validation (0: off), and says so.

Since phase 27 every passage of a long post (its own voice too) may be lowered by ``passage_penalty``, chosen by
cross-validation (0: off): two sentences read alone are less sure evidence than the whole post. Scored alone, a
passage of a supportive reply ("I felt exactly like that. I had the tablets lined up.") reads like a crisis the post
as a whole does not tell, and those passages, not the whole posts, were what flagged long supportive posts.
"""

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .features import FEATURES_VERSION, TOLD_NOW, concepts_in, features
from .model import Level
from .taxonomy import CONCEPT_BY_ID, CONCEPTS, FAMILY_BY_ID

WEIGHTS = Path(__file__).resolve().parent / "learned_weights.json"
# A message with at least this many sentences or words is also read passage by passage.
LONG_SENTENCES = 4
LONG_WORDS = 60
PASSAGE = 2
_OTHER_VOICE = frozenset({"reported", "advice"})
# A passage told as a distant past, unless something in it is recent or coming back (phase 3).
_BRINGS_BACK = frozenset({"recent", "coming_back"})
OTHER_VOICE = "in someone else's voice"
DISTANT_PAST = "told as a distant past"
# Phase 19 (issue 14): a whole message told as a distant past that is over, to encourage (a recovery story's shape,
# the taxonomy's own concepts): ``resolved_past``. Its scores are lowered by ``recovery_penalty`` (log-odds).
RESOLVED_PAST = "told as a distant, resolved past"
_RESOLVES = frozenset({"recovery", "recovered_now", "helping_other"})
_RECENT = frozenset({"recent", "back_again_now"})  # recent, or an old risk stirring now: never resolved
_STIRS = frozenset({"coming_back"})  # ... "again", "lately", "these days": stirring unless told as resolution
_TOLD_PAST = frozenset({"past_marker", "distant_past"})
# At-risk concepts that, in the writer's own words told now, mean the past is not all there is ("told as in the
# past" and "coming back" are about the past themselves).
_RISK_NOW = frozenset(
    concept.id
    for concept in CONCEPTS
    if concept.family != "voice" and FAMILY_BY_ID[concept.family].level is not Level.NONE
) - {"past_marker", "coming_back"}
# The rules' context note for the author's own past ("years ago I wanted to die"), lowered one step. In a
# short message the learned layer never overrules such a finding (phase 3): past ideation is a known risk
# factor, and the rules alone tell a recovery story apart (a distant past *and* recovery words suppress it).
OWN_PAST = "told as in the past, lowered one step"
# Phase 12 (issue 14): the author's own words now ("I want to die", "I'm going to take them all tonight") in a
# message that also tells a happier or recovered past ("years ago I had a good life"). Before, such a message
# read as a recovery story and the rules' finding was silenced, or the learned layer, reading the past, overruled
# it. Now the finding keeps its level and, in a short message, the learned layer never overrules it (as OWN_PAST);
# in a long post it is weighed as a direct finding.
NOW_BESIDE_PAST = "told as now, beside a happier or recovered past"
# Phase 6 (issue 14): a long post that replies to another member, quotes or reports, gives advice or
# signposting, or tells a distant past anywhere. In such a post the rules cannot tell the author's crisis now
# from an old one retold for newer members or a member's words quoted back to them (on the five retired blind
# portions the rules alone flagged 0.41 of long supportive posts), so every rule finding in it is weighed by
# the learned layer reading the post passage by passage (``LearnedModel.rules_count``). A plain long post in
# the author's own voice keeps its direct findings: "I can't carry on" buried in a week's news stays flagged.
_ADDRESSES_MEMBER = re.compile(
    r"\b(?:your (?:post|thread|message|story|reply|words)|you (?:said|wrote|posted|described|mentioned)"
    r"|what you (?:said|wrote|described)|replying to|reading your|read your|saw your|just saw|jump in on|to you)\b"
)
_RETELLING = frozenset({"distant_past", "signposting", "advice", "reported"})


def retells_or_replies(sentences: list[str]) -> bool:
    """Whether a message (normalised sentences) replies to a member, quotes, advises, signposts or tells a
    distant past anywhere (see ``_ADDRESSES_MEMBER``); only long posts are read this way."""
    if any(_ADDRESSES_MEMBER.search(sentence) for sentence in sentences):
        return True
    return any(_RETELLING.intersection(concepts_in(sentence)) for sentence in sentences)


def resolved_past(sentences: list[str]) -> bool:
    """Whether a whole message (normalised sentences) is told as a distant past that is over (phase 19).

    All of: a distant past somewhere (the taxonomy's ``distant_past``: "twenty years ago", "in my thirties"); a
    resolution or encouragement somewhere (``recovery``, ``recovered_now``, ``helping_other``: "I got through it",
    "these days I'm a grandmother", "what helped me"); nothing recent or coming back anywhere (``recent``,
    ``coming_back``, ``back_again_now``: "last week", "it's back", "the urge again"); and no sentence of risk in the
    writer's own words told now (first person, a word of now such as "now", "still", "tonight", no past told in it,
    and an at-risk concept: "I still have the tablets saved"). A clinician's reading of a recovery story: an old
    episode, over, told to encourage others. It never flags or clears a message on its own: it lowers the learned
    layer's scores by ``recovery_penalty`` (chosen by cross-validation), and the rules' own-past findings in a short
    message still count.
    """
    seen: set[str] = set()
    for sentence in sentences:
        present = set(concepts_in(sentence))
        if "first_person" in present and not present & _TOLD_PAST and present & _RISK_NOW and TOLD_NOW.search(sentence):
            return False
        if present & _STIRS and not present & _RESOLVES:
            return False  # "coming back" beside no resolution; "these days I'm a grandmother" is not a stirring
        if present & _RECENT:
            return False
        seen |= present
    return "distant_past" in seen and bool(seen & _RESOLVES)


def passage_voice(present: set[str]) -> str:
    """Why a passage of a long post weighs less ('' if it is the author's own, now): its concepts decide."""
    if present & _OTHER_VOICE or ("third_person" in present and "first_person" not in present):
        return OTHER_VOICE
    if "distant_past" in present and not present & _BRINGS_BACK:
        return DISTANT_PAST
    return ""


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class Assessment:
    """What the learned layer says about one message: probabilities, a level, and why in words."""

    p_flag: float
    p_urgent: float
    level: Level
    family: str = ""
    concepts: tuple[str, ...] = ()
    passage: bool = False  # the level came from one passage of a long post, not the whole
    other_voice: str = ""  # ... and why that passage weighed less (OTHER_VOICE, DISTANT_PAST), if it did
    reassuring: str = ""  # the harmless family the concepts pulling the score down point to, if any
    long: bool = False  # read passage by passage too
    retold: bool = False  # a long post that replies, quotes, advises or retells a distant past (phase 6)
    resolved: bool = False  # scores lowered: the whole message told as a distant, resolved past (phase 19)

    @property
    def reassuring_words(self) -> str:
        family = FAMILY_BY_ID.get(self.reassuring)
        return family.words.lower() if family else ""

    @property
    def words(self) -> str:
        """The family's words for a clinician, e.g. 'Overdose already taken: call 999'."""
        family = FAMILY_BY_ID.get(self.family)
        return family.words if family else "Reads like messages from people at risk"

    @property
    def context(self) -> str:
        parts = ["learned model"]
        if self.concepts:
            parts.append(", ".join(CONCEPT_BY_ID[concept].words for concept in self.concepts))
        if self.passage:
            parts.append("one passage of a long post" + (f", {self.other_voice}" if self.other_voice else ""))
        if self.resolved:
            parts.append(f"weighed lower, {RESOLVED_PAST}")
        return "; ".join(parts)


@dataclass
class LearnedModel:
    """Weights and thresholds of the two regressions (flag: concern or urgent; urgent)."""

    weights: dict[str, tuple[float, float]]
    intercepts: tuple[float, float]
    flag_threshold: float
    urgent_threshold: float
    other_voice_penalty: float = 0.0
    # Below this probability of "needs a look" the rules' findings do not count (see engine.screen_text).
    veto: float = 0.0
    context_veto: float = 0.0  # for a finding the rules qualified (someone else, the past)
    long_veto: float = 0.0  # ... and such a finding in a long post (see train.choose_thresholds)
    # "Needs a look" for a long post (read passage by passage too): chosen separately, because long
    # supportive posts and long hard negatives, not short ones, bind it (issue 14, phase 2). None: as short.
    long_flag_threshold: float | None = None
    long_urgent_threshold: float | None = None  # ... and "urgent" for a long post, likewise
    # Phase 18 (issue 14): a short message the "urgent" regression is this sure of is rated urgent even when the
    # "needs a look" one is below its threshold (that one is trained on concern and urgent together, and some urgent
    # wording weighs more in the urgent one). Chosen by cross-validation; None: off (files before 2026.12.19).
    urgent_alone_threshold: float | None = None
    # Phase 19 (issue 14): log-odds taken off both scores of a message told as a distant, resolved past
    # (``resolved_past``). Chosen by cross-validation; 0: off (files before 2026.12.20).
    recovery_penalty: float = 0.0
    # Phase 27 (issue 14): log-odds taken off every passage of a long post (never the whole post), the other-voice
    # penalty on top where it applies: a passage alone must be surer than the whole. Chosen by cross-validation;
    # 0: off (files before 2026.12.28).
    passage_penalty: float = 0.0
    # Phase 32 code (issue 14): below this probability of "needs a look" the learned layer overrules a rule's finding
    # of the author's own past (``OWN_PAST``) in a short message too. Recovery stories are the commonest hard negatives
    # flagged, nearly all through that finding alone, at a learned score near 0. Chosen by training with no message at
    # risk unflagged on its cross-validation (``train.choose_own_past_veto``); 0: never overruled (files before it).
    own_past_veto: float = 0.0
    meta: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> "LearnedModel":
        path = path or WEIGHTS
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["features_version"] != FEATURES_VERSION:
            raise ValueError(
                f"{path.name} was trained with features version {data['features_version']}, "
                f"the code has {FEATURES_VERSION}: run make train-screen"
            )
        weights = {name: (pair[0], pair[1]) for name, pair in data["weights"].items()}
        return cls(
            weights=weights,
            intercepts=(data["intercepts"][0], data["intercepts"][1]),
            flag_threshold=data["thresholds"]["flag"],
            urgent_threshold=data["thresholds"]["urgent"],
            other_voice_penalty=data["thresholds"].get("other_voice_penalty", 0.0),
            veto=data["thresholds"].get("veto", 0.0),
            context_veto=data["thresholds"].get("context_veto", 0.0),
            long_veto=data["thresholds"].get("long_veto", 0.0),
            long_flag_threshold=data["thresholds"].get("long_flag"),
            long_urgent_threshold=data["thresholds"].get("long_urgent"),
            urgent_alone_threshold=data["thresholds"].get("urgent_alone"),
            recovery_penalty=data["thresholds"].get("recovery_penalty", 0.0),
            passage_penalty=data["thresholds"].get("passage_penalty", 0.0),
            own_past_veto=data["thresholds"].get("own_past_veto", 0.0),
            meta={key: value for key, value in data.items() if key not in ("weights", "intercepts")},
        )

    def logits(self, sentences: list[str]) -> tuple[float, float, dict[str, float]]:
        """(flag log-odds, urgent log-odds, the message's features) for normalised sentences."""
        feats = features(sentences)
        flag, urgent = self.intercepts
        weights = self.weights
        for name, value in feats.items():
            pair = weights.get(name)
            if pair is not None:
                flag += pair[0] * value
                urgent += pair[1] * value
        return flag, urgent, feats

    def _explain(self, feats: dict[str, float], column: int) -> tuple[str, tuple[str, ...], str]:
        """(at-risk family, up to three concepts that pushed the score up most, harmless family pulling it down)."""
        pushes: dict[str, float] = {}
        for name, value in feats.items():
            if name[:2] not in ("k:", "p:", "q:", "f:", "r:", "o:"):
                continue
            pair = self.weights.get(name)
            if pair is None:
                continue
            for concept in name[2:].split("+"):
                if CONCEPT_BY_ID[concept].family != "voice":
                    pushes[concept] = pushes.get(concept, 0.0) + pair[column] * value
        ranked = sorted(pushes, key=lambda concept: (-pushes[concept], concept))
        at_risk = [c for c in ranked if pushes[c] > 0 and FAMILY_BY_ID[CONCEPT_BY_ID[c].family].level is not Level.NONE]
        harmless = [
            c for c in reversed(ranked) if pushes[c] < 0 and FAMILY_BY_ID[CONCEPT_BY_ID[c].family].level is Level.NONE
        ]
        # The family the pushing concepts add up to most ("has taken" + "a large quantity" + "alcohol"
        # outweigh "names a medicine": an overdose taken, not a method named).
        by_family: dict[str, float] = {}
        for concept in at_risk:
            by_family[CONCEPT_BY_ID[concept].family] = (
                by_family.get(CONCEPT_BY_ID[concept].family, 0.0) + pushes[concept]
            )
        family = min(by_family, key=lambda name: (-by_family[name], name)) if by_family else ""
        reassuring = CONCEPT_BY_ID[harmless[0]].family if harmless else ""
        return family, tuple(at_risk[:3]), reassuring

    def rules_count(self, assessment: "Assessment", context: str = "") -> bool:
        """Whether a rule's finding counts: below the veto the learned layer overrules it.

        A finding the rules read as the author's own words now (no context note) meets the lowest veto,
        even in a plain long post ("I can't carry on" buried in a week's news stays flagged); one the rules
        qualified (about someone else, told as in the past) a higher one, and in a long post the highest;
        the author's own past in a short message (``OWN_PAST``) counts at or above the own-past veto (phase 3:
        always, the veto being 0 in files before phase 32's code) and below it as any qualified finding; the author
        now beside a happier past (``NOW_BESIDE_PAST``) always (phase 12). In a long post that
        replies to a member, quotes, advises, signposts or retells a distant past (``retells_or_replies``),
        every finding meets the long-post veto (phase 6): there the rules cannot tell the author's crisis now
        from an old one retold for newer members or a member's words quoted back to them, while the learned
        layer reads the post passage by passage, weighing the author's own passages above the rest.
        """
        if context == NOW_BESIDE_PAST and not assessment.long:
            return True
        if context == OWN_PAST and not assessment.long and assessment.p_flag >= self.own_past_veto:
            return True  # below the own-past veto it is weighed as any finding the rules qualified (below)
        if context == NOW_BESIDE_PAST:
            context = ""  # in a long post: weighed as a direct finding (phase 12)
        if assessment.long and assessment.retold:
            # Phase 6 (issue 14): every finding, direct or qualified, is weighed by the learned layer reading
            # the post passage by passage (the author's own first-person passages above quotes, advice and
            # distant pasts). See ``retells_or_replies`` and ADR 0010, phase 6.
            return assessment.p_flag >= self.long_veto
        veto = self.veto if not context else (self.long_veto if assessment.long else self.context_veto)
        return assessment.p_flag >= veto

    def level_of(self, p_flag: float, p_urgent: float, long: bool = False) -> Level:
        """The "urgent" regression grades a message the "needs a look" one flags (phase 2: on its own it
        also flagged harmless messages the other let through, which held both thresholds up)."""
        urgent, threshold = self.urgent_threshold, self.flag_threshold
        if long and self.long_urgent_threshold is not None:
            urgent = self.long_urgent_threshold
        if long and self.long_flag_threshold is not None:
            threshold = self.long_flag_threshold
        if p_flag >= threshold and p_urgent >= urgent:
            return Level.URGENT
        if not long and self.urgent_alone_threshold is not None and p_urgent >= self.urgent_alone_threshold:
            return Level.URGENT  # phase 18: the urgent regression alone, very sure (short messages only)
        if p_flag >= threshold:
            return Level.CONCERN
        return Level.NONE

    def lowers_as_resolved(self, sentences: list[str]) -> bool:
        """Whether this file lowers the message as a distant, resolved past (phase 19: ``recovery_penalty`` is not 0
        and :func:`resolved_past`)."""
        return bool(self.recovery_penalty) and resolved_past(sentences)

    def candidates(
        self, sentences: list[str], resolved: bool | None = None
    ) -> list[tuple[float, float, dict, bool, str]]:
        """(flag log-odds, urgent log-odds, features, is a passage, why it weighs less) to take the max of.

        The whole message always; for a long post also every passage of two sentences, lowered by
        ``passage_penalty`` (phase 27) and, when it is in someone else's voice or told as a distant past
        (:func:`passage_voice`), by ``other_voice_penalty`` as well. Phase 19: when the whole message is told as a
        distant, resolved past (:func:`resolved_past`), every candidate is lowered by ``recovery_penalty`` too.
        """
        if resolved is None:
            resolved = self.lowers_as_resolved(sentences)
        lower = self.recovery_penalty if resolved else 0.0
        z_flag, z_urgent, feats = self.logits(sentences)
        found = [(z_flag - lower, z_urgent - lower, feats, False, "")]
        words = sum(len(sentence.split()) for sentence in sentences)
        if len(sentences) < LONG_SENTENCES and words < LONG_WORDS:
            return found
        for start in range(max(1, len(sentences) - PASSAGE + 1)):
            passage = sentences[start : start + PASSAGE]
            p_flag, p_urgent, p_feats = self.logits(passage)
            present = {concept for sentence in passage for concept in concepts_in(sentence)}
            other = passage_voice(present)
            if other:
                p_flag -= self.other_voice_penalty
                p_urgent -= self.other_voice_penalty
            p_flag -= lower + self.passage_penalty
            p_urgent -= lower + self.passage_penalty
            found.append((p_flag, p_urgent, p_feats, True, other))
        return found

    def assess(self, sentences: list[str]) -> Assessment:
        """Score a message (normalised sentences, idioms set aside); long posts passage by passage too."""
        resolved = self.lowers_as_resolved(sentences)
        found = self.candidates(sentences, resolved)
        by_flag = max(found, key=lambda candidate: candidate[0])
        by_urgent = max(found, key=lambda candidate: candidate[1])
        p_flag, p_urgent = _sigmoid(by_flag[0]), _sigmoid(by_urgent[1])
        level = self.level_of(p_flag, p_urgent, long=len(found) > 1)
        deciding = by_urgent if level is Level.URGENT else by_flag
        family, concepts, reassuring = self._explain(deciding[2], 1 if level is Level.URGENT else 0)
        return Assessment(
            p_flag=p_flag,
            p_urgent=p_urgent,
            level=level,
            family=family,
            concepts=concepts,
            passage=deciding[3],
            other_voice=deciding[4],
            reassuring=reassuring,
            long=len(found) > 1,
            retold=len(found) > 1 and retells_or_replies(sentences),
            resolved=resolved,
        )
