"""Browser tests: Playwright driving Debian's Chromium (headless) against live_server."""

import io
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls that test
    # code makes around it are still plain synchronous code. Only while it runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    # Any request to another origin is a failure: pages must be self-contained (S8).
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else None
        ),
    )
    yield page
    context.close()
    assert outside == [], f"requests to other origins: {outside}"


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def _photo() -> bytes:
    """A stand-in for a prisoner's photo in an email (portrait, like the real ones)."""
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (150, 150, 150)).save(buffer, "JPEG")
    return buffer.getvalue()


@contextmanager
def mail_reader(browser, width: int):
    """A page `width` px wide that shows an email as a mail program does: the photo is
    answered locally (from the catalogue's SITE_URL), nothing else is fetched."""
    from tests.email_catalogue import CATALOGUE_SITE_URL

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    photo = _photo()
    page.route(
        "**/*",
        lambda route: (
            route.fulfill(body=photo, content_type="image/jpeg")
            if route.request.url.startswith(CATALOGUE_SITE_URL + "/media/")
            else route.abort()
        ),
    )
    try:
        yield page
    finally:
        context.close()
