"""What the accessibility statement (/accessibility/) says: the measured figures and the known issues.

The figures come only from `followon/core/data/accessibility-results.json`, which
`make accessibility-statement` writes from the browser journeys' axe runs; without that file the
page says the site has not been measured rather than quoting anything. Known issues are listed
here, with the WCAG 2.2 criterion and the issue that fixes them; remove one when its fix has
merged and the journeys prove it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from followon.core import hooks
from followon.core.formatting import london_date

# When this statement's wording was written and last reviewed (the GOV.UK model asks for both).
PREPARED_ON = dt.date(2026, 12, 4)
REVIEWED_ON = dt.date(2026, 12, 4)


@dataclass(frozen=True)
class KnownIssue:
    problem: str
    criterion: str
    fix: str


# Each known failure, until it is fixed. Empty: the printable set-back plan's reflow at 320 px, the last
# one from issue 21, was fixed (the browser journeys' shared page check now covers it).
KNOWN_ISSUES: tuple[KnownIssue, ...] = ()


def _date_text(value: dt.date) -> str:
    """Like "4 December 2026", in the active language ("4 Rhagfyr 2026")."""
    return london_date(value)


def measured_results(path: Path | None = None) -> dict | None:
    """The latest complete browser run's axe figures, or None if there are none to quote."""
    path = Path(path or settings.ACCESSIBILITY_RESULTS)
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        tested_on = dt.date.fromisoformat(results["tested_on"])
        return {
            "tested_on": _date_text(tested_on),
            "git_commit": results["git_commit"],
            "axe_version": results["axe_version"],
            "journeys": int(results["journeys"]),
            "journeys_failed": int(results["journeys_failed"]),
            "page_checks": int(results["page_checks"]),
            "pages": list(results["pages"]),
            "widths": [int(width) for width in results["widths"]],
            "violations": int(results["violations"]),
            "rules_violated": list(results["rules_violated"]),
            "pages_with_violations": list(results["pages_with_violations"]),
        }
    except (KeyError, TypeError, ValueError):
        return None


MEMBER_SERVICE_HOOK = "core.member_service"


def statement_context(user) -> dict:
    service = None
    if user is not None and user.is_authenticated:
        # The member's own service (its number is how to report a problem) is the accounts app's to know:
        # it answers this hook (core is below accounts; docs/architecture.md, "Layers").
        service = hooks.ask(MEMBER_SERVICE_HOOK, user)
    return {
        "results": measured_results(),
        "known_issues": KNOWN_ISSUES,
        "prepared_on": _date_text(PREPARED_ON),
        "reviewed_on": _date_text(REVIEWED_ON),
        "service": service,
    }
