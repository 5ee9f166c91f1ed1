"""An organizer without a second factor signs in and sets up an authenticator app: the
password is asked once, and the secret shown stays the same until it is confirmed
(advocacy/totp_setup.py, AccountAdapter.is_reauthentication_required)."""

import re
import time
from urllib.parse import urlsplit

import pytest
import time_machine
from allauth.mfa.utils import decrypt, is_mfa_enabled
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD, totp_code

ACTIVATE = reverse("mfa_activate_totp")
NEW_CODE = "This is a new code: remove the old entry from your app and scan this one."


@pytest.fixture
def frozen():
    """One TOTP period throughout (time moves only when a test says so)."""
    with time_machine.travel(time.time(), tick=False) as traveller:
        yield traveller


def sign_in(client, user):
    data = {"login": user.email, "password": PASSWORD}
    return client.post(reverse("account_login"), data, follow=True)


def secret_on(page) -> str:
    """The secret the page shows (beside the QR code, which encodes the same)."""
    html = page.content.decode()
    match = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html)
    assert match, "the set-up page shows no secret"
    assert f"secret={match[1]}" in page.context["totp_url"]  # the QR code's
    return match[1]


def test_right_after_signing_in_the_setup_asks_nothing_again_and_keeps_its_secret(
    client, organizer_without_mfa, frozen
):
    page = sign_in(client, organizer_without_mfa)
    paths = [urlsplit(url).path for url, _ in page.redirect_chain]
    assert paths == ["/organize/", ACTIVATE]  # the gate, then the set-up: no password form
    assert "Organizers need a second factor first" in page.content.decode()
    first = secret_on(page)
    assert NEW_CODE not in page.content.decode()

    for _reload in range(3):
        page = client.get(ACTIVATE)
        assert page.status_code == 200
        assert secret_on(page) == first
        assert NEW_CODE not in page.content.decode()

    response = client.post(ACTIVATE, {"code": totp_code(first)})
    assert urlsplit(response["Location"]).path == reverse("mfa_view_recovery_codes")
    assert is_mfa_enabled(organizer_without_mfa)
    totp = organizer_without_mfa.authenticator_set.get(type="totp")
    assert decrypt(totp.data["secret"]) == first  # the one the first load showed
    # The recovery codes that follow are shown without the password either...
    codes_page = client.get(response["Location"])
    assert 'id="recovery_codes"' in codes_page.content.decode()
    assert client.get("/organize/").status_code == 200
    # ...but the exports still want it typed again (S3): the sign-in counts only here.
    export = client.get(reverse("organize:export_prisoners"))
    assert urlsplit(export["Location"]).path == reverse("account_reauthenticate")


def test_once_the_sign_in_is_old_the_setup_asks_for_the_password(
    client, organizer_without_mfa, frozen
):
    page = sign_in(client, organizer_without_mfa)
    first = secret_on(page)
    frozen.shift(settings.ACCOUNT_REAUTHENTICATION_TIMEOUT + 1)
    response = client.get(ACTIVATE)
    assert urlsplit(response["Location"]).path == reverse("account_reauthenticate")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert urlsplit(response["Location"]).path == ACTIVATE
    # The password typed again does not change the secret already scanned.
    assert secret_on(client.get(ACTIVATE)) == first


def test_a_wrong_code_says_where_to_look(client, organizer_without_mfa, frozen):
    secret = secret_on(sign_in(client, organizer_without_mfa))
    earlier = totp_code(secret, at=time.time() - 300)  # a phone five minutes slow
    page = client.post(ACTIVATE, {"code": earlier})
    assert page.status_code == 200
    assert "phone&#x27;s clock is set automatically" in page.content.decode()
    assert "the QR code on this page" in page.content.decode()
    assert secret_on(page) == secret
    assert not is_mfa_enabled(organizer_without_mfa)


def test_a_secret_that_had_to_change_is_announced_as_new(client, organizer_without_mfa, frozen):
    first = secret_on(sign_in(client, organizer_without_mfa))
    client.logout()  # the session, and the secret it kept, are gone

    page = sign_in(client, organizer_without_mfa)
    second = secret_on(page)
    assert second != first
    assert NEW_CODE in page.content.decode()
    page = client.get(ACTIVATE)  # said until confirmed, with the same secret
    assert (secret_on(page), NEW_CODE in page.content.decode()) == (second, True)

    assert client.post(ACTIVATE, {"code": totp_code(first)}).status_code == 200
    response = client.post(ACTIVATE, {"code": totp_code(second)})
    assert response.status_code == 302
    assert is_mfa_enabled(organizer_without_mfa)


def test_the_notice_speaks_chinese(client, organizer_without_mfa, frozen):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    secret_on(sign_in(client, organizer_without_mfa))
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    page = sign_in(client, organizer_without_mfa).content.decode()
    assert "這是一個新的 QR 碼：請從你的應用程式中刪除舊的項目，再掃描這一個。" in page
    assert "啟用驗證器應用程式" in page
