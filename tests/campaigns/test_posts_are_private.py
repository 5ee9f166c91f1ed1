"""A volunteer's posts are theirs and the organizers': no other volunteer sees them."""

import pytest

from campaigns.models import Post
from tests.conftest import defend

LINK = "https://x.com/lotus/status/1234567890"
TEXT = "Free Wu Gan! Day 3000."


@pytest.fixture
def lotus_posted(volunteer, other_volunteer, prisoner):
    defend(volunteer, prisoner)
    Post.objects.create(volunteer=volunteer, prisoner=prisoner, platform="x", link=LINK, text=TEXT)
    # Bamboo supports the same prisoner: the closest another volunteer comes.
    Post.objects.create(
        volunteer=other_volunteer, prisoner=prisoner, platform="x", link="https://x.com/b/status/9"
    )


@pytest.mark.parametrize("url", ["/me/", "/me/posts/", "/prisoners/{slug}/", "/", "/prisoners/"])
def test_another_volunteer_never_sees_them(client, lotus_posted, other_volunteer, prisoner, url):
    client.force_login(other_volunteer)
    response = client.get(url.format(slug=prisoner.slug))
    assert response.status_code == 200
    page = response.content.decode()
    assert LINK not in page and TEXT not in page
    assert "/organize/posts/" not in page
    assert client.get("/organize/posts/").status_code == 404


def test_nor_does_a_visitor(client, lotus_posted, prisoner):
    for url in (prisoner.get_absolute_url(), f"/feeds/prisoners/{prisoner.slug}.atom"):
        page = client.get(url).content.decode()
        assert LINK not in page and TEXT not in page
    assert client.get("/organize/posts/").status_code == 404


def test_the_volunteer_sees_their_own(client, lotus_posted, volunteer):
    client.force_login(volunteer)
    for url in ("/me/", "/me/posts/"):
        page = client.get(url).content.decode()
        assert LINK in page and "https://x.com/b/status/9" not in page
