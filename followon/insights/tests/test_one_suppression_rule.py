"""One small-number rule on every figure of the dashboard and the research export page (ADR 0025).

Counts of people from 1 to 4 never appear; a total published with its parts cannot give away a
hidden part by subtraction; counts of programmes, groups and meetings (not people) are shown in full.
The dashboard is read as a person would: every table's cells, its footer total and the summary list.
"""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from followon.insights.suppression import HIDDEN, SUPPRESSION_RULE, small_text
from followon.programmes.models import InterestResponse
from followon.programmes.tests.factories import join, make_programme

pytestmark = pytest.mark.django_db

URL = reverse("insights:dashboard")
SMALL = {"1", "2", "3", "4"}


def _programmes(service, clinician, sizes, answers=None):
    for number, size in enumerate(sizes):
        programme = make_programme(
            service, clinician, start=dt.date(2024, 1, 1) + dt.timedelta(days=40 * number), title=f"PMP {number}"
        )
        for k in range(size):
            enrolment = join(programme)
            if answers:
                InterestResponse.objects.create(enrolment=enrolment, answer=answers[k % len(answers)])


HEADING_SPAN = re.compile(r'<span class="nhsuk-table__heading" aria-hidden="true">.*?</span>', re.S)


def _tables(body: str) -> dict[str, list[list[str]]]:
    """Every table on the page by its caption (or first header), as rows of cell texts."""
    tables = {}
    for number, table in enumerate(re.findall(r"<table.*?</table>", body, re.S)):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)
        header = re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)
        name = unescape(re.sub(r"<[^>]+>|\s+", " ", caption[1] if caption else header[0] if header else str(number)))
        rows = [
            [
                # Without the heading a stacked (responsive) row repeats in each cell for phones.
                unescape(re.sub(r"<[^>]+>", "", re.sub(HEADING_SPAN, "", cell))).strip()
                for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
            ]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
        ]
        tables[name.strip()] = rows
    return tables


def _participant_cells(body):
    rows = next(rows for name, rows in _tables(body).items() if name.startswith("Programme"))
    # Header row first; the body rows (programme, started, participants, formed); the total last.
    return [row[2] for row in rows[1:]]


@pytest.mark.parametrize(
    "sizes",
    [[3], [6, 3], [3, 3], [7, 8, 2], [1, 9, 9, 9], [5, 6], [0, 4, 12]],
)
def test_no_participant_count_below_five_appears_or_can_be_worked_out_from_the_total(
    service, clinician, staff_client, sizes
):
    _programmes(service, clinician, sizes)
    body = staff_client(clinician).get(URL).content.decode()
    cells = _participant_cells(body)
    *parts, total = cells
    assert len(parts) == len(sizes)
    assert not SMALL & set(cells)
    # The summary list shows the very same total cell as the table's footer.
    summary = re.search(r"Participants</dt>\s*<dd[^>]*>(.*?)</dd>", body, re.S)[1].strip()
    assert unescape(summary) == total
    # Subtraction gives nothing away: with a shown total, hidden parts are never alone.
    hidden = [cell for cell in parts if cell in (small_text(), HIDDEN)]
    if total not in (small_text(), HIDDEN) and hidden:
        assert len(hidden) >= 2
        shown = sum(int(cell.replace(",", "")) for cell in parts if cell not in (small_text(), HIDDEN))
        # the hidden parts add up to at least 2 people, so none of them is pinned by the total
        assert int(total.replace(",", "")) - shown >= 2


def test_no_count_of_people_below_five_appears_in_any_table(service, clinician, staff_client):
    _programmes(service, clinician, [3, 6, 2], answers=["yes", "yes", "maybe", "no"])
    body = staff_client(clinician).get(URL).content.decode()
    people_columns = {"Participants", "People", "Attendances"}
    for name, rows in _tables(body).items():
        header = rows[0]
        for column, title in enumerate(header):
            if title in people_columns:
                values = [row[column] for row in rows[1:] if len(row) == len(header)]
                assert not SMALL & set(values), f"{name}: {title} shows {values}"


def test_the_rule_is_said_on_the_dashboard_and_the_export_page(service, clinician, researcher, staff_client):
    rule = unescape(str(SUPPRESSION_RULE))
    assert rule in unescape(staff_client(clinician).get(URL).content.decode())
    assert rule in unescape(staff_client(researcher).get(reverse("insights:research-export")).content.decode())


def test_programmes_formed_are_shown_in_full_like_the_table_that_lists_them(service, clinician, staff_client):
    """Issue 21 found the formation rate hidden as [c] above a table listing each programme's answer."""
    _programmes(service, clinician, [6, 6])
    body = staff_client(clinician).get(URL).content.decode()
    assert "0 of 2 programmes that have started (0%)" in body
