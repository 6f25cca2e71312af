"""The screen itself: normalise, set idioms aside, match rules, weigh the context, return a result.

Nothing here keeps or logs the text. Patterns are compiled once, at import.
"""

import logging
import re
import re._constants as _c
import re._parser as _parser
import traceback
from dataclasses import dataclass

from . import rules as ruleset
from .features import concepts_in
from .learned import DISTANT_PAST, NOW_BESIDE_PAST, OWN_PAST, Assessment, LearnedModel, passage_voice
from .model import FiredRule, Idiom, Level, Rule, ScreenResult, SuppressedRule
from .taxonomy import FAMILY_BY_ID
from .text import normalise, squeeze, squeeze_pattern

logger = logging.getLogger("followon.safety.screen")

SCREEN_VERSION = ruleset.SCREEN_VERSION
# Fired entries from the learned layer are named by the family they point to: "learned.overdose_taken".
LEARNED_PREFIX = "learned."
_IDIOM_TOKEN = "idiom"


def _compile(pattern: str) -> re.Pattern:
    return re.compile(squeeze_pattern(pattern))


def _any_of(patterns) -> re.Pattern:
    return _compile("|".join(f"(?:{pattern})" for pattern in patterns))


def _required(items) -> frozenset[str] | None:
    """Strings at least one of which every match of this parsed regex contains (None: no such set found).

    Read from the regex's own parse tree, so it cannot disagree with the pattern: a literal run is
    required; a group or a repeat of at least one is required if its content is; an alternation is
    required if every branch has a requirement (any one of them will do). Lookarounds, classes and
    optional parts add nothing. The most selective candidate wins.
    """
    candidates = []
    run: list[str] = []

    def flush():
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        inner = None
        if op is _c.SUBPATTERN:
            inner = _required(av[-1])
        elif op is _c.ATOMIC_GROUP:
            inner = _required(av)
        elif op is _c.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            if branches and all(branches):
                inner = frozenset().union(*branches)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _required(av[2])
        if inner:
            candidates.append(inner)
    flush()
    if not candidates:
        return None
    return max(candidates, key=lambda strings: (min(map(len, strings)), -len(strings)))


def _literals(compiled: re.Pattern) -> frozenset[str] | None:
    try:
        return _required(_parser.parse(compiled.pattern))
    except Exception:  # noqa: BLE001 - a private parser may change; then this pattern simply always runs
        return None


@dataclass(frozen=True)
class _Pattern:
    """A compiled pattern and the literals that any match must contain (checked first: it is cheap)."""

    regex: re.Pattern
    literals: frozenset[str] | None

    @classmethod
    def of(cls, pattern: str) -> "_Pattern":
        regex = _compile(pattern)
        return cls(regex=regex, literals=_literals(regex))


def _trie_regex(strings) -> str:
    """One regex matching the longest of ``strings`` at a position, shaped as a trie (fast to scan)."""
    trie: dict = {}
    for string in strings:
        node = trie
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class _LiteralIndex:
    """Which patterns could match a text: one regex pass finds the required literals present.

    ``entries`` maps a key to the literals one of which every match of that pattern contains
    (None: no such literals, so the pattern is always a candidate). Sound by construction: a
    pattern is skipped only if none of its required literals is in the text.
    """

    def __init__(self, entries: dict):
        self.always = frozenset(key for key, literals in entries.items() if literals is None)
        owners: dict[str, set] = {}
        for key, literals in entries.items():
            for literal in literals or ():
                owners.setdefault(literal, set()).add(key)
        self.all_keys = frozenset(entries)
        self.regex = re.compile("(?=(" + _trie_regex(owners) + "))")
        # At each position the regex reports the longest literal there; the shorter ones are its prefixes.
        self.keys_for = {
            literal: frozenset().union(*(owners[m] for m in owners if literal.startswith(m))) for literal in owners
        }

    def candidates(self, text: str) -> frozenset:
        if not _PREFILTER:
            return self.all_keys
        keys = set(self.always)
        for match in self.regex.finditer(text):
            if match.group(1):
                keys |= self.keys_for[match.group(1)]
        return frozenset(keys)


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    patterns: tuple[_Pattern, ...]
    dampener: re.Pattern | None


@dataclass(frozen=True)
class _CompiledIdiom:
    idiom: Idiom
    pattern: _Pattern
    unless: re.Pattern | None


def _compile_rules(rules) -> tuple[_CompiledRule, ...]:
    return tuple(
        _CompiledRule(
            rule=rule,
            patterns=tuple(_Pattern.of(pattern) for pattern in rule.patterns),
            dampener=_any_of(rule.dampeners) if rule.dampeners else None,
        )
        for rule in rules
    )


def _compile_idioms(idioms) -> tuple[_CompiledIdiom, ...]:
    return tuple(
        _CompiledIdiom(
            idiom=idiom,
            pattern=_Pattern.of("|".join(f"(?:{pattern})" for pattern in idiom.patterns)),
            unless=_compile(idiom.unless) if idiom.unless else None,
        )
        for idiom in idioms
    )


_GENERAL_REASON = "general advice or a question about people in general"
# Words the rules cancel (negated, or said of people in general) are taken out of what the learned
# layer reads, so "killing myself is not an option" cannot be flagged on the words "killing myself".
_CANCELLING = frozenset({"negated", _GENERAL_REASON})
_CANCELLED_TOKEN = "cancelled"

# Tests switch this off to prove the literal prefilter never changes a result.
_PREFILTER = True


def _load_model() -> LearnedModel | None:
    """The learned layer's weights, read once at import. If they cannot be read the screen does not
    guess: every message comes back ``unscreened`` (fail safe) and the error is logged once."""
    try:
        return LearnedModel.load()
    except Exception as exc:  # noqa: BLE001 - logged; every screen call then fails safe
        logger.error("message screen model could not be loaded (error=%s)", type(exc).__name__)
        return None


class ModelUnavailable(RuntimeError):
    """The learned layer's weights could not be read: screen_text_safely marks the item unscreened."""


_MODEL = _load_model()


def _model() -> LearnedModel:
    if _MODEL is None:
        raise ModelUnavailable("learned weights unavailable")
    return _MODEL


_RULES = _compile_rules(ruleset.RULES)
_IDIOMS = _compile_idioms(ruleset.IDIOMS)
_RULES_BY_ID = {compiled.rule.id: compiled.rule for compiled in _RULES}
# Keys: (rule number, pattern number) for rules, idiom number for idioms; sorted keys keep rule order.
_RULE_INDEX = _LiteralIndex(
    {
        (rule_number, pattern_number): pattern.literals
        for rule_number, compiled in enumerate(_RULES)
        for pattern_number, pattern in enumerate(compiled.patterns)
    }
)
_IDIOM_INDEX = _LiteralIndex({number: compiled.pattern.literals for number, compiled in enumerate(_IDIOMS)})
_NEGATION = _compile(ruleset.NEGATION)
_NEGATION_AFTER = _compile(ruleset.NEGATION_AFTER)
_GENERAL = _compile(ruleset.GENERAL)
_PAST = _compile(ruleset.PAST)
_RECURRENCE = _compile(ruleset.RECURRENCE)
_RESOLVED = _compile(ruleset.RESOLVED)
_DISTANT_PAST = _compile(ruleset.DISTANT_PAST)
_RECOVERY_BLOCK = _compile(ruleset.RECOVERY_BLOCK)
_NOT_AGAIN = _compile(ruleset.NOT_AGAIN)
_INTENT_OR_TIME = _compile(ruleset.INTENT_OR_TIME)
_RECENT_PAST = _compile(ruleset.RECENT_PAST)
_EASED = _compile(ruleset.EASED)
_EASED_BLOCK = _compile(ruleset.EASED_BLOCK)
_ACT_WORDS = frozenset(squeeze(word) for word in ruleset.ACT_WORDS.split())
_PAST_VERBS = frozenset(squeeze(word) for word in ruleset.PAST_VERBS)
_PRESENT_WORDS = frozenset(squeeze(word) for word in ruleset.PRESENT_WORDS.split())
_NOW_WORDS = frozenset(squeeze(word) for word in ruleset.NOW_WORDS.split())
_CLAUSE_BREAKS = frozenset(squeeze(word) for word in ruleset.CLAUSE_BREAKS.split())


def _squeezed(words: str) -> frozenset[str]:
    return frozenset(squeeze(word) for word in words.split())


# Who the words are about (word lists in rules.py; tokens squeezed like the text).
_FIRST = _squeezed(ruleset.PERSON_WORDS["first"])
_OTHER = _squeezed(ruleset.PERSON_WORDS["other"])
_NOT_ADDRESSING = _squeezed(ruleset.PERSON_WORDS["not_addressing"])
_OTHER_IN_MATCH = _squeezed(ruleset.PERSON_WORDS["other_in_match"])
_SELF_IN_MATCH = _squeezed(ruleset.PERSON_WORDS["self_in_match"])
_PEOPLE = _squeezed(ruleset.PERSON_WORDS["people"])
_SPEECH = _squeezed(ruleset.PERSON_WORDS["speech"])
_PERSON_WINDOW = 8
# A message with this many sentences is a long post: context is read near each match (see _rules).
_LONG_SENTENCES = 6
_CONTEXT_CHARS = 300
# Enough matches of one pattern in one text to judge; more of the same add nothing but time.
_MAX_MATCHES = 20


def _person(tokens_before: list[str], match_tokens: list[str]) -> str:
    """'self' or 'other': whom the matched words are about (the author unless clearly someone else)."""
    if any(token in _SELF_IN_MATCH for token in match_tokens):
        return "self"
    if any(token in _OTHER_IN_MATCH for token in match_tokens):
        return "other"
    # Inside quotation marks after a speech verb ("she said 'I can't go on'"): the speaker decides.
    quotes = [i for i, token in enumerate(tokens_before) if token == "qmark"]
    if len(quotes) % 2 == 1:
        opening = quotes[-1]
        lead_in = tokens_before[max(0, opening - 3) : opening]
        if any(token in _SPEECH for token in lead_in):
            return _speaker(tokens_before[:opening])
    window = tokens_before[-_PERSON_WINDOW:]
    for index in range(len(window) - 1, -1, -1):
        token = window[index]
        if token in _PEOPLE:
            return "other"
        if token in ("my", "our") and index + 1 < len(window) and window[index + 1] in _PEOPLE:
            return "other"
        if token in _FIRST:
            return "self"
        if token in ("you", "your") and index > 0 and window[index - 1] in _NOT_ADDRESSING:
            continue
        if token in _OTHER or token in _SPEECH:
            return "other"
    return "self"


def _speaker(tokens: list[str]) -> str:
    """Who is speaking before a quotation: "I said '...'" is the author; "she said", "Sue said" are not."""
    for token in reversed(tokens[-4:]):
        if token in _SPEECH or token in ("qmark", "to", "me", "us", "just", "then"):
            continue
        return "self" if token in _FIRST else "other"
    return "other"


@dataclass(frozen=True)
class _MessageContext:
    """What is true of the whole message, worked out once."""

    text: str
    recurrence: bool
    past: bool
    recovery: bool  # a distant past told as recovery, nothing bringing it back (rules.DISTANT_PAST)
    eased: bool = False  # told as a recent past that has eased, nothing bringing it back now (phase 7)
    happier_past: bool = False  # a distant past and recovery or contentment words, whatever else (phase 12)
    # Phase 14: per sentence, (start of each clause, whether that clause belongs to the past telling); only
    # worked out when ``recovery`` is true (see _recovered_tellings).
    tellings: tuple = ()

    @classmethod
    def of(cls, message: str) -> "_MessageContext":
        recurrence = bool(_RECURRENCE.search(_NOT_AGAIN.sub(" ", message)))
        recovery = (
            not recurrence
            and bool(_DISTANT_PAST.search(message))
            and bool(_RESOLVED.search(message))
            and not _RECOVERY_BLOCK.search(_NOT_AGAIN.sub(" ", message))
        )
        eased = bool(_RECENT_PAST.search(message)) and bool(_EASED.search(message)) and not _EASED_BLOCK.search(message)
        happier_past = bool(_DISTANT_PAST.search(message)) and bool(_RESOLVED.search(message))
        return cls(
            text=message,
            recurrence=recurrence,
            past=bool(_PAST.search(message)),
            recovery=recovery,
            eased=eased,
            happier_past=happier_past,
            tellings=_recovered_tellings(message.split(" | ")) if recovery else (),
        )


def _recovered_tellings(sentences: list[str]) -> tuple:
    """Which clauses of a recovery message tell the recovered past (phase 14).

    Before phase 14 a distant past told as recovery anywhere in a message silenced every rule in it, so "Years
    ago I tried. I'm better now. But I've got the tablets saved up" was not flagged. Now a clause (a sentence, split
    at "but", "though"...) belongs to the past telling if it carries a past marker itself or tells recovery; it is
    told now if it has a word of now (rules.NOW_WORDS, "I've got", "I've started", "I've been ...ing"); else it tells
    the past if it is told in the past tense; any other clause goes with the clause before it (the one after it, at
    the start: "been suicidal before. years back. ok now"). The recovery reading silences only matches in clauses
    of the telling. Returns, per sentence, ((clause start, in the telling), ...).
    """
    pieces = []  # (sentence number, clause start, words)
    for number, sentence in enumerate(sentences):
        offset = 0
        first = len(pieces)
        for token in sentence.split(" "):
            if token in _CLAUSE_BREAKS and len(pieces) > first and pieces[-1][2]:
                pieces.append((number, offset, []))
            if len(pieces) == first:
                pieces.append((number, 0, []))
            pieces[-1][2].append(token)
            offset += len(token) + 1
    states: list = []
    for _, _, words in pieces:
        clause = " ".join(words)
        if _DISTANT_PAST.search(clause) or _PAST.search(clause) or _RESOLVED.search(clause):
            states.append(True)
        elif _now_clause(words):
            states.append(False)
        elif set(words) & _PAST_VERBS:
            states.append(True)
        else:
            states.append(None)
    known = [state for state in states if state is not None]
    state = known[0] if known else True
    result: list = [[] for _ in sentences]
    for (number, start, _), own in zip(pieces, states, strict=True):
        if own is not None:
            state = own
        result[number].append((start, state))
    return tuple(tuple(clauses) for clauses in result)


def _now_clause(words: list[str]) -> bool:
    if set(words) & _NOW_WORDS:
        return True
    for index, word in enumerate(words[:-1]):
        if word == "ive" and (
            words[index + 1] in ("got", "started", "begun")
            or (words[index + 1] == "ben" and index + 2 < len(words) and words[index + 2].endswith("ing"))
        ):
            return True
    return False


def _in_recovered_telling(message: "_MessageContext", text: str, position: int) -> bool:
    """Whether the words at ``position`` of ``text`` (a sentence, or the message) are in the recovered telling."""
    sentences = message.text.split(" | ")
    if text == message.text:
        number = text.count(" | ", 0, position)
        position -= len(" | ".join(sentences[:number])) + (3 if number else 0)
    elif text in sentences:
        number = sentences.index(text)
    else:
        return True  # not found (cannot happen): the reading before phase 14
    if number >= len(message.tellings):
        return True
    inside = True
    for clause_start, in_telling in message.tellings[number]:
        if clause_start <= position:
            inside = in_telling
    return inside


def _told_as_now(before: str, segment: str, match_tokens: list[str], tokens_before: list[str]) -> bool:
    """The author's words now (phase 12): a present-tense word in or just before the match ("I want to die",
    "I'm going to take them tonight"), no past verb there, and no past marker in the match's own sentence."""
    nearby = set(match_tokens) | set(tokens_before[-3:])
    return (
        bool(nearby & _PRESENT_WORDS)
        and not nearby & _PAST_VERBS
        and not _PAST.search(before)
        and not _DISTANT_PAST.search(segment)
    )


def _is_past(before: str, message: _MessageContext, match_text: str, tokens_before: list[str]) -> bool:
    """A distant-past telling ("I used to self-harm", "I wanted to die years ago") that nothing brings back to now.

    The past marker must come before the match in its sentence, or the match itself must be in the
    past tense with a marker somewhere in the message: "I feel useless, can't do what I used to" is now.
    """
    if message.recurrence:
        return False
    # Phase 14: the past marker must be in the match's own clause ("years ago I tried, I'm better now, but I've
    # been saving my tablets": the saving is now).
    tokens = before.split(" ")
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index] in _CLAUSE_BREAKS:
            before = " ".join(tokens[index + 1 :])
            break
    if _PAST.search(before):
        return True
    nearby = set(match_text.split()) | set(tokens_before[-3:])
    # Phase 14: "I've got the tablets saved up" is now, whatever the past tense of "saved".
    return bool(nearby & _PAST_VERBS) and message.past and not _now_clause(tokens_before[-3:] + match_text.split())


def _other_voice(sentence: str) -> bool:
    """A sentence that quotes or reports someone, gives advice, or speaks of a third person and not of the author."""
    present = set(concepts_in(sentence))
    return bool(present & {"reported", "advice"}) or ("third_person" in present and "first_person" not in present)


def _distant_past_here(segments: list[str], number: int) -> bool:
    """In a long post, a sentence told as a distant past (phase 3): a distant-past marker in it or the one
    before ("In 2011 I took an overdose. My brother found me."), and nothing recent or coming back in it
    or either neighbour. Such a finding is qualified, so the learned layer, which reads the post passage
    by passage, may overrule it when confident (``LearnedModel.rules_count``); the author's own words now
    elsewhere in the post are judged on their own."""
    told = {concept for sentence in segments[max(0, number - 1) : number + 1] for concept in concepts_in(sentence)}
    near = {concept for sentence in segments[max(0, number - 1) : number + 2] for concept in concepts_in(sentence)}
    return passage_voice(told) == DISTANT_PAST and not near & {"recent", "coming_back"}


def _lower(level: Level) -> Level:
    return {Level.URGENT: Level.CONCERN, Level.CONCERN: Level.NONE}.get(level, level)


def _set_idioms_aside(segment: str, found: set[str]) -> str:
    candidates = _IDIOM_INDEX.candidates(segment)
    if not candidates:
        return segment
    for number in sorted(candidates):
        compiled = _IDIOMS[number]
        if not compiled.pattern.regex.search(segment):
            continue
        if compiled.unless is not None and compiled.unless.search(segment):
            continue
        found.add(compiled.idiom.id)
        segment = compiled.pattern.regex.sub(_IDIOM_TOKEN, segment)
    return segment


def _judge(compiled: _CompiledRule, text: str, message: _MessageContext, match: re.Match) -> tuple[Level, str, str]:
    """(level, context, suppression reason) for one match of a rule; suppression reason '' if it counts.

    ``text`` is what the pattern ran on: one sentence, or the whole message for message-scope rules.
    Negation, person and tense are read within the match's own sentence.
    """
    rule = compiled.rule
    # Context is read close to the match: a bounded window keeps very long posts linear.
    sentence_start = max(text.rfind(" | ", 0, match.start()) + 1, match.start() - _CONTEXT_CHARS)
    before = text[sentence_start : match.start()].lstrip("| ")
    sentence_end = text.find(" | ", match.end(), match.end() + _CONTEXT_CHARS)
    segment = text[sentence_start : sentence_end if sentence_end != -1 else match.end() + _CONTEXT_CHARS].strip("| ")
    if rule.negatable and (_NEGATION.search(before) or _NEGATION_AFTER.match(text[match.end() :])):
        return Level.NONE, "", "negated"
    if _GENERAL.search(before):
        return Level.NONE, "", _GENERAL_REASON
    level = rule.level
    contexts = []
    tokens_before = before.split()
    match_tokens = match.group().split()
    told_in_past_tense = bool(set(match_tokens) & _PAST_VERBS)
    if _person(tokens_before, match_tokens) == "other":
        keeps = rule.third_party == "keep" or (_INTENT_OR_TIME.search(segment) and not told_in_past_tense)
        if level is Level.URGENT and not keeps:
            level = Level.CONCERN
            contexts.append("about someone else, urgent lowered to concern")
        else:
            contexts.append("about someone else")
    if message.happier_past and not contexts and _told_as_now(before, segment, match_tokens, tokens_before):
        # Phase 12: "years ago I had a good life. Now I just want to die" is not a recovery story, and the
        # learned layer, reading the past, may not overrule it in a short message (NOW_BESIDE_PAST).
        if compiled.dampener is not None and compiled.dampener.search(message.text):
            return Level.NONE, "", "reads as leaving, a break or an operation"
        return level, NOW_BESIDE_PAST, ""
    if message.recovery and _in_recovered_telling(message, text, match.start()):
        return Level.NONE, "", "a distant past told as recovery"
    if rule.past and _is_past(before, message, match.group(), tokens_before):
        level = _lower(level)
        contexts.append(OWN_PAST)
        if level is Level.NONE:
            return level, "", "told as in the past"
    elif (
        rule.past
        and level is Level.URGENT
        and message.eased
        and rule.family in ruleset.THOUGHT_FAMILIES
        and not set(match_tokens) & _ACT_WORDS
        and (_RECENT_PAST.search(before) or set(match_tokens + tokens_before[-3:]) & _PAST_VERBS)
    ):
        # Thoughts told as a recent past that has eased (phase 7): past ideation, a concern that the
        # learned layer may not silence in a short message (OWN_PAST). Never an act (see rules.RECENT_PAST),
        # and only words told in the past ("I was thinking", "had thoughts", "back in June I wanted"): "I want
        # to end it" stays urgent whatever else the message says.
        level = Level.CONCERN
        contexts.append(OWN_PAST)
    if compiled.dampener is not None and compiled.dampener.search(message.text):
        # A goodbye before an operation, a move, a holiday or a break (the taxonomy's hospital_goodbye).
        return Level.NONE, "", "reads as leaving, a break or an operation"
    return level, "; ".join(contexts), ""


def read(text: str) -> tuple[list[str], set[str]]:
    """The message as normalised sentences with figures of speech set aside, and the idioms found."""
    idioms: set[str] = set()
    return [_set_idioms_aside(segment, idioms) for segment in normalise(text)], idioms


def _rules(segments: list[str]) -> tuple[dict[str, tuple[Level, str]], dict[str, str], dict[int, list]]:
    """Run the rules on the sentences.

    Returns (rule id -> (level, context), rule id -> suppression reason, sentence number -> spans the
    rules cancelled as negated or general advice).
    """
    message = " | ".join(segments)
    best: dict[str, tuple[Level, str]] = {}
    suppressed: dict[str, str] = {}
    cancelled: dict[int, list] = {}
    context_of_message = _MessageContext.of(message)
    local_contexts: dict[int, _MessageContext] = {}
    settled: set[str] = set()
    candidates: dict[str, frozenset] = {}
    work = [(segment, "sentence", number) for number, segment in enumerate(segments)] + [(message, "message", -1)]
    for text_part, scope, number in work:
        if text_part not in candidates:
            candidates[text_part] = _RULE_INDEX.candidates(text_part)
        for rule_number, pattern_number in sorted(candidates[text_part]):
            compiled = _RULES[rule_number]
            rule_id = compiled.rule.id
            if compiled.rule.scope != scope or rule_id in settled:
                continue
            matches = compiled.patterns[pattern_number].regex.finditer(text_part)
            for _, match in zip(range(_MAX_MATCHES), matches, strict=False):
                if number >= 0 and len(segments) >= _LONG_SENTENCES:
                    # In a long post the past, recovery and what brings it back are read near the match
                    # (two sentences either side), not anywhere in a post about a whole week.
                    if number not in local_contexts:
                        window = segments[max(0, number - 2) : number + 3]
                        local_contexts[number] = _MessageContext.of(" | ".join(window))
                    context_here = local_contexts[number]
                else:
                    context_here = context_of_message
                level, context, reason = _judge(compiled, text_part, context_here, match)
                long_post = number >= 0 and len(segments) >= _LONG_SENTENCES
                if not reason and not context and long_post:
                    if _other_voice(segments[number]):
                        context = "in a long post, in someone else's words or advice to others"
                    elif _distant_past_here(segments, number):
                        context = "in a long post, told as a distant past"
                if reason:
                    suppressed.setdefault(rule_id, reason)
                    if reason in _CANCELLING and number >= 0:
                        cancelled.setdefault(number, []).append(match.span())
                    continue
                if rule_id not in best or level.rank > best[rule_id][0].rank:
                    best[rule_id] = (level, context)
                if level is compiled.rule.level and not context:
                    settled.add(rule_id)  # the strongest this rule can say: stop looking
                    break
    return best, suppressed, cancelled


def without_cancelled(segments: list[str], cancelled: dict[int, list]) -> list[str]:
    """The sentences with the words the rules cancelled replaced by one neutral token."""
    if not cancelled:
        return segments
    result = []
    for number, segment in enumerate(segments):
        spans = cancelled.get(number)
        if spans:
            covered = [False] * len(segment)
            for start, end in spans:
                covered[start:end] = [True] * (end - start)
            pieces, index = [], 0
            while index < len(segment):
                if covered[index]:
                    while index < len(segment) and covered[index]:
                        index += 1
                    pieces.append(f" {_CANCELLED_TOKEN} ")
                else:
                    pieces.append(segment[index])
                    index += 1
            segment = " ".join("".join(pieces).split())
        result.append(segment)
    return result


def _fired_rules(best: dict[str, tuple[Level, str]]) -> list[FiredRule]:
    return [
        FiredRule(
            id=rule_id,
            level=level,
            description=_RULES_BY_ID[rule_id].description,
            context=context,
            family=_RULES_BY_ID[rule_id].family,
        )
        for rule_id, (level, context) in best.items()
    ]


def explain(rule_ids) -> tuple[str, ...]:
    """What each stored id means, in words for the duty clinician ("Overdose already taken: call 999").

    Queue items keep the ids and the version that raised them; rule ids are never reused for another
    meaning, so an old item reads the same. An id this version does not know is shown as it is.
    """
    words = []
    for rule_id in rule_ids:
        if rule_id in _RULES_BY_ID:
            words.append(_RULES_BY_ID[rule_id].description)
        elif rule_id.startswith(LEARNED_PREFIX) and rule_id[len(LEARNED_PREFIX) :] in FAMILY_BY_ID:
            words.append(f"{FAMILY_BY_ID[rule_id[len(LEARNED_PREFIX) :]].words} (learned model)")
        elif rule_id.startswith(LEARNED_PREFIX):
            words.append("Reads like messages from people at risk (learned model)")
        else:
            words.append(rule_id)
    return tuple(dict.fromkeys(words))


def model_input(text: str) -> list[str]:
    """Exactly what the learned layer reads for a message (training uses it too): normalised sentences,
    idioms set aside, words the rules cancelled taken out."""
    segments, _ = read(text)
    _, _, cancelled = _rules(segments)
    return without_cancelled(segments, cancelled)


def rules_level(text: str) -> Level:
    """The level the rules alone give (training and evaluation use it; the product uses screen_text)."""
    direct, contextual, *_ = rules_levels(text)
    return max(direct, contextual, key=lambda level: level.rank)


def rules_levels(text: str) -> tuple[Level, Level, Level, Level]:
    """The rules' level from direct findings (the author, now), from findings with a context note
    (someone else, the past), which the learned layer can overrule more readily in a long post, from
    those that are the author's own past (``OWN_PAST``) or the author now beside a happier past
    (``NOW_BESIDE_PAST``), which in a short message the learned layer overrules only below the own-past veto
    (the first) or never (the second; ``LearnedModel.rules_count``), and from the second alone."""
    segments, _ = read(text)
    best, _, _ = _rules(segments)
    direct = [level for level, context in best.values() if not context or context == NOW_BESIDE_PAST]
    contextual = [level for level, context in best.values() if context and context != NOW_BESIDE_PAST]
    # NOW_BESIDE_PAST (phase 12) counts as direct and, in a short message, is never overruled.
    own_past = [level for level, context in best.values() if context in (OWN_PAST, NOW_BESIDE_PAST)]
    now_beside_past = [level for level, context in best.values() if context == NOW_BESIDE_PAST]
    return (
        max(direct, key=lambda level: level.rank, default=Level.NONE),
        max(contextual, key=lambda level: level.rank, default=Level.NONE),
        max(own_past, key=lambda level: level.rank, default=Level.NONE),
        max(now_beside_past, key=lambda level: level.rank, default=Level.NONE),
    )


def _learned(assessment: Assessment) -> FiredRule:
    """The learned layer's finding as a fired entry: the family's words, and the concepts that counted."""
    return FiredRule(
        id=f"{LEARNED_PREFIX}{assessment.family or 'unspecified'}",
        level=assessment.level,
        description=assessment.words,
        context=assessment.context,
        family=assessment.family,
    )


def screen_text(text: str) -> ScreenResult:
    """Screen one message. Raises on bad input; callers in the product use :func:`screen_text_safely`.

    The rules (high precision; idioms, negation, whose words, past tense) and the learned layer (recall
    on wording no rule foresaw) each give a level; the higher one counts, and both explain themselves.
    """
    if not isinstance(text, str):
        raise TypeError(f"screen_text needs a str, got {type(text).__name__}")
    segments, idioms = read(text)
    best, suppressed, cancelled = _rules(segments)
    if segments:
        model = _model()
        assessment = model.assess(without_cancelled(segments, cancelled))
        overruled = [rule_id for rule_id, (_, context) in best.items() if not model.rules_count(assessment, context)]
        if overruled:
            # The rules matched words, but the learned layer is confident this is not risk (for example a
            # recovery story, or a long post quoting someone else): the finding does not count, and the
            # result still says which rules matched and why they did not.
            reason = "outweighed by the learned model" + (
                f" (reads as: {assessment.reassuring_words})" if assessment.reassuring_words else ""
            )
            for rule_id in overruled:
                suppressed[rule_id] = reason
                del best[rule_id]
        fired = _fired_rules(best)
        if assessment.level is not Level.NONE:
            fired.append(_learned(assessment))
    else:
        fired = _fired_rules(best)
    fired.sort(key=lambda fired_rule: (-fired_rule.level.rank, fired_rule.id))
    level = fired[0].level if fired else Level.NONE
    return ScreenResult(
        level=level,
        fired=tuple(fired),
        version=SCREEN_VERSION,
        idioms=tuple(sorted(idioms)),
        suppressed=tuple(
            SuppressedRule(id=rule_id, reason=reason)
            for rule_id, reason in sorted(suppressed.items())
            if rule_id not in best
        ),
    )


def screen_text_safely(text) -> ScreenResult:
    """Screen one message and never raise: if anything goes wrong the result is ``unscreened``.

    An unscreened item must be treated as needing review (it goes to the duty queue). The log line
    names the exception class and where it happened, never the message or the exception's text.
    """
    try:
        return screen_text(text)
    except Exception as exc:  # noqa: BLE001 - fail safe: any failure must become "unscreened", not a lost item
        where = ""
        frames = traceback.extract_tb(exc.__traceback__)
        if frames:
            where = f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}"
        logger.error(
            "message screen failed, item marked unscreened (version=%s, error=%s, at=%s)",
            SCREEN_VERSION,
            type(exc).__name__,
            where,
        )
        return ScreenResult(level=Level.UNSCREENED, fired=(), version=SCREEN_VERSION, error=type(exc).__name__)
