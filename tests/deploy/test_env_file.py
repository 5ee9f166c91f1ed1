"""deploy/env.example, read as the units read it (through deploy/manage, which reads it
as systemd does), gives production settings that agree with deploy/nginx.conf, and
Django's deployment checks find nothing to say but the HSTS preload left to the
campaign's decision."""

import getpass
import json
import os
import subprocess

from tests.deploy.stack import DEPLOY

SHOW = """
import json
from django.conf import settings as s
print(json.dumps([s.DEBUG, s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT,
    s.SESSION_COOKIE_SECURE, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER,
    s.ALLAUTH_TRUSTED_PROXY_COUNT, str(s.CAMPAIGN_NAME), s.SITE_URL]))
"""


def manage(tmp_path, *args: str) -> subprocess.CompletedProcess:
    env_file = tmp_path / "env"
    # A real secret (the example's placeholder is too short on purpose: check says so).
    text = (DEPLOY / "env.example").read_text()
    env_file.write_text(text.replace("SECRET_KEY=replace-with-", "SECRET_KEY=" + "k9" * 30))
    env = {
        "PATH": os.environ["PATH"],
        "ADVOCACY_ENV": str(env_file),
        "ADVOCACY_USER": getpass.getuser(),
    }
    return subprocess.run(
        [str(DEPLOY / "manage"), *args],
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_settings_behind_nginx(tmp_path):
    result = manage(tmp_path, "shell", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        False,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        True,
        True,
        "X-Real-IP",  # what deploy/nginx.conf sets; never with a proxy count too
        0,
        "One Person, One Prisoner",  # the quotes are the file's, not the name's
        "https://campaign.example.org",
    ]


def test_the_deployment_checks_pass(tmp_path):
    result = manage(tmp_path, "check", "--deploy")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("?:")]
    assert [line.split(")")[0] for line in warnings] == ["?: (security.W021"], result.stderr
