"""Failed sign-ins are limited per account and client address, and the client address is
the connection's unless a proxy is trusted (issue 11, point 5).

Strangers failing from one address must neither lock out the next person there (a VPN's
or an office's address is shared) nor lock an organizer out from elsewhere; one account
attacked from one address does get the campaign's 429 page.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.9"
OWNER = "192.0.2.10"
PROXY = "10.0.0.2"


def sign_in(email, password, ip, client=None, **headers):
    client = client or Client()
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip, **headers
    )


def fail_five_times(email, ip, **headers):
    answers = [sign_in(email, "wrong password", ip, **headers).status_code for _ in range(5)]
    assert answers == [200] * 5  # the form again, with its error


def test_failures_for_random_addresses_leave_the_next_person_in(client, volunteer):
    for n in range(12):
        assert sign_in(f"stranger{n}@example.org", "wrong password", ATTACKER).status_code == 200
    response = sign_in(volunteer.email, PASSWORD, ATTACKER, client)
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert client.session["_auth_user_id"] == str(volunteer.pk)


def test_a_stranger_cannot_lock_an_organizer_out(client, organizer):
    fail_five_times(organizer.email, ATTACKER)
    assert sign_in(organizer.email, PASSWORD, ATTACKER).status_code == 429
    # From the organizer's own address the password is accepted: next, the second factor.
    response = sign_in(organizer.email, PASSWORD, OWNER, client)
    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/authenticate/")


def test_failures_for_one_account_from_one_address_get_the_429_page(client, volunteer):
    fail_five_times(volunteer.email, ATTACKER)
    client.cookies["django_language"] = "zh-hant"
    page = sign_in(volunteer.email, PASSWORD, ATTACKER, client)  # even the right password
    assert page.status_code == 429
    assert "_auth_user_id" not in client.session
    text = page.content.decode()
    assert "嘗試次數過多" in text  # the campaign's page, in the reader's language
    assert 'href="/prisoners/"' in text  # with the site's menu
    assert page["Content-Security-Policy"]


def test_many_failures_from_one_address_are_still_stopped(volunteer):
    # The ceiling per address, against trying one password over many accounts.
    answers = [
        sign_in(f"sprayed{n}@example.org", "Summer2026!", ATTACKER).status_code for n in range(31)
    ]
    assert answers == [200] * 30 + [429]
    assert sign_in(volunteer.email, PASSWORD, OWNER).status_code == 302


def test_behind_a_trusted_proxy_x_forwarded_for_names_the_client(settings, client, volunteer):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    fail_five_times(volunteer.email, PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert sign_in(volunteer.email, PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == (
        429
    )
    # What the client wrote before the proxy's own entry does not change who it is.
    spoofed = sign_in(volunteer.email, PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=f"{OWNER}, {ATTACKER}")
    assert spoofed.status_code == 429
    # The owner comes through the same proxy, from another address: let in.
    response = sign_in(volunteer.email, PASSWORD, PROXY, client, HTTP_X_FORWARDED_FOR=OWNER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(volunteer.pk)


def test_behind_a_proxy_that_names_the_client_in_a_header(settings, volunteer):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    fail_five_times(volunteer.email, PROXY, HTTP_X_REAL_IP=ATTACKER)
    assert sign_in(volunteer.email, PASSWORD, PROXY, HTTP_X_REAL_IP=ATTACKER).status_code == 429
    assert sign_in(volunteer.email, PASSWORD, PROXY, HTTP_X_REAL_IP=OWNER).status_code == 302


def test_without_a_trusted_proxy_a_forged_x_forwarded_for_is_ignored(volunteer):
    # A new forged address each time does not buy new attempts.
    for n in range(5):
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{100 + n}"}
        assert sign_in(volunteer.email, "wrong password", ATTACKER, **forged).status_code == 200
    forged = {"HTTP_X_FORWARDED_FOR": OWNER}
    assert sign_in(volunteer.email, PASSWORD, ATTACKER, **forged).status_code == 429


PROBE = """
import django
django.setup()
from allauth import app_settings
print(app_settings.TRUSTED_PROXY_COUNT, app_settings.TRUSTED_CLIENT_IP_HEADER)
"""


@pytest.mark.parametrize(
    ("environment", "read"),
    [
        ({}, "0 None"),
        ({"ALLAUTH_TRUSTED_PROXY_COUNT": "1"}, "1 None"),
        ({"ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "0 X-Real-IP"),
    ],
)
def test_the_trusted_proxy_comes_from_the_environment(environment, read):
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("ALLAUTH_TRUSTED_")
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=Path(__file__).resolve().parent.parent,
        env={**env, "DJANGO_SETTINGS_MODULE": "advocacy.settings", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == read
