"""`make audit`: the pinned Python packages (requirements.txt) and the front-end build's npm packages
checked against known vulnerabilities. Not part of `make test`: it needs a vulnerability source.

Exit codes: 0 nothing known with a fix; 1 a known vulnerability that has a fix (upgrade the pin);
2 the audit could not be done (a source unreachable, or packages it could not look up). A package
that pip-audit could not look up is never counted as clean: pip-audit itself prints "No known
vulnerabilities found" when every look-up was skipped, which is why its JSON is read here.

Vulnerabilities with no fix yet are listed but do not fail the run (nothing to upgrade to); record a
decision about them in the hazard log or the DTAC pack instead.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OK, FIXABLE, NOT_AUDITED = 0, 1, 2


@dataclass
class Findings:
    source: str
    fixable: list[str] = field(default_factory=list)
    unfixed: list[str] = field(default_factory=list)
    not_audited: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def code(self) -> int:
        if self.fixable:
            return FIXABLE
        return NOT_AUDITED if self.not_audited else OK

    def summary(self) -> str:
        return (
            f"{self.source}: {self.checked} checked, {len(self.fixable)} vulnerable with a fix, "
            f"{len(self.unfixed)} vulnerable without a fix, {len(self.not_audited)} could not be audited"
        )


def read_pip_audit(report: dict) -> Findings:
    """pip-audit's `-f json` report."""
    found = Findings("python (requirements.txt)")
    for dependency in report.get("dependencies", []):
        name = f"{dependency.get('name')} {dependency.get('version', '')}".strip()
        if "skip_reason" in dependency:
            found.not_audited.append(f"{name}: {dependency['skip_reason']}")
            continue
        found.checked += 1
        for vuln in dependency.get("vulns", []):
            fixes = vuln.get("fix_versions") or []
            line = f"{name}: {vuln.get('id')}" + (f" (fixed in {', '.join(fixes)})" if fixes else " (no fix yet)")
            (found.fixable if fixes else found.unfixed).append(line)
    return found


def read_npm_audit(report: dict) -> Findings:
    """`npm audit --json` (report version 2); an error report means nothing was audited."""
    found = Findings("npm (package-lock.json, without dev dependencies)")
    if "error" in report or "vulnerabilities" not in report:
        found.not_audited.append(f"npm audit: {report.get('message') or report.get('error') or 'no report'}")
        return found
    found.checked = int(report.get("metadata", {}).get("dependencies", {}).get("prod", 0) or 0)
    for name, vuln in sorted(report["vulnerabilities"].items()):
        line = f"{name} {vuln.get('range', '')}: {vuln.get('severity', '?')}".strip()
        (found.fixable if vuln.get("fixAvailable") else found.unfixed).append(line)
    return found


def _run_json(command: list[str]) -> dict:
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)  # noqa: S603
    try:
        return json.loads(completed.stdout or "{}")
    except json.JSONDecodeError:
        return {"error": (completed.stderr or completed.stdout).strip()[-300:] or f"exit {completed.returncode}"}


def audit_python(pip_audit: str) -> Findings:
    report = _run_json(
        [pip_audit, "-r", "requirements.txt", "--no-deps", "--disable-pip", "--progress-spinner", "off", "-f", "json"]
    )
    if "error" in report:
        found = Findings("python (requirements.txt)")
        found.not_audited.append(f"pip-audit: {report['error']}")
        return found
    return read_pip_audit(report)


def audit_npm() -> Findings:
    return read_npm_audit(_run_json(["npm", "audit", "--omit=dev", "--json"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", default="pip-audit", help="the pip-audit executable")
    args = parser.parse_args(argv)
    results = [audit_python(args.pip_audit), audit_npm()]
    for found in results:
        print(found.summary())
        for label, lines in [("FIX", found.fixable), ("no fix", found.unfixed), ("not audited", found.not_audited)]:
            for line in lines[:20]:
                print(f"  {label}: {line}")
            if len(lines) > 20:
                print(f"  ... and {len(lines) - 20} more")
    code = max(found.code for found in results)
    if code == NOT_AUDITED:
        print("audit: INCOMPLETE, the vulnerability sources could not be reached (README: Dependency audit)")
    else:
        print("audit: FAILED, upgrade the pins listed as FIX" if code == FIXABLE else "audit: passed")
    return code


if __name__ == "__main__":
    sys.exit(main())
