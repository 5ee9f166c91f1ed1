"""The web app manifest (advocacy/webapp.py): what a phone reads to install the site and
to offer it in its Share sheet."""

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import resolve
from PIL import Image

pytestmark = pytest.mark.django_db


def manifest(client, **headers) -> dict:
    response = client.get("/manifest.webmanifest", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    return json.loads(response.content)


def test_the_manifest_opens_the_volunteers_page_as_an_app(client):
    data = manifest(client)
    assert data["name"] == "One Person, One Prisoner" == str(settings.CAMPAIGN_NAME)
    assert 0 < len(data["short_name"]) <= 12
    assert (data["start_url"], data["scope"], data["display"]) == ("/me/", "/", "standalone")
    assert (data["lang"], data["dir"]) == ("en", "ltr")
    assert resolve(data["start_url"]).view_name == "campaigns:me"


def test_the_colours_are_the_sites(client):
    data = manifest(client)
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    assert f"--campaign: {data['theme_color']};" in css
    assert data["background_color"] == "#ffffff"
    page = client.get("/").content.decode()
    assert f'<meta name="theme-color" content="{data["theme_color"]}">' in page


def test_the_share_target_is_the_log_form(client):
    target = manifest(client)["share_target"]
    assert target["method"] == "GET"
    assert target["params"] == {"title": "title", "text": "text", "url": "url"}
    assert resolve(target["action"]).view_name == "campaigns:share_target"


def test_every_icon_is_there_at_its_declared_size(client):
    icons = manifest(client)["icons"]
    purposes = {(icon["sizes"], icon["purpose"]) for icon in icons}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    for icon in icons:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert image.format == "PNG" == icon["type"].removeprefix("image/").upper()
            width, height = image.size
            assert f"{width}x{height}" == icon["sizes"]


def test_a_maskable_icon_fills_its_square_and_keeps_the_heart_in_the_safe_circle(client):
    """Launchers crop maskable icons to any shape inside the central circle of 40 % radius:
    the edges must be background, the heart (white) only inside that circle."""
    icon = next(i for i in manifest(client)["icons"] if i["purpose"] == "maskable")
    with Image.open(finders.find(icon["src"].removeprefix(settings.STATIC_URL))) as image:
        rgb = image.convert("RGB")
    size = rgb.width
    assert rgb.getpixel((0, 0)) == rgb.getpixel((size - 1, size - 1)) == (0x8B, 0x1E, 0x24)
    white = [
        (x, y)
        for x in range(0, size, 4)
        for y in range(0, size, 4)
        if min(rgb.getpixel((x, y))) > 200
    ]
    assert white, "no heart drawn"
    centre = size / 2
    assert all((x - centre) ** 2 + (y - centre) ** 2 < (0.4 * size) ** 2 for x, y in white)


def test_the_manifest_speaks_the_readers_language(client):
    data = manifest(client, HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert (data["name"], data["lang"]) == ("一人守护一名政治犯", "zh-Hans")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    data = manifest(client)
    assert (data["name"], data["lang"]) == ("一人守護一名政治犯", "zh-Hant")
    assert "中國" in data["description"]


def test_every_page_links_the_manifest_and_a_touch_icon(client):
    page = client.get("/").content.decode()
    link = '<link rel="manifest" href="/manifest.webmanifest" crossorigin="use-credentials">'
    assert link in page
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in page
    assert finders.find("icons/apple-touch-icon.png")
