"""The questionnaires FollowOn ships, as data.

    from followon.outcomes.instruments import get_questionnaire, QUESTIONNAIRES
    phq9 = get_questionnaire("phq-9")

Each definition is a frozen `Questionnaire` (see `base.py`); `followon.outcomes.scoring.score()`
validates and scores answers to any of them.
"""

from types import MappingProxyType

from .base import (
    Band,
    Direction,
    InvalidAnswerError,
    Item,
    ItemKind,
    MissingItemRule,
    MissingMethod,
    Questionnaire,
    QuestionnaireError,
    ResponseOption,
    SafetyRule,
    ScoringMethod,
    ScoringRule,
    Source,
    UnknownItemError,
    UnknownQuestionnaireError,
)
from .gad7 import GAD7
from .health_service_use import HEALTH_SERVICE_USE
from .loneliness import ONS_DIRECT_LONELINESS, UCLA3
from .pain import PAIN_INTENSITY, PAIN_INTERFERENCE
from .pgic import PGIC
from .phq9 import PHQ9
from .pseq10 import PSEQ10

# In the order a full outcome set is usually asked.
QUESTIONNAIRES = MappingProxyType(
    {
        q.id: q
        for q in (
            PAIN_INTENSITY,
            PAIN_INTERFERENCE,
            PSEQ10,
            PHQ9,
            GAD7,
            UCLA3,
            ONS_DIRECT_LONELINESS,
            HEALTH_SERVICE_USE,
            PGIC,
        )
    }
)


def get_questionnaire(questionnaire_id: str) -> Questionnaire:
    try:
        return QUESTIONNAIRES[questionnaire_id]
    except KeyError:
        raise UnknownQuestionnaireError(f"There is no questionnaire called {questionnaire_id!r}") from None


__all__ = [
    "GAD7",
    "HEALTH_SERVICE_USE",
    "ONS_DIRECT_LONELINESS",
    "PAIN_INTENSITY",
    "PAIN_INTERFERENCE",
    "PGIC",
    "PHQ9",
    "PSEQ10",
    "QUESTIONNAIRES",
    "UCLA3",
    "Band",
    "Direction",
    "InvalidAnswerError",
    "Item",
    "ItemKind",
    "MissingItemRule",
    "MissingMethod",
    "Questionnaire",
    "QuestionnaireError",
    "ResponseOption",
    "SafetyRule",
    "ScoringMethod",
    "ScoringRule",
    "Source",
    "UnknownItemError",
    "UnknownQuestionnaireError",
    "get_questionnaire",
]
