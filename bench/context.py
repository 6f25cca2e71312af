"""What a benchmark case receives: `run(ctx)`. See bench/README.md for the contract."""

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench import stats
from bench.fixtures import BenchPeople
from bench.loadgen import Response, fetch, run_load
from bench.sessions import cookie_header

ROOT = Path(__file__).resolve().parent.parent
QUERY_COUNT_HEADER = "x-query-count"
FLOOR_PATH = "/bench/floor"


class BenchFailure(RuntimeError):
    """A measurement that cannot be trusted (wrong status, failed requests, missing query count)."""


@dataclass
class LoadSettings:
    concurrency: int = 4
    max_requests: int = 3000
    max_seconds: float = 5.0
    warmup_requests: int = 200
    warmup_seconds: float = 2.0


@dataclass
class BenchContext:
    database_url: str
    env: dict
    host: str
    port: int
    people: BenchPeople
    load: LoadSettings = field(default_factory=LoadSettings)
    results: dict = field(default_factory=dict)
    lines: list = field(default_factory=list)
    floor_rps: float | None = None
    floors: list = field(default_factory=list)
    _headers: dict = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- output -------------------------------------------------------------------------------

    def emit(self, name: str, **figures) -> dict:
        """Print `bench <name> k=v ...` (figures in the order given) and record them for latest.json."""
        line = stats.format_line(name, figures)
        recorded = {key: stats.round_figure(value) for key, value in figures.items()}
        self.results[name] = recorded
        self.lines.append(line)
        print(line, flush=True)
        return recorded

    # -- people and requests --------------------------------------------------------------------

    @property
    def service(self):
        """The bench pain service every bench user works for."""
        return self.people.service

    def user(self, who):
        """The bench user for "member" or a staff role name; None for "anonymous"."""
        return self.people.user(who)

    def headers_for(self, user=None) -> dict:
        """Request headers (the session cookie) for `user`: None, a role name or a User."""
        person = self.people.user(user)
        if person is None:
            return {}
        key = person.pk
        if key not in self._headers:
            self._headers[key] = cookie_header(person)
        return dict(self._headers[key])

    def get(self, path: str, user=None, headers: dict | None = None) -> Response:
        """One GET against the running server, signed in as `user` (None, a role name or a User).

        Returns bench.loadgen.Response (status, headers with lower-case names, body); its
        `x-query-count` header holds the queries the request ran.
        """
        return fetch(self.host, self.port, path, {**self.headers_for(user), **(headers or {})})

    # -- measurement ----------------------------------------------------------------------------

    def measure_page(self, name: str, path: str, user=None, *, emit: bool = True) -> dict:
        """Measure a page under load the same way as the built-in pages and print its standard line.

        Checks first that the page answers 200 with a query count; returns the figures. The floor is
        measured again just before the page (`floor_rps`), and `ratio_to_floor` is against that
        floor, not one measured minutes earlier while the rest of the machine was doing other work.
        """
        if self.floor_rps is None:
            raise BenchFailure("the floor must be measured before any page")
        floor = self.measure_floor()
        figures = self.measure(path, user)
        figures["floor_rps"] = floor["rps"]
        figures["ratio_to_floor"] = stats.ratio_to_floor(figures["rps"], floor["rps"])
        return self.emit(name, **figures) if emit else {k: stats.round_figure(v) for k, v in figures.items()}

    def measure_floor(self) -> dict:
        """Measure the floor (`GET /bench/floor`) now; it becomes the floor the next ratios are against."""
        figures = self.measure(FLOOR_PATH)
        self.floor_rps = figures["rps"]
        self.floors.append(figures)
        return figures

    def warm_server(self, targets: list[tuple[str, object]], rounds: int = 4) -> None:
        """GET each (path, user) a few times so every gunicorn worker has imported and set up what
        its first requests need (URL conf, templates, sessions) before anything is measured."""
        for _ in range(rounds):
            for path, user in targets:
                self.get(path, user)

    def measure(self, path: str, user=None) -> dict:
        headers = self.headers_for(user)
        # The query count is read from the second of two requests: the first request of a session
        # after a minute's gap also saves the session's last-seen stamp (idle time-out, written at
        # most once a minute), one UPDATE that has nothing to do with the page and would make the
        # count depend on how long ago that user's last bench request was.
        fetch(self.host, self.port, path, headers)
        first = fetch(self.host, self.port, path, headers)
        if first.status != 200:
            where = f" (to {first.header('location')})" if first.header("location") else ""
            raise BenchFailure(f"GET {path} as {user or 'anonymous'}: expected 200, got {first.status}{where}")
        queries = first.header(QUERY_COUNT_HEADER)
        if queries is None:
            raise BenchFailure("no X-Query-Count header: is BENCH_COUNT_QUERIES=1 set for the server?")
        load = self.load
        run_load(
            self.host,
            self.port,
            path,
            headers,
            concurrency=load.concurrency,
            max_requests=load.warmup_requests,
            max_seconds=load.warmup_seconds,
        )
        result = run_load(
            self.host,
            self.port,
            path,
            headers,
            concurrency=load.concurrency,
            max_requests=load.max_requests,
            max_seconds=load.max_seconds,
        )
        bad = {status: n for status, n in result.statuses.items() if status != 200}
        if result.failures or bad or not result.count:
            raise BenchFailure(
                f"GET {path}: {len(result.failures)} failed requests, non-200 statuses {bad}, {result.count} ok"
            )
        return stats.page_figures(result.latencies_s, result.elapsed_s, int(queries))

    # -- subprocesses -----------------------------------------------------------------------------

    def manage(self, *args: str, **popen_kwargs) -> subprocess.Popen:
        """Start `python manage.py <args>` with the bench environment; returns the running Popen.

        Wait for it (`.wait()`, `.communicate()`) or stop it (`.terminate()`) yourself.
        """
        popen_kwargs.setdefault("cwd", ROOT)
        popen_kwargs["env"] = {**self.env, **popen_kwargs.get("env", {})}
        return subprocess.Popen([_python(), "manage.py", *args], **popen_kwargs)

    def manage_run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """Run `python manage.py <args>` to completion (output captured); raises if it fails."""
        return subprocess.run(
            [_python(), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )


def _python() -> str:
    venv_python = ROOT / ".venv" / "bin" / "python"
    return str(venv_python) if venv_python.exists() else sys.executable
