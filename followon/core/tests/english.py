"""Find English sentences left on a page in another language (issue 18: "no English sentence left on a
Welsh page the journeys visit"). Shared by the unit tests and the browser journeys.

A sentence is English when at least half of its words (in any script), and at least two, are common
English words that are not also Welsh ("a", "am", "i" and "ac" are both). Text inside an element whose lang is not
the page's language (the toggle's "English", the notice that a translation is unchecked) is skipped:
it says in markup which language it is in, as WCAG 3.1.2 asks.
"""

import re
from html.parser import HTMLParser

ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "you",
        "your",
        "to",
        "of",
        "is",
        "are",
        "for",
        "with",
        "we",
        "will",
        "not",
        "if",
        "this",
        "that",
        "have",
        "has",
        "can",
        "an",
        "in",
        "on",
        "or",
        "it",
        "be",
        "by",
        "from",
        "at",
        "do",
        "does",
        "get",
        "our",
        "us",
        "what",
        "when",
        "how",
        "help",
        "now",
        "need",
        "sign",
        "group",
        "groups",
        "home",
        "here",
        "there",
        "they",
        "them",
        "their",
        "about",
        "any",
        "anything",
        "all",
        "more",
        "one",
        "no",
        "yes",
        "who",
        "which",
        "where",
        "please",
        "send",
        "code",
        "text",
        "message",
        "email",
        "number",
        "enter",
        "ask",
        "find",
        "near",
        "plans",
        "goals",
        "programme",
        "programmes",
        "account",
        "choices",
        "data",
        "service",
        "services",
        "free",
        "day",
        "night",
        "time",
        "hours",
        "urgent",
        "life",
        "risk",
        "safe",
        "keep",
        "yourself",
        "until",
        "change",
        "answer",
        "answers",
        "save",
        "page",
        "see",
        "were",
        "been",
        "would",
        "could",
        "should",
        "may",
        "must",
        "only",
        "also",
        "because",
        "after",
        "before",
        "other",
        "some",
        "than",
        "then",
        "into",
        "out",
        "just",
        "very",
        "make",
        "back",
        "show",
        "read",
        "write",
        "poll",
        "polls",
        "closes",
        "use",
        "contact",
        "details",
        "select",
        "name",
        "edit",
        "delete",
        "remove",
        "these",
        "those",
        "me",
        "his",
        "she",
        "he",
        "had",
        "call",
        "choose",
        "option",
        "mental",
        "health",
        "support",
        "confidential",
        "watched",
        "team",
        "opening",
        "did",
        "received",
        "new",
        "arrive",
        "few",
        "minutes",
        "work",
        "staff",
        "person",
        "raise",
        "concern",
        "worried",
        "someone",
        "struggling",
        "wait",
        "straight",
        "away",
        "set",
        "yet",
        "nothing",
        "recorded",
        "meeting",
        "planned",
        "week",
        "done",
        "partly",
        "next",
        "techniques",
        "check-in",
        "pacing",
        "plan",
        "set-back",
    ]
)


# Words that are also everyday words of a page's language, so they say nothing about English there
# (Polish "to" is "is"/"this", "do" is "to", "no" is "well", "on" is "he", "by" makes a conditional,
# "we" is "in", "my" is "we").
ALSO_WORDS_OF: dict[str, frozenset[str]] = {"pl": frozenset({"to", "do", "no", "on", "by", "we", "my"})}


class _Text(HTMLParser):
    HIDDEN = {"script", "style", "template", "noscript", "svg"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "base", "col", "embed"}

    def __init__(self, page_language: str):
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        other_language = tag != "html" and lang is not None and not lang.lower().startswith(self.page_language)
        self.stack.append((tag, tag in self.HIDDEN or other_language))
        if tag in {"p", "li", "h1", "h2", "h3", "label", "div", "a", "button", "td", "th", "span"}:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def english_sentences(html: str, page_language: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    parser = _Text(page_language)
    parser.feed(html)
    found = []
    for chunk in re.split(r"[\n.?!:;·]+", "".join(parser.parts)):
        sentence = " ".join(chunk.split())
        if not sentence or sentence in allowed:
            continue
        # Every word counts, in any script: an Urdu sentence that keeps an English name ("Equality
        # Advisory and Support Service (EASS) سے رابطہ کریں") is Urdu, and a Welsh word with ŵ is one word.
        words = re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", sentence.lower())
        theirs = ALSO_WORDS_OF.get(page_language, frozenset())
        english = [word for word in words if word in ENGLISH_WORDS and word not in theirs]
        if len(english) >= 2 and len(english) * 2 >= len(words):
            found.append(sentence)
    return found
