"""Chromium reads the web app manifest as a phone would, finds it installable, and the
share target opens the log form with the shared link filled in (issue 13, point 3)."""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from campaigns.models import Adoption, Post
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
X_LINK = "https://x.com/lotus/status/1861234567890123456"


def test_chromium_reads_the_manifest_and_finds_the_site_installable(page, live_server):
    page.goto(live_server.url + "/")
    cdp = page.context.new_cdp_session(page)
    read = cdp.send("Page.getAppManifest")
    assert read["url"] == live_server.url + "/manifest.webmanifest"
    assert read["errors"] == []
    data = json.loads(read["data"])
    assert data["share_target"]["action"] == "/me/share/"
    # What Chromium made of it (newer protocols): the share target and icons it kept. (Its
    # report of the share target's other fields is garbled in Chromium 156: not checked.)
    parsed = read.get("manifest")
    if parsed is not None:
        assert parsed["shareTarget"]["action"] == live_server.url + "/me/share/"
        assert parsed["startUrl"] == live_server.url + "/me/"
        assert len(parsed["icons"]) == 4
    # Playwright's contexts are incognito ones, where nothing installs: that is the
    # browser's state, not the site's. Anything else (no icon, a bad start URL...) is ours.
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []


def test_sharing_from_x_signs_in_and_opens_the_form_with_the_link(
    browser, live_server, volunteer, prisoner, screenshot
):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        # What the X app sends: the post's link inside the text.
        shared = "/me/share/?" + urlencode({"text": f"记住吴淦 {X_LINK}"})
        page.goto(live_server.url + shared)
        page.locator("input[name=login]").fill(volunteer.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form.login button[type=submit], main form button[type=submit]").first.click()
        page.wait_for_url(live_server.url + shared)
        expect(page.locator("h1")).to_have_text(f"Log this post about {prisoner.primary_name()}")
        expect(page.locator("input[name=link]")).to_have_value(X_LINK)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "share-target-390")
        assert Post.objects.count() == 0
    finally:
        context.close()


STANDALONE = """{
    const matchMedia = window.matchMedia.bind(window);
    const app = "(display-mode: standalone)";
    window.matchMedia = (query) =>
        query === app ? { matches: true, media: query } : matchMedia(query);
}"""
# True once the page's worker is active; false after ten seconds without one.
WORKER_READY = """Promise.race([
    navigator.serviceWorker.ready.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 10000)),
])"""
KEPT = """async () => {
    const kept = [];
    for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) {
            kept.push(new URL(request.url).pathname);
        }
    }
    return kept;
}"""


def test_offline_the_app_shows_our_page_and_keeps_no_personal_page(
    browser, live_server, volunteer, prisoner, screenshot
):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    client = Client()
    client.force_login(volunteer)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        # In a browser tab, no worker: nothing is stored, the browser's offline page serves.
        page.goto(live_server.url + "/me/")
        page.wait_for_load_state("load")
        assert page.evaluate("navigator.serviceWorker.getRegistrations()") == []
        # The installed app is a "standalone" window: its pages register the worker.
        # (Chromium's media emulation has no display-mode, hence this stand-in.)
        context.add_init_script(STANDALONE)
        page.reload()
        assert page.evaluate("matchMedia('(display-mode: standalone)').matches")
        assert page.evaluate(WORKER_READY)
        page.reload()  # the first page loaded before the worker; this one goes through it
        assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
        kept = page.evaluate(KEPT)
        assert "/offline/" in kept
        assert all(path == "/offline/" or path.startswith("/static/") for path in kept), kept

        shared = "/me/share/?" + urlencode({"text": f"See {X_LINK}"})
        context.set_offline(True)
        page.goto(live_server.url + shared)
        expect(page.locator("h1")).to_have_text("No connection")
        # The site's own stylesheet came from the worker's copy: the header is campaign red.
        header = page.locator("nav.navbar")
        expect(header).to_have_css("background-color", "rgb(139, 30, 36)")
        screenshot(page, "offline-390")

        context.set_offline(False)
        page.get_by_role("link", name="Try again").click()
        expect(page.locator("input[name=link]")).to_have_value(X_LINK)
    finally:
        context.close()
