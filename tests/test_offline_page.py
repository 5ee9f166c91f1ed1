"""The service worker (advocacy/webapp.py, templates/sw.js): served from the site's root,
it keeps only the offline page and its static files, never a personal page."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import resolve

pytestmark = pytest.mark.django_db

PERSONAL_ROUTES = ("me/", "accounts/", "r/", "organize/", "admin/")


def kept_files(client) -> list[str]:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    return json.loads(re.search(r"^const FILES = (.*);$", script, re.MULTILINE).group(1))


def test_the_worker_keeps_the_offline_page_and_static_files_only(client, volunteer):
    client.force_login(volunteer)
    files = kept_files(client)
    page, *static_files = files
    assert resolve(page).url_name == "offline"
    assert not resolve(page).route.startswith(PERSONAL_ROUTES)
    assert client.get(page).status_code == 200
    for path in static_files:
        assert path.startswith(settings.STATIC_URL)
        assert finders.find(path.removeprefix(settings.STATIC_URL)), path


def test_the_offline_page_is_kept_without_cookies(client):
    script = client.get("/sw.js").content.decode()
    assert 'credentials: "omit"' in script


def test_the_site_allows_its_own_worker_and_manifest_and_no_other(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "worker-src 'self';" in policy + ";"
    assert "manifest-src 'self';" in policy + ";"


def test_the_offline_page_says_so_in_the_readers_language(client):
    page = client.get("/offline/", HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "没有网络连接" in page
