"""Harness pieces that need no server: case discovery, name selection, database URLs, results."""

import pytest

from bench import database, runner
from bench.context import FLOOR_PATH, BenchContext, BenchFailure
from bench.fixtures import BenchPeople
from bench.loadgen import LoadError, require_loopback


def test_cases_are_discovered_alphabetically_without_helpers(tmp_path):
    for name in ["notify.py", "directory.py", "_shared.py", "__init__.py", "notes.txt"]:
        (tmp_path / name).write_text("")
    assert runner.discover_cases(tmp_path) == ["directory", "notify"]


def test_select_runs_everything_when_no_names_are_given():
    assert runner.select([], ["home", "staff_home"], ["a", "b"]) == (["home", "staff_home"], ["a", "b"])


def test_select_keeps_the_usual_order_of_named_pages_and_cases():
    assert runner.select(["b", "staff_home", "floor"], ["home", "staff_home"], ["a", "b"]) == (["staff_home"], ["b"])


def test_select_refuses_unknown_names():
    with pytest.raises(SystemExit, match="nope"):
        runner.select(["nope"], ["home"], ["a"])


def test_bench_database_url_keeps_the_server_and_replaces_the_name():
    url = database.bench_database_url("postgres://postgres@127.0.0.1:5432/followon?sslmode=disable", "followon_bench")
    assert url == "postgres://postgres@127.0.0.1:5432/followon_bench?sslmode=disable"


@pytest.mark.parametrize("name", ["Bench", "a;drop", "x" * 64, ""])
def test_bench_database_name_must_be_a_plain_identifier(name):
    with pytest.raises(ValueError):
        database.bench_database_url("postgres://postgres@127.0.0.1:5432/followon", name)


def test_bench_refuses_sqlite():
    with pytest.raises(ValueError, match="PostgreSQL"):
        database.bench_database_url("sqlite:///db.sqlite3", "followon_bench")


def test_bench_env_uses_production_settings_and_drops_outside_django_variables(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "true")
    monkeypatch.setenv("BENCH_DATABASE_NAME", "x")
    env = runner.bench_env("postgres://postgres@127.0.0.1:5432/followon_bench", "/tmp/static")
    assert env["DJANGO_SETTINGS_MODULE"] == "followon.config.settings.production"
    assert env["DJANGO_ALLOWED_HOSTS"] == "127.0.0.1"
    assert env["BENCH_FLOOR_ENABLED"] == "1"
    assert env["BENCH_COUNT_QUERIES"] == "1"
    assert "DJANGO_DEBUG" not in env
    assert "BENCH_DATABASE_NAME" not in env
    assert len(env["DJANGO_SECRET_KEY"]) >= 50


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_load_only_goes_to_loopback(host):
    assert require_loopback(host) == host


@pytest.mark.parametrize("host", ["10.0.0.1", "192.168.1.1", "8.8.8.8"])
def test_load_refuses_other_addresses(host):
    with pytest.raises(LoadError):
        require_loopback(host)


def test_emit_prints_the_line_and_records_the_same_figures(capsys):
    ctx = BenchContext(database_url="", env={}, host="127.0.0.1", port=1, people=BenchPeople(service=None))
    recorded = ctx.emit("notify_dispatch", sends_per_s=123.456, lost=0)
    assert capsys.readouterr().out == "bench notify_dispatch sends_per_s=123 lost=0\n"
    assert recorded == {"sends_per_s": 123.0, "lost": 0}
    assert ctx.results["notify_dispatch"] == recorded
    assert ctx.lines == ["bench notify_dispatch sends_per_s=123 lost=0"]


def test_people_resolve_roles_and_refuse_unknown_ones():
    people = BenchPeople(service=None, users={"member": "M", "clinician": "C"})
    assert people.user("anonymous") is None
    assert people.user(None) is None
    assert people.user("clinician") == "C"
    with pytest.raises(ValueError, match="anonymous, member, clinician"):
        people.user("surgeon")


class _FakeServerContext(BenchContext):
    """measure() answers from a script instead of a server: (path, rps) in the order asked."""

    def __init__(self, rps_by_call):
        super().__init__(database_url="", env={}, host="127.0.0.1", port=1, people=BenchPeople(service=None))
        self.rps_by_call = list(rps_by_call)
        self.asked = []

    def measure(self, path, user=None):
        self.asked.append(path)
        return {"rps": self.rps_by_call.pop(0), "p50_ms": 1.0, "p95_ms": 2.0, "queries": 0 if path == FLOOR_PATH else 7}


def test_each_page_is_divided_by_a_floor_measured_just_before_it(capsys):
    ctx = _FakeServerContext([400.0, 300.0, 30.0, 100.0, 50.0])
    ctx.emit("floor", **ctx.measure_floor())
    first = ctx.measure_page("one", "/one/", None)
    second = ctx.measure_page("two", "/two/", None)
    assert ctx.asked == [FLOOR_PATH, FLOOR_PATH, "/one/", FLOOR_PATH, "/two/"]
    assert (first["floor_rps"], first["ratio_to_floor"]) == (300.0, 10.0)
    assert (second["floor_rps"], second["ratio_to_floor"]) == (100.0, 2.0)
    assert capsys.readouterr().out.splitlines()[1] == (
        "bench one rps=30.0 p50_ms=1.00 p95_ms=2.00 queries=7 floor_rps=300 ratio_to_floor=10.0"
    )
    runner._emit_floors(ctx)
    assert ctx.results["floors"] == {"rps": 300.0, "rps_min": 100.0, "rps_max": 400.0, "measurements": 3}


def test_a_page_needs_the_runs_first_floor():
    ctx = _FakeServerContext([])
    with pytest.raises(BenchFailure, match="floor"):
        ctx.measure_page("one", "/one/", None)
