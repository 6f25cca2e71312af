"""A long poll in the browser (ADR 0028): a member answers nine times grouped under their days, and
the coordinator sees the best five ranked, opens all of them with a link (no JavaScript needed) and
confirms a time that only the full list shows. Every page goes through axe (WCAG 2.2 A/AA) and the
320 px reflow check."""

import pytest

from followon.meetings import services
from followon.meetings.models import Meeting
from followon.meetings.tests.conftest import at, option
from tests.browser.journeys import four_member_group, sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_long_poll_answered_by_day_and_chosen_from_all_times(browser_page, service, clinician, ptv):
    page = browser_page.page
    group, (ann, bea, cal, dot) = four_member_group(service, clinician, ptv)
    poll = services.poll_create(
        group=group,
        created_by=ann,
        title="Next meeting",
        closes_at=at(5),
        options=[option(10 + n // 3, (10, 13, 15)[n % 3], length=1) for n in range(9)],
    )
    options = list(poll.options.order_by("starts_at", "id"))
    for person in (ann, cal, dot):  # everyone but Bea says No to all but the last time
        services.poll_answer(poll=poll, user=person, answers={o.pk: "no" for o in options[:-1]})

    # Bea answers on the web: the times are under a heading for each day.
    sign_in_as(browser_page, bea)
    browser_page.visit(f"/my/polls/{poll.public_id}/")
    assert page.locator("h3.nhsuk-heading-s").count() == 3
    browser_page.check_page("long-poll-member")
    for o in options:
        page.locator(f'input[name="option_{o.pk}"][value="{"yes" if o == options[-1] else "no"}"]').check()
    page.get_by_role("button", name="Save my answers").click()
    browser_page.check_page("long-poll-answered")

    # The coordinator sees the best five, then all nine, and confirms one of the last four.
    sign_in_as(browser_page, ann)
    browser_page.visit(f"/my/polls/{poll.public_id}/")
    assert page.locator('input[name="option"]').count() == 5
    browser_page.check_page("long-poll-best-five")
    page.get_by_role("link", name="See all 9 times, ranked").click()
    browser_page.check_page("long-poll-all-times")
    assert page.locator('input[name="option"]').count() == 9
    ranked = [int(v) for v in page.locator('input[name="option"]').evaluate_all("els => els.map(e => e.value)")]
    assert ranked[0] == options[-1].pk  # the time everyone can come is first
    chosen = ranked[7]  # one the best five did not show
    page.locator(f'input[name="option"][value="{chosen}"]').check()
    page.get_by_role("button", name="Confirm this time").click()
    browser_page.check_page("long-poll-confirmed")
    meeting = Meeting.objects.get(group=group)
    assert meeting.starts_at == next(o for o in options if o.pk == chosen).starts_at
