"""The shape of a questionnaire definition.

Questionnaires are data (docs/adr/0007-outcome-questionnaires-scoring-and-group-survival.md):
every instrument is one frozen `Questionnaire` value built from the dataclasses below, and one generic engine
(`followon.outcomes.scoring`) validates and scores answers for all of them. A definition holds
everything a web form, an SMS conversation, a FHIR export and the dashboard need: the item
wording (full and SMS), the response options and their values, the scoring rule, the
missing-item rule, severity bands, safety rules and where the instrument comes from.

Definitions check themselves when they are built (`__post_init__`), so a wrong band edge or a
total range that does not match the items fails at import time, not in a clinic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

# The GSM 03.38 basic character set: SMS text outside it is sent as UCS-2, which cuts a message
# from 160 to 70 characters. Curly quotes and dashes are the usual offenders.
GSM7_BASIC_CHARACTERS = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
SMS_SEGMENT_CHARACTERS = 160


class QuestionnaireError(ValueError):
    """Base class: every error the questionnaire engine raises is a ValueError."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnknownQuestionnaireError(QuestionnaireError, LookupError):
    """No questionnaire has this id."""


class UnknownItemError(QuestionnaireError):
    """An answer was given for an item the questionnaire does not have."""

    def __init__(self, message: str, *, questionnaire_id: str, item_id: str):
        super().__init__(message)
        self.questionnaire_id = questionnaire_id
        self.item_id = item_id


class InvalidAnswerError(QuestionnaireError):
    """An answer is not one of the item's allowed values.

    `message` is written for the person answering, in NHS style ("Choose an answer from 0 to
    6"), so a form can show it next to the question and an SMS reply can quote it.
    """

    def __init__(self, message: str, *, questionnaire_id: str, item_id: str):
        super().__init__(message)
        self.questionnaire_id = questionnaire_id
        self.item_id = item_id


class ItemKind(StrEnum):
    CHOICE = "choice"  # one of `options`; the stored value is the option's value
    YES_NO = "yes_no"  # options yes = 1, no = 0; SMS replies YES / NO work too
    COUNT = "count"  # a whole number from `min_value` to `max_value`


class ScoringMethod(StrEnum):
    SUM = "sum"  # total = sum of the scored items (prorated when the missing-item rule allows)
    SINGLE_ITEM = "single_item"  # total = the value of the one scored item
    NONE = "none"  # a form, not a scale: answers are reported as they are, there is no total


class Direction(StrEnum):
    HIGHER_IS_WORSE = "higher_is_worse"
    HIGHER_IS_BETTER = "higher_is_better"


class MissingMethod(StrEnum):
    NONE = "none"  # no total unless every scored item is answered
    PRORATE = "prorate"  # mean of the answered items x number of items, rounded half up


@dataclass(frozen=True)
class ResponseOption:
    value: int
    label: str
    # Short form used in SMS reply lists ("0 not at all"); empty means `label` in lower case.
    sms_label: str = ""

    @property
    def sms_text(self) -> str:
        return self.sms_label or self.label.lower()


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    sms_text: str
    kind: ItemKind = ItemKind.CHOICE
    options: tuple[ResponseOption, ...] = ()
    min_value: int | None = None  # COUNT items only
    max_value: int | None = None  # COUNT items only
    scored: bool = True  # counts towards the total
    required: bool = True  # unanswered required items make a response incomplete
    hint: str = ""  # web form hint text
    # How to reply by SMS, e.g. "0 (not at all confident) to 6 (completely confident)". Empty
    # means every option is listed ("0 not at all, 1 several days, ...").
    sms_reply_hint: str = ""

    def __post_init__(self) -> None:
        if self.kind == ItemKind.COUNT:
            if self.options or self.min_value is None or self.max_value is None:
                raise ValueError(f"count item {self.id} needs min_value and max_value and no options")
            if self.min_value > self.max_value:
                raise ValueError(f"count item {self.id}: min_value > max_value")
        else:
            if not self.options or self.min_value is not None or self.max_value is not None:
                raise ValueError(f"{self.kind} item {self.id} needs options and no min/max")
            values = [option.value for option in self.options]
            if len(set(values)) != len(values):
                raise ValueError(f"item {self.id} has duplicate option values")
            if self.kind == ItemKind.YES_NO and sorted(values) != [0, 1]:
                raise ValueError(f"yes/no item {self.id} must have the values 0 (no) and 1 (yes)")

    @property
    def allowed_values(self) -> frozenset[int]:
        if self.kind == ItemKind.COUNT:
            return frozenset(range(self.min_value, self.max_value + 1))
        return frozenset(option.value for option in self.options)

    @property
    def lowest_value(self) -> int:
        return min(self.allowed_values)

    @property
    def highest_value(self) -> int:
        return max(self.allowed_values)

    def option_for(self, value: int) -> ResponseOption | None:
        return next((option for option in self.options if option.value == value), None)

    @property
    def error_message(self) -> str:
        """The message shown when an answer is not allowed (NHS style, no jargon), in the language
        active when it is asked for (the page's). Only this message is translated: the item's wording
        stays that of the instrument (English, or a recorded validated translation)."""
        if self.kind == ItemKind.YES_NO:
            return _("Choose yes or no")
        if self.kind == ItemKind.COUNT:
            return _("Enter a number from %(low)s to %(high)s") % {"low": self.min_value, "high": self.max_value}
        return _("Choose an answer from %(low)s to %(high)s") % {"low": self.lowest_value, "high": self.highest_value}

    @property
    def sms_reply_text(self) -> str:
        if self.sms_reply_hint:
            return self.sms_reply_hint
        if self.kind == ItemKind.YES_NO:
            return "YES or NO"
        return ", ".join(f"{option.value} {option.sms_text}" for option in self.options)

    def sms_prompt(self, *, number: int | None = None, of: int | None = None) -> str:
        """The whole SMS for this item, e.g. "2/9 Past 2 weeks, how often: ... Reply 0 not at all, ..."."""
        prefix = f"{number}/{of} " if number and of else ""
        return f"{prefix}{self.sms_text} Reply {self.sms_reply_text}"


@dataclass(frozen=True)
class ScoringRule:
    method: ScoringMethod
    min_total: int | None = None
    max_total: int | None = None
    direction: Direction | None = None
    description: str = ""  # the published rule, with its source


@dataclass(frozen=True)
class MissingItemRule:
    method: MissingMethod = MissingMethod.NONE
    max_missing: int = 0  # of the scored items; more missing than this gives no total
    description: str = ""  # what we do and why, with citations


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    code: str
    label: str

    def contains(self, total: int) -> bool:
        return self.low <= total <= self.high


@dataclass(frozen=True)
class SafetyRule:
    """An answer at or above `min_value` on `item_id` raises a safety flag (for the safety queue)."""

    item_id: str
    min_value: int
    code: str
    reason: str


@dataclass(frozen=True)
class Source:
    citation: str
    licence: str
    url: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Translation:
    """A validated translation of an instrument that is known and free to use (issue 18 item 6).

    Only a translation published by the instrument's owners or validated in a cited study counts:
    FollowOn never machine-translates, or writes its own translation of, a validated instrument.
    `wording_held` says whether FollowOn holds its wording (items and options) yet; until it does, the
    questionnaire is offered in English in that language too, and the member is told why.
    """

    language: str  # a code from settings.LANGUAGES: "cy", "ur", "pl"
    citation: str
    licence: str
    url: str = ""
    wording_held: bool = False


# What an instrument records when nobody has found a validated, free-to-use translation: none recorded.
NONE_RECORDED: tuple[Translation, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    id: str  # stable, FHIR-safe ([A-Za-z0-9-.]), stored with every response
    version: str  # bump when wording, options or scoring change
    title: str
    short_title: str
    instructions: str  # shown above the items on the web
    sms_intro: str  # the first SMS of a questionnaire sent by text
    items: tuple[Item, ...]
    scoring: ScoringRule
    source: Source
    missing: MissingItemRule = field(default_factory=MissingItemRule)
    bands: tuple[Band, ...] = ()
    safety_rules: tuple[SafetyRule, ...] = ()
    loinc_code: str = ""  # the panel's LOINC code, where one exists
    total_loinc_code: str = ""  # the total score's LOINC code, where one exists
    # Validated translations known and free to use (Translation); NONE_RECORDED when none is recorded.
    translations: tuple[Translation, ...] = NONE_RECORDED

    def __post_init__(self) -> None:
        if not self.id or not all(c.isascii() and (c.isalnum() or c in "-.") for c in self.id):
            raise ValueError(f"questionnaire id {self.id!r} must be FHIR-safe: letters, digits, '-' and '.'")
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: duplicate item ids")
        scored = self.scored_items
        method = self.scoring.method
        if method == ScoringMethod.SINGLE_ITEM and len(scored) != 1:
            raise ValueError(f"{self.id}: a single-item score needs exactly one scored item")
        if method == ScoringMethod.NONE and (scored or self.bands):
            raise ValueError(f"{self.id}: an unscored form has no scored items and no bands")
        if method in (ScoringMethod.SUM, ScoringMethod.SINGLE_ITEM):
            low = sum(item.lowest_value for item in scored)
            high = sum(item.highest_value for item in scored)
            if (self.scoring.min_total, self.scoring.max_total) != (low, high):
                raise ValueError(
                    f"{self.id}: total range {self.scoring.min_total}-{self.scoring.max_total} "
                    f"does not match the items ({low}-{high})"
                )
        if self.missing.method == MissingMethod.PRORATE and method != ScoringMethod.SUM:
            raise ValueError(f"{self.id}: only summed scales can be prorated")
        if self.missing.max_missing and self.missing.method != MissingMethod.PRORATE:
            raise ValueError(f"{self.id}: missing items are only allowed when the total is prorated")
        if scored and not 0 <= self.missing.max_missing < len(scored):
            raise ValueError(f"{self.id}: max_missing must leave at least one answered item")
        if self.bands:
            ordered = sorted(self.bands, key=lambda band: band.low)
            if ordered[0].low != self.scoring.min_total or ordered[-1].high != self.scoring.max_total:
                raise ValueError(f"{self.id}: bands must cover the whole total range")
            for before, after in zip(ordered, ordered[1:], strict=False):
                if after.low != before.high + 1:
                    raise ValueError(f"{self.id}: bands {before.code} and {after.code} leave a gap or overlap")
        for rule in self.safety_rules:
            item = self.item(rule.item_id)
            if rule.min_value not in item.allowed_values:
                raise ValueError(f"{self.id}: safety rule {rule.code} uses a value the item cannot take")

    def wording_in(self, language: str) -> bool:
        """Whether FollowOn can show this questionnaire's items in `language` ("en..." always)."""
        if language.startswith("en"):
            return True
        return any(t.language == language and t.wording_held for t in self.translations)

    def translation_record(self, language: str) -> str:
        """What the instrument's data records about a translation into `language`, for people."""
        found = [t for t in self.translations if t.language == language]
        if not found:
            return "none recorded"
        return "; ".join(f"{t.citation} ({t.licence})" for t in found)

    @property
    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise UnknownItemError(
            f"{item_id!r} is not a question in {self.short_title}", questionnaire_id=self.id, item_id=item_id
        )

    def band_for(self, total: int | None) -> Band | None:
        if total is None:
            return None
        return next((band for band in self.bands if band.contains(total)), None)

    def sms_prompts(self) -> dict[str, str]:
        """Every item's SMS by item id, in order. Required items are numbered ("2/9"); optional
        follow-ups (the PHQ-9 difficulty question) are not, as they are asked only when they apply."""
        required = [item for item in self.items if item.required]
        return {
            item.id: item.sms_prompt(
                number=required.index(item) + 1 if item.required else None, of=len(required) if item.required else None
            )
            for item in self.items
        }
