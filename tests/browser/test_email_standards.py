"""Every email's HTML part under the same suites as the pages: the Nu Html Checker and
axe-core (WCAG 2.0/2.1/2.2 A and AA), at a phone's width and a desktop's (issue 11).

The emails are the catalogue's (tests/email_catalogue.py: every kind the project sends,
in English and both Chinese scripts, made by the real code paths). axe runs on the
message as a mail program shows it, with nothing fetched: the photo is answered locally.
"""

import pytest

from tests.browser.conftest import mail_reader
from tests.email_catalogue import EMAIL_NAMES, html_of
from tests.standards import axe_violations, report, vnu_errors

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)


def test_every_email_is_valid_html(email_catalogue):
    documents = {name: html_of(email_catalogue[name]) for name in EMAIL_NAMES}
    errors = vnu_errors(documents)
    assert errors == [], report(errors)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_email_passes_axe(browser, email_catalogue, width):
    violations = []
    with mail_reader(browser, width) as page:
        for name in EMAIL_NAMES:
            page.set_content(html_of(email_catalogue[name]), wait_until="load")
            violations += axe_violations(page, f"{name} at {width} px")
    assert len(EMAIL_NAMES) >= 60  # three languages of every kind: nothing skipped
    assert violations == [], report(violations)
