"""Chinese is a first-class language: every string translated, names in the reader's script."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LOCALES = ["zh_Hans", "zh_Hant"]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated(locale):
    po = Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.po"
    assert shutil.which("msgattrib"), "gettext is needed (make test installs it)"
    for flag in ("--untranslated", "--only-fuzzy"):
        left = subprocess.run(
            ["msgattrib", flag, "--no-wrap", str(po)], capture_output=True, text=True, check=True
        ).stdout
        msgids = [
            line for line in left.splitlines() if line.startswith('msgid "') and line != 'msgid ""'
        ]
        assert msgids == [], f"{locale} {flag}: {msgids}"


@pytest.mark.parametrize(
    ("language", "heading", "name"),
    [
        ("zh-hans", "一人守护一名政治犯", "吴淦"),
        ("zh-hant", "一人守護一名政治犯", "吳淦"),
    ],
)
def test_pages_speak_the_chosen_language(client, prisoner, language, heading, name):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    home = client.get("/").content.decode()
    assert heading in home
    assert "How it works" not in home
    detail = client.get(prisoner.get_absolute_url()).content.decode()
    assert f'<h1 class="mb-0">{name}</h1>' in detail
    assert f'<html lang="{language}">' in detail


def test_the_browser_language_is_honoured(client, prisoner):
    response = client.get("/prisoners/", HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9")
    assert response.content.decode().count("政治犯") > 1
    assert '<html lang="zh-hant">' in response.content.decode()


def test_switching_language_keeps_the_page(client, prisoner):
    response = client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": prisoner.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response["Location"] == prisoner.get_absolute_url()
    assert client.get(response["Location"]).content.decode().count("吴淦") >= 1
