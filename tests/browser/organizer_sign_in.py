"""An organizer signs in as a person does: password, then the code of their authenticator."""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from playwright.sync_api import expect

from tests.conftest import PASSWORD, totp_code


def sign_in(page, base, organizer):
    page.goto(base + "/accounts/login/?next=/organize/")
    page.locator("input[name=login]").fill(organizer.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    # The code an authenticator app shows right now; wait out the end of a period, so
    # that it is still the valid code when the form arrives.
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    page.locator("input[name=code]").fill(totp_code(organizer.totp_secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(base + "/organize/")


def read_in(page, language: str) -> None:
    """Switch the site's language with the switcher, as the organizer would."""
    if language != "en":
        page.get_by_role("button", name={"zh-hans": "简体中文"}[language]).click()
        expect(page.locator("html")).to_have_attribute("lang", language)
