"""The researcher has something to look at (issue 21, item 9), played on the demo data.

The demo researcher signs in, opens Insights from their staff home, finds every panel filled (the
survival curve, outcome change for people who attended and who did not, formation, attendance),
reads how small numbers are hidden, goes on to the research export and downloads a CSV with rows.
"""

import csv
import io
import re
from pathlib import Path

import pytest

from followon.accounts.models import User
from followon.accounts.tests.factories import STAFF_PASSWORD
from followon.home.demo import load_demo_data
from tests.browser.journeys import staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_researcher_opens_the_dashboard_sees_real_figures_and_downloads_the_export(browser_page):
    load_demo_data()
    page = browser_page.page
    researcher = User.objects.get(email="researcher@demo.followon.test")
    researcher.set_password(STAFF_PASSWORD)
    researcher.save()
    staff_sign_in(browser_page, researcher, label="researcher-home")
    browser_page.screenshot_at(375, "researcher-home")
    page.get_by_role("link", name="Insights").click()
    browser_page.check_page("insights")
    browser_page.screenshot_at(375, "insights")
    main = page.locator("main")
    assert page.get_by_role("heading", name="How small numbers are hidden").is_visible()
    assert main.locator("svg.app-chart polyline.app-chart__line").count() == 1  # the survival curve
    assert main.locator("svg.app-chart circle.app-chart__point").count() == 10  # 5 measures x 2 groups
    outcome = page.locator("table", has=page.get_by_text("Mean change from baseline"))
    assert "No data" not in outcome.inner_text() and "[c]" not in outcome.inner_text()
    # On a phone each row of the change table is a card under its headings, not five squeezed columns
    # that broke words mid-word at 375 px (issue 21).
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": size["height"]})
    try:
        assert outcome.locator(".nhsuk-table__heading", has_text="Mean change").first.is_visible()
        squeezed = outcome.evaluate(
            "t => [...t.querySelectorAll('td')].filter(c => c.getBoundingClientRect().width < 150).length"
        )
        assert squeezed == 0
    finally:
        page.set_viewport_size(size)
    assert re.search(r"\d+ of \d+ programmes that have started", main.inner_text())
    attendance = page.locator("table", has=page.get_by_text("The last 12 months with meetings"))
    assert "No meetings held yet" not in attendance.inner_text()

    page.get_by_role("link", name="Research export").click()
    browser_page.check_page("research-export")
    page.get_by_label("Project code").fill("DEMO-EVALUATION")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text())))
    assert len(rows) >= 100 and all(row["pseudonym"].startswith("P-") for row in rows)
