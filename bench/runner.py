"""`python -m bench [name ...]`: fresh database, gunicorn with production settings, floor, pages, cases."""

import argparse
import datetime as dt
import importlib
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from django.db import connections

from bench import pages as pages_module
from bench.context import FLOOR_PATH, BenchContext, LoadSettings
from bench.database import DEFAULT_NAME, DEFAULT_SERVER_URL, recreate_database
from bench.server import GunicornServer, free_port

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "cases"
RESULTS_PATH = Path(__file__).resolve().parent / "results" / "latest.json"
HOST = "127.0.0.1"


def discover_cases(directory: Path = CASES_DIR) -> list[str]:
    """Case module names in bench/cases/, alphabetical (files starting with '_' are helpers)."""
    return sorted(p.stem for p in directory.glob("*.py") if not p.name.startswith("_"))


def select(names: list[str], page_names: list[str], case_names: list[str]) -> tuple[list[str], list[str]]:
    """The pages and cases to run: all of them, or only those named (in their usual order)."""
    if not names:
        return list(page_names), list(case_names)
    unknown = sorted(set(names) - set(page_names) - set(case_names) - {"floor"})
    if unknown:
        raise SystemExit(
            f"unknown bench name(s): {', '.join(unknown)}; "
            f"pages: {', '.join(page_names)}; cases: {', '.join(case_names) or 'none'}"
        )
    wanted = set(names)
    return [p for p in page_names if p in wanted], [c for c in case_names if c in wanted]


def bench_env(database_url: str, static_root: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "BENCH_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "followon.config.settings.production",
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            # Plain http on loopback: no redirect to https. The bench sends its session cookie itself,
            # so the production cookie settings (Secure, __Host- names) stay as they are.
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": static_root,
            "BENCH_FLOOR_ENABLED": "1",
            "BENCH_COUNT_QUERIES": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="FollowOn benchmarks (bench/README.md)")
    parser.add_argument("names", nargs="*", help="only these pages and cases (the floor always runs)")
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("BENCH_CONCURRENCY", 4)))
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 3000)))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    parser.add_argument("--list", action="store_true", help="list the pages and cases, then stop")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    page_table = {name: (path, who) for name, path, who in pages_module.PAGES}
    case_names = discover_cases()
    if args.list:
        print("pages:", " ".join(page_table))
        print("cases:", " ".join(case_names) or "(none)")
        return 0
    page_names, case_names = select(args.names, list(page_table), case_names)

    server_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL
    db_name = os.environ.get("BENCH_DATABASE_NAME", DEFAULT_NAME)
    errors: dict[str, str] = {}
    started_at = dt.datetime.now(dt.UTC)
    ctx = None

    with tempfile.TemporaryDirectory(prefix="followon-bench-") as tmp:
        database_url = recreate_database(server_url, db_name)
        env = bench_env(database_url, str(Path(tmp) / "static"))
        print(f"bench: database {db_name} created; migrating and collecting static files", file=sys.stderr)
        _manage(env, "migrate", "--no-input")
        _manage(env, "collectstatic", "--no-input")

        people = _setup_django(env)
        port = free_port(HOST)
        server = GunicornServer(env, host=HOST, port=port, workers=args.workers, log_path=Path(tmp) / "gunicorn.log")
        load = LoadSettings(concurrency=args.concurrency, max_requests=args.requests, max_seconds=args.seconds)
        ctx = BenchContext(database_url=database_url, env=env, host=HOST, port=port, people=people, load=load)
        print(
            f"bench: gunicorn ({args.workers} workers) on {ctx.base_url}; {load.concurrency} clients, "
            f"up to {load.max_requests} requests or {load.max_seconds:g}s per page after warm-up",
            file=sys.stderr,
        )
        load_1m = os.getloadavg()[0]
        if load_1m > (os.cpu_count() or 1) / 2:
            print(
                f"bench: the machine is busy (load average {load_1m:.1f} on {os.cpu_count()} cores): "
                "absolute figures and even the ratios will be noisy",
                file=sys.stderr,
            )
        try:
            try:
                # Slow to boot on a busy machine: Django and every app are imported in each worker.
                server.start(ready_timeout=180)
                warm = [(FLOOR_PATH, None), *[page_table[name] for name in page_names]]
                ctx.warm_server(warm, rounds=2 * args.workers)
                floor = ctx.measure_floor()
            except Exception as exc:  # noqa: BLE001 - reported like any failed page
                print(server.log_tail(), file=sys.stderr)
                _record_error(ctx, errors, "floor", exc)
            else:
                ctx.emit("floor", **floor)
                for name in page_names:
                    path, who = page_table[name]
                    try:
                        ctx.measure_page(name, path, who)
                    except Exception as exc:  # noqa: BLE001 - one page failing must not hide the others
                        _record_error(ctx, errors, name, exc)
                        print(f"bench: last lines of the gunicorn log:\n{server.log_tail()}", file=sys.stderr)
                for name in case_names:
                    try:
                        module = importlib.import_module(f"bench.cases.{name}")
                        module.run(ctx)
                    except Exception as exc:  # noqa: BLE001 - one case failing must not stop the others
                        _record_error(ctx, errors, name, exc)
                    finally:
                        # A case that left its connection in a failed transaction must not break the next.
                        connections.close_all()
                _emit_floors(ctx)
        finally:
            server.stop()
            _write_results(ctx, errors, started_at, args, load_1m)

    if errors:
        print(f"bench: {len(errors)} failed: {', '.join(errors)}", file=sys.stderr)
        return 1
    return 0


def _emit_floors(ctx: BenchContext) -> None:
    """One line for every floor of the run (the first, and the one before each page): how much the
    machine's speed moved while the run went on."""
    rps = [f["rps"] for f in ctx.floors]
    if len(rps) > 1:
        ctx.emit("floors", rps=statistics.median(rps), rps_min=min(rps), rps_max=max(rps), measurements=len(rps))


def _manage(env: dict, *args: str) -> None:
    python = ROOT / ".venv" / "bin" / "python"
    command = [str(python if python.exists() else sys.executable), "manage.py", *args, "-v0"]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if completed.returncode:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"bench: manage.py {' '.join(args)} failed")


def _setup_django(env: dict):
    """Configure Django in this process against the bench database (for sessions and case data)."""
    os.environ.update(env)
    import django

    django.setup()
    from bench.fixtures import create_people

    return create_people()


def _record_error(ctx: BenchContext, errors: dict, name: str, exc: Exception) -> None:
    errors[name] = type(exc).__name__
    print(f"bench {name} error={type(exc).__name__}", flush=True)
    sys.stdout.flush()
    traceback.print_exception(exc, file=sys.stderr)
    if ctx is not None:
        ctx.lines.append(f"bench {name} error={type(exc).__name__}")


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except OSError:
        return None
    return out.stdout.strip() or None


def _write_results(ctx: BenchContext | None, errors: dict, started_at: dt.datetime, args, load_1m: float) -> None:
    document = {
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": _git_commit(),
        "settings": {
            "gunicorn_workers": args.workers,
            "concurrency": args.concurrency,
            "max_requests": args.requests,
            "max_seconds": args.seconds,
            "cpu_count": os.cpu_count(),
            "load_average_1m_at_start": round(load_1m, 2),
        },
        "results": ctx.results if ctx else {},
        "errors": errors,
        "lines": ctx.lines if ctx else [],
    }
    RESULTS_PATH.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS_PATH.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n")
    tmp.replace(RESULTS_PATH)


__all__ = ["main", "discover_cases", "select"]
