"""Every page, as each role, in English and Chinese, 1366 px wide and on a 390 px phone
with the menu open: 0 axe-core violations (WCAG 2.0, 2.1, 2.2 A and AA) and 0 errors of
the Nu Html Checker (tests/standards.py runs both).

The pages are the URL matrices' (tests/test_url_matrix.py, tests/campaigns/conftest.py,
tests/organize/conftest.py): every GET that answers 200 for the role, also the ones
that first ask for the password again (the session here has just typed it), plus the
404, 429 and 500 pages and forms showing their errors. A new row in a matrix is checked
here without a change to this file. `STANDARDS_SCREENSHOTS=1` also saves a screenshot
of every view in test-artifacts/standards/, to look at what the suites looked at.
"""

import os
import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import ARTIFACTS
from tests.campaigns.conftest import MATRIX as CAMPAIGN_MATRIX
from tests.conftest import reauthenticate
from tests.organize.conftest import CONFIRM, PAGE, PERSONAL_EXPORT
from tests.organize.conftest import MATRIX as ORGANIZE_MATRIX
from tests.standards import (
    AXE_JS,
    Finding,
    axe_results,
    axe_violations,
    report,
    start_axe,
    vnu_errors,
)
from tests.test_url_matrix import ACCOUNTS, PUBLIC

from .standards_world import FORMS, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Traditional Chinese shares the layout of Simplified Chinese: its strings are checked
# on the public pages, which most of its readers see.
LANGUAGES = {
    "anonymous": ["en", "zh-hans", "zh-hant"],
    "volunteer": ["en", "zh-hans"],
    "organizer": ["en", "zh-hans"],
}
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
REAUTH = "302 /accounts/reauthenticate/"
COLUMN = {"anonymous": 1, "volunteer": 2, "organizer": 3}
# Pages no matrix names: a search, an empty search, the list's second page, other
# profiles (with a photo, released, died), the 404 page; the email link's "logged" and
# "already logged" answers.
EXTRA = [
    "/prisoners/?q=wu",
    "/prisoners/?q=nobody-has-this-name&status=died",
    "/prisoners/?page=2",
    "/prisoners/{with_photo}/",
    "/prisoners/{released}/",
    "/prisoners/{died}/",
    "/no-such-page/",
    "/r/post/{log_token}/?logged=1",
    "/r/post/{log_token}/?logged=already",
]
STATUS = {"/no-such-page/": 404}
OPEN_MENU = """() => {
    const toggler = document.querySelector(".navbar-toggler");
    if (!toggler || !toggler.offsetParent) return false;  // no menu, or not folded
    toggler.click();
    return true;
}"""


def paths_for(role: str) -> list[str]:
    """The role's pages: what the matrices say answers 200 (or will, after re-typing the
    password), in the matrices' order, then the extra pages."""
    column = COLUMN[role]
    rows = [(row[0], row[column]) for row in (*PUBLIC.values(), *ACCOUNTS.values())]
    # The campaign matrix's columns: anonymous, owner, another volunteer; an
    # organizer owns nothing there, so is another volunteer.
    rows += [(row[0], row[column]) for row in CAMPAIGN_MATRIX.values()]
    if role == "organizer":
        kinds = (PAGE, CONFIRM, PERSONAL_EXPORT)
        rows += [(path, 200) for path, kind in ORGANIZE_MATRIX.values() if kind in kinds]
    if role == "anonymous":
        rows = [(path, expected) for path, expected in rows if expected != REAUTH]
    return [path for path, expected in rows if expected in (200, REAUTH)] + EXTRA


class Lane:
    """One role in one language, in its own browser context, through the role's pages.

    Its steps are generators that pause (yield) while axe works in the page, so that the
    other lanes load their pages meanwhile: the browser and the server use both cores.
    """

    def __init__(self, context, role: str, language: str, base: str):
        self.page = context.new_page()
        self.role, self.language, self.base = role, language, base
        self.viewport = WIDE
        self.documents: dict[str, str] = {}
        self.findings: list[Finding] = []
        self.wrong_status: list[str] = []
        self.shots = bool(os.environ.get("STANDARDS_SCREENSHOTS"))

    def visit(self, path: str, expected: int = 200) -> Iterator[None]:
        try:
            response = self.page.goto(self.base + path)
        except PlaywrightError as error:
            if "Download is starting" in error.message:
                return  # a file to save (the data export), not a page
            raise
        yield from self.check(path, response, expected)

    def check(self, path: str, response, expected: int = 200) -> Iterator[None]:
        """Axe on the page as loaded, then at the other width (a phone with its menu
        open, or wide); the HTML as the server sent it is kept for the Nu Html Checker."""
        name = f"{self.role} {self.language} {path}"
        if response is None or response.status != expected:
            self.wrong_status.append(f"{name}: {response and response.status} not {expected}")
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return  # /health/'s JSON
        self.documents[name] = response.text()
        for viewport in (self.viewport, PHONE if self.viewport == WIDE else WIDE):
            self._show(viewport)
            start_axe(self.page)
            yield
            width = "390px menu open" if viewport == PHONE else "1366px"
            self.findings += axe_results(self.page, f"{name} {width}")
            self._screenshot(f"{name} {width}")

    def _show(self, viewport: dict) -> None:
        if viewport != self.viewport:
            self.page.set_viewport_size(viewport)
            self.viewport = viewport
        if viewport == PHONE and self.page.evaluate(OPEN_MENU):
            self.page.locator("#nav-main.show").wait_for()

    def _screenshot(self, name: str) -> None:
        if self.shots:
            folder = ARTIFACTS / "standards"
            folder.mkdir(parents=True, exist_ok=True)
            file = re.sub(r"[^A-Za-z0-9_-]+", "_", name)[:120]
            self.page.screenshot(path=str(folder / f"{file}.png"), full_page=True)


@pytest.fixture
def world(
    transactional_db, settings, tmp_path, make_user, make_prisoner, make_organizer, imports_inline
) -> dict:
    settings.MEDIA_ROOT = tmp_path  # the photo; an upload's check runs in the live server
    return build_world(make_user, make_prisoner, make_organizer)


def signed_in_cookies(user, base: str) -> list[dict]:
    """A session signed in as `user` that has just typed the password again."""
    client = Client()
    client.force_login(user)
    reauthenticate(client)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}]


def server_error(lane: Lane) -> Iterator[None]:
    """The 500 page as Django's handler renders it (no view here fails on purpose),
    served at an address of the site so that its styles load."""
    with translation.override(lane.language):
        body = defaults.server_error(RequestFactory().get("/")).content.decode()
    path = "/standards/500/"
    lane.page.route(
        lane.base + path,
        lambda route: route.fulfill(status=500, body=body, content_type="text/html"),
    )
    yield from lane.visit(path, expected=500)
    lane.page.unroute(lane.base + path)


def interleave(steps: list[Iterator[None]]) -> None:
    """Advance each lane by a step in turn until all are done."""
    done = object()
    while steps:
        steps = [step for step in steps if next(step, done) is not done]


@pytest.mark.parametrize("role", list(COLUMN))
def test_every_page_passes_axe_and_the_nu_html_checker(role, world, browser, live_server):
    base = live_server.url
    cookies = [] if role == "anonymous" else signed_in_cookies(world[role], base)
    paths = [path.format(**world["slots"]) for path in paths_for(role)]
    contexts, lanes = [], []
    for language in LANGUAGES[role]:
        context = browser.new_context(viewport=WIDE, reduced_motion="reduce")
        context.add_init_script(path=AXE_JS)
        context.add_cookies([*cookies, {"name": "django_language", "value": language, "url": base}])
        contexts.append(context)
        lanes.append(Lane(context, role, language, base))

    def steps(lane: Lane) -> Iterator[None]:
        for path in paths:
            yield from lane.visit(path, STATUS.get(path, 200))
        for form in FORMS[role]:
            yield from form(lane, world)
        yield from server_error(lane)

    interleave([steps(lane) for lane in lanes])
    for context in contexts:
        context.close()

    documents = {name: html for lane in lanes for name, html in lane.documents.items()}
    findings = [finding for lane in lanes for finding in lane.findings]
    findings += vnu_errors(documents)
    assert [wrong for lane in lanes for wrong in lane.wrong_status] == []
    assert findings == [], report(findings)


LOW_CONTRAST = """<!doctype html><html lang="en"><head><title>Known faults</title></head>
<body><main><h1>Known faults</h1>
<p style="color: #cb9a9c; background: #8b1e24">The old header links: 3.74:1.</p>
<p><time datetime="{moment}">Now</time></p></main></body></html>"""


@pytest.mark.django_db(transaction=False)
def test_the_checkers_report_known_faults_and_pass_clean_documents(browser):
    """The run above passes because the pages are clean, not because a tool is silent."""
    page = browser.new_page()
    page.set_content(LOW_CONTRAST.format(moment="2026-01-02T03:04:05Z"))
    (finding,) = axe_violations(page, "known faults")
    assert (finding.rule, finding.where) == ("color-contrast", "p:nth-child(2)")
    page.close()

    errors = vnu_errors(
        {
            "clean": LOW_CONTRAST.format(moment="2026-01-02T03:04:05Z"),
            "microseconds": LOW_CONTRAST.format(moment="2026-01-02T03:04:05.123456+00:00"),
        }
    )
    (error,) = errors
    assert error.document == "microseconds"
    assert error.rule.startswith("Bad value “2026-01-02T03:04:05.123456+00:00” for attribute")
