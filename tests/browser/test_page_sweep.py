"""Every page, generated from the URL conf, in a 320 px browser with JavaScript off (issue 21).

Nobody lists the pages here. The URL matrix (tests/security/test_url_matrix.py) already has a rule
for every URL pattern saying who may open it and how to fill its arguments from its world of two
services and three groups; this sweep builds the same world, and for every pattern someone may
GET, opens it once in Chromium, 320 px wide with JavaScript turned off, as one of the roles allowed
(taking turns, so each role's pages are seen), and runs the shared page check of every browser
journey (tests/browser/conftest.py): axe (WCAG 2.2 A/AA), markup shown as text, sideways scrolling at
320 px, links in sent messages, the crisis page's numbers. Pages anyone may open (sign-in pages,
links with a bogus token) are opened signed out, whatever they answer below 500: the "this link
no longer works" pages are pages people see too.

On member pages it also measures the controls a member taps: every button, drop-down, details line
and link that is not part of a sentence must be at least 44 px high (issue 21 item 6).

A new URL gets a rule in the matrix (test_every_url_has_a_rule fails until it does) and so is swept
here from then on. Every failure is gathered, so one run names every page that needs work.
"""

import itertools

import pytest
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from followon.accounts.tests.helpers import pass_mfa
from tests.browser.conftest import BrowserPage, without_javascript
from tests.security.test_url_matrix import (
    ANY_STATUS,
    MEMBERS,
    STAFF,
    _url,
    build_world,
    rule_for,
    signed_in_clients,
    url_patterns,
)

pytestmark = pytest.mark.django_db(transaction=True)

SWEEP_WIDTH = 320
# Roles in the order they take turns; "anonymous" opens only the pages anyone may open.
SIGNED_IN_ROLES = [
    "member_a",
    "coordinator",
    "member_b",
    "ptv",
    "clinician",
    "service_admin",
    "researcher",
    "other_staff",
]
# Pages that differ most by who is looking: opened by every role allowed, not one.
EVERY_ROLE = {"home:index", "home:staff-home", "accounts:my-account", "selfcare:hub", "peergroups:my-groups"}
HTML = "text/html"
REDIRECTS = (301, 302, 303, 307, 308)

# Buttons, drop-downs, details lines and links standing on their own (a link that is only part of a
# sentence is not measured: WCAG 2.5.8 excepts it, and it grows only by changing the words around it).
SMALL_CONTROLS = """() => [...document.querySelectorAll(
        'main a[href], main button, main select, main summary, main input[type=submit]')]
    .filter(e => {
        const box = e.getBoundingClientRect();
        if (!box.width || e.closest('.nhsuk-u-visually-hidden, [hidden], table')) return false;
        const around = e.parentElement.closest('p, li, dd, dt');
        const words = around ? around.innerText.replace(e.innerText, '').replace(/[\\s().,:;·]/g, '') : '';
        if (e.tagName === 'A' && words.length) return false;
        return box.height < 44;
    })
    .slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()} "${(e.innerText || e.value || '').trim().slice(0, 40)}" `
        + `${Math.round(e.getBoundingClientRect().height)} px high`)"""


def _session_cookie(user, role, base_url):
    client = Client()
    client.force_login(user)
    if role in STAFF:
        pass_mfa(client, user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}


def _pages(world):
    """(role, name, url) for each page to open: every GET-able pattern once, roles taking turns."""
    turns = itertools.cycle(SIGNED_IN_ROLES)
    for name, route, _pattern in url_patterns():
        rule = rule_for(name)
        if rule is None or (rule.allowed is not ANY_STATUS and not rule.allowed):
            continue  # no rule (the matrix reports it) or nobody may GET it (POST-only, a 404 for all)
        url = _url(name, route, world, rule)
        if url is None:
            continue
        if rule.allowed is ANY_STATUS:
            yield "anonymous", name, url
            continue
        allowed = [role for role in ["anonymous", *SIGNED_IN_ROLES] if role in rule.allowed]
        if name in EVERY_ROLE:
            for role in allowed:
                yield role, name, url
            continue
        role = next(turns)
        while role not in allowed and "anonymous" not in allowed:
            role = next(turns)
        yield (role if role in allowed else "anonymous"), name, url


class _Problems(list):
    """The problems found, each also printed as it is found (seen at once with `pytest -s`)."""

    def append(self, problem):
        print(f"SWEEP PROBLEM {problem}", flush=True)
        super().append(problem)


def test_every_page_for_every_role_at_320px_without_javascript(
    browser, live_server, reference_data, sends_to_live_server, settings
):
    settings.BENCH_FLOOR_ENABLED = False
    world = build_world()
    clients = signed_in_clients(world)
    contexts, pages = {}, {}
    problems = _Problems()
    opened: dict[str, set[str]] = {}
    try:
        for role, name, url in _pages(world):
            # Ask first with the test client: files (calendar feeds, CSV, JSON) and server errors are
            # not pages to look at, and a download would stop the browser's navigation.
            answer, hops = clients[role].get(url), 0
            while (
                answer.status_code in REDIRECTS and not answer["Location"].startswith(("http:", "https:")) and hops < 5
            ):
                answer, hops = clients[role].get(answer["Location"]), hops + 1
            if answer.status_code >= 500:
                problems.append(f"{name} ({url}) as {role}: {answer.status_code}")
                continue
            if answer.status_code in REDIRECTS:
                continue  # off to NHS login or CIS2: not our page (their own journeys play the mock)
            if HTML not in answer.get("Content-Type", "") or not answer.content.strip():
                continue  # a file, or a bare refusal with no page (the Notify callbacks' 405)
            if role not in pages:
                contexts[role] = without_javascript(browser.new_context(viewport={"width": SWEEP_WIDTH, "height": 700}))
                if role != "anonymous":
                    contexts[role].add_cookies([_session_cookie(world.users[role], role, live_server.url)])
                page = contexts[role].new_page()
                page.set_default_timeout(15_000)
                pages[role] = BrowserPage(page, live_server.url, f"sweep_{role}")
            sweep = pages[role]
            try:
                response = sweep.page.goto(live_server.url + url)
            except PlaywrightError as failure:
                problems.append(f"{name} ({url}) as {role}: the browser could not open it: {failure}")
                continue
            if response is None or HTML not in (response.headers.get("content-type") or ""):
                continue
            if response.status >= 500:
                problems.append(f"{name} ({url}) as {role}: {response.status} in the browser")
                continue
            opened.setdefault(role, set()).add(name)
            try:
                sweep.check_page(f"{role}-{name.replace(':', '-')}")
            except AssertionError as failure:
                problems.append(f"{name} ({url}) as {role}: {failure}")
                sweep.problems.clear()
            if role in MEMBERS and response.status < 400:
                small = sweep.page.evaluate(SMALL_CONTROLS)
                if small:
                    problems.append(f"{name} ({url}) as {role}: controls under 44 px high: {small}")
    finally:
        for context in contexts.values():
            context.close()
    # Not a test that cannot fail: the sweep really opened pages for every role, members' and staff's.
    assert set(opened) == {"anonymous", *SIGNED_IN_ROLES}, (
        f"roles with no page opened: {set(SIGNED_IN_ROLES) - set(opened)}"
    )
    assert sum(len(names) for names in opened.values()) >= 120
    assert not problems, f"{len(problems)} pages need work:\n" + "\n\n".join(problems)
