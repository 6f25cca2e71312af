"""`make accessibility-statement`: the figures the accessibility statement (/accessibility/) quotes.

The browser suite records every axe-core run (tests/browser/conftest.py) in
test-artifacts/accessibility/axe-results.json. This turns the latest complete run into the small
summary the statement page reads, `followon/core/data/accessibility-results.json` (committed, so a
release carries the figures of the run that tested it). It refuses a partial run: the statement
must not present a few journeys as the whole site.

    make test                       # runs the browser journeys, writes the results file
    make accessibility-statement    # writes the summary; commit it with the release
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from followon.assurance.hazard_log import ROOT

RESULTS = ROOT / "test-artifacts" / "accessibility" / "axe-results.json"
SUMMARY = ROOT / "followon" / "core" / "data" / "accessibility-results.json"


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A link token: 16 or more URL-safe characters with a digit or a capital in them (page names such as
# "how-we-contact-you" are lower-case words).
_TOKEN = re.compile(r"(?<=/)(?=[A-Za-z_-]*[0-9A-Z])[A-Za-z0-9_-]{16,}(?=[/.]|$)")


def page_path(url: str, base_url: str) -> str:
    """The path a person visited, with record ids and link tokens masked (nothing personal is written)."""
    path = url.removeprefix(base_url).split("?", 1)[0].split("#", 1)[0] or "/"
    return _TOKEN.sub("[token]", _UUID.sub("[id]", path))


class PartialRun(ValueError):
    pass


def summarise(results: dict, *, allow_partial: bool = False) -> dict:
    tests = results.get("browser_tests") or {}
    ran = tests.get("passed", 0) + tests.get("failed", 0)
    if not allow_partial and (not ran or ran < tests.get("collected", 0)):
        raise PartialRun(
            f"the results come from {ran} of {tests.get('collected', 0)} browser journeys; "
            "run the whole browser suite (make test) first"
        )
    checks = results.get("checks") or []
    return {
        "tested_on": str(results.get("finished_at", ""))[:10],
        "git_commit": str(results.get("git_commit", ""))[:12],
        "axe_version": results.get("axe_version", ""),
        "wcag_tags": results.get("wcag_tags", []),
        "journeys": ran,
        "journeys_failed": tests.get("failed", 0),
        "page_checks": len(checks),
        "pages": sorted({check["path"] for check in checks}),
        "widths": sorted({check["width"] for check in checks if check.get("width")}),
        "violations": sum(check.get("violations", 0) for check in checks),
        "rules_violated": sorted({rule for check in checks for rule in check.get("rules", [])}),
        "pages_with_violations": sorted({check["path"] for check in checks if check.get("violations")}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m followon.assurance.accessibility", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--output", type=Path, default=SUMMARY)
    parser.add_argument("--partial", action="store_true", help="accept a run of only some browser journeys")
    args = parser.parse_args(argv)
    if not args.results.is_file():
        print(f"accessibility: no results at {args.results}; run the browser journeys (make test) first")
        return 1
    try:
        summary = summarise(json.loads(args.results.read_text(encoding="utf-8")), allow_partial=args.partial)
    except PartialRun as error:
        print(f"accessibility: {error}")
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(
        f"accessibility: {summary['page_checks']} axe checks of {len(summary['pages'])} pages in "
        f"{summary['journeys']} journeys, {summary['violations']} violations -> {args.output}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
