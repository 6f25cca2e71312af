"""`python -m bench.scale` (`make bench-scale`): every key page at two NHS-wide scales (issue 16).

For each scale (default 0.1 and 1; `--scales 0.1,0.3` or `BENCH_SCALES`):

1. the database `scale_s01`, `scale_s1`, ... (prefix `BENCH_SCALE_DATABASE_PREFIX`, default `scale_`) is
   dropped, created, migrated and filled by `manage.py generate_scale_data --scale S --seed 16`, unless
   `--reuse` is given and it already holds that scale's dataset (loading S = 1 takes many minutes);
2. a child process (`--measure`) starts gunicorn with production settings on it, exactly as `make
   bench` does, measures the floor and then each key page for a real user of the busy service
   (`followon.assurance.scale_data.bench_targets`), and hands its figures back as JSON.

Then one line per page compares the smallest and the largest scale measured:

    bench scale page=<name> p95_ms_s01=<x> p95_ms_s1=<x> growth=<x> queries_s01=<n> queries_s1=<n> ratio_to_floor=<x>

`growth` is p95 at the large scale over p95 at the small one; `ratio_to_floor` is the page's cost in
floors at the large scale (floor and page measured in the same child run). Goal: growth ≤ 1.2 and
equal query counts. The two scales are measured one after the other, so on a busy machine the
growth figure carries the noise of two runs; the ratio carries only one run's.
"""

import argparse
import json
import os
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
RESULTS_PATH = Path(__file__).resolve().parent / "results" / "scale.json"


def label(scale: float) -> str:
    """0.1 -> "s01", 1 -> "s1", 0.3 -> "s03": the suffix of a scale's database and figure names."""
    text = f"{scale:g}"
    return "s" + text.replace(".", "")


def scale_line(page: str, small: tuple[str, dict], large: tuple[str, dict]) -> tuple[str, dict]:
    """The figures of one `bench scale page=...` line from a page's figures at two scales."""
    (small_label, a), (large_label, b) = small, large
    figures = {
        "page": page,
        f"p95_ms_{small_label}": a["p95_ms"],
        f"p95_ms_{large_label}": b["p95_ms"],
        "growth": b["p95_ms"] / a["p95_ms"] if a["p95_ms"] else float("nan"),
        f"queries_{small_label}": a["queries"],
        f"queries_{large_label}": b["queries"],
        "ratio_to_floor": b["ratio_to_floor"],
    }
    return "scale", figures


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=os.environ.get("BENCH_SCALES", "0.1,1"), help="comma-separated")
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds its scale")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 3000)))
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("BENCH_CONCURRENCY", 4)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    parser.add_argument("--pages", default="", help="only these pages (comma-separated)")
    parser.add_argument("--measure", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.measure:
        return measure_child(args)
    scales = sorted(float(s) for s in args.scales.split(",") if s.strip())
    if len(scales) < 2:
        raise SystemExit("bench.scale compares two scales at least: --scales 0.1,1")
    server_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL
    prefix = os.environ.get("BENCH_SCALE_DATABASE_PREFIX", "scale_")
    measured: dict[str, dict] = {}
    for scale in scales:
        name = f"{prefix}{label(scale)}"
        url = build(server_url, name, scale, reuse=args.reuse)
        measured[label(scale)] = run_child(url, args)
    lines = []
    small, large = label(scales[0]), label(scales[-1])
    for scale_label, figures in measured.items():
        floor = figures.get("floor")
        if floor:
            lines.append(stats.format_line(f"floor_{scale_label}", floor))
            print(lines[-1], flush=True)
    failed = []
    for page in measured[large]:
        if page == "floor":
            continue
        a, b = measured[small].get(page), measured[large].get(page)
        if not a or not b or "error" in a or "error" in b:
            failed.append(page)
            lines.append(f"bench scale page={page} error={(a or b or {}).get('error', 'missing')}")
            print(lines[-1], flush=True)
            continue
        name, figures = scale_line(page, (small, a), (large, b))
        lines.append(stats.format_line(name, figures))
        print(lines[-1], flush=True)
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_PATH.write_text(json.dumps({"scales": scales, "measured": measured, "lines": lines}, indent=2) + "\n")
    return 1 if failed else 0


def build(server_url: str, name: str, scale: float, *, reuse: bool) -> str:
    url = bench_database_url(server_url, name)
    if reuse and _holds_scale(url):
        print(f"bench.scale: reusing {name} (scale {scale:g})", file=sys.stderr, flush=True)
        return url
    url = recreate_database(server_url, name)
    env = bench_env(url, tempfile.gettempdir())
    print(f"bench.scale: {name}: migrating, then generate_scale_data --scale {scale:g}", file=sys.stderr, flush=True)
    _manage(env, "migrate", "--no-input")
    python = ROOT / ".venv" / "bin" / "python"
    command = [str(python if python.exists() else sys.executable), "manage.py", "generate_scale_data"]
    subprocess.run([*command, "--scale", f"{scale:g}", "--seed", str(SEED)], cwd=ROOT, env=env, check=True)
    return url


def _holds_scale(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute("SELECT 1 FROM organisations_painservice WHERE slug = 'scale-001'").fetchone()
            return row is not None
    except psycopg.Error:
        return False


def run_child(url: str, args: argparse.Namespace) -> dict:
    python = ROOT / ".venv" / "bin" / "python"
    command = [str(python if python.exists() else sys.executable), "-m", "bench.scale", "--measure", url]
    command += ["--seconds", str(args.seconds), "--requests", str(args.requests)]
    command += ["--concurrency", str(args.concurrency), "--workers", str(args.workers), "--pages", args.pages]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    sys.stderr.write(completed.stderr)
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])
        print(line, flush=True)
    raise SystemExit(f"bench.scale: measuring {url} gave no result (exit {completed.returncode})")


def measure_child(args: argparse.Namespace) -> int:
    """In a process of its own (Django is set up once per process): gunicorn on one scale's database."""
    from bench.context import BenchContext, LoadSettings
    from bench.fixtures import BenchPeople

    with tempfile.TemporaryDirectory(prefix="followon-bench-scale-") as tmp:
        env = bench_env(args.measure, str(Path(tmp) / "static"))
        _manage(env, "collectstatic", "--no-input")
        os.environ.update(env)
        import django

        django.setup()
        from allauth.mfa.models import Authenticator

        from followon.assurance.scale_data import bench_targets

        targets = bench_targets()
        # Each run has a fresh secret key, so an authenticator app an earlier run set up on a reused
        # database cannot be decrypted any more: the synthetic staff get a new one.
        Authenticator.objects.filter(user__in=list(targets.staff.values())).delete()
        users = {"member": targets.member, **targets.staff}
        people = BenchPeople(service=None, users=users)
        wanted = {p for p in args.pages.split(",") if p}
        pages = [p for p in targets.pages if not wanted or p[0] in wanted]
        port = free_port(HOST)
        server = GunicornServer(env, host=HOST, port=port, workers=args.workers, log_path=Path(tmp) / "gunicorn.log")
        load = LoadSettings(concurrency=args.concurrency, max_requests=args.requests, max_seconds=args.seconds)
        ctx = BenchContext(database_url=args.measure, env=env, host=HOST, port=port, people=people, load=load)
        results: dict[str, dict] = {}
        try:
            server.start(ready_timeout=180)
            ctx.warm_server([(FLOOR_PATH, None), *[(path, who) for _, path, who in pages]], rounds=2 * args.workers)
            floor = ctx.measure(FLOOR_PATH)
            ctx.floor_rps = floor["rps"]
            results["floor"] = {k: stats.round_figure(v) for k, v in floor.items()}
            for name, path, who in pages:
                try:
                    results[name] = ctx.measure_page(name, path, who, emit=False)
                except Exception as exc:  # noqa: BLE001 - one page failing must not hide the others
                    traceback.print_exception(exc, file=sys.stderr)
                    print(server.log_tail(), file=sys.stderr)
                    results[name] = {"error": type(exc).__name__}
        finally:
            server.stop()
    print(RESULT_MARK + json.dumps(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
