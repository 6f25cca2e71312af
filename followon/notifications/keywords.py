"""Keywords members text back, in every language FollowOn speaks (issue 18 item 4; ADR 0027).

English keywords always work, whatever the member's language; the other languages' words are
recognised for everyone too (a Welsh speaker whose preference is still English can reply IE). Words are
compared in capitals with accents removed ("MOŻE" is "MOZE"), so a phone that cannot type ŵ or ż
still works. STOP and HELP are honoured in every language: the English words always, and each
language's own (Welsh STOPIO and HELP or CYMORTH; Polish POMOC). A keyword must be the whole text,
perhaps with thanks after it ("Ie diolch"): any other word makes it free text, which is passed on
and screened, so "Na, dw i ddim yn iawn" is never read as NO.

Urdu and Polish words are in review with the rest of those languages: a qualified translator checks
them before a service offers the language (docs/i18n/glossary.md).
"""

from __future__ import annotations

import re
import unicodedata

from django.utils import translation

# What a reply means, by the English keyword the handlers use.
YES, NO, MAYBE, STILL_HERE = "YES", "NO", "MAYBE", "STILL HERE"
STOP, START, HELP = "STOP", "START", "HELP"

# language -> {words as typed, accents removed: meaning}. The first word for each meaning in a
# language is the one our texts ask for (reply_word).
REPLIES: dict[str, dict[str, str]] = {
    "en": {
        "YES": YES,
        "Y": YES,
        "YEP": YES,
        "NO": NO,
        "N": NO,
        "MAYBE": MAYBE,
        "STILL HERE": STILL_HERE,
        "STILLHERE": STILL_HERE,
        # Goal check-ins (selfcare): DONE / PARTLY / NOT THIS WEEK read as YES / MAYBE / NO.
        "DONE": YES,
        "PARTLY": MAYBE,
        "NOT THIS WEEK": NO,
    },
    # Welsh answers echo the verb of the question ("Allwch chi ddod?" "Gallaf"), so the usual answers
    # to our questions are all here; IE and NA are the ones our texts ask for.
    "cy": {
        "IE": YES,
        "OES": YES,
        "YDW": YES,
        "GALLAF": YES,
        "BYDDAF": YES,
        "NA": NO,
        "NAC OES": NO,
        "NAC YDW": NO,
        "NA ALLAF": NO,
        "NA FYDDAF": NO,
        "EFALLAI": MAYBE,
        "DAL YMA": STILL_HERE,
        "DALYMA": STILL_HERE,
        # Goal check-ins: the words our goal text asks for (GOAL_WORDS), and the usual answers to
        # "did you do it?" (GWNES "I did", NADDO "I didn't"; DO is left out: it is an English word).
        "WEDI GWNEUD": YES,
        "GWNES": YES,
        "RHANNOL": MAYBE,
        "RHYWFAINT": MAYBE,
        "DIM WYTHNOS HON": NO,
        "DDIM WYTHNOS HON": NO,
        "NADDO": NO,
        # The words on the goal pages' buttons ("Wedi'i wneud" has its apostrophe taken out).
        "WEDI I WNEUD": YES,
        "YN RHANNOL": MAYBE,
        "NID YR WYTHNOS HON": NO,
    },
    "pl": {"TAK": YES, "NIE": NO, "MOZE": MAYBE, "NADAL JESTEM": STILL_HERE},
    # Urdu replies in Urdu script, and in the Roman Urdu many people text in.
    "ur": {"ہاں": YES, "جی": YES, "نہیں": NO, "شاید": MAYBE, "HAAN": YES, "HAN": YES, "JI": YES, "NAHI": NO},
}
# The words the weekly goal text asks for (DONE / PARTLY / NOT THIS WEEK), by meaning; each is in
# REPLIES too, so it is recognised for everyone. A language without them asks in English.
GOAL_WORDS: dict[str, dict[str, str]] = {
    "en": {YES: "DONE", MAYBE: "PARTLY", NO: "NOT THIS WEEK"},
    "cy": {YES: "WEDI GWNEUD", MAYBE: "RHANNOL", NO: "DIM WYTHNOS HON"},
}
STOP_WORDS: dict[str, set[str]] = {
    "en": {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"},
    "cy": {"STOPIO", "DIM RHAGOR"},
    "pl": {"STOP"},
    "ur": {"بند"},
}
START_WORDS: dict[str, set[str]] = {
    "en": {"START", "UNSTOP"},
    "cy": {"DECHRAU", "AILDDECHRAU"},
    "pl": {"START"},
    "ur": {"شروع"},
}
HELP_WORDS: dict[str, set[str]] = {
    "en": {"HELP"},
    "cy": {"HELP", "CYMORTH"},
    "pl": {"POMOC"},
    "ur": {"مدد"},
}
# Politeness after a keyword ("Yes please", "Ie diolch") leaves it a keyword.
POLITE_WORDS = {
    "PLEASE", "THANKS", "THANK", "YOU", "TA", "CHEERS", "OK", "OKAY", "X", "XX", "XXX",
    "DIOLCH", "PLIS", "DZIEKUJE", "DZIEKI", "PROSZE", "SHUKRIA", "شکریہ",
}  # fmt: skip


def _fold(text: str) -> str:
    """Capitals, Latin accents removed ("Ŵ" is "W", "Ż" is "Z", "Ł" is "L"), other scripts kept."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("ł", "l").replace("Ł", "L"))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept).upper()


_ALL_REPLIES = {_fold(word): meaning for table in REPLIES.values() for word, meaning in table.items()}
_ALL_STOP = {_fold(word) for words in STOP_WORDS.values() for word in words}
_ALL_START = {_fold(word) for words in START_WORDS.values() for word in words}
_ALL_HELP = {_fold(word) for words in HELP_WORDS.values() for word in words}
_POLITE = {_fold(word) for word in POLITE_WORDS}


def words_of(text: str) -> list[str]:
    # Letters of any script; anything else (punctuation, emoji, digits) separates words.
    return re.sub(r"[^\w ]+|[\d_]+", " ", _fold(text)).split()


def normalise_reply(text: str) -> str:
    """The keyword a text is, as the English keyword ("Ie!" is "YES", "STOPIO" is "STOP"), perhaps
    with thanks after it; else "" (free text)."""
    words = words_of(text)
    while len(words) > 1 and words[-1] in _POLITE:
        words.pop()
    phrase = " ".join(words)
    if len(phrase) > 20 or not phrase:
        return ""
    if phrase in _ALL_STOP:
        return STOP
    if phrase in _ALL_START:
        return START
    if phrase in _ALL_HELP:
        return HELP
    return _ALL_REPLIES.get(phrase, "")


def reply_word(keyword: str, language: str | None = None) -> str:
    """The word our texts ask a member to reply with for `keyword`, in `language` (the active one by
    default): "YES" in English, "IE" in Welsh. English where the language has no word for it."""
    code = (language or translation.get_language() or "en").split("-")[0]
    for word, meaning in REPLIES.get(code, {}).items():
        if meaning == keyword:
            return word
    return keyword


def goal_word(keyword: str, language: str | None = None) -> str:
    """The word the goal text asks for to mean `keyword` (YES, MAYBE or NO), in `language` (the active
    one by default): "DONE" in English, "WEDI GWNEUD" in Welsh; English where the language has none."""
    code = (language or translation.get_language() or "en").split("-")[0]
    return GOAL_WORDS.get(code, GOAL_WORDS["en"]).get(keyword) or GOAL_WORDS["en"][keyword]
