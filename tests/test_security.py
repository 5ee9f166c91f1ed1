"""Headers and origins: every page is ours alone (S7, S8)."""

import re

import pytest

PAGES = ["/", "/prisoners/", "/prisoners/wu-gan/", "/prisoners/?q=nothing"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_send_a_strict_content_security_policy(client, prisoner, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", [*PAGES, "/no-such-page/", "/accounts/login/"])
def test_pages_refuse_the_browsers_powerful_features(client, prisoner, url):
    policy = client.get(url)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_nothing_from_another_origin(client, prisoner, url):
    html = client.get(url).content.decode()
    loaded = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="([^"]+)"', html)
    assert loaded, "the page loads its own assets"
    assert [u for u in loaded if re.match(r"(https?:)?//", u)] == []
    assert "<script>" not in html  # no inline scripts either


def test_names_with_markup_are_escaped(client, make_prisoner):
    p = make_prisoner(name="<script>alert(1)</script>", summary="<img src=x onerror=alert(1)>")
    html = client.get(p.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_a_spoofed_host_is_refused(client, db):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_deploy_checks_pass_with_production_settings():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "SECRET_KEY": "p" * 20 + "-long-random-production-secret-" + "q" * 20,
        "DEBUG": "false",
        "SITE_URL": "https://campaign.example",
        "ALLOWED_HOSTS": "campaign.example",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
