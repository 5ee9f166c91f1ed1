"""The sign-in limits count per client address behind nginx: the address nginx saw the
connection come from (X-Real-IP, ALLAUTH_TRUSTED_CLIENT_IP_HEADER in deploy/env.example),
not nginx's own, and not what the client writes in its headers.

Each 127.x address is this machine's own: connections from 127.0.0.2 and 127.0.0.3 are
two clients as far as nginx can tell."""

import re
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "volunteer@example.org"


def sign_in(stack, source: str, **headers) -> int:
    page = stack.get("/accounts/login/", source=source)
    cookie = next(c for c in page.msg.get_all("Set-Cookie") if c.startswith("csrftoken="))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
    form = {"login": EMAIL, "password": "wrong password", "csrfmiddlewaretoken": token}
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie.split(";")[0],
        "Origin": "https://campaign.example.org",  # an HTTPS origin: Django's CSRF check
        **headers,
    }
    return stack.request(
        "POST", "/accounts/login/", body=urlencode(form), headers=headers, source=source
    ).status


def test_failures_from_one_address_do_not_block_another(stack):
    assert [sign_in(stack, "127.0.0.2") for _ in range(5)] == [200] * 5  # the form again
    assert sign_in(stack, "127.0.0.2") == 429
    assert sign_in(stack, "127.0.0.3") == 200


def test_a_client_cannot_choose_its_address(stack):
    for _ in range(5):
        sign_in(stack, "127.0.0.2")
    forged = {"X-Real-IP": "203.0.113.7", "X-Forwarded-For": "203.0.113.7"}
    assert sign_in(stack, "127.0.0.2", **forged) == 429
