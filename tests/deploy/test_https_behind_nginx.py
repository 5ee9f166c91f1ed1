"""Behind nginx, Django knows a request came over HTTPS (nginx's X-Forwarded-Proto, read
with SECURE_PROXY_SSL_HEADER): pages are served, not redirected to HTTPS again and again
(SECURE_SSL_REDIRECT is on), HSTS is sent (Django sends it on secure requests only) and
cookies are Secure. Plain HTTP is sent to the site's HTTPS address, except Let's Encrypt's
challenges; a name that is not the site's gets nothing."""

import http.client
import ssl

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_page_over_https_is_served_with_hsts_and_secure_cookies(stack):
    response = stack.get("/accounts/login/")
    assert response.status == 200, response.getheader("Location")
    assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")
    cookies = response.msg.get_all("Set-Cookie")
    assert any(c.startswith("csrftoken=") and "; Secure" in c for c in cookies), cookies


def test_plain_http_is_redirected_to_the_https_site(stack):
    response = stack.get("/prisoners/?q=wu", tls=False)
    assert response.status == 301
    assert response.getheader("Location") == "https://campaign.example.org/prisoners/?q=wu"
    assert stack.never_reached_gunicorn("/prisoners/?q=wu")


def test_lets_encrypt_challenges_are_answered_over_plain_http(stack):
    challenges = stack.acme / ".well-known" / "acme-challenge"
    challenges.mkdir(parents=True, exist_ok=True)
    (challenges / "token-123").write_text("token-123.thumbprint")
    response = stack.get("/.well-known/acme-challenge/token-123", tls=False)
    assert (response.status, response.body) == (200, b"token-123.thumbprint")


def test_another_name_gets_nothing(stack):
    with pytest.raises(http.client.RemoteDisconnected):  # nginx's 444: closed, no answer
        stack.get("/", tls=False, name="other.example")
    with pytest.raises(ssl.SSLError, match="UNRECOGNIZED_NAME"):  # no certificate shown
        stack.get("/", name="other.example")
