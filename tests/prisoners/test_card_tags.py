"""Issue 13, point 7: a profile link posted on X shows the card: Open Graph and
`twitter:card` tags with absolute addresses; signed-in defenders and supporters get a
link to download the card and attach it."""

import re

import pytest

from campaigns.models import Adoption
from tests.conftest import SITE


def _meta(html: str) -> dict:
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    return dict(found)


@pytest.mark.usefixtures("public_site_url")
def test_a_profile_carries_open_graph_and_twitter_card_tags(client, prisoner):
    meta = _meta(client.get(f"/prisoners/{prisoner.slug}/").content.decode())
    image = f"{SITE}/prisoners/{prisoner.slug}/card.png?lang=en"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"] == meta["twitter:image"] == image
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "675")
    assert meta["og:url"] == f"{SITE}/prisoners/{prisoner.slug}/"
    assert meta["og:title"] == "Wu Gan · 吴淦"
    assert meta["og:locale"] == "en_US"
    assert meta["og:image:alt"].startswith("Wu Gan: ")
    assert meta["twitter:image:alt"] == meta["og:image:alt"]
    assert meta["og:description"]
    assert client.get(image.removeprefix(SITE)).status_code == 200


@pytest.mark.usefixtures("public_site_url")
def test_a_chinese_profile_points_to_the_chinese_card(client, prisoner):
    client.cookies["django_language"] = "zh-hant"
    meta = _meta(client.get(f"/prisoners/{prisoner.slug}/").content.decode())
    assert meta["og:image"].endswith("card.png?lang=zh-hant")
    assert meta["og:locale"] == "zh_TW"
    assert meta["og:title"] == "吳淦 · Wú Gàn"
    assert meta["og:image:alt"].startswith("吳淦：")


def _download_link(client, prisoner) -> bool:
    html = client.get(f"/prisoners/{prisoner.slug}/").content.decode()
    return f"/prisoners/{prisoner.slug}/card.png?lang=en&amp;download=1" in html


@pytest.mark.parametrize("role", [Adoption.Role.DEFENDER, Adoption.Role.SUPPORTER])
def test_defenders_and_supporters_can_download_the_card(role, client, volunteer, prisoner):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role=role)
    client.force_login(volunteer)
    assert _download_link(client, prisoner)


def test_others_see_no_download_link(client, volunteer, prisoner):
    assert not _download_link(client, prisoner)
    client.force_login(volunteer)
    assert not _download_link(client, prisoner)
