"""Labelled messages in the taxonomy's scheme: loading the training sources and the blind portions.

Files have the columns ``id,kind,label,family,text`` (``followon/safety/data/README.md``):
``kind`` short|long, ``label`` urgent|concern|hard_negative|everyday|support, ``family`` a taxonomy
family id. A malformed row is refused rather than silently measured or trained on.

The training sources (``training_rows``) are the files in ``data/train/``, the team's older labelled
set ``data/screen_eval.csv`` (mapped to the new labels) and the rules' own examples. The blind
evaluation portions (``data/eval/*.csv``) are read only by ``evaluate.py``, never by training.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from .taxonomy import EXPECTED_LEVEL, FAMILY_BY_ID, KINDS, LABELS

DATA = Path(__file__).resolve().parent.parent / "data"
TRAIN_DIR = DATA / "train"
EVAL_DIR = DATA / "eval"
OLD_SET = DATA / "screen_eval.csv"


@dataclass(frozen=True)
class Row:
    id: str
    kind: str
    label: str
    family: str
    text: str
    source: str = ""

    @property
    def at_risk(self) -> bool:
        return self.label in ("urgent", "concern")

    @property
    def expected(self):
        return EXPECTED_LEVEL[self.label]


def load_rows(path: Path, source: str = "") -> list[Row]:
    """Rows of one ``id,kind,label,family,text`` file; raises ValueError naming the line of a bad row."""
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            kind = (row.get("kind") or "").strip()
            label = (row.get("label") or "").strip()
            family = (row.get("family") or "").strip()
            text = row.get("text") or ""
            if kind not in KINDS or label not in LABELS or family not in FAMILY_BY_ID or not text.strip():
                raise ValueError(f"{path.name} line {number}: bad kind, label or family, or empty text")
            rows.append(
                Row(id=row["id"].strip(), kind=kind, label=label, family=family, text=text, source=source or path.stem)
            )
    return rows


def portions(directory: Path = EVAL_DIR) -> dict[str, list[Row]]:
    """The blind evaluation portions: one per CSV file in ``data/eval/``, named by the file's stem."""
    if not directory.is_dir():
        return {}
    return {path.stem: load_rows(path, source=path.stem) for path in sorted(directory.glob("*.csv"))}


# The old team-written set (issue 7) in the new scheme: its category column names a family.
_OLD_CATEGORY_FAMILY = {
    "crisis": "active_thoughts",
    "means": "method",
    "method": "method",
    "goodbye": "preparatory_acts",
    "plan": "plan_timeframe",
    "self_harm": "self_harm",
    "third_party_plan": "other_at_risk_now",
    "hopeless": "hopelessness",
    "isolation": "isolation",
    "low_mood": "cant_cope",
    "not_coping": "cant_cope",
    "asks_for_help": "cant_cope",
    "bereaved": "cant_cope",
    "worried": "concern_for_other",
    "past": "past_ideation",
    "idiom": "pain_idiom",
    "joke": "pain_idiom",
    "accident": "pain_idiom",
    "goodbye_benign": "hospital_goodbye",
    "signposting": "support_reply",
    "negation": "support_reply",
}


def old_set_rows(path: Path = OLD_SET) -> list[Row]:
    """The team's older labelled set (``screen_eval.csv``) in the taxonomy's labels and families."""
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = row["label"]
            if label == "none":
                label = "hard_negative" if row["hard_negative"] == "yes" else "everyday"
            family = _OLD_CATEGORY_FAMILY.get(row["category"], "everyday" if label in ("everyday",) else "")
            if not family:
                family = {"urgent": "active_thoughts", "concern": "cant_cope"}.get(label, "pain_idiom")
            if FAMILY_BY_ID[family].level.value != EXPECTED_LEVEL[label].value:
                family = {"urgent": "active_thoughts", "concern": "cant_cope", "everyday": "everyday"}.get(
                    label, "pain_idiom"
                )
            rows.append(Row(id=row["id"], kind="short", label=label, family=family, text=row["text"], source="old_set"))
    return rows


def rule_example_rows() -> list[Row]:
    """The rules' and idioms' own examples as rows: what must fire is at risk, what must not is a hard negative."""
    from .rules import IDIOMS, RULES

    rows = []
    for rule in RULES:
        for number, text in enumerate(rule.must_fire):
            rows.append(Row(f"{rule.id}:f{number}", "short", rule.level.value, rule.family, text, "rule_examples"))
        for number, text in enumerate(rule.must_not_fire):
            rows.append(Row(f"{rule.id}:n{number}", "short", "hard_negative", "pain_idiom", text, "rule_examples"))
    for idiom in IDIOMS:
        for number, text in enumerate(idiom.examples):
            rows.append(Row(f"{idiom.id}:{number}", "short", "hard_negative", "pain_idiom", text, "rule_examples"))
    return rows


def training_rows() -> list[Row]:
    """Every training source, in a fixed order (files sorted by name), duplicates (same text) dropped."""
    rows: list[Row] = []
    for path in sorted(TRAIN_DIR.glob("*.csv")):
        rows += load_rows(path)
    rows += old_set_rows()
    rows += rule_example_rows()
    seen: set[str] = set()
    unique = []
    for row in rows:
        key = " ".join(row.text.casefold().split())
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique
