"""Validate and score questionnaire answers. Pure functions: no database, no Django.

    >>> from followon.outcomes.scoring import score
    >>> result = score("phq-9", {"q1": 2, "q2": 1, "q3": 3, "q4": 2, "q5": 0, "q6": 1, "q7": 0, "q8": 0, "q9": 1})
    >>> result.total, result.band, result.complete, result.prorated
    (10, 'moderate', True, False)
    >>> [flag.code for flag in result.safety_flags]
    ['phq9_item9_positive']

One engine scores every questionnaire from its definition (`followon.outcomes.instruments`):
the scoring rule, the missing-item rule, the bands and the safety rules are data there.

Answers are a mapping of item id to value; an item that is absent, None or "" is unanswered.
Values may be ints or the text a person typed or texted ("3", " 3 ", "yes"), so the web form, the
SMS handler and an import all share one set of rules (`clean_answer`). Anything not allowed raises
`InvalidAnswerError` (a ValueError) whose `message` is written for the person answering, e.g.
"Choose an answer from 0 to 6"; an item id the questionnaire does not have raises
`UnknownItemError`, and an unknown questionnaire `UnknownQuestionnaireError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import floor
from types import MappingProxyType

from followon.outcomes.instruments import (
    InvalidAnswerError,
    Item,
    ItemKind,
    MissingMethod,
    Questionnaire,
    QuestionnaireError,
    ScoringMethod,
    UnknownItemError,
    UnknownQuestionnaireError,
    get_questionnaire,
)

__all__ = [
    "InvalidAnswerError",
    "QuestionnaireError",
    "SafetyFlag",
    "ScoreResult",
    "UnknownItemError",
    "UnknownQuestionnaireError",
    "clean_answer",
    "clean_answers",
    "score",
]

_YES = frozenset({"yes", "y"})
_NO = frozenset({"no", "n"})


@dataclass(frozen=True)
class SafetyFlag:
    """An answer that must reach the safety queue (e.g. PHQ-9 item 9 above 0)."""

    code: str
    item_id: str
    value: int
    reason: str


@dataclass(frozen=True)
class ScoreResult:
    questionnaire_id: str
    questionnaire_version: str
    # The total, or None: too many items missing, or a form with no total (health service use).
    total: int | None
    band: str | None  # band code, e.g. "moderately_severe"; None when unbanded or no total
    band_label: str | None  # e.g. "Moderately severe"
    complete: bool  # every required item answered
    missing_items: tuple[str, ...]  # required items not answered, in questionnaire order
    prorated: bool  # the total was prorated from partial answers
    safety_flags: tuple[SafetyFlag, ...]
    answers: Mapping[str, int | None]  # every item id -> its cleaned value (None = unanswered)


def _round_half_up(value: Fraction) -> int:
    # Python's round() rounds halves to even (round(12.5) == 12); published prorating rules
    # round to the nearest whole number with halves up, which never understates severity.
    return floor(value + Fraction(1, 2))


def _coerce(questionnaire: Questionnaire, item: Item, raw: object) -> int | None:
    def invalid() -> InvalidAnswerError:
        return InvalidAnswerError(item.error_message, questionnaire_id=questionnaire.id, item_id=item.id)

    if raw is None:
        return None
    if isinstance(raw, bool):  # True == 1 in Python; a bool is never an answer
        raise invalid()
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise invalid()
        value = int(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        word = text.lower().rstrip(".!")
        if item.kind == ItemKind.YES_NO and word in _YES:
            value = 1
        elif item.kind == ItemKind.YES_NO and word in _NO:
            value = 0
        elif text.isascii() and text.isdigit() and len(text) <= 6:
            value = int(text)
        else:
            raise invalid()
    else:
        raise invalid()
    if value not in item.allowed_values:
        raise invalid()
    return value


def clean_answer(questionnaire_id: str, item_id: str, raw: object) -> int | None:
    """One answer as its stored value, or None when unanswered. Raises InvalidAnswerError."""
    questionnaire = get_questionnaire(questionnaire_id)
    return _coerce(questionnaire, questionnaire.item(item_id), raw)


def clean_answers(questionnaire_id: str, answers: Mapping[str, object]) -> dict[str, int | None]:
    """Every item of the questionnaire -> its cleaned value (None when unanswered).

    Raises UnknownItemError for an item id the questionnaire does not have and InvalidAnswerError
    for the first answer (in questionnaire order) that is not allowed.
    """
    questionnaire = get_questionnaire(questionnaire_id)
    known = {item.id for item in questionnaire.items}
    for item_id in answers:
        if item_id not in known:
            raise UnknownItemError(
                f"{item_id!r} is not a question in {questionnaire.short_title}",
                questionnaire_id=questionnaire.id,
                item_id=str(item_id),
            )
    return {item.id: _coerce(questionnaire, item, answers.get(item.id)) for item in questionnaire.items}


def score(questionnaire_id: str, answers: Mapping[str, object]) -> ScoreResult:
    """Validate `answers` and score them by the questionnaire's published rules.

    Safety flags are raised from the answers themselves, even when too many other items are
    missing for a total.
    """
    questionnaire = get_questionnaire(questionnaire_id)
    cleaned = clean_answers(questionnaire_id, answers)

    missing_items = tuple(item.id for item in questionnaire.items if item.required and cleaned[item.id] is None)
    safety_flags = tuple(
        SafetyFlag(code=rule.code, item_id=rule.item_id, value=cleaned[rule.item_id], reason=rule.reason)
        for rule in questionnaire.safety_rules
        if cleaned[rule.item_id] is not None and cleaned[rule.item_id] >= rule.min_value
    )

    total: int | None = None
    prorated = False
    scored_values = [cleaned[item.id] for item in questionnaire.scored_items]
    answered = [value for value in scored_values if value is not None]
    n_missing = len(scored_values) - len(answered)
    method = questionnaire.scoring.method
    if method == ScoringMethod.SINGLE_ITEM:
        total = answered[0] if answered else None
    elif method == ScoringMethod.SUM:
        if n_missing == 0:
            total = sum(answered)
        elif questionnaire.missing.method == MissingMethod.PRORATE and n_missing <= questionnaire.missing.max_missing:
            total = _round_half_up(Fraction(sum(answered) * len(scored_values), len(answered)))
            prorated = True

    band = questionnaire.band_for(total)
    return ScoreResult(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        total=total,
        band=band.code if band else None,
        band_label=band.label if band else None,
        complete=not missing_items,
        missing_items=missing_items,
        prorated=prorated,
        safety_flags=safety_flags,
        answers=MappingProxyType(cleaned),
    )
