"""The assurance documents claim only what exists: every link, file and test id they cite is real,
and everything still being built names its issue (docs/assurance/, docs/safety/)."""

import re
from pathlib import Path

import pytest

from followon.assurance.hazard_log import node_id_problem

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([*(ROOT / "docs" / "assurance").glob("*.md"), *(ROOT / "docs" / "safety").glob("*.md")])
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
NODE_ID = re.compile(r"`([\w./-]+\.py::[\w:\[\]-]+)`")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_link_in_the_document_points_at_something_in_the_repository(document):
    text = document.read_text(encoding="utf-8")
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (document.parent / target).resolve().exists(), f"{document.name} links to {target}, which does not exist"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_test_the_document_cites_exists(document):
    cited = NODE_ID.findall(document.read_text(encoding="utf-8"))
    for node_id in cited:
        assert node_id_problem(node_id, ROOT) is None, f"{document.name}: {node_id_problem(node_id, ROOT)}"


def test_the_dtac_pack_covers_each_assessed_section_and_names_the_issue_of_everything_in_progress():
    text = (ROOT / "docs" / "assurance" / "dtac.md").read_text(encoding="utf-8")
    for section in ["C1. Clinical safety", "C2. Data protection", "C3. Technical security", "C4. Interoperability"]:
        assert f"## {section}" in text
    assert "## D1. Usability and accessibility" in text
    assert len(NODE_ID.findall(text)) >= 15
    for match in re.finditer(r"in progress", text):
        following = text[match.end() : match.end() + 20]
        assert re.match(r"\s*\(issue \d+\)", following), f"'in progress' without its issue: ...{following}"
