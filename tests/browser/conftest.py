"""Browser tests: Debian's Chromium driven by Playwright, axe-core on every page visited.

Every page a test visits goes through `visit()` (or `check_page()` after a
click), which fails the test on any WCAG 2.2 A/AA violation, any
Content-Security-Policy violation, any JavaScript error and any markup shown
as text (`<p>`, `&lt;`: axe cannot see it, a screen reader reads it aloud),
and saves a screenshot under test-artifacts/screenshots/ for a person to look at.

The same check also fails the test (issue 21, "make these impossible to ship again") when:
- the page needs sideways scrolling at 320 px (WCAG 1.4.10 reflow): the page is re-laid out at
  320 px wide and its document must be no wider than the viewport;
- a text or email sent since the last check links to anywhere but the running site, or a link to the
  running site does not open (each is fetched, without the browser's cookies, as its recipient would);
- a form on the page posts to the site without a CSRF token (it would answer 403);
- on the "Need help now?" page, a `tel:`/`sms:` link is not one of the numbers in
  `followon/core/signposting.py` (the checked source), or one of those numbers has no link.

Each axe run is also recorded (the page's path with ids and tokens masked, the
viewport width, the violations found) and the session writes them to
test-artifacts/accessibility/axe-results.json: the figures the accessibility
statement quotes (`make accessibility-statement`) come from there and nowhere else.
"""

import datetime as dt
import importlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from followon.assurance.accessibility import page_path
from followon.core.signposting import crisis_signposts_for
from followon.core.tests.markup import escaped_markup
from followon.notifications.models import OutboundMessage

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()
AXE_VERSION = json.loads((ROOT / "node_modules" / "axe-core" / "package.json").read_text())["version"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_RESULTS = ROOT / "test-artifacts" / "accessibility" / "axe-results.json"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_RUN = """async (tags) => await axe.run(document, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']
})"""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
REFLOW_WIDTH = 320
# Pages still known to need sideways scrolling at 320 px, each listed in KNOWN_ISSUES in
# followon/core/accessibility.py (the accessibility statement): remove the entry when it is fixed.
REFLOW_KNOWN_ISSUES: set[str] = set()
# How wide the laid-out document is, and the widest elements sticking out past the viewport (to name them).
OVERFLOW_AT = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'fixed')
        .filter(e => !e.closest('.nhsuk-u-visually-hidden, [hidden]'))
        .slice(0, 5)
        .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`
            + ` right=${Math.round(e.getBoundingClientRect().right)}`);
    return {scroll: document.documentElement.scrollWidth, width, wide};
}"""
# Forms that post to this site without Django's CSRF token: each answers 403 when used. (A macro
# imported without `with context` has no `csrf_input`, and renders its form without one; the test
# client does not check tokens, so only a browser notices.)
FORMS_WITHOUT_CSRF = """() => [...document.querySelectorAll('form')]
    .filter(f => f.method === 'post' && new URL(f.action, location.href).origin === location.origin)
    .filter(f => !f.querySelector('input[name=csrfmiddlewaretoken]'))
    .map(f => f.getAttribute('action'))"""
LINK_IN_MESSAGE = re.compile(r"https?://[^\s<>\"')\]]+")
LOCAL_HOSTS = re.compile(r"^https?://(127\.0\.0\.1|localhost|testserver)(:\d+)?(/|$)")

# Playwright's sync API runs an event loop in this thread; the Django ORM calls
# the tests make for set-up are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    _RUN["collected"] = sum(1 for item in items if "tests/browser" in str(item.fspath))


# What the axe runs of this session found, for the accessibility statement.
_AXE_RUNS: list[dict] = []
_RUN = {"collected": 0, "passed": 0, "failed": 0}


def pytest_runtest_logreport(report):
    if report.when == "call" and "tests/browser" in report.nodeid:
        _RUN["passed" if report.passed else "failed"] += 1
    elif report.when == "setup" and report.failed and "tests/browser" in report.nodeid:
        _RUN["failed"] += 1


def pytest_sessionfinish(session):
    if not _AXE_RUNS:
        return
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    AXE_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = {
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": commit,
        "axe_version": AXE_VERSION,
        "wcag_tags": WCAG_TAGS,
        "browser_tests": dict(_RUN),
        "checks": _AXE_RUNS,
    }
    AXE_RESULTS.write_text(json.dumps(results, indent=1) + "\n")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


class BrowserPage:
    """A Playwright page plus the checks every visited page must pass."""

    def __init__(self, page, base_url: str, test_name: str):
        self.page = page
        self.base_url = base_url
        self.test_name = re.sub(r"[^A-Za-z0-9_]+", "_", test_name)
        self.problems: list[str] = []
        self.visited: list[str] = []
        self._shots = 0
        self._messages_seen = _last_message_id()
        self.links_opened: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))

    def _on_console(self, message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            self.problems.append(f"CSP violation: {text}")

    def visit(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
        self.check_page()
        return response

    def check_page(self, label: str | None = None):
        """Run axe on the current page, look for CSP/JS problems and take a screenshot."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(AXE_SOURCE)
        result = self.page.evaluate(AXE_RUN, WCAG_TAGS)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        url = self.page.url
        _AXE_RUNS.append(
            {
                "path": page_path(url, self.base_url),
                "width": (self.page.viewport_size or {}).get("width"),
                "violations": len(result["violations"]),
                "rules": sorted(v["id"] for v in result["violations"]),
            }
        )
        self.visited.append(url)
        self._shots += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = label or url.replace(self.base_url, "").strip("/").replace("/", "_") or "home"
        self.page.screenshot(path=SCREENSHOTS / f"{self.test_name}-{self._shots:02d}-{name[:60]}.png", full_page=True)
        assert not violations, f"axe found WCAG 2.2 A/AA violations on {url}:\n" + "\n".join(violations)
        shown = escaped_markup(self.page.evaluate("() => document.body.innerText"))
        assert not shown, f"markup shown as text on {url}:\n" + "\n".join(shown)
        assert not self.problems, f"problems on {url}:\n" + "\n".join(self.problems)
        # Only FollowOn's own pages: the local NHS login and CIS2 providers' pages are another site.
        on_this_site = self.page.url.startswith(self.base_url.rstrip("/") + "/")
        tokenless = self.page.evaluate(FORMS_WITHOUT_CSRF) if on_this_site else []
        assert not tokenless, f"forms on {url} post without a CSRF token, so they answer 403: {tokenless}"
        self.check_reflow()
        self.check_sent_links()
        if self.page.url.split("?")[0].endswith("/need-help-now/"):
            self.check_crisis_numbers()

    def check_reflow(self):
        """No sideways scrolling at 320 px (WCAG 1.4.10), whatever width the journey is run at."""
        if page_path(self.page.url, self.base_url) in REFLOW_KNOWN_ISSUES:
            return
        size = self.page.viewport_size
        if size["width"] != REFLOW_WIDTH:
            self.page.set_viewport_size({"width": REFLOW_WIDTH, "height": size["height"]})
        try:
            found = self.page.evaluate(OVERFLOW_AT)
        finally:
            if size["width"] != REFLOW_WIDTH:
                self.page.set_viewport_size(size)
        assert found["scroll"] <= found["width"], (
            f"{self.page.url} scrolls sideways at {REFLOW_WIDTH} px: the page is {found['scroll']} px wide; "
            f"sticking out: {found['wide']}"
        )

    def check_sent_links(self):
        """Every link in a text or email sent since the last page opens on the running site."""
        sent = list(OutboundMessage.objects.filter(id__gt=self._messages_seen).order_by("id"))
        if not sent:
            return
        self._messages_seen = sent[-1].id
        links = {
            link.rstrip(".,;:!?")
            for message in sent
            for link in LINK_IN_MESSAGE.findall(f"{message.subject}\n{message.body}")
        }
        ours = sorted(link for link in links if LOCAL_HOSTS.match(link))
        wrong = [link for link in ours if not link.startswith(self.base_url + "/")]
        assert not wrong, f"links sent that do not open on the running site {self.base_url}: {wrong}"
        if not ours:
            return
        # As the recipient would: a new browser context, so none of this session's cookies.
        context = self.page.context.browser.new_context()
        try:
            for link in ours:
                response = context.request.get(link)
                # 410 is the site's own "this link no longer works" page (a questionnaire already
                # answered, an invitation sent again): it opened on the running site, as it should.
                assert response.status < 400 or response.status == 410, (
                    f"the link {link} in a sent message answered {response.status}"
                )
                self.links_opened.append(link)
        finally:
            context.close()

    def check_crisis_numbers(self):
        """The tap-to-call and tap-to-text links on the crisis page are exactly the checked numbers."""
        shown = set(
            self.page.evaluate(
                '() => [...document.querySelectorAll(\'main a[href^="tel:"], main a[href^="sms:"]\')]'
                ".map(a => a.getAttribute('href'))"
            )
        )
        # The numbers for the page's language (in Welsh, Samaritans' Welsh Language Line too; ADR 0027).
        language = self.page.evaluate("() => document.documentElement.lang")
        source = {contact.href for signpost in crisis_signposts_for(language) for contact in signpost.contacts}
        assert shown, "the crisis page shows no tap-to-call links"
        assert shown <= source, f"crisis page numbers not in followon/core/signposting.py: {shown - source}"
        missing = source - shown
        assert not missing, f"numbers in followon/core/signposting.py missing from the crisis page: {missing}"

    def screenshot_at(self, width: int, label: str):
        """A full-page screenshot of the current page at another width (375 px: a common phone), for a
        person to read as its user would; the viewport is put back afterwards."""
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": width, "height": size["height"]})
        self._shots += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.test_name}-{self._shots:02d}-{label[:50]}-{width}px.png"
        self.page.screenshot(path=path, full_page=True)
        self.page.set_viewport_size(size)
        return path


# With JavaScript off (issue 21: "works without JavaScript"). Chromium's own switch cannot be used: axe
# is itself JavaScript that waits on timers, which never fire with it off. So the browser keeps
# JavaScript for the checks, and the pages get none of theirs: every script file is refused, and each
# page arrives with its <script> elements taken out and its <noscript> content left in, as a browser
# with JavaScript off would parse it. Redirects pass through to the browser as they are.
_SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]*>", re.I)


def _as_without_javascript(route):
    request = route.request
    if request.resource_type == "script":
        route.abort()
    elif request.resource_type != "document":
        route.continue_()
    else:
        response = route.fetch(max_redirects=0)
        if "text/html" not in (response.headers.get("content-type") or ""):
            route.fulfill(response=response)
        else:
            route.fulfill(response=response, body=_NOSCRIPT_TAG.sub("", _SCRIPT_ELEMENT.sub("", response.text())))


def without_javascript(context):
    """Make a browser context one whose pages run none of their own JavaScript (see above)."""
    # Style sheets, fonts and images load as usual, without a round trip through the handler.
    context.route(lambda url: "/static/" not in url or url.endswith(".js"), _as_without_javascript)
    return context


def _last_message_id() -> int:
    return OutboundMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def reference_data(transactional_db):
    """Reload the reference rows that migrations load and a transactional test's flush wipes.

    Browser tests use transactional databases; each one empties every table when it ends,
    including the UK outcode centroids, so the next browser test would find none.
    """
    from django.apps import apps as django_apps
    from django.db import connection

    outcodes = importlib.import_module("followon.network.migrations.0002_load_outcodes")
    if not django_apps.get_model("network", "Outcode").objects.exists():
        outcodes.load(django_apps, connection.schema_editor())


@pytest.fixture
def sends_to_live_server(live_server, settings):
    """As `make run` does for its port: sends made outside a page (the worker, a test's own set-up)
    build their links from FOLLOWON_BASE_URL, so it is the running site's address."""
    settings.FOLLOWON_BASE_URL = live_server.url


@pytest.fixture
def browser_page(browser, live_server, reference_data, sends_to_live_server, request):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield BrowserPage(page, live_server.url, request.node.name)
    context.close()


@pytest.fixture
def phone_375(browser, live_server, reference_data, sends_to_live_server, request):
    """An everyday phone held upright: 375 pixels wide."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield BrowserPage(page, live_server.url, request.node.name)
    context.close()


@pytest.fixture
def phone_page(browser, live_server, reference_data, sends_to_live_server, request):
    """A small, old-phone-sized screen."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield BrowserPage(page, live_server.url, request.node.name + "_phone")
    context.close()


@pytest.fixture
def no_js_phone(browser, live_server, reference_data, sends_to_live_server, request):
    """A 375 px phone with JavaScript turned off (`without_javascript`)."""
    context = without_javascript(
        browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True)
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield BrowserPage(page, live_server.url, request.node.name + "_nojs")
    context.close()
