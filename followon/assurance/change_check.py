"""The change procedure's CI check (docs/safety/change-procedure.md), run by `make lint`.

A change that touches a safety-relevant path (docs/safety/change-control.yaml) must, in the same
change, either add a review entry to the hazard log for one of that area's hazards, or carry a git
trailer naming one of them:

    Hazard-Review: H-001 reviewed, no change

How changes are judged:

- Only commits on HEAD's history whose committer date is after `procedure_started_at` are judged;
  history before the procedure is not held to it.
- An ordinary commit is judged on the files it changed against its parent.
- A merge commit is judged on its own edits (files that differ from every parent: conflict
  resolutions), and it may cover the commits it brings in: a commit that fails on its own passes
  if a merge that brought it in (reachable from the merge but not from its first parent) carries a
  trailer or a review entry for the same hazards. So a branch can be reviewed once, when merged.
- Commits listed under `retrospective_reviews` in the mapping were reviewed after the fact.
- In a shallow clone, commits whose parent is missing cannot be diffed: they are reported and
  skipped (fetch with `--shallow-since` or full history to judge them). Outside a git checkout
  there is nothing to judge.

Plain Python and git; no Django, no database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
MAPPING = "docs/safety/change-control.yaml"
TRAILER = "Hazard-Review"
HAZARD_ID = re.compile(r"\bH-\d{3}\b")


@dataclass(frozen=True)
class Area:
    name: str
    paths: tuple[str, ...]
    hazards: frozenset[str]


@dataclass
class Mapping:
    started_at: dt.datetime
    hazard_log: str
    exclude: tuple[str, ...]
    areas: tuple[Area, ...]
    retrospective: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Mapping:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        started = dt.datetime.fromisoformat(str(raw["procedure_started_at"]).replace("Z", "+00:00"))
        if started.tzinfo is None:
            raise ValueError(f"{path}: procedure_started_at needs a time zone (end it with Z)")
        retrospective = {}
        for review in raw.get("retrospective_reviews") or []:
            for commit in review.get("commits") or []:
                retrospective[str(commit)] = frozenset(review.get("hazards") or [])
        return cls(
            started_at=started,
            hazard_log=str(raw.get("hazard_log", "docs/safety/hazards.yaml")),
            exclude=tuple(raw.get("exclude") or ()),
            areas=tuple(
                Area(str(area["name"]), tuple(area["paths"]), frozenset(area["hazards"])) for area in raw["areas"]
            ),
            retrospective=retrospective,
        )

    def areas_touched(self, paths) -> list[tuple[Area, list[str]]]:
        touched = []
        for area in self.areas:
            hits = [
                path
                for path in paths
                if any(fnmatch.fnmatchcase(path, pattern) for pattern in area.paths)
                and not any(fnmatch.fnmatchcase(path, pattern) for pattern in self.exclude)
            ]
            if hits:
                touched.append((area, hits))
        return touched


@dataclass(frozen=True)
class Commit:
    sha: str
    committed_at: dt.datetime
    parents: tuple[str, ...]

    @property
    def short(self) -> str:
        return self.sha[:10]


class Git:
    def __init__(self, repo: Path):
        self.repo = repo

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(  # noqa: S603 - git with our own arguments
            ["git", "-C", str(self.repo), *args],  # noqa: S607 - git from PATH, as every developer runs it
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def is_checkout(self) -> bool:
        try:
            return self.run("rev-parse", "--is-inside-work-tree", check=False).strip() == "true" and bool(
                self.run("rev-parse", "--verify", "-q", "HEAD", check=False).strip()
            )
        except OSError:
            return False

    def shallow_boundaries(self) -> set[str]:
        """Commits whose parents a shallow clone cut off (git shows them with no parents at all)."""
        path = Path(self.run("rev-parse", "--git-path", "shallow").strip())
        path = path if path.is_absolute() else self.repo / path
        return set(path.read_text().split()) if path.is_file() else set()

    def history(self, rev: str) -> list[Commit]:
        commits = []
        for line in self.run("log", "--format=%H %ct %P", rev).splitlines():
            sha, stamp, *parents = line.split()
            commits.append(Commit(sha, dt.datetime.fromtimestamp(int(stamp), dt.UTC), tuple(parents)))
        return commits

    def changed_paths(self, commit: Commit) -> list[str]:
        if len(commit.parents) > 1:  # a merge: only its own edits (files differing from every parent)
            output = self.run("diff-tree", "--cc", "--no-commit-id", "--name-only", "-r", commit.sha)
        elif commit.parents:
            output = self.run("diff-tree", "--no-commit-id", "--name-only", "-r", commit.parents[0], commit.sha)
        else:
            output = self.run("diff-tree", "--root", "--no-commit-id", "--name-only", "-r", commit.sha)
        return [line for line in output.splitlines() if line.strip()]

    def trailer_hazards(self, sha: str) -> set[str]:
        values = self.run("log", "-1", f"--format=%(trailers:key={TRAILER},valueonly,separator=%x1f)", sha)
        return set(HAZARD_ID.findall(values))

    def file_at(self, sha: str, path: str) -> str | None:
        done = subprocess.run(  # noqa: S603
            ["git", "-C", str(self.repo), "show", f"{sha}:{path}"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout if done.returncode == 0 else None

    def brought_in(self, merge: Commit) -> set[str]:
        """Commits a merge brings in: reachable from the merge, not from its first parent."""
        output = self.run("rev-list", merge.sha, "--not", merge.parents[0])
        return set(output.split()) - {merge.sha}


def _reviews(text: str | None) -> dict[str, set[tuple]]:
    if not text:
        return {}
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return {}
    found = {}
    for hazard in raw.get("hazards") or []:
        if isinstance(hazard, dict):
            found[str(hazard.get("id"))] = {
                (str(review.get("date")), str(review.get("by")), str(review.get("summary")))
                for review in hazard.get("reviews") or []
                if isinstance(review, dict)
            }
    return found


@dataclass
class Judgement:
    judged: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class ChangeCheck:
    def __init__(self, repo: Path = ROOT, rev: str = "HEAD", mapping_path: Path | None = None):
        self.git = Git(repo)
        self.rev = rev
        self.mapping = Mapping.load(mapping_path or repo / MAPPING)

    @cached_property
    def _history(self) -> list[Commit]:
        return self.git.history(self.rev)

    @cached_property
    def _present(self) -> set[str]:
        return {commit.sha for commit in self._history}

    @cached_property
    def _cut_off(self) -> set[str]:
        return self.git.shallow_boundaries()

    def _incomplete(self, commit: Commit) -> bool:
        return commit.sha in self._cut_off or any(parent not in self._present for parent in commit.parents)

    def reviewed_hazards(self, commit: Commit) -> set[str]:
        """Hazards this commit reviewed: named in its trailer, or given a new review entry in the log."""
        hazards = self.git.trailer_hazards(commit.sha)
        hazards |= self.mapping.retrospective.get(commit.sha, frozenset())
        log = self.mapping.hazard_log
        after = _reviews(self.git.file_at(commit.sha, log))
        before = _reviews(self.git.file_at(commit.parents[0], log)) if commit.parents else {}
        hazards |= {hazard for hazard, reviews in after.items() if reviews - before.get(hazard, set())}
        return hazards

    def _unreviewed(self, commit: Commit) -> list[tuple[Area, list[str]]]:
        touched = self.mapping.areas_touched(self.git.changed_paths(commit))
        if not touched:
            return []
        reviewed = self.reviewed_hazards(commit)
        return [(area, hits) for area, hits in touched if not area.hazards & reviewed]

    def run(self) -> Judgement:
        judgement = Judgement()
        judged = [commit for commit in self._history if commit.committed_at > self.mapping.started_at]
        failing: dict[str, tuple[Commit, list[tuple[Area, list[str]]]]] = {}
        for commit in judged:
            if self._incomplete(commit):
                judgement.notes.append(
                    f"{commit.short}: not judged, its parent is not in this clone (shallow history); "
                    f"fetch history back to {self.mapping.started_at:%Y-%m-%d} to judge it"
                )
                continue
            judgement.judged += 1
            unreviewed = self._unreviewed(commit)
            if unreviewed:
                failing[commit.sha] = (commit, unreviewed)
        # A merge that reviewed the hazards covers the commits it brought in.
        for merge in (commit for commit in self._history if len(commit.parents) > 1):
            if not failing or self._incomplete(merge):
                continue
            inside = self.git.brought_in(merge) & failing.keys()
            if not inside:
                continue
            reviewed = self.reviewed_hazards(merge)
            for sha in inside:
                commit, unreviewed = failing[sha]
                still = [(area, hits) for area, hits in unreviewed if not area.hazards & reviewed]
                if still:
                    failing[sha] = (commit, still)
                else:
                    del failing[sha]
        for commit, unreviewed in (failing[sha] for sha in sorted(failing, key=lambda s: self._order(s))):
            subject = self.git.run("log", "-1", "--format=%s", commit.sha).strip()[:72]
            for area, hits in unreviewed:
                hazards = ", ".join(sorted(area.hazards))
                judgement.problems.append(
                    f"{commit.short} ({subject}) changes {', '.join(hits[:3])}{' ...' if len(hits) > 3 else ''} "
                    f"[{area.name}: {hazards}] without a hazard review: add a review entry to "
                    f"{self.mapping.hazard_log} for one of {hazards}, or end the commit message with "
                    f"'{TRAILER}: {sorted(area.hazards)[0]} reviewed, no change' (or a merge commit saying so)"
                )
        return judgement

    def _order(self, sha: str) -> int:
        return next(index for index, commit in enumerate(self._history) if commit.sha == sha)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT)
    parser.add_argument("--rev", default="HEAD")
    args = parser.parse_args(argv)
    if not Git(args.repo).is_checkout():
        print("change procedure: not a git checkout, nothing to judge")
        return 0
    check = ChangeCheck(args.repo, args.rev)
    judgement = check.run()
    for note in judgement.notes:
        print(f"change procedure: {note}", file=sys.stderr)
    for problem in judgement.problems:
        print(f"change procedure: {problem}", file=sys.stderr)
    started = check.mapping.started_at.strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"change procedure: {judgement.judged} commits since {started} judged, "
        f"{len(judgement.problems)} without a hazard review (docs/safety/change-procedure.md)"
    )
    return 1 if judgement.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
