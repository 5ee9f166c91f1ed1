"""Chinese is a first-class language: every string translated, names in the reader's script."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

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


def test_a_signed_in_switch_is_kept_in_the_profile_with_the_forms_token(volunteer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    page = browser.get("/me/").content.decode()
    switcher = page.split('class="d-flex flex-nowrap gap-1 language-switcher"', 1)[1]
    token = switcher.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    response = browser.post(
        "/i18n/setlang/", {"language": "zh-hant", "next": "/me/", "csrfmiddlewaretoken": token}
    )
    assert (response.status_code, response["Location"]) == (302, "/me/")
    volunteer.refresh_from_db()
    assert volunteer.language == "zh-hant"  # the emails will follow


def test_a_forged_switch_changes_the_page_but_not_the_profile(volunteer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    response = browser.post("/i18n/setlang/", {"language": "zh-hans", "next": "/me/"})
    assert response.status_code == 302  # the cookie still switches: nothing to forge there
    assert response.cookies["django_language"].value == "zh-hans"
    volunteer.refresh_from_db()
    assert volunteer.language == "en"


def test_visitors_pages_carry_no_token_so_they_can_be_cached(client, prisoner):
    assert "csrfmiddlewaretoken" not in client.get("/prisoners/").content.decode()


def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """`makemessages` over a copy of the code adds nothing untranslated: a new string
    cannot slip past the test above by never reaching a catalogue."""
    base = Path(settings.BASE_DIR)
    for name in ("advocacy", "campaigns", "prisoners", "templates", "locale"):
        shutil.copytree(base / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(base / "manage.py", tmp_path)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "-l",
            "zh_Hant",
            "--no-obsolete",
            "-v0",
        ],
        cwd=tmp_path,
        env={**os.environ, "SECRET_KEY": "makemessages"},
        check=True,
    )
    for locale in LOCALES:
        po = tmp_path / "locale" / locale / "LC_MESSAGES" / "django.po"
        # A new string close to an old one comes back from msgmerge "fuzzy", with the old
        # one's translation ("link check" as "link last checked"): not translated either.
        msgids = []
        for which in ("--untranslated", "--only-fuzzy"):
            left = subprocess.run(
                ["msgattrib", which, "--no-wrap", str(po)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            msgids += [line for line in left.splitlines() if line.startswith("msgid ")]
        msgids = sorted(set(msgids) - {'msgid ""'})
        assert msgids == [], f"{locale}: not in the catalogue: {msgids}"
