"""Presenters: the rows of an NHS.UK summary list, built in Python; templates only draw them.

What a page shows about an object (which rows, in what words, with which link) is a decision worth a
test, so it lives in each app's `presenters.py`, built from these two row shapes. The template then
says `summaryList({"rows": rows})`. Values are text (escaped by the macro), or an escaped link.
"""

from __future__ import annotations

from markupsafe import Markup

from followon.core.audit_actions import action_label
from followon.core.fragments import FragmentCache


def summary_row(key: str, value: str) -> dict:
    """A summary-list row of plain text."""
    return {"key": {"text": key}, "value": {"text": value}}


def summary_link_row(key: str, href: str, text: str) -> dict:
    """A summary-list row whose value is a link (the address and text are escaped)."""
    return {"key": {"text": key}, "value": {"html": Markup('<a href="{}">{}</a>').format(href, text)}}


# The audit trail's lines, remembered per process by every value a line shows (ADR 0031): the same
# events are read by each of a service's admins, page after page, and a line never changes.
AUDIT_ROWS = FragmentCache("core/_audit_row.jinja")


def audit_rows_html(rows) -> Markup:
    """The audit trail page's table rows for `rows` (core.selectors.AuditRow)."""
    return Markup("").join(
        AUDIT_ROWS.render(row, lambda row=row: {"event": row, "label": action_label(row.action)}) for row in rows
    )
