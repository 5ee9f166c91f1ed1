"""allauth's emails in HTML: only this site's links are links, the one the reader came for
is a button, and nothing someone else typed becomes a link (issue 11, point 2).

The HTML part of allauth's plain-text emails is made by advocacy/email_html.py. It used
to `urlize` the whole text, so a browser's user agent quoted in a security notice ("the
change originates from: Browser: …") could put an attacker's link in the owner's mail.
"""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD, SITE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site_url")]

ATTACKER_AGENT = "Mozilla/5.0 (verify your account now: https://evil.example/verify?x=1&y=2)"


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_a_user_agent_with_a_link_stays_text_in_the_security_notice(volunteer):
    client = Client(headers={"user-agent": ATTACKER_AGENT})
    client.force_login(volunteer)
    new = "another long passphrase"
    client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    (notice,) = mail.outbox
    assert "https://evil.example/verify" in notice.body  # allauth quotes the browser
    html = notice.alternatives[0][0]
    assert "https://evil.example/verify?x=1&amp;y=2" in html  # as escaped text
    assert all(href.startswith(SITE) for href in hrefs(html)), hrefs(html)


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Confirm my address"), ("zh-hans", "确认我的地址"), ("zh-hant", "確認我的地址")],
)
def test_the_confirmation_link_is_a_button_with_its_address_below(client, language, label):
    client.cookies["django_language"] = language
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Plum Blossom",
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    (message,) = mail.outbox
    (link,) = re.findall(re.escape(SITE) + r"/accounts/confirm-email/\S+", message.body)
    html = message.alternatives[0][0]
    button, address = re.findall(rf'<a href="{re.escape(link)}"[^>]*>([^<]*)</a>', html)
    assert (button, address) == (label, link)


def test_an_unknown_address_gets_a_sign_up_button(client):
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert re.search(
        rf'<a href="{re.escape(SITE)}/accounts/signup/"[^>]*>Create an account</a>', html
    )
