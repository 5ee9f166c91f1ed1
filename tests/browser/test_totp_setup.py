"""A new organizer signs in, reloads the authenticator set-up twice and confirms it with a
code computed from the secret the page showed first, in English and in Chinese: no
second password, the same secret on every load (advocacy/totp_setup.py)."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.utils import is_mfa_enabled
from playwright.sync_api import expect

from tests.conftest import PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "gate": "Organizers need a second factor first",
        "heading": "Activate Authenticator App",
        "continue": "I have kept my codes: continue to the dashboard",
    },
    "zh-hans": {
        "gate": "组织者须先启用双重验证",
        "heading": "启用身份验证器应用",
        "continue": "我已保存这些恢复码：继续前往仪表板",
    },
}


def code_now(secret: str) -> str:
    """The code an authenticator app shows now, still valid when the form arrives."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return totp_code(secret)


@pytest.mark.parametrize("language", sorted(WORDS))
def test_a_new_organizer_reloads_the_setup_twice_and_confirms_it(
    live_server, page, screenshot, organizer_without_mfa, language
):
    words = WORDS[language]
    base = live_server.url
    page.goto(base + "/accounts/login/")
    if language != "en":
        page.get_by_role("button", name="简体中文").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("input[name=login]").fill(organizer_without_mfa.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()

    # Straight from the sign-in to the set-up: no password asked again.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/\?next=%2Forganize%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words["heading"])
    expect(page.get_by_text(words["gate"])).to_be_visible()
    expect(page.locator("input[name=password]")).to_have_count(0)
    secret_field = page.locator("#authenticator_secret")
    first = secret_field.input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", first)
    qr_alt = page.locator("form img").get_attribute("alt")
    assert qr_alt == first  # the QR code is of the same secret

    for _reload in range(2):
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text(words["heading"])
        expect(secret_field).to_have_value(first)
        expect(page.locator(".alert-warning")).to_have_count(0)  # nothing "new" to say
    screenshot(page, f"totp-setup-{language}")

    page.locator("input[name=code]").fill(code_now(first))
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(base + "/accounts/2fa/recovery-codes/")
    expect(page.locator("#recovery_codes")).to_be_visible()
    assert is_mfa_enabled(organizer_without_mfa)
    page.get_by_role("link", name=words["continue"]).click()
    expect(page).to_have_url(base + "/organize/")
