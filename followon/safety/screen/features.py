"""What the learned layer sees: word and character n-grams plus the taxonomy's concepts, in pure Python.

One function, :func:`features`, turns the normalised sentences of a message (``text.normalise``, idioms
already set aside by the engine) into a sparse ``{feature: value}`` dict. Training
(``train.py``, scikit-learn) and the request path (``learned.py``, no scikit-learn) both call it, so
what the model was trained on and what it sees in production cannot drift apart.

Feature names (the prefix says the group):

* ``w:<word>`` and ``b:<word> <word>``: words and word pairs within a sentence;
* ``c:<chars>``: character 3- to 5-grams inside words padded with spaces, which survive typos and
  texting forms ("tabblets", "paracetemol", "cnt");
* ``k:<concept>``: a taxonomy concept is present (``taxonomy.CONCEPTS``), and ``p:<a>+<b>``: two
  concepts in one sentence (a medicine *and* a large quantity; a bridge *and* tonight), which a linear
  model cannot otherwise combine;
* ``t:<tense>``: how the whole message is told in time (phase 3, issue 14): ``t:past_only`` (a distant
  past somewhere and nothing recent or coming back anywhere: a recovery story's shape) or
  ``t:past_and_now`` (a distant past *and* something recent or coming back: "years ago I tried, and
  last week ..."), which a per-sentence pair cannot see when the two are sentences apart. Weighed with
  the concepts; never named in an explanation on their own;
* ``f:<concept>`` (phase 15): a concept in a sentence in the writer's own words, told now (first person, a word
  of now such as "now", "still", "keep", "tonight", and no past told in it), so "I keep going over how I'd go" weighs
  more than the same concept in a retold past or someone else's story;
* ``q:<a>+<b>`` (phase 15): two concepts in adjacent sentences ("Labelled all the keys. For whoever's here after
  me."), which the one-sentence pairs miss when a writer breaks a thought in two. ``f:`` and ``q:`` are one group;
* ``r:<concept>`` (phase 16): a concept in the writer's own past (first person, a past marker, no word of now in the
  sentence: "in 2006 I took an overdose"), and ``o:<concept>`` (phase 16): a concept in a sentence about someone
  else with no first person in it ("a man jumped from the bridge in town"), so the same words weigh differently when
  they are the writer's now, the writer's resolved past, or another person's story. In the ``f:`` / ``q:`` group.

Each group is scaled to unit length (L2), so a long message does not outweigh a short one and the
few concept features are not drowned by hundreds of character n-grams. ``GROUP_SCALE`` weighs the
groups against each other (chosen by cross-validation on the training data, see ``train.py``).
"""

import math
import re

from .taxonomy import CONCEPTS
from .text import squeeze_pattern

# Bump when anything here changes: the exported weights record the version they were trained with.
FEATURES_VERSION = "6"

CHAR_SIZES = (3, 4, 5)
GROUP_SCALE = {"w": 1.0, "c": 1.0, "k": 0.8, "q": 0.6}

_CONCEPTS = tuple(
    (concept.id, re.compile("|".join(f"(?:{squeeze_pattern(pattern)})" for pattern in concept.patterns)))
    for concept in CONCEPTS
)
# Voice concepts say whose words they are; they are not paired (a pair of them says little).
_UNPAIRED = frozenset(concept.id for concept in CONCEPTS if concept.family == "voice") - {"first_person"}
_ORDER = {concept.id: index for index, concept in enumerate(CONCEPTS)}


_BRINGS_BACK = frozenset({"recent", "coming_back"})
# Phase 15: a sentence in the writer's own words, told now: first person, a word of now, and no past told in it.
# (Public since phase 21: ``learned.resolved_past`` reads it too.)
TOLD_NOW = re.compile(
    squeeze_pattern(
        r"\b(?:im|ive|now|today|tonight|rn|still|keep|keeps|at the moment|this week|lately|these days|currently"
        r"|every (?:day|night|time)|right now|constant|again)\b"
    )
)
_PAST_TOLD = frozenset({"past_marker", "distant_past"})


def concepts_in(sentence: str) -> list[str]:
    """The ids of the taxonomy concepts present in one normalised sentence, in taxonomy order."""
    return [concept_id for concept_id, regex in _CONCEPTS if regex.search(sentence)]


def _scaled(names, scale: float) -> dict[str, float]:
    if not names:
        return {}
    value = scale / math.sqrt(len(names))
    return dict.fromkeys(names, value)


def features(sentences: list[str]) -> dict[str, float]:
    """Sparse features of one message given as normalised sentences (see the module docstring)."""
    words: set[str] = set()
    chars: set[str] = set()
    concepts: set[str] = set()
    links: set[str] = set()
    previous_own: list[str] = []
    for sentence in sentences:
        tokens = sentence.split()
        previous = "<s>"
        for token in tokens:
            words.add("w:" + token)
            words.add(f"b:{previous} {token}")
            previous = token
            padded = f" {token} "
            for size in CHAR_SIZES:
                for start in range(len(padded) - size + 1):
                    chars.add("c:" + padded[start : start + size])
        present = concepts_in(sentence)
        for index, first in enumerate(present):
            concepts.add("k:" + first)
            if first in _UNPAIRED:
                continue
            for second in present[index + 1 :]:
                if second not in _UNPAIRED:
                    concepts.add(f"p:{first}+{second}")
        # Phase 15: the writer's own words now weigh on their own (f:), and concepts pair across adjacent
        # sentences (q:): "Printed the bin days for the fridge. For whoever's here after me."
        own = [name for name in present if name not in _UNPAIRED and name != "first_person"]
        if "first_person" in present and not _PAST_TOLD & set(present) and TOLD_NOW.search(sentence):
            for name in own:
                links.add("f:" + name)
        elif "first_person" in present and _PAST_TOLD & set(present) and not TOLD_NOW.search(sentence):
            # Phase 16: the writer's own past, with no word of now in the sentence ("in 2006 I took an overdose").
            for name in own:
                links.add("r:" + name)
        if "third_person" in present and "first_person" not in present:
            # Phase 16: about someone else and not the writer ("a man jumped from the bridge", "she's taken them").
            for name in own:
                links.add("o:" + name)
        for first in previous_own:
            for second in own:
                if first != second:
                    a, b = sorted((first, second), key=_ORDER.__getitem__)
                    links.add(f"q:{a}+{b}")
        previous_own = own
    seen = {name[2:] for name in concepts if name.startswith("k:")}
    if "distant_past" in seen:
        concepts.add("t:past_and_now" if seen & _BRINGS_BACK else "t:past_only")
    result = _scaled(words, GROUP_SCALE["w"])
    result.update(_scaled(chars, GROUP_SCALE["c"]))
    result.update(_scaled(concepts, GROUP_SCALE["k"]))
    result.update(_scaled(links, GROUP_SCALE["q"]))
    return result
