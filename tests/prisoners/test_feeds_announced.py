"""The pages a feed covers announce it, in the page's language, with rel="alternate"."""

import re

import pytest

from prisoners.models import CaseEvent


def alternates(client, url: str) -> list[tuple[str, str]]:
    """The (title, href) of each Atom feed the page's <head> announces."""
    page = client.get(url).content.decode()
    head = page.split("</head>", 1)[0]
    return re.findall(
        r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">',
        head,
    )


@pytest.mark.parametrize("url", ["/", "/prisoners/"])
def test_the_home_page_and_the_list_announce_the_sites_feed(client, prisoner, url):
    site_feed = ("One Person, One Prisoner: case news", "/feeds/updates.atom")
    assert alternates(client, url) == [site_feed]
    client.cookies["django_language"] = "zh-hant"
    ((title, href),) = alternates(client, url)
    assert href == "/feeds/zh-hant/updates.atom" and title.endswith("：案件消息")
    assert client.get(href).status_code == 200


def test_a_profile_announces_its_own_feed_and_links_to_it(client, prisoner):
    CaseEvent.objects.create(prisoner=prisoner, date="2016-08-16", text="Tried.")
    client.cookies["django_language"] = "zh-hans"
    url = prisoner.get_absolute_url()
    href = f"/feeds/zh-hans/prisoners/{prisoner.slug}.atom"
    assert alternates(client, url) == [("吴淦：案件消息", href)]
    page = client.get(url).content.decode()
    assert f'<a href="{href}" type="application/atom+xml">' in page
    event = CaseEvent.objects.get()
    assert f'id="event-{event.pk}"' in page  # where an entry's link leads
    assert client.get(href).status_code == 200


def test_an_unpublished_profile_announces_no_feed(client, organizer, make_prisoner):
    hidden = make_prisoner(is_published=False)
    client.force_login(organizer)
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert alternates(client, hidden.get_absolute_url()) == []
    assert ".atom" not in response.content.decode()
