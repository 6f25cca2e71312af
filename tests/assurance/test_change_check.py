"""The change procedure's check (followon/assurance/change_check.py) on real git repositories.

Each test builds a small repository with the real mapping file and commits at chosen times, then
runs the check the way `make lint` does.
"""

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from followon.assurance import change_check
from followon.assurance.change_check import ChangeCheck, Mapping

ROOT = Path(__file__).resolve().parents[2]
BEFORE = "2026-01-01T10:00:00+00:00"
START = "2026-02-01T00:00:00Z"
AFTER = "2026-03-01T10:00:00+00:00"
LATER = "2026-03-02T10:00:00+00:00"

HAZARDS = """hazards:
  - id: H-001
    reviews:
      - {date: 2026-01-01, by: CSO, summary: First look}
  - id: H-004
    reviews: []
"""


class Repo:
    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")
        mapping = yaml.safe_load((ROOT / change_check.MAPPING).read_text())
        mapping["procedure_started_at"] = START
        self.write(change_check.MAPPING, yaml.safe_dump(mapping))
        self.write("docs/safety/hazards.yaml", HAZARDS)
        self.commit("Start", when=BEFORE)

    def git(self, *args, when=BEFORE):
        env = os.environ | {
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.test",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.test",
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_SYSTEM": "/dev/null",
        }
        return subprocess.run(["git", "-C", str(self.path), *args], env=env, check=True, capture_output=True, text=True)

    def write(self, relative, text):
        path = self.path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def commit(self, message, *, when=AFTER, **files):
        for relative, text in files.items():
            self.write(relative.replace("__", "/"), text)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when)
        return self.git("rev-parse", "HEAD").stdout.strip()

    def check(self):
        return ChangeCheck(self.path).run()


SCREEN = "followon__safety__screen__rules.py"


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path / "repo")


def test_a_safety_change_without_a_review_fails_and_says_what_to_do(repo):
    sha = repo.commit("Loosen a rule", **{SCREEN: "RULES = []\n"})
    judgement = repo.check()
    assert judgement.judged == 1
    (problem,) = judgement.problems
    assert problem.startswith(sha[:10])
    assert "followon/safety/screen/rules.py" in problem and "[Message screen: H-001, H-011, H-014]" in problem
    assert "Hazard-Review: H-001 reviewed, no change" in problem


def test_a_trailer_naming_one_of_the_areas_hazards_passes(repo):
    repo.commit("Loosen a rule\n\nHazard-Review: H-001 reviewed, no change", **{SCREEN: "RULES = []\n"})
    assert repo.check().problems == []


def test_a_trailer_naming_another_hazard_does_not(repo):
    repo.commit("Loosen a rule\n\nHazard-Review: H-009 reviewed, no change", **{SCREEN: "RULES = []\n"})
    assert len(repo.check().problems) == 1


def test_a_trailer_must_be_a_trailer_not_words_in_the_body(repo):
    repo.commit("Loosen a rule\n\nHazard-Review: H-001 mentioned mid-text.\n\nMore words.", **{SCREEN: "R = 1\n"})
    assert len(repo.check().problems) == 1


def test_a_review_entry_in_the_hazard_log_in_the_same_commit_passes(repo):
    reviewed = HAZARDS.replace("reviews: []", "reviews:\n      - {date: 2026-03-01, by: CSO, summary: Screen change}")
    repo.commit(
        "Screen change with its review",
        **{SCREEN: "RULES = []\n", "followon__notifications__delivery.py": "X = 1\n"},
    )
    assert len(repo.check().problems) == 2  # the screen (H-001...) and delivery (H-004...) unreviewed
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.commit(
        "Screen and delivery change with reviews",
        **{
            SCREEN: "RULES = []\n",
            "followon__notifications__delivery.py": "X = 1\n",
            "docs__safety__hazards.yaml": reviewed.replace(
                "summary: First look}", "summary: First look}\n      - {date: 2026-03-01, by: CSO, summary: Screen}"
            ),
        },
    )
    assert repo.check().problems == []


def test_commits_before_the_start_and_changes_elsewhere_or_to_tests_are_not_judged(repo):
    repo.commit("Old screen change", when=BEFORE, **{SCREEN: "OLD = 1\n"})
    repo.commit("A page", **{"followon__core__views.py": "V = 1\n"})
    repo.commit("Screen tests", **{"followon__safety__tests__test_screen.py": "T = 1\n"})
    judgement = repo.check()
    assert judgement.problems == []
    assert judgement.judged == 2


def test_a_merge_with_a_trailer_covers_the_branch_it_brings_in(repo):
    repo.git("checkout", "-q", "-b", "screen-v2")
    repo.commit("Screen v2, part 1", **{SCREEN: "V2 = 1\n"})
    repo.commit("Screen v2, part 2", **{"followon__safety__screen__engine.py": "E = 2\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("Unrelated work on main", **{"README.md": "hello\n"})
    repo.git("merge", "-q", "--no-ff", "screen-v2", "-m", "Merge screen v2", when=LATER)
    assert len(repo.check().problems) == 2
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.git(
        "merge", "-q", "--no-ff", "screen-v2", "-m", "Merge screen v2\n\nHazard-Review: H-001 reviewed with v2",
        when=LATER,
    )  # fmt: skip
    judgement = repo.check()
    assert judgement.problems == []
    assert judgement.judged == 4


def test_a_merges_own_conflict_resolution_is_judged(repo):
    repo.commit("Rules v1\n\nHazard-Review: H-001 ok", **{SCREEN: "A = 1\n"})
    repo.git("checkout", "-q", "-b", "other")
    repo.commit("Rules on a branch\n\nHazard-Review: H-001 ok", **{SCREEN: "A = 2\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("Rules on main\n\nHazard-Review: H-001 ok", **{SCREEN: "A = 3\n"})
    subprocess.run(["git", "-C", str(repo.path), "merge", "-q", "other"], capture_output=True, check=False)
    repo.write("followon/safety/screen/rules.py", "A = 4\n")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Merge other, resolving the rules by hand", when=LATER)
    (problem,) = repo.check().problems
    assert "resolving the rules by hand" in problem


def test_a_retrospective_review_clears_a_commit_that_slipped_through(repo):
    sha = repo.commit("Slipped through", **{SCREEN: "S = 1\n"})
    assert repo.check().problems
    mapping = yaml.safe_load((repo.path / change_check.MAPPING).read_text())
    mapping["retrospective_reviews"] = [{"commits": [sha], "hazards": ["H-001"], "note": "Reviewed by the CSO"}]
    repo.commit("Record the review", **{"docs__safety__change-control.yaml": yaml.safe_dump(mapping)})
    assert repo.check().problems == []


def test_a_shallow_clone_is_reported_not_misjudged(repo, tmp_path):
    repo.commit("Reviewed\n\nHazard-Review: H-001 ok", **{SCREEN: "S = 1\n"})
    repo.commit("Unreviewed", **{SCREEN: "S = 2\n"})
    repo.commit("A page", **{"followon__core__views.py": "V = 1\n"})
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(shallow)], check=True)
    judgement = ChangeCheck(shallow).run()
    assert judgement.judged == 1  # the newest commit; its parent ("Unreviewed") is the cut-off point
    assert judgement.problems == []
    assert any("shallow history" in note for note in judgement.notes)


def test_outside_a_git_checkout_there_is_nothing_to_judge(tmp_path, capsys):
    assert change_check.main(["--repo", str(tmp_path)]) == 0
    assert "not a git checkout" in capsys.readouterr().out


def test_the_command_exits_1_and_prints_each_problem(repo, capsys):
    repo.commit("Loosen a rule", **{SCREEN: "RULES = []\n"})
    assert change_check.main(["--repo", str(repo.path)]) == 1
    captured = capsys.readouterr()
    assert "1 commits since 2026-02-01 00:00 UTC judged, 1 without a hazard review" in captured.out
    assert "Loosen a rule" in captured.err


def test_the_real_mapping_names_real_hazards_and_paths_that_exist():
    from followon.assurance.hazard_log import load

    mapping = Mapping.load(ROOT / change_check.MAPPING)
    logged = set(load().by_id())
    files = [str(path.relative_to(ROOT)) for path in (ROOT / "followon").rglob("*") if path.is_file()]
    files += ["gunicorn.conf.py"]
    for area in mapping.areas:
        assert area.hazards <= logged, area.name
        for pattern in area.paths:
            assert any(change_check.fnmatch.fnmatchcase(f, pattern) for f in files), f"{area.name}: {pattern}"
    assert mapping.started_at.tzinfo is not None
