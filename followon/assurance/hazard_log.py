"""The hazard log (`docs/safety/hazards.yaml`): loading it and checking that its controls are real.

A control is only worth its line in the log if it exists. `problems()` checks, for every hazard:

- the columns a clinical safety officer expects are there (id, title, description, causes, effect,
  harm, initial and residual severity / likelihood / risk, controls, status, owner, last review);
- severity and likelihood use the DCB0129 scales and each risk is the one the matrix gives;
- every control is one of: a design feature with a code location (`path/to/file.py:name`, or
  `Class.method`; a non-Python file by its path), a test (a pytest node id), or a procedure or
  training item for the deploying organisation; code locations and tests are looked up in the
  source (parsed, not imported), so a renamed function or a deleted test is a failure;
- the last review date is the date of the newest review entry.

No Django here: `make lint` and `make safety-case` use this without a database.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HAZARD_LOG = ROOT / "docs" / "safety" / "hazards.yaml"

# DCB0129 clinical risk estimation: five severities and five likelihoods (worst last).
SEVERITIES = ("minor", "significant", "considerable", "major", "catastrophic")
LIKELIHOODS = ("very low", "low", "medium", "high", "very high")

# The published DCB0129 risk matrix: RISK_MATRIX[likelihood][severity index] -> clinical risk 1-5.
RISK_MATRIX: dict[str, tuple[int, int, int, int, int]] = {
    "very high": (3, 4, 4, 5, 5),
    "high": (2, 3, 3, 4, 5),
    "medium": (2, 2, 3, 3, 4),
    "low": (1, 2, 2, 3, 4),
    "very low": (1, 1, 2, 2, 3),
}

RISK_MEANING = {
    1: "Acceptable, no further action required.",
    2: "Acceptable where the cost of further reduction outweighs the benefits gained.",
    3: "Undesirable: attempts should be made to eliminate or control it; acceptable only when further "
    "risk reduction is impractical.",
    4: "Mandatory elimination or control to reduce the risk to an acceptable level.",
    5: "Unacceptable.",
}

CONTROL_KINDS = {
    "design": "Design feature",
    "test": "Test",
    "procedure": "Procedure (deploying organisation)",
    "training": "Training (deploying organisation)",
}
STATUSES = ("open", "closed", "transferred")
HAZARD_ID = re.compile(r"^H-\d{3}$")
REQUIRED = (
    "id",
    "title",
    "description",
    "causes",
    "effect",
    "harm",
    "initial",
    "controls",
    "residual",
    "status",
    "owner",
    "last_review",
    "reviews",
)


def risk(severity: str, likelihood: str) -> int:
    """The DCB0129 clinical risk of a severity and a likelihood."""
    return RISK_MATRIX[likelihood][SEVERITIES.index(severity)]


@dataclass(frozen=True)
class Rating:
    severity: str
    likelihood: str
    risk: int


@dataclass(frozen=True)
class Control:
    kind: str
    text: str
    code: str = ""
    test: str = ""


@dataclass(frozen=True)
class Action:
    text: str
    issue: int | None = None


@dataclass(frozen=True)
class Review:
    date: dt.date
    by: str
    summary: str


@dataclass
class Hazard:
    id: str
    title: str
    description: str
    causes: list[str]
    effect: str
    harm: str
    initial: Rating
    controls: list[Control]
    residual: Rating
    status: str
    owner: str
    last_review: dt.date | None
    reviews: list[Review]
    actions: list[Action] = field(default_factory=list)


@dataclass
class HazardLog:
    path: Path
    raw: dict
    hazards: list[Hazard]

    def by_id(self) -> dict[str, Hazard]:
        return {hazard.id: hazard for hazard in self.hazards}


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _rating(value) -> Rating:
    value = value if isinstance(value, dict) else {}
    return Rating(str(value.get("severity", "")), str(value.get("likelihood", "")), value.get("risk"))


def parse(raw: dict, path: Path = HAZARD_LOG) -> HazardLog:
    hazards = []
    for entry in raw.get("hazards") or []:
        entry = entry if isinstance(entry, dict) else {}
        hazards.append(
            Hazard(
                id=str(entry.get("id", "")),
                title=str(entry.get("title", "")),
                description=str(entry.get("description", "")),
                causes=[str(cause) for cause in entry.get("causes") or []],
                effect=str(entry.get("effect", "")),
                harm=str(entry.get("harm", "")),
                initial=_rating(entry.get("initial")),
                controls=[
                    Control(
                        kind=str(control.get("kind", "")),
                        text=str(control.get("text", "")),
                        code=str(control.get("code", "") or ""),
                        test=str(control.get("test", "") or ""),
                    )
                    for control in entry.get("controls") or []
                    if isinstance(control, dict)
                ],
                residual=_rating(entry.get("residual")),
                status=str(entry.get("status", "")),
                owner=str(entry.get("owner", "")),
                last_review=_date(entry.get("last_review")),
                reviews=[
                    Review(_date(review.get("date")), str(review.get("by", "")), str(review.get("summary", "")))
                    for review in entry.get("reviews") or []
                    if isinstance(review, dict)
                ],
                actions=[
                    Action(str(action.get("text", "")), action.get("issue"))
                    for action in entry.get("actions") or []
                    if isinstance(action, dict)
                ],
            )
        )
    return HazardLog(path=path, raw=raw, hazards=hazards)


def load(path: Path = HAZARD_LOG) -> HazardLog:
    return parse(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}, path)


# -- looking controls up in the source ------------------------------------------------------------------------


@cache
def _module_tree(path: Path) -> ast.Module | None:
    try:
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None


def _names_defined(body) -> dict[str, ast.AST]:
    """Functions, classes and assigned names defined directly in a module or class body."""
    names: dict[str, ast.AST] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
    return names


def _defined(tree: ast.Module, dotted: list[str]) -> ast.AST | None:
    body = tree.body
    node = None
    for part in dotted:
        node = _names_defined(body).get(part)
        if node is None:
            return None
        body = getattr(node, "body", [])
    return node


def code_location_problem(location: str, root: Path = ROOT) -> str | None:
    """None if `path/to/file.py:name` (or `Class.method`, or a non-Python file's path) exists."""
    path_text, _, symbol = location.partition(":")
    path = root / path_text
    if not path_text or not path.is_file():
        return f"code location {location!r}: no file {path_text!r}"
    if path.suffix != ".py":
        return None if not symbol else f"code location {location!r}: only Python files can name a symbol"
    if not symbol:
        return f"code location {location!r}: name the function or class (path/to/file.py:name)"
    tree = _module_tree(path)
    if tree is None:
        return f"code location {location!r}: {path_text} does not parse"
    if _defined(tree, symbol.split(".")) is None:
        return f"code location {location!r}: {path_text} defines no {symbol!r}"
    return None


def node_id_problem(node_id: str, root: Path = ROOT) -> str | None:
    """None if the pytest node id (`path::test`, `path::Class::test`, parameters ignored) exists."""
    parts = node_id.split("::")
    path = root / parts[0]
    if len(parts) < 2 or not parts[0].endswith(".py") or not Path(parts[0]).name.startswith("test_"):
        return f"test {node_id!r}: not a pytest node id (path/to/test_x.py::test_name)"
    if not path.is_file():
        return f"test {node_id!r}: no file {parts[0]!r}"
    tree = _module_tree(path)
    if tree is None:
        return f"test {node_id!r}: {parts[0]} does not parse"
    names = [part.split("[", 1)[0] for part in parts[1:]]
    node = _defined(tree, names)
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not names[-1].startswith("test"):
        return f"test {node_id!r}: {parts[0]} has no test {'::'.join(names)!r}"
    return None


# -- checking the whole log -----------------------------------------------------------------------------------


def _rating_problems(hazard: Hazard, which: str, rating: Rating) -> list[str]:
    problems = []
    if rating.severity not in SEVERITIES:
        problems.append(f"{hazard.id}: {which} severity {rating.severity!r} is not one of {', '.join(SEVERITIES)}")
    if rating.likelihood not in LIKELIHOODS:
        problems.append(f"{hazard.id}: {which} likelihood {rating.likelihood!r} is not one of {', '.join(LIKELIHOODS)}")
    if not problems:
        expected = risk(rating.severity, rating.likelihood)
        if rating.risk != expected:
            problems.append(
                f"{hazard.id}: {which} risk is {rating.risk!r} but the DCB0129 matrix gives {expected} "
                f"for {rating.severity} x {rating.likelihood}"
            )
    return problems


def _control_problems(hazard: Hazard, number: int, control: Control, root: Path) -> list[str]:
    where = f"{hazard.id} control {number}"
    problems = []
    if control.kind not in CONTROL_KINDS:
        problems.append(f"{where}: kind {control.kind!r} is not one of {', '.join(CONTROL_KINDS)}")
    if not control.text.strip():
        problems.append(f"{where}: says nothing (text is empty)")
    if control.kind == "design" and not control.code:
        problems.append(f"{where}: a design feature needs its code location (code: path/to/file.py:name)")
    if control.kind == "test" and not control.test:
        problems.append(f"{where}: a test control needs a pytest node id (test: path::test_name)")
    if control.code and (problem := code_location_problem(control.code, root)):
        problems.append(f"{where}: {problem}")
    if control.test and (problem := node_id_problem(control.test, root)):
        problems.append(f"{where}: {problem}")
    return problems


def hazard_problems(hazard: Hazard, raw: dict, *, root: Path = ROOT, today: dt.date | None = None) -> list[str]:
    today = today or dt.date.today()
    name = hazard.id or repr(hazard.title) or "a hazard"
    problems = [f"{name}: no {column}" for column in REQUIRED if raw.get(column) in (None, "", [], {})]
    if hazard.id and not HAZARD_ID.match(hazard.id):
        problems.append(f"{name}: id must look like H-001")
    problems += _rating_problems(hazard, "initial", hazard.initial)
    problems += _rating_problems(hazard, "residual", hazard.residual)
    ratings = (hazard.initial.risk, hazard.residual.risk)
    if all(isinstance(value, int) for value in ratings) and hazard.residual.risk > hazard.initial.risk:
        problems.append(f"{name}: residual risk {hazard.residual.risk} is above the initial risk")
    for number, control in enumerate(hazard.controls, start=1):
        problems += _control_problems(hazard, number, control, root)
    if hazard.status and hazard.status not in STATUSES:
        problems.append(f"{name}: status {hazard.status!r} is not one of {', '.join(STATUSES)}")
    if raw.get("last_review") not in (None, "") and hazard.last_review is None:
        problems.append(f"{name}: last_review {raw.get('last_review')!r} is not a date (YYYY-MM-DD)")
    if hazard.last_review and hazard.last_review > today:
        problems.append(f"{name}: last_review {hazard.last_review} is in the future")
    for number, review in enumerate(hazard.reviews, start=1):
        if review.date is None or not review.by.strip() or not review.summary.strip():
            problems.append(f"{name}: review {number} needs a date (YYYY-MM-DD), who (by) and a summary")
    dated = [review.date for review in hazard.reviews if review.date]
    if dated and hazard.last_review and hazard.last_review != max(dated):
        problems.append(f"{name}: last_review {hazard.last_review} is not the newest review's date {max(dated)}")
    for action in hazard.actions:
        if not action.text.strip():
            problems.append(f"{name}: an action says nothing")
    return problems


def problems(log: HazardLog, *, root: Path = ROOT, today: dt.date | None = None) -> list[str]:
    """Everything wrong with the log; an empty list means every hazard is complete and every control real."""
    found = []
    if not log.hazards:
        found.append(f"{log.path}: no hazards")
    seen = set()
    raws = log.raw.get("hazards") or []
    for hazard, raw in zip(log.hazards, raws, strict=True):
        if hazard.id in seen:
            found.append(f"{hazard.id}: the id is used twice")
        seen.add(hazard.id)
        found += hazard_problems(hazard, raw if isinstance(raw, dict) else {}, root=root, today=today)
    return found


def main(argv: list[str] | None = None) -> int:
    """`python -m followon.assurance.hazard_log [path]`: print what is wrong; exit 1 if anything is."""
    args = sys.argv[1:] if argv is None else argv
    log = load(Path(args[0]) if args else HAZARD_LOG)
    found = problems(log)
    for problem in found:
        print(f"hazard log: {problem}", file=sys.stderr)
    print(
        f"hazard log: {len(log.hazards)} hazards, {sum(len(h.controls) for h in log.hazards)} controls checked, "
        f"{len(found)} problems"
    )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
