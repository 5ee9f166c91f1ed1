"""Every email's HTML part as a phone shows it: no wider than the screen, links that work.

An outside review found the sign-up confirmation 584 px wide on a 390 px phone, because
of an unbreakable link (issue 11). Each email of the catalogue (tests/email_catalogue.py:
every kind, in English and both Chinese scripts, with long names and a long SITE_URL) is
loaded in Debian's Chromium in a 390 px viewport, as a mail program shows a message;
a screenshot of each is saved in test-artifacts/.
"""

import pytest

from tests.browser.conftest import mail_reader
from tests.email_catalogue import CATALOGUE_SITE_URL, EMAIL_NAMES, html_of

pytestmark = pytest.mark.browser

PHONE = 390
# The platforms' own compose pages, where the weekly email's "Post on X" and the other
# share links go (issue 13): the only links out of our site, and no image of theirs.
SHARE_PAGES = (
    "https://x.com/intent/post?text=",
    "https://bsky.app/intent/compose?text=",
    "https://t.me/share/url?url=",
    "https://service.weibo.com/share/share.php?url=",
)


@pytest.fixture(scope="module")
def phone(browser):
    """A 390 px wide mail program's page (see tests/browser/conftest.py: mail_reader)."""
    with mail_reader(browser, PHONE) as page:
        yield page


def _show(page, email_catalogue, name):
    page.set_content(html_of(email_catalogue[name]), wait_until="load")


@pytest.mark.parametrize("name", EMAIL_NAMES)
def test_the_email_is_no_wider_than_a_phone(phone, email_catalogue, name, screenshot):
    _show(phone, email_catalogue, name)
    screenshot(phone, f"email-{name.replace('/', '-')}-{PHONE}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE


@pytest.mark.parametrize("name", EMAIL_NAMES)
def test_every_link_and_image_of_the_email_is_absolute(phone, email_catalogue, name):
    # A mail program has no base address: a relative link leads nowhere.
    _show(phone, email_catalogue, name)
    links = phone.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    images = phone.eval_on_selector_all("img", "images => images.map(i => i.getAttribute('src'))")
    assert links, "an email without a single link"
    for address in images:
        assert address.startswith(CATALOGUE_SITE_URL + "/"), address
    for address in links:
        assert address == CATALOGUE_SITE_URL or address.startswith(
            (CATALOGUE_SITE_URL + "/", "mailto:", *SHARE_PAGES)
        ), address
