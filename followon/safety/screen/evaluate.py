"""`make eval-screen`: measure the message screen on the team's labelled set and on every blind portion.

First line, as since issue 7 (three decimals), over followon/safety/data/screen_eval.csv:

    screen urgent_recall=<x> concern_recall=<x> precision=<x> hard_negative_fpr=<x> n=<n>

where, over the n labelled messages,

* urgent_recall     = messages labelled urgent that the screen rates urgent / messages labelled urgent;
* concern_recall    = messages labelled concern or urgent that the screen rates concern or urgent
                      / messages labelled concern or urgent;
* precision         = of the messages the screen rates concern or urgent, the share labelled concern
                      or urgent;
* hard_negative_fpr = hard negatives (idioms and pain talk that look alarming, labelled none) that the
                      screen rates concern or urgent / hard negatives.

An ``unscreened`` result counts as rated (it goes to the queue), so a crashing screen cannot look
good. Targets (issue 7): urgent_recall >= 0.95 and hard_negative_fpr <= 0.10.

Then, for every blind evaluation portion (a CSV file in followon/safety/data/eval/, columns
``id,kind,label,family,text``, named by the file's stem; issue 14), in file-name order:

    screen first_seen portion=<name> urgent_flagged=<x> urgent_recall=<x> concern_flagged=<x>
        hard_negative_fpr=<x> everyday_fpr=<x> n=<n>                      (one line; wrapped here)
    screen first_seen portion=<name> long_posts at_risk_flagged=<x> support_flagged=<x> n=<n>
    screen first_seen portion=<name> family=<family> expected=<level> flagged=<x> urgent=<x> n=<n>   (one per family)

* urgent_flagged    = urgent-labelled items rated concern or urgent / urgent-labelled items;
* urgent_recall     = urgent-labelled items rated urgent / urgent-labelled items;
* concern_flagged   = concern-labelled items rated concern or urgent / concern-labelled items;
* hard_negative_fpr = hard negatives rated concern or urgent / hard negatives;
* everyday_fpr      = everyday items rated concern or urgent / everyday items (n counts every item, short
                      and long; support items count only in ``support_flagged``);
* long posts: at_risk_flagged = long posts labelled urgent or concern that are flagged; support_flagged =
  long posts labelled support that are flagged (expected: not);
* per family: the share flagged and the share rated urgent (for a harmless family, flagged is its false
  positive rate). ``nan`` means the portion has no such item.

They are called "first_seen" because the lead records them the first time the frozen screen meets a
portion (docs/adr/0010-message-screen.md); later runs print the same line for reproducibility.

Options: ``--split dev|heldout`` to measure one portion of the old set; ``--rules`` adds a per-rule table
and ``--misses`` lists the misclassified messages of the old set, both on stderr (never of a blind
portion: its text is not shown). The set is written by the team, not
member data (see the ADR on the message screen), so listing it is fine. Needs no database or Django.
"""

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import dataset
from .engine import screen_text_safely
from .model import Level, ScreenResult
from .taxonomy import FAMILIES

DATA = Path(__file__).resolve().parent.parent / "data" / "screen_eval.csv"
LABELS = ("none", "concern", "urgent")
SPLITS = ("dev", "heldout", "heldout2", "heldout3")
TARGET_URGENT_RECALL = 0.95
TARGET_HARD_NEGATIVE_FPR = 0.10


@dataclass(frozen=True)
class Item:
    id: str
    split: str
    label: str
    hard_negative: bool
    category: str
    text: str


@dataclass(frozen=True)
class Metrics:
    urgent_recall: float
    concern_recall: float
    precision: float
    hard_negative_fpr: float
    n: int

    def line(self) -> str:
        return (
            f"screen urgent_recall={self.urgent_recall:.3f} concern_recall={self.concern_recall:.3f} "
            f"precision={self.precision:.3f} hard_negative_fpr={self.hard_negative_fpr:.3f} n={self.n}"
        )


def load(path: Path = DATA) -> list[Item]:
    """The labelled set; refuses a malformed row rather than measuring the wrong thing."""
    items = []
    with open(path, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            label = row["label"].strip()
            hard = row["hard_negative"].strip()
            if (
                label not in LABELS
                or hard not in ("yes", "no")
                or row["split"] not in SPLITS
                or not row["text"].strip()
            ):
                raise ValueError(f"{path.name} line {number}: bad label, hard_negative or empty text")
            if hard == "yes" and label != "none":
                raise ValueError(f"{path.name} line {number}: a hard negative must be labelled none")
            items.append(
                Item(
                    id=row["id"].strip(),
                    split=row["split"].strip(),
                    label=label,
                    hard_negative=hard == "yes",
                    category=row["category"].strip(),
                    text=row["text"],
                )
            )
    return items


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _rated_flagged(level: Level) -> bool:
    return level in (Level.CONCERN, Level.URGENT, Level.UNSCREENED)


def _rated_urgent(level: Level) -> bool:
    return level in (Level.URGENT, Level.UNSCREENED)


def metrics_of(results) -> Metrics:
    """The four figures (see the module docstring) from (item, result) pairs."""
    urgent = [result for item, result in results if item.label == "urgent"]
    concern_or_urgent = [result for item, result in results if item.label != "none"]
    flagged = [item for item, result in results if _rated_flagged(result.level)]
    hard = [result for item, result in results if item.hard_negative]
    return Metrics(
        urgent_recall=_ratio(sum(_rated_urgent(result.level) for result in urgent), len(urgent)),
        concern_recall=_ratio(
            sum(_rated_flagged(result.level) for result in concern_or_urgent), len(concern_or_urgent)
        ),
        precision=_ratio(sum(item.label != "none" for item in flagged), len(flagged)),
        hard_negative_fpr=_ratio(sum(_rated_flagged(result.level) for result in hard), len(hard)),
        n=len(results),
    )


def evaluate(items: list[Item]) -> tuple[Metrics, list[tuple[Item, ScreenResult]]]:
    """Screen every item (as the product does, with the fail-safe wrapper); the metrics and the pairs."""
    results = [(item, screen_text_safely(item.text)) for item in items]
    return metrics_of(results), results


def rule_table(results) -> str:
    """Per rule: how often it fired, and on how many messages labelled none it fired."""
    fired, on_none = Counter(), Counter()
    for item, result in results:
        for rule_id in result.rule_ids:
            fired[rule_id] += 1
            if item.label == "none":
                on_none[rule_id] += 1
    lines = [f"{'rule':40} {'fired':>6} {'on none':>8}"]
    lines += [f"{rule_id:40} {fired[rule_id]:>6} {on_none[rule_id]:>8}" for rule_id in sorted(fired)]
    return "\n".join(lines)


def misses(results) -> str:
    lines = []
    for item, result in results:
        if result.level.value != item.label:
            lines.append(
                f"{item.id} {item.label:>7} -> {result.level.value:<7} {','.join(result.rule_ids) or '-'}  {item.text}"
            )
    return "\n".join(lines)


def _share(results, test) -> tuple[float, int]:
    results = list(results)
    return (sum(1 for result in results if test(result.level)) / len(results)) if results else float("nan"), len(
        results
    )


def _x(value: float) -> str:
    return "nan" if value != value else f"{value:.3f}"


def portion_lines(name: str, rows: list[dataset.Row]) -> list[str]:
    """The first-seen lines for one blind portion (see the module docstring)."""
    pairs = [(row, screen_text_safely(row.text)) for row in rows]

    def labelled(label, kind=None):
        return [result for row, result in pairs if row.label == label and (kind is None or row.kind == kind)]

    urgent_flagged, _ = _share(labelled("urgent"), _rated_flagged)
    urgent_recall, _ = _share(labelled("urgent"), _rated_urgent)
    concern_flagged, _ = _share(labelled("concern"), _rated_flagged)
    hard_negative_fpr, _ = _share(labelled("hard_negative"), _rated_flagged)
    everyday_fpr, _ = _share(labelled("everyday"), _rated_flagged)
    at_risk_long, n_at_risk = _share(
        [result for row, result in pairs if row.kind == "long" and row.at_risk], _rated_flagged
    )
    support_long, n_support = _share(labelled("support", "long"), _rated_flagged)
    lines = [
        f"screen first_seen portion={name} urgent_flagged={_x(urgent_flagged)} urgent_recall={_x(urgent_recall)} "
        f"concern_flagged={_x(concern_flagged)} hard_negative_fpr={_x(hard_negative_fpr)} "
        f"everyday_fpr={_x(everyday_fpr)} n={len(pairs)}",
        f"screen first_seen portion={name} long_posts at_risk_flagged={_x(at_risk_long)} "
        f"support_flagged={_x(support_long)} n={n_at_risk + n_support}",
    ]
    for family in FAMILIES:
        results = [result for row, result in pairs if row.family == family.id]
        if not results:
            continue
        flagged, n = _share(results, _rated_flagged)
        urgent, _ = _share(results, _rated_urgent)
        lines.append(
            f"screen first_seen portion={name} family={family.id} expected={family.level.value} "
            f"flagged={_x(flagged)} urgent={_x(urgent)} n={n}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m followon.safety.screen.evaluate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--split", choices=SPLITS, help="measure only this portion of the set")
    parser.add_argument("--rules", action="store_true", help="per-rule table on stderr")
    parser.add_argument("--misses", action="store_true", help="misclassified messages on stderr")
    parser.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    parser.add_argument("--eval-dir", type=Path, default=dataset.EVAL_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    items = load(args.data)
    if args.split:
        items = [item for item in items if item.split == args.split]
    metrics, results = evaluate(items)
    print(metrics.line(), flush=True)
    if args.rules:
        print(rule_table(results), file=sys.stderr)
    if args.misses:
        print(misses(results), file=sys.stderr)
    if not args.split:
        for name, rows in dataset.portions(args.eval_dir).items():
            print("\n".join(portion_lines(name, rows)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
