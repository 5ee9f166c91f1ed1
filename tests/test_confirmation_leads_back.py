"""Confirming the address in another browser (the phone's mail app, say) still leads back
to the prisoner the volunteer was about to defend: the link carries the sign-up's `next`.
And the sign-up email tells the truth: the account exists, unconfirmed."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.campaigns.test_accounts import sign_up

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site_url")]


CONFIRMATION = r"https://campaign\.example(/accounts/confirm-email/[^\s\"<>]+)"


def _confirmation_path(message) -> str:
    (link,) = re.findall(CONFIRMATION, message.body)
    return link


def test_confirming_in_another_browser_leads_back_to_the_prisoner(client, prisoner):
    profile = prisoner.get_absolute_url()
    sign_up(client, next=profile)
    (message,) = mail.outbox
    path = _confirmation_path(message)
    assert path.endswith("?next=" + profile.replace("/", "%2F"))

    elsewhere = Client()  # no session of the sign-up
    page = elsewhere.get(path).content.decode()
    assert f'name="next" value="{profile}"' in page
    response = elsewhere.post(path.split("?")[0], {"next": profile})

    assert response.status_code == 302
    assert response["Location"] == profile


def test_a_sign_up_without_next_sends_a_plain_link(client):
    sign_up(client)
    (message,) = mail.outbox
    assert "?" not in _confirmation_path(message)


@pytest.mark.parametrize("foreign", ["https://evil.example/x", "//evil.example/x"])
def test_a_foreign_next_is_not_carried(client, foreign):
    sign_up(client, next=foreign)
    (message,) = mail.outbox
    assert "evil" not in message.body


def test_the_sign_up_email_does_not_deny_the_account_exists(client):
    sign_up(client)
    (message,) = mail.outbox
    assert "no account is made" not in message.body
    assert "Until the address is confirmed, that account can do nothing" in message.body
