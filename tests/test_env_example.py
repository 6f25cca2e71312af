""".env.example lists every environment variable the code reads (README "Configuration")."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_READS = [
    re.compile(r"(?:\b|_)env(?:_bool|_int|_list)?\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']"),
    re.compile(r"os\.environ(?:\.get)?\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']"),
    re.compile(r"os\.environ\[\s*[\"']([A-Z][A-Z0-9_]+)[\"']\s*\]"),
    re.compile(r"[\"']([A-Z][A-Z0-9_]+)[\"']\s+(?:not\s+)?in\s+os\.environ"),
    re.compile(r"os\.getenv\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']"),
]


def _sources():
    for base in ["followon", "bench"]:
        for path in (ROOT / base).rglob("*.py"):
            parts = set(path.relative_to(ROOT).parts)
            if "tests" in parts or "migrations" in parts or path.name.startswith("test_"):
                continue
            yield path
    yield from [ROOT / "gunicorn.conf.py", ROOT / "manage.py", ROOT / "tests" / "browser" / "conftest.py"]


def variables_read() -> dict[str, str]:
    found = {}
    for path in _sources():
        if not path.exists():
            continue
        text = path.read_text()
        for pattern in _READS:
            for name in pattern.findall(text):
                found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_the_variables_it_should():
    found = variables_read()
    for name in ["DJANGO_SECRET_KEY", "DATABASE_URL", "GUNICORN_WORKERS", "BENCH_FLOOR_ENABLED", "TEST_DATABASE_NAME"]:
        assert name in found


def test_env_example_lists_every_variable_the_code_reads():
    listed = set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    missing = {name: where for name, where in variables_read().items() if name not in listed}
    assert not missing, f"add these to .env.example (with a one-line comment): {missing}"
