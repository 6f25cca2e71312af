"""No untranslatable literal sentence in a template (issue 18 item 1; ADR 0027).

Every template's own words must go through the translation machinery (`{{ _("...") }}`). This test reads
each `.jinja` template and each message template (`messages/*.txt`), removes what Jinja2 evaluates and
the HTML markup, and counts the English words left over as plain text, plus English given to an NHS.UK
macro as a literal (`{"text": "Save"}`, `hint="..."`). Templates not yet translated (mostly staff pages,
a later phase) are named in NOT_YET_TRANSLATED with how many literals they still have: the count may
only go down. A template with fewer literals than its allowance fails too, so the allowance is lowered
as pages are translated: the list shrinks and never grows.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
# An element marked as English on purpose (the notice that a translation is unchecked, in English for
# whoever cannot read the page's language): its words are not the page's language (WCAG 3.1.2).
_MARKED_ENGLISH = re.compile(r"<(\w+)[^>]*\slang=\"en[^\"]*\"[^>]*>.*?</\1>", re.DOTALL)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_WORD = re.compile(r"[A-Za-z][a-z'’-]+")
# English handed to a macro or a Jinja expression as a literal string: {"text": "Save"}, hint="...".
_LITERAL_ARGUMENT = re.compile(
    r"""(?:["'](?:text|html|heading|hint|description|titleText|label|caption|descriptionText)["']\s*:|"""
    r"""\b(?:hint|legend|label|heading|text)\s*=)\s*(["'])([A-Z][^"'{}%]*?[a-z][^"'{}%]*?)\1"""
)
# Whole words that are not sentences: the product's name (and the "FollowOn:" a text starts with), symbols,
# units.
_NOT_SENTENCES = {"FollowOn", "FollowOn:", "GSM-7"}


def template_literals(source: str) -> list[str]:
    """The literal English in a template: text between tags that has at least two words, and
    literal strings given to macros as text (with at least one word)."""
    source = _MARKED_ENGLISH.sub("\n", source)
    found = []
    for match in _LITERAL_ARGUMENT.finditer(source):
        found.append(match.group(2))
    text = _TAG.sub("\n", _JINJA.sub("\n", source))
    for chunk in text.split("\n"):
        sentence = " ".join(chunk.split())
        if sentence in _NOT_SENTENCES:
            continue
        if len(_WORD.findall(sentence)) >= 2 or (len(_WORD.findall(sentence)) == 1 and sentence[:1].isupper()):
            found.append(sentence)
    return found


def templates() -> list[Path]:
    """Every page template, and every text and email a member is sent (`jinja2/messages/*.txt`: the
    "who came?" text was English to a Welsh coordinator until the scan read them too)."""
    return sorted(
        path
        for pattern in ("**/*.jinja", "**/jinja2/messages/*.txt")
        for path in ROOT.glob(pattern)
        if "nhsuk" not in path.parts and "node_modules" not in path.parts and "tests" not in path.parts
    )


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT.parent))


# Templates whose sentences are not yet wrapped, with how many literals they still have. Lower a
# number (or remove the line) when you translate a page; never raise one or add a template. Empty since
# issue 18's phase C: every template's sentences go through the catalogue.
NOT_YET_TRANSLATED: dict[str, int] = {}


def test_the_scan_finds_literal_sentences_and_ignores_translated_ones():
    source = """
      <h1>{{ _("Your groups") }}</h1>
      <p>No meetings planned yet.</p>
      {{ button({"text": "Save my answers"}) }}
      {{ button({"text": _("Save my answer")}) }}
      {{ radios(name, id, legend, items, hint="Everyone will be told") }}
      <p>{{ count }} · {{ _("and") }}</p>
    """
    assert template_literals(source) == ["Save my answers", "Everyone will be told", "No meetings planned yet."]


@pytest.mark.parametrize("path", templates(), ids=_name)
def test_no_template_has_an_untranslated_sentence(path):
    name = _name(path)
    literals = template_literals(path.read_text())
    allowed = NOT_YET_TRANSLATED.get(name, 0)
    assert len(literals) <= allowed, (
        f"{name} has text not wrapped in _(): {literals[:5]}. Wrap it, then run "
        "`manage.py catalogues update` and translate (ADR 0027)."
    )
    assert len(literals) == allowed, (
        f"{name} now has {len(literals)} untranslated literals, fewer than its allowance of {allowed}: "
        "lower its number in NOT_YET_TRANSLATED (the list only shrinks)."
    )


def test_the_allow_list_names_only_templates_that_exist():
    names = {_name(path) for path in templates()}
    assert set(NOT_YET_TRANSLATED) <= names
