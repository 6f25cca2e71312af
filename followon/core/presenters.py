"""Presenters: the rows of an NHS.UK summary list, built in Python; templates only draw them.

What a page shows about an object (which rows, in what words, with which link) is a decision worth a
test, so it lives in each app's `presenters.py`, built from these two row shapes. The template then
says `summaryList({"rows": rows})`. Values are text (escaped by the macro), or an escaped link.
"""

from __future__ import annotations

from markupsafe import Markup


def summary_row(key: str, value: str) -> dict:
    """A summary-list row of plain text."""
    return {"key": {"text": key}, "value": {"text": value}}


def summary_link_row(key: str, href: str, text: str) -> dict:
    """A summary-list row whose value is a link (the address and text are escaped)."""
    return {"key": {"text": key}, "value": {"html": Markup('<a href="{}">{}</a>').format(href, text)}}
