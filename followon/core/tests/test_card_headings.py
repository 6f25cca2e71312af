"""NHS.UK's card macro (and the warning callout, which is a card) takes a string heading that is Markup
(every translated string is) as both its text and its html, and prints it twice: the flagged-message
notice said "Help is here if you need it" twice, and five warning callouts ("Cancelled", "Some rows
have problems" ...) likewise, until 2026-12-05. A heading is therefore a mapping ({"text": ...,
"level": ...}) or plain text (`| striptags`); this scan of every template finds a translated string
passed straight in."""

import re
from pathlib import Path

import followon

TEMPLATES = Path(followon.__file__).resolve().parent
STRAIGHT = re.compile(r'"heading":\s*_\((?:[^()]|\([^()]*\))*\)(?!\s*\|\s*striptags)')


def test_no_card_heading_is_a_bare_translated_string():
    found = []
    for path in sorted(TEMPLATES.rglob("*.jinja")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if STRAIGHT.search(line):
                found.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert not found, "card headings that print twice: " + ", ".join(found)


def test_the_scan_finds_the_fault_it_is_for():
    assert STRAIGHT.search('{% call card({"heading": _("Help is here if you need it"), "headingLevel": 2}) %}')
    assert not STRAIGHT.search('{{ card({"heading": _("Programmes") | striptags, "headingLevel": 2}) }}')
    assert not STRAIGHT.search('{% call card({"heading": {"text": _("Help"), "level": 2}}) %}')
