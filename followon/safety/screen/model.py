"""The screen's data types: levels, rules, idioms and the result handed to callers."""

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How much a message needs a person to look at it.

    ``unscreened`` is not a judgement about the message: it means the screen failed, so the item
    must be reviewed as if it might be urgent (fail safe).
    """

    NONE = "none"
    CONCERN = "concern"
    URGENT = "urgent"
    UNSCREENED = "unscreened"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Level.NONE: 0, Level.CONCERN: 1, Level.URGENT: 2, Level.UNSCREENED: 3}


@dataclass(frozen=True)
class Rule:
    """One screen rule: data, so that it can be read, reviewed and versioned.

    ``patterns`` are regular expressions in ordinary spelling, matched against the normalised,
    squeezed text (see :mod:`followon.safety.screen.text`). ``must_fire`` and ``must_not_fire``
    are the rule's own examples; each is a test case.

    ``third_party`` says what happens when the words are about someone else ("she said she can't
    go on"): ``"downgrade"`` (urgent becomes concern: a member worried about someone else) or
    ``"keep"`` (someone else's explicit plan or means stays urgent; worry about a member stays
    concern). ``past`` says whether a distant-past telling ("I used to ...", "years ago") lowers
    the level by one step. ``dampeners`` are patterns that, anywhere in the message, lower an
    urgent match to concern ("goodbye everyone, we're moving to Devon"). ``scope`` is
    ``"sentence"`` (patterns see one sentence at a time) or ``"message"`` (patterns see the whole
    message, sentences joined by " | ", for goodbyes spread over several short sentences).
    ``family`` is the taxonomy family the rule looks for (``taxonomy.FAMILIES``).
    """

    id: str
    level: Level
    description: str
    patterns: tuple[str, ...]
    must_fire: tuple[str, ...]
    must_not_fire: tuple[str, ...]
    third_party: str = "downgrade"
    past: bool = True
    negatable: bool = True
    dampeners: tuple[str, ...] = ()
    scope: str = "sentence"
    family: str = ""


@dataclass(frozen=True)
class Idiom:
    """A figure of speech that looks alarming but is not ("this pain is killing me").

    Its words are removed before the rules run, unless ``unless`` matches the sentence
    ("I wish someone would kill me" is not the idiom "my back will kill me").
    """

    id: str
    description: str
    patterns: tuple[str, ...]
    examples: tuple[str, ...]
    unless: str = ""


@dataclass(frozen=True)
class FiredRule:
    """A rule that fired: its id, the level it gave after context, and why, in plain words."""

    id: str
    level: Level
    description: str
    context: str = ""
    family: str = ""


@dataclass(frozen=True)
class SuppressedRule:
    """A rule whose words matched but which did not count (negated, or general advice)."""

    id: str
    reason: str


@dataclass(frozen=True)
class ScreenResult:
    """What the screen says about one piece of text. It never holds the text itself.

    level       none | concern | urgent, or unscreened if the screen failed (treat as needing review)
    fired       the rules that fired, each with id, level, description and context
    version     the screen version (rules and logic) that produced this result
    idioms      ids of figures of speech recognised and set aside
    suppressed  rules whose words matched but were negated or general advice
    error       for unscreened results only: the exception's class name (never its message)
    """

    level: Level
    fired: tuple[FiredRule, ...]
    version: str
    idioms: tuple[str, ...] = ()
    suppressed: tuple[SuppressedRule, ...] = ()
    error: str = ""

    @property
    def unscreened(self) -> bool:
        return self.level is Level.UNSCREENED

    @property
    def flagged(self) -> bool:
        """Concern or urgent: the author sees signposting and the item goes to the queue."""
        return self.level in (Level.CONCERN, Level.URGENT)

    @property
    def needs_review(self) -> bool:
        """Anything a person must look at: concern, urgent or unscreened."""
        return self.level is not Level.NONE

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.fired)

    def as_dict(self) -> dict:
        """A JSON-safe summary to store with a flagged item or write to a log (no message text)."""
        return {
            "level": self.level.value,
            "version": self.version,
            "rules": [
                {
                    "id": rule.id,
                    "level": rule.level.value,
                    "description": rule.description,
                    "context": rule.context,
                    "family": rule.family,
                }
                for rule in self.fired
            ],
            "idioms": list(self.idioms),
            "suppressed": [{"id": item.id, "reason": item.reason} for item in self.suppressed],
            "error": self.error,
        }
