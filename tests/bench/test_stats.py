"""The pure pieces of the bench harness: statistics, rounding and the `bench <name> k=v` line."""

import math

import pytest

from bench import stats


class TestPercentile:
    def test_interpolates_between_closest_ranks_like_numpy(self):
        values = [15, 20, 35, 40, 50]
        assert stats.percentile(values, 0) == 15
        assert stats.percentile(values, 50) == 35
        assert stats.percentile(values, 100) == 50
        assert stats.percentile(values, 40) == pytest.approx(29.0)
        assert stats.percentile(values, 95) == pytest.approx(48.0)

    def test_order_of_input_does_not_matter(self):
        assert stats.percentile([5, 1, 4, 2, 3], 50) == 3

    def test_single_value(self):
        assert stats.percentile([7.5], 95) == 7.5

    @pytest.mark.parametrize("values, pct", [([], 50), ([1, 2], -1), ([1, 2], 101)])
    def test_refuses_nonsense(self, values, pct):
        with pytest.raises(ValueError):
            stats.percentile(values, pct)


def test_page_figures_from_latencies_in_seconds():
    latencies = [0.001 * n for n in range(1, 101)]  # 1 ms .. 100 ms
    figures = stats.page_figures(latencies, elapsed_s=2.0, queries=3)
    assert list(figures) == ["rps", "p50_ms", "p95_ms", "queries"]
    assert figures["rps"] == 50
    assert figures["p50_ms"] == pytest.approx(50.5)
    assert figures["p95_ms"] == pytest.approx(95.05)
    assert figures["queries"] == 3


def test_page_figures_need_elapsed_time():
    with pytest.raises(ValueError):
        stats.page_figures([0.01], elapsed_s=0, queries=0)


def test_ratio_to_floor_is_the_pages_cost_in_floors():
    assert stats.ratio_to_floor(page_rps=250, floor_rps=1000) == 4.0
    assert stats.ratio_to_floor(page_rps=1000, floor_rps=1000) == 1.0
    with pytest.raises(ValueError):
        stats.ratio_to_floor(page_rps=0, floor_rps=1000)


@pytest.mark.parametrize(
    "value, expected",
    [
        (1234.56, "1235"),
        (218.4, "218"),
        (99.96, "100"),
        (15.14, "15.1"),
        (3.14159, "3.14"),
        (0.5, "0.500"),
        (0.0012345, "0.00123"),
        (-2.5, "-2.50"),
        (0.0, "0"),
        (7, "7"),
        (True, "true"),
        ("ok", "ok"),
        (math.nan, "nan"),
    ],
)
def test_format_value_keeps_three_significant_digits_without_exponents(value, expected):
    assert stats.format_value(value) == expected


def test_round_figure_matches_what_is_printed():
    for value in [1234.56, 15.14, 3.14159, 0.0012345]:
        assert stats.format_value(stats.round_figure(value)) == stats.format_value(value)
    assert stats.round_figure(3.14159) == 3.14
    assert stats.round_figure(12) == 12


def test_format_line_keeps_the_order_given():
    line = stats.format_line(
        "home", {"rps": 218.4, "p50_ms": 15.14, "p95_ms": 31.92, "queries": 0, "ratio_to_floor": 2.844}
    )
    assert line == "bench home rps=218 p50_ms=15.1 p95_ms=31.9 queries=0 ratio_to_floor=2.84"


@pytest.mark.parametrize("name", ["has space", "", "a=b", "ünï"])
def test_format_line_refuses_names_that_would_break_the_line(name):
    with pytest.raises(ValueError):
        stats.format_line(name, {"rps": 1.0})
    with pytest.raises(ValueError):
        stats.format_line("ok", {name: 1.0})


def test_format_value_refuses_values_with_spaces():
    with pytest.raises(ValueError):
        stats.format_value("two words")


def test_scale_labels_and_line():
    from bench.scale import label, scale_line

    assert [label(0.1), label(1), label(0.3)] == ["s01", "s1", "s03"]
    small = {"p95_ms": 10.0, "queries": 6, "ratio_to_floor": 3.0}
    large = {"p95_ms": 11.0, "queries": 6, "ratio_to_floor": 3.5}
    name, figures = scale_line("member_home", ("s01", small), ("s1", large))
    assert stats.format_line(name, figures) == (
        "bench scale page=member_home p95_ms_s01=10.0 p95_ms_s1=11.0 growth=1.10 queries_s01=6 queries_s1=6 "
        "ratio_to_floor=3.50"
    )


class _FakeChild:
    """Answers "floor" and "page <name>" from a script, recording the order it was asked in."""

    def __init__(self, name, asked, floor_rps, page_rps):
        self.name, self.asked, self.floor_rps, self.page_rps = name, asked, floor_rps, page_rps
        self.pages = ["member_home", "poll"]

    def ask(self, order):
        self.asked.append((self.name, order))
        if order == "floor":
            return {"rps": self.floor_rps.pop(0), "p50_ms": 1.0, "p95_ms": 2.0, "queries": 0}
        return {"rps": self.page_rps, "p50_ms": 10.0, "p95_ms": 20.0, "queries": 6}


def test_scale_bench_measures_each_page_next_to_its_own_floor_alternating_the_scales(capsys):
    from bench.scale import measure_interleaved

    asked = []
    children = {
        "s01": _FakeChild("s01", asked, floor_rps=[100.0, 50.0], page_rps=10.0),
        "s1": _FakeChild("s1", asked, floor_rps=[200.0, 40.0], page_rps=10.0),
    }
    measured = measure_interleaved(children, ["s01", "s1"])
    assert asked == [
        ("s01", "floor"),
        ("s01", "page member_home"),
        ("s1", "floor"),
        ("s1", "page member_home"),
        ("s1", "floor"),
        ("s1", "page poll"),
        ("s01", "floor"),
        ("s01", "page poll"),
    ]
    # Each page against the floor measured just before it, not one floor for the whole run.
    assert measured["s1"]["member_home"]["ratio_to_floor"] == 20.0
    assert measured["s1"]["poll"]["ratio_to_floor"] == 4.0
    assert measured["s01"]["poll"]["ratio_to_floor"] == 5.0
    assert len(measured["s1"]["floors"]) == 2


def test_scale_bench_reuses_only_the_dataset_it_would_load(monkeypatch):
    from bench import scale

    held = {"scale": 1.0, "seed": 16, "loader_version": scale.loader_version(), "rows": 10}
    monkeypatch.setattr(scale, "holds", lambda url: dict(held))
    monkeypatch.setattr(scale, "recreate_database", lambda *a: pytest.fail("reloaded a matching dataset"))
    managed = []
    monkeypatch.setattr(scale, "_manage", lambda env, *command: managed.append((env["DATABASE_URL"], command)))
    assert scale.build("postgres://postgres@127.0.0.1:5432/x", "scale_s1", 1.0, reuse=True).endswith("/scale_s1")
    # A kept database is still brought up to the code's migrations (tables added since its load).
    assert [command for url, command in managed if url.endswith("/scale_s1")] == [("migrate", "--no-input")]

    class Reloaded(Exception):
        pass

    def reload(*args):
        raise Reloaded

    monkeypatch.setattr(scale, "recreate_database", reload)
    for stale in ({"loader_version": "0" * 12}, {"seed": 7}, {"scale": 0.1}, None):
        monkeypatch.setattr(scale, "holds", lambda url, stale=stale: stale and {**held, **stale})
        with pytest.raises(Reloaded):
            scale.build("postgres://postgres@127.0.0.1:5432/x", "scale_s1", 1.0, reuse=True)


def test_scale_bench_combines_rounds_by_medians_and_paired_growth(capsys):
    from bench.scale import combine_rounds, measure_rounds, report

    def figures(p95, queries=6, rps=10.0):
        return {
            "rps": rps,
            "p50_ms": p95 / 2,
            "p95_ms": p95,
            "queries": queries,
            "floor_rps": 100.0,
            "ratio_to_floor": 100.0 / rps,
        }

    def one_pass(small_p95, large_p95, large_queries=6):
        floor = {"rps": 100.0, "p50_ms": 1.0, "p95_ms": 2.0, "queries": 0}
        return {
            "s01": {"floors": [floor], "poll": figures(small_p95)},
            "s1": {"floors": [floor], "poll": figures(large_p95, large_queries)},
        }

    # A noisy middle pass (the machine busy while the large scale was measured) does not decide growth:
    # paired growths 1.0, 2.0, 1.1 -> median 1.1; the medians of p95 are 10 and 12 (quotient 1.2).
    passes = [one_pass(10.0, 10.0), one_pass(8.0, 16.0), one_pass(20.0, 22.0)]
    combined = combine_rounds(passes, "s01", "s1")
    assert combined["s1"]["poll"]["p95_ms"] == 16.0
    assert combined["s01"]["poll"]["p95_ms"] == 10.0
    assert combined["s1"]["poll"]["growth"] == pytest.approx(1.1)
    assert len(combined["s1"]["floors"]) == 3
    lines = report(combined, "s01", "s1")
    assert lines[-1].startswith(
        "bench scale page=poll p95_ms_s01=10.0 p95_ms_s1=16.0 growth=1.10 queries_s01=6 queries_s1=6"
    )

    # A query count that changed in any pass still shows as a difference between the scales.
    combined = combine_rounds([one_pass(10.0, 10.0), one_pass(10.0, 10.0, large_queries=7)], "s01", "s1")
    assert combined["s1"]["poll"]["queries"] == 7
    report(combined, "s01", "s1")
    assert "query counts differ between scales on: poll" in capsys.readouterr().err

    # A failure in any pass is reported, not averaged away.
    broken = one_pass(10.0, 10.0)
    broken["s1"]["poll"] = {"error": "HTTPError"}
    combined = combine_rounds([one_pass(10.0, 10.0), broken], "s01", "s1")
    assert report(combined, "s01", "s1")[-1] == "bench scale page=poll error=HTTPError"

    # Rounds swap which scale goes first.
    asked = []
    children = {
        "s01": _FakeChild("s01", asked, floor_rps=[100.0] * 4, page_rps=10.0),
        "s1": _FakeChild("s1", asked, floor_rps=[100.0] * 4, page_rps=10.0),
    }
    measure_rounds(children, ["s01", "s1"], rounds=2)
    firsts = [asked[0][0], asked[8][0]]
    assert firsts == ["s01", "s1"]
