"""`make safety-case`: the clinical safety case report, the hazard log and the current figures, as one
HTML document a clinical safety officer can read, print and sign.

    python -m followon.assurance.safety_case [--output build/safety-case/index.html]

It refuses to render a hazard log with problems (a control that names missing code or a missing
test, a risk off the matrix): a safety case must not present controls that do not exist. Figures
come from the message screen's own evaluation command (what `make eval-screen` runs) and from
`bench/results/latest.json` when a benchmark has been run; otherwise the document says "not
measured". No Django and no database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import markdown

from followon.assurance import hazard_log
from followon.assurance.hazard_log import LIKELIHOODS, RISK_MATRIX, RISK_MEANING, SEVERITIES, Hazard, HazardLog

ROOT = hazard_log.ROOT
SAFETY = ROOT / "docs" / "safety"
REPORT = SAFETY / "clinical-safety-case-report.md"
PLAN = SAFETY / "clinical-risk-management-plan.md"
PROCEDURE = SAFETY / "change-procedure.md"
BENCH_RESULTS = ROOT / "bench" / "results" / "latest.json"
DEFAULT_OUTPUT = ROOT / "build" / "safety-case" / "index.html"
# The command behind `make eval-screen` (a test keeps the two in step).
EVAL_SCREEN = [sys.executable, "-m", "followon.safety.screen.evaluate"]
TO_BE_COMPLETED = re.compile(r"\[TO BE COMPLETED[^\]]*\]")
MARKER = re.compile(r"<!-- generated:([a-z-]+) -->")


def cell(text) -> str:
    """Text for a Markdown table cell: HTML escaped, pipes and new lines made safe."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def para(text) -> str:
    return html.escape(str(text), quote=False)


def _code(text: str) -> str:
    return f"<code>{html.escape(text)}</code>"


# -- figures ---------------------------------------------------------------------------------------------------


@dataclass
class Figures:
    screen_lines: list[str]
    screen_error: str
    bench: dict | None
    bench_error: str


def _key_values(line: str) -> tuple[str, dict[str, str]]:
    words = line.split()[1:]
    kind = " ".join(word for word in words if "=" not in word) or "whole set"
    return kind, dict(word.split("=", 1) for word in words if "=" in word)


def screen_figures(command=None) -> tuple[list[str], str]:
    try:
        done = subprocess.run(  # noqa: S603 - our own Python, our own module
            command or EVAL_SCREEN, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return [], f"the evaluation did not run ({type(error).__name__})"
    lines = [line for line in done.stdout.splitlines() if line.startswith("screen ")]
    if done.returncode != 0 or not lines:
        return [], f"the evaluation exited with status {done.returncode} and printed no figures"
    return lines, ""


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def bench_figures(path: Path = BENCH_RESULTS) -> tuple[dict | None, str]:
    if not path.is_file():
        return None, f"{_shown(path)} is absent (run `make bench`)"
    try:
        return json.loads(path.read_text(encoding="utf-8")), ""
    except (OSError, ValueError):
        return None, f"{_shown(path)} could not be read"


def figures_markdown(figures: Figures, commit: str, bench_path: Path = BENCH_RESULTS) -> str:
    out = ["### Message screen (`make eval-screen`)", ""]
    if figures.screen_lines:
        out += [
            "Measured now, on the labelled set in `followon/safety/data/screen_eval.csv`. These whole-set "
            "figures are a regression guard on messages the rules' authors wrote and have seen; the honest "
            "estimate on new wording is the first-seen figures of each held-out portion in ADR 0010 "
            "(urgent recall about 0.65 to 0.84), and issue 14's measurement on unseen peer-chat messages "
            "(urgent flagged 0.82, urgent rated urgent 0.80).",
            "",
        ]
        for line in figures.screen_lines:
            kind, values = _key_values(line)
            out += [f"**{cell(kind)}**", "", "| measure | value |", "|---|---|"]
            out += [f"| {cell(key)} | {cell(value)} |" for key, value in values.items()]
            out.append("")
        out += ["```", *figures.screen_lines, "```", ""]
    else:
        out += [f"Not measured: {para(figures.screen_error)}.", ""]
    out += ["### Benchmarks (`make bench`)", ""]
    bench = figures.bench
    if bench is None:
        out += [f"Not measured: {para(figures.bench_error)}.", ""]
        return "\n".join(out)
    run_commit = str(bench.get("git_commit", "unknown"))
    settings = bench.get("settings") or {}
    out += [
        f"From `{_shown(bench_path)}`: run started {cell(bench.get('started_at', 'unknown'))} at commit "
        f"{_code(run_commit[:12])}"
        + ("" if commit.startswith(run_commit[:7]) or run_commit.startswith(commit[:7]) else " (not this commit)")
        + f"; {cell(settings.get('cpu_count', '?'))} CPUs, load average "
        f"{cell(settings.get('load_average_1m_at_start', '?'))} at the start. Figures move with the machine; "
        "the ratio to the framework floor moves less (bench/README.md).",
        "",
        "| page or case | figures |",
        "|---|---|",
    ]
    for name, values in (bench.get("results") or {}).items():
        shown = ", ".join(f"{key}={value}" for key, value in (values or {}).items())
        out.append(f"| {cell(name)} | {cell(shown)} |")
    for name, error in (bench.get("errors") or {}).items():
        out.append(f"| {cell(name)} | failed: {cell(error)} |")
    out.append("")
    return "\n".join(out)


# -- the hazard log as Markdown --------------------------------------------------------------------------------


def matrix_markdown() -> str:
    out = ["| likelihood \\ severity | " + " | ".join(SEVERITIES) + " |", "|---" * (len(SEVERITIES) + 1) + "|"]
    for likelihood in reversed(LIKELIHOODS):
        out.append(f"| **{likelihood}** | " + " | ".join(str(risk) for risk in RISK_MATRIX[likelihood]) + " |")
    out += ["", "| risk | meaning |", "|---|---|"]
    out += [f"| {risk} | {cell(meaning)} |" for risk, meaning in sorted(RISK_MEANING.items(), reverse=True)]
    return "\n".join(out)


def _rating(rating) -> str:
    return f"{rating.severity} x {rating.likelihood} = **{rating.risk}**"


def summary_markdown(log: HazardLog) -> str:
    out = ["| id | hazard | initial | residual | status | last review |", "|---|---|---|---|---|---|"]
    for hazard in log.hazards:
        out.append(
            f"| [{hazard.id}](#{hazard.id.lower()}) | {cell(hazard.title)} | {_rating(hazard.initial)} | "
            f"{_rating(hazard.residual)} | {hazard.status} | {hazard.last_review} |"
        )
    return "\n".join(out)


def actions_markdown(log: HazardLog) -> str:
    out = ["| hazard | action | issue |", "|---|---|---|"]
    rows = [
        f"| {hazard.id} | {cell(action.text)} | {('#' + str(action.issue)) if action.issue else 'none yet'} |"
        for hazard in log.hazards
        for action in hazard.actions
    ]
    return "\n".join(out + rows) if rows else "No outstanding actions."


def residual_markdown(log: HazardLog) -> str:
    out = ["| residual risk | hazards |", "|---|---|"]
    for risk in (5, 4, 3, 2, 1):
        ids = [hazard.id for hazard in log.hazards if hazard.residual.risk == risk]
        out.append(f"| {risk} | {', '.join(ids) if ids else 'none'} |")
    worst = max(hazard.residual.risk for hazard in log.hazards)
    out += ["", f"The highest residual risk in the log is {worst}: {para(RISK_MEANING[worst])}"]
    return "\n".join(out)


def conclusion_markdown(log: HazardLog) -> str:
    by_status = {status: [h.id for h in log.hazards if h.status == status] for status in hazard_log.STATUSES}
    highest = max(hazard.residual.risk for hazard in log.hazards)
    threes = [hazard.id for hazard in log.hazards if hazard.residual.risk == 3]
    text = (
        f"The hazard log holds {len(log.hazards)} hazards: {len(by_status['open'])} open, "
        f"{len(by_status['closed'])} closed and {len(by_status['transferred'])} transferred to the deploying "
        f"organisation. The highest residual risk is {highest}. "
    )
    if threes:
        text += (
            f"{len(threes)} hazards ({', '.join(threes)}) remain at residual risk 3 (undesirable). The "
            "manufacturer does not claim that FollowOn is acceptably safe for go-live until its Clinical Safety "
            "Officer has either recorded, for each of them, that further reduction is impractical now, or the "
            "actions in section 7 have lowered them."
        )
    else:
        text += "Every residual risk is acceptable under the plan's criteria."
    return para(text)


def hazard_markdown(hazard: Hazard) -> str:
    out = [f"### {hazard.id}: {cell(hazard.title)} {{#{hazard.id.lower()}}}", "", para(hazard.description), ""]
    out += ["| column | entry |", "|---|---|"]
    out += [f"| Causes | {'<br>'.join('- ' + cell(cause) for cause in hazard.causes)} |"]
    out += [f"| Effect | {cell(hazard.effect)} |", f"| Possible harm | {cell(hazard.harm)} |"]
    out += [f"| Initial risk | {_rating(hazard.initial)} |", f"| Residual risk | {_rating(hazard.residual)} |"]
    out += [f"| Status | {hazard.status} |", f"| Owner | {cell(hazard.owner)} |"]
    out += [f"| Last review | {hazard.last_review} |", ""]
    out += ["**Controls**", "", "| kind | control | evidence |", "|---|---|---|"]
    for control in hazard.controls:
        evidence = " ".join(_code(item) for item in (control.code, control.test) if item) or "procedure"
        out.append(
            f"| {hazard_log.CONTROL_KINDS.get(control.kind, control.kind)} | {cell(control.text)} | {evidence} |"
        )
    out.append("")
    if hazard.actions:
        out += ["**Actions (not yet controls)**", ""]
        out += [
            f"- {para(action.text)}" + (f" (issue {action.issue})" if action.issue else "") for action in hazard.actions
        ]
        out.append("")
    out += ["**Reviews**", ""]
    out += [f"- {review.date}, {para(review.by)}: {para(review.summary)}" for review in hazard.reviews]
    out.append("")
    return "\n".join(out)


# -- the document ----------------------------------------------------------------------------------------------


def _demoted(text: str) -> str:
    """An appended document's headings one level down, so the whole has one title."""
    return re.sub(r"^(#{1,5}) ", lambda m: "#" + m.group(1) + " ", text, flags=re.MULTILINE)


def _git_commit() -> str:
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"],  # noqa: S607 - git from PATH
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


def document_markdown(log: HazardLog, figures: Figures, commit: str, bench_path: Path = BENCH_RESULTS) -> str:
    generated = {
        "matrix": matrix_markdown(),
        "hazard-summary": summary_markdown(log),
        "actions": actions_markdown(log),
        "figures": figures_markdown(figures, commit, bench_path),
        "residual": residual_markdown(log),
        "conclusion": conclusion_markdown(log),
    }
    report = MARKER.sub(lambda m: generated[m.group(1)], REPORT.read_text(encoding="utf-8"))
    parts = [
        report,
        "## Appendix A: Hazard log",
        "",
        "Rendered from `docs/safety/hazards.yaml`; every code location and test below was checked to exist "
        "when this document was made.",
        "",
        *(hazard_markdown(hazard) for hazard in log.hazards),
        "## Appendix B: " + _demoted(PLAN.read_text(encoding="utf-8")).lstrip("# ").strip(),
        "",
        "## Appendix C: " + _demoted(PROCEDURE.read_text(encoding="utf-8")).lstrip("# ").strip(),
    ]
    return "\n\n".join(parts)


STYLE = """
body { font-family: Arial, sans-serif; line-height: 1.45; color: #212b32; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; }
h1 { font-size: 2rem; } h2 { border-top: 2px solid #005eb8; padding-top: .6rem; margin-top: 2.2rem; }
table { border-collapse: collapse; margin: .8rem 0; width: 100%; }
th, td { border: 1px solid #b1b4b6; padding: .35rem .5rem; vertical-align: top; text-align: left; }
th { background: #f0f4f5; } td:first-child a { white-space: nowrap; } code { font-size: .9em; word-break: break-all; }
.banner { border: 4px solid #d5281b; padding: .8rem 1rem; margin: 1rem 0; background: #fff; }
.meta { color: #4c6272; }
@media print { h2 { page-break-before: always; } .banner { border-width: 2px; } }
"""


def render(
    *,
    output: Path = DEFAULT_OUTPUT,
    eval_command=None,
    bench_path: Path = BENCH_RESULTS,
    log_path: Path = hazard_log.HAZARD_LOG,
) -> Path:
    log = hazard_log.load(log_path)
    found = hazard_log.problems(log)
    if found:
        raise SystemExit("the hazard log has problems; fix them first:\n" + "\n".join(found))
    lines, screen_error = screen_figures(eval_command)
    bench, bench_error = bench_figures(bench_path)
    commit = _git_commit()
    text = document_markdown(log, Figures(lines, screen_error, bench, bench_error), commit, bench_path)
    unfinished = len(TO_BE_COMPLETED.findall(text))
    body = markdown.markdown(text, extensions=["tables", "attr_list", "toc", "sane_lists", "fenced_code"])
    made = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    banner = (
        f'<div class="banner"><strong>Not signed off.</strong> {unfinished} fields marked "TO BE COMPLETED" '
        "are still to be filled in by the manufacturer or the deploying organisation.</div>"
        if unfinished
        else ""
    )
    page = (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>FollowOn clinical safety case report</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<p class="meta">FollowOn at commit <code>{html.escape(commit)}</code>, made {made} by '
        "<code>make safety-case</code>.</p>\n"
        f"{banner}\n{body}\n</body>\n</html>\n"
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m followon.assurance.safety_case", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    path = render(output=args.output)
    print(f"safety case: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
