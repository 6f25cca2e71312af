"""`python -m bench.scale` (`make bench-scale`): every key page at two NHS-wide scales (issue 16).

For each scale (default 0.1 and 1; `--scales 0.1,0.3` or `BENCH_SCALES`):

1. the database `scale_s01`, `scale_s1`, ... (prefix `BENCH_SCALE_DATABASE_PREFIX`, default `scale_`) is
   dropped, created, migrated and filled by `manage.py generate_scale_data --scale S --seed 16`, unless
   `--reuse` is given and its fingerprint (`scale_dataset_fingerprint`: scale, seed and the loader's
   version, a hash of `followon/assurance/scale_data.py`) says it already holds exactly that dataset;
2. a child process (`--serve`) per scale starts gunicorn with production settings on it, exactly as
   `make bench` does, and waits for orders on its standard input.

Then, page by page, each child measures the floor and at once the page, the two scales one after
the other (which goes first alternates from page to page), so a page's figures at both scales and
the floor they are divided by are all measured within seconds of each other, whatever the rest of
the machine is doing. One line per page compares the smallest and the largest scale:

    bench scale page=<name> p95_ms_s01=<x> p95_ms_s1=<x> growth=<x> queries_s01=<n> queries_s1=<n> ratio_to_floor=<x>

`growth` is p95 at the large scale over p95 at the small one; `ratio_to_floor` is the page's cost in
floors at the large scale, against the floor measured just before it. Goal: growth ≤ 1.2 and equal
query counts.

The whole page-by-page pass runs `--rounds` times (default 3; `BENCH_SCALE_ROUNDS`), the scale that goes
first swapped each round. The line then gives each scale's median p95 and ratio over the rounds and, as
`growth`, the median of the rounds' own growths (each the large scale's p95 over the small one's, measured
seconds apart): one 3-second p95 on a shared 2-core machine moves by a fifth between identical runs, so a
single pass put a different few pages over 1.2 each time (bench/README.md, "After the seventh pass").
"""

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import psycopg

from bench import stats
from bench.database import DEFAULT_SERVER_URL, bench_database_url, recreate_database
from bench.runner import FLOOR_PATH, HOST, ROOT, _manage, bench_env
from bench.server import GunicornServer, free_port

SEED = 16
RESULT_MARK = "BENCH_SCALE_RESULT "
READY_MARK = "BENCH_SCALE_READY "
RESULTS_PATH = Path(__file__).resolve().parent / "results" / "scale.json"
LOADER_PATH = ROOT / "followon" / "assurance" / "scale_data.py"
FINGERPRINT_TABLE = "scale_dataset_fingerprint"


def label(scale: float) -> str:
    """0.1 -> "s01", 1 -> "s1", 0.3 -> "s03": the suffix of a scale's database and figure names."""
    text = f"{scale:g}"
    return "s" + text.replace(".", "")


def loader_version() -> str:
    """The version a loaded database must carry to be reused (`scale_data.loader_version()`)."""
    return hashlib.sha256(LOADER_PATH.read_bytes()).hexdigest()[:12]


def scale_line(page: str, small: tuple[str, dict], large: tuple[str, dict]) -> tuple[str, dict]:
    """The figures of one `bench scale page=...` line from a page's figures at two scales.

    `growth` is the large figures' own "growth" when the rounds gave one (their median paired growth),
    else the two p95s' quotient.
    """
    (small_label, a), (large_label, b) = small, large
    growth = b.get("growth")
    if growth is None:
        growth = b["p95_ms"] / a["p95_ms"] if a["p95_ms"] else float("nan")
    figures = {
        "page": page,
        f"p95_ms_{small_label}": a["p95_ms"],
        f"p95_ms_{large_label}": b["p95_ms"],
        "growth": growth,
        f"queries_{small_label}": a["queries"],
        f"queries_{large_label}": b["queries"],
        "ratio_to_floor": b["ratio_to_floor"],
    }
    return "scale", figures


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=os.environ.get("BENCH_SCALES", "0.1,1"), help="comma-separated")
    parser.add_argument("--reuse", action="store_true", help="keep a database whose fingerprint matches")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 3000)))
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("BENCH_CONCURRENCY", 4)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    parser.add_argument("--pages", default="", help="only these pages (comma-separated)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(os.environ.get("BENCH_SCALE_ROUNDS", 3)),
        help="page-by-page passes; each line gives the medians over them",
    )
    parser.add_argument("--serve", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.serve:
        return serve_child(args)
    scales = sorted(float(s) for s in args.scales.split(",") if s.strip())
    if len(scales) < 2:
        raise SystemExit("bench.scale compares two scales at least: --scales 0.1,1")
    server_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL
    prefix = os.environ.get("BENCH_SCALE_DATABASE_PREFIX", "scale_")
    urls = {label(scale): build(server_url, f"{prefix}{label(scale)}", scale, reuse=args.reuse) for scale in scales}
    children = {name: Child(url, args) for name, url in urls.items()}
    try:
        measured = measure_rounds(children, [label(scales[0]), label(scales[-1])], args.rounds)
    finally:
        for child in children.values():
            child.stop()
    lines = report(measured, label(scales[0]), label(scales[-1]))
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps({"scales": scales, "measured": measured, "lines": lines}, indent=2) + "\n")
    return 1 if any(" error=" in line for line in lines) else 0


def measure_interleaved(children: dict, order: list[str]) -> dict:
    """Per page: floor then page on each scale in turn (alternating which goes first).

    Returns {scale label: {page: figures with ratio_to_floor against its own adjacent floor, and
    "floor" for that floor}}, plus "floors" per scale: every floor measured, for the summary line.
    """
    pages = children[order[0]].pages
    measured: dict[str, dict] = {name: {"floors": []} for name in children}
    for n, page in enumerate(pages):
        for name in order if n % 2 == 0 else list(reversed(order)):
            child = children[name]
            floor = child.ask("floor")
            result = child.ask(f"page {page}")
            if "error" not in floor:
                measured[name]["floors"].append(floor)
            if "error" in result or "error" in floor:
                measured[name][page] = {"error": result.get("error") or floor.get("error")}
                continue
            result["floor_rps"] = floor["rps"]
            result["ratio_to_floor"] = stats.round_figure(stats.ratio_to_floor(result["rps"], floor["rps"]))
            measured[name][page] = result
            print(stats.format_line(f"{page}_{name}", result), flush=True)
    return measured


def measure_rounds(children: dict, order: list[str], rounds: int) -> dict:
    """`measure_interleaved` `rounds` times (which scale goes first swapped each round), combined."""
    passes = []
    for n in range(max(1, rounds)):
        if rounds > 1:
            print(f"bench.scale: round {n + 1} of {rounds}", file=sys.stderr, flush=True)
        passes.append(measure_interleaved(children, order if n % 2 == 0 else list(reversed(order))))
    return combine_rounds(passes, order[0], order[-1])


def combine_rounds(passes: list[dict], small: str, large: str) -> dict:
    """One `measured` dict from several passes: per scale and page the median p95, p50, rps and ratio;
    the most queries any pass saw (so a count that changed between passes still shows as a difference);
    and on the large scale's figures `growth`, the median of the passes' own paired growths. A page that
    failed in any pass keeps that pass's error. With one pass, the pass itself."""
    if len(passes) == 1:
        return passes[0]
    combined: dict[str, dict] = {name: {"floors": [f for p in passes for f in p[name]["floors"]]} for name in passes[0]}
    for page in [p for p in passes[0][large] if p != "floors"]:
        for name in combined:
            runs = [p[name].get(page) or {"error": "missing"} for p in passes]
            failed = next((run for run in runs if "error" in run), None)
            if failed:
                combined[name][page] = {"error": failed["error"]}
                continue
            figures = {
                key: stats.round_figure(statistics.median(run[key] for run in runs))
                for key in ("rps", "p50_ms", "p95_ms", "ratio_to_floor", "floor_rps")
                if all(key in run for run in runs)
            }
            figures["queries"] = max(run["queries"] for run in runs)
            figures["rounds"] = len(runs)
            combined[name][page] = figures
        a, b = combined[small][page], combined[large][page]
        if "error" not in a and "error" not in b:
            growths = [p[large][page]["p95_ms"] / p[small][page]["p95_ms"] for p in passes if p[small][page]["p95_ms"]]
            b["growth"] = statistics.median(growths) if growths else float("nan")
    return combined


def report(measured: dict, small: str, large: str) -> list[str]:
    lines = []
    for name, figures in measured.items():
        floors = figures["floors"]
        if floors:
            summary = {
                "rps": statistics.median(f["rps"] for f in floors),
                "rps_min": min(f["rps"] for f in floors),
                "rps_max": max(f["rps"] for f in floors),
                "p95_ms": statistics.median(f["p95_ms"] for f in floors),
                "measurements": len(floors),
            }
            lines.append(stats.format_line(f"floor_{name}", summary))
            print(lines[-1], flush=True)
    differ = []
    for page in [p for p in measured[large] if p != "floors"]:
        a, b = measured[small].get(page), measured[large].get(page)
        if not a or not b or "error" in a or "error" in b:
            lines.append(
                f"bench scale page={page} error={(b if b and 'error' in b else a or {}).get('error', 'missing')}"
            )
            print(lines[-1], flush=True)
            continue
        kind, figures = scale_line(page, (small, a), (large, b))
        lines.append(stats.format_line(kind, figures))
        print(lines[-1], flush=True)
        if a["queries"] != b["queries"]:
            differ.append(page)
    if differ:
        print(f"bench.scale: query counts differ between scales on: {', '.join(differ)}", file=sys.stderr, flush=True)
    return lines


def build(server_url: str, name: str, scale: float, *, reuse: bool) -> str:
    url = bench_database_url(server_url, name)
    if reuse:
        held = holds(url)
        wanted = {"scale": scale, "seed": SEED, "loader_version": loader_version()}
        if held and all(held.get(k) == v for k, v in wanted.items()):
            print(
                f"bench.scale: reusing {name} ({held['rows']:,} rows, loader {held['loader_version']})", file=sys.stderr
            )
            # Migrations added since the load (a new summary table, a new field) must reach the reused copy,
            # or the pages that need them fail; applying them to loaded tables keeps the data.
            _manage(bench_env(url, tempfile.gettempdir()), "migrate", "--no-input")
            return url
        print(f"bench.scale: {name} holds {held or 'no dataset'}, not {wanted}: loading it again", file=sys.stderr)
    url = recreate_database(server_url, name)
    env = bench_env(url, tempfile.gettempdir())
    print(f"bench.scale: {name}: migrating, then generate_scale_data --scale {scale:g}", file=sys.stderr, flush=True)
    _manage(env, "migrate", "--no-input")
    python = ROOT / ".venv" / "bin" / "python"
    command = [str(python if python.exists() else sys.executable), "manage.py", "generate_scale_data"]
    subprocess.run([*command, "--scale", f"{scale:g}", "--seed", str(SEED)], cwd=ROOT, env=env, check=True)
    return url


def holds(url: str) -> dict | None:
    """The dataset a database's fingerprint says it holds (scale, seed, loader_version, rows), or None."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            if not conn.execute("SELECT to_regclass(%s) IS NOT NULL", [FINGERPRINT_TABLE]).fetchone()[0]:
                return None
            row = conn.execute(f"SELECT scale, seed, loader_version, total_rows FROM {FINGERPRINT_TABLE}").fetchone()  # noqa: S608 - constant
    except psycopg.Error:
        return None
    return dict(zip(("scale", "seed", "loader_version", "rows"), row, strict=True)) if row else None


class Child:
    """A `--serve` child on one scale's database: gunicorn up, answering "floor" and "page <name>"."""

    def __init__(self, url: str, args: argparse.Namespace) -> None:
        python = ROOT / ".venv" / "bin" / "python"
        command = [str(python if python.exists() else sys.executable), "-m", "bench.scale", "--serve", url]
        command += ["--seconds", str(args.seconds), "--requests", str(args.requests)]
        command += ["--concurrency", str(args.concurrency), "--workers", str(args.workers), "--pages", args.pages]
        self.url = url
        self.process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.pages = self._read(READY_MARK)

    def _read(self, mark: str):
        for line in self.process.stdout:
            if line.startswith(mark):
                return json.loads(line[len(mark) :])
            print(line, end="", flush=True)
        raise SystemExit(f"bench.scale: the child on {self.url} stopped (exit {self.process.wait()})")

    def ask(self, order: str) -> dict:
        self.process.stdin.write(order + "\n")
        self.process.stdin.flush()
        return self._read(RESULT_MARK)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.write("quit\n")
                self.process.stdin.flush()
                self.process.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()


def serve_child(args: argparse.Namespace) -> int:
    """In a process of its own (Django is set up once per process): gunicorn on one scale's database."""
    from bench.context import BenchContext, LoadSettings
    from bench.fixtures import BenchPeople

    with tempfile.TemporaryDirectory(prefix="followon-bench-scale-") as tmp:
        env = bench_env(args.serve, str(Path(tmp) / "static"))
        _manage(env, "collectstatic", "--no-input")
        os.environ.update(env)
        import django

        django.setup()
        from allauth.mfa.models import Authenticator

        from followon.assurance.scale_targets import bench_targets

        targets = bench_targets()
        # As the worker keeps it: the busy service's dashboard summary is fresh when the page is measured
        # (insights.OutcomeChangeSummary, refreshed every 15 minutes in a live service).
        # Its attendance months and group durations likewise (insights.DashboardSummary, same schedule).
        from followon.insights.services import dashboard_summary_refresh, outcome_change_summary_refresh
        from followon.organisations.models import PainService

        busy = PainService.objects.get(slug="scale-001")
        outcome_change_summary_refresh(service=busy)
        dashboard_summary_refresh(service=busy)
        # Each run has a fresh secret key, so an authenticator app an earlier run set up on a reused
        # database cannot be decrypted any more: the synthetic staff get a new one.
        Authenticator.objects.filter(user__in=list(targets.staff.values())).delete()
        users = {"member": targets.member, **targets.staff}
        people = BenchPeople(service=None, users=users)
        wanted = {p for p in args.pages.split(",") if p}
        pages = {name: (path, who) for name, path, who in targets.pages if not wanted or name in wanted}
        port = free_port(HOST)
        server = GunicornServer(env, host=HOST, port=port, workers=args.workers, log_path=Path(tmp) / "gunicorn.log")
        load = LoadSettings(concurrency=args.concurrency, max_requests=args.requests, max_seconds=args.seconds)
        ctx = BenchContext(database_url=args.serve, env=env, host=HOST, port=port, people=people, load=load)
        try:
            server.start(ready_timeout=180)
            ctx.warm_server([(FLOOR_PATH, None), *pages.values()], rounds=2 * args.workers)
            print(READY_MARK + json.dumps(list(pages)), flush=True)
            for order in sys.stdin:
                order = order.strip()
                if order == "quit":
                    break
                try:
                    if order == "floor":
                        figures = ctx.measure(FLOOR_PATH)
                    else:
                        path, who = pages[order.removeprefix("page ")]
                        figures = ctx.measure(path, who)
                    result = {k: stats.round_figure(v) for k, v in figures.items()}
                except Exception as exc:  # noqa: BLE001 - one page failing must not hide the others
                    traceback.print_exception(exc, file=sys.stderr)
                    print(server.log_tail(), file=sys.stderr)
                    result = {"error": type(exc).__name__}
                print(RESULT_MARK + json.dumps(result), flush=True)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
