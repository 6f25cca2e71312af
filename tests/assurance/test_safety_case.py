"""`make safety-case` renders one document (followon/assurance/safety_case.py); not part of `make test`
itself, so it is rendered here once, for real, to prove it works."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from followon.assurance import hazard_log, safety_case

ROOT = Path(__file__).resolve().parents[2]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id")

    def handle_data(self, data):
        self.parts.append(data)


def parsed(path: Path) -> _Text:
    reader = _Text()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The real document: the real hazard log, the real screen evaluation, no benchmark run."""
    out = tmp_path_factory.mktemp("case") / "index.html"
    safety_case.render(output=out, bench_path=out.parent / "no-bench.json")
    return out


def test_one_document_holds_the_report_the_hazard_log_the_plan_and_the_procedure(rendered):
    page = parsed(rendered)
    text = " ".join(page.parts)
    for heading in [
        "Clinical safety case report",
        "Appendix A: Hazard log",
        "Appendix B: Clinical risk management plan",
    ]:
        assert heading in text
    assert "Appendix C: Change procedure" in text
    for hazard in hazard_log.load().hazards:
        assert hazard.id.lower() in page.ids, hazard.id
    for control in (c for h in hazard_log.load().hazards for c in h.controls if c.test):
        assert control.test in text
    assert "generated:" not in rendered.read_text()


def test_the_current_screen_figures_are_pulled_in_and_missing_benchmarks_say_not_measured(rendered):
    text = " ".join(parsed(rendered).parts)
    assert re.search(r"screen urgent_recall=\d\.\d+ concern_recall=\d\.\d+ precision=\d\.\d+", text)
    assert "Benchmarks" in text and "Not measured:" in text and "no-bench.json is absent" in text


def test_unfilled_sign_off_fields_are_counted_not_invented(rendered):
    html = rendered.read_text()
    count = len(re.findall(r"\[TO BE COMPLETED", html))
    assert count >= 5
    assert f"Not signed off.</strong> {count} fields" in html


def test_benchmark_figures_are_shown_with_their_provenance(tmp_path):
    bench = tmp_path / "latest.json"
    bench.write_text(
        json.dumps(
            {
                "started_at": "2026-12-01T10:00:00Z",
                "git_commit": "abc1234def",
                "settings": {"cpu_count": 2, "load_average_1m_at_start": 0.4},
                "results": {"floor": {"rps": 962.0, "p95_ms": 5.18}, "screen_message": {"us": 151}},
                "errors": {"notify": "OperationalError"},
            }
        )
    )
    out = safety_case.render(output=tmp_path / "case.html", bench_path=bench, eval_command=["false"])
    text = " ".join(parsed(out).parts)
    assert "rps=962.0, p95_ms=5.18" in text and "us=151" in text and "failed: OperationalError" in text
    assert "abc1234def" in text and "(not this commit)" in text
    assert "Not measured: the evaluation exited with status 1" in text


def test_a_hazard_log_with_a_dangling_control_is_refused(tmp_path):
    raw = yaml.safe_load(hazard_log.HAZARD_LOG.read_text())
    raw["hazards"][0]["controls"][0]["code"] = "followon/safety/services.py:gone"
    bad = tmp_path / "hazards.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(SystemExit, match="defines no 'gone'"):
        safety_case.render(output=tmp_path / "x.html", log_path=bad, eval_command=["false"])
    assert not (tmp_path / "x.html").exists()


def test_text_from_the_log_is_escaped_not_rendered_as_markup():
    raw = yaml.safe_load(hazard_log.HAZARD_LOG.read_text())
    raw["hazards"][0]["title"] = "Counts <5 | <script>alert(1)</script>"
    log = hazard_log.parse(raw)
    figures = safety_case.Figures([], "not run", None, "absent")
    markdown_text = safety_case.document_markdown(log, figures, "abc")
    assert "<script>" not in markdown_text and "&lt;script&gt;" in markdown_text
    assert "Counts &lt;5 \\| " in markdown_text


def test_make_eval_screen_and_the_safety_case_run_the_same_command():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^eval-screen:.*\n\t@?(.+)$", makefile, re.MULTILINE)[1]
    assert recipe.split()[-2:] == safety_case.EVAL_SCREEN[-2:]
    assert re.search(r"^safety-case:.*\n\t@?\$\(PY\) -m followon.assurance.safety_case$", makefile, re.MULTILINE)
