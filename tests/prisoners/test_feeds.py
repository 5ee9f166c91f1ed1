"""The Atom feeds of case news, read back as a feed reader reads them (feedparser)."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import translation

from prisoners.models import CaseEvent

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://campaign.example"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = SITE


def event(prisoner, **fields) -> CaseEvent:
    fields.setdefault("date", datetime.date(2016, 8, 16))
    fields.setdefault("kind", CaseEvent.Kind.TRIAL)
    fields.setdefault("text", "Tried in secret by the Tianjin court.")
    fields.setdefault("text_zh_hans", "天津法院秘密开庭审理。")
    return CaseEvent.objects.create(prisoner=prisoner, **fields)


def read(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed, response


def test_the_site_feed_lists_published_events_of_published_prisoners_newest_first(
    client, prisoner, make_prisoner
):
    older = event(prisoner, kind=CaseEvent.Kind.DETENTION, date=datetime.date(2015, 5, 19))
    newer = event(prisoner)
    event(prisoner, is_published=False, text="An organizer's draft.")
    event(make_prisoner(is_published=False), text="A case not yet published.")

    feed, response = read(client, "/feeds/updates.atom")

    assert feed.feed.language == "en" and response["Content-Language"] == "en"
    assert [e.id for e in feed.entries] == [
        f"tag:campaign.example,2026:events/{newer.pk}/en",
        f"tag:campaign.example,2026:events/{older.pk}/en",
    ]
    first = feed.entries[0]
    with translation.override("en"):
        assert first.title == f"Wu Gan: Trial ({newer.when.display()})"
    assert first.link == f"{SITE}/prisoners/{prisoner.slug}/#event-{newer.pk}"
    assert first.content[0].value == "Tried in secret by the Tianjin court."
    assert first.content[0].type == "text/plain" and first.content[0].language == "en"
    assert first.updated_parsed[:6] == newer.created_at.utctimetuple()[:6]
    assert feed.feed.id == "tag:campaign.example,2026:events/en"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "alternate": f"{SITE}/prisoners/",
        "self": f"{SITE}/feeds/updates.atom",
    }


def test_the_traditional_feed_is_in_traditional_script(client, prisoner):
    event(prisoner)

    feed, response = read(client, "/feeds/zh-hant/updates.atom")

    assert feed.feed.language == "zh-Hant" and response["Content-Language"] == "zh-hant"
    (entry,) = feed.entries
    assert entry.title == "吳淦：審判（2016年8月16日）"
    assert entry.content[0].value == "天津法院秘密開庭審理。"
    assert entry.content[0].language == "zh-Hant"
    assert entry.id.endswith("/zh-hant")
    assert feed.feed.title.endswith("：案件消息")


def test_a_text_in_another_language_is_marked_with_its_own(client, prisoner):
    event(prisoner, text_zh_hans="")  # written in English only

    feed, _ = read(client, "/feeds/zh-hans/updates.atom")

    content = feed.entries[0].content[0]
    assert content.value == "Tried in secret by the Tianjin court." and content.language == "en"
    assert feed.feed.language == "zh-Hans"


def test_a_prisoners_feed_holds_only_their_events(client, prisoner, make_prisoner):
    mine = event(prisoner)
    event(make_prisoner(), text="Another case.")

    feed, _ = read(client, f"/feeds/zh-hans/prisoners/{prisoner.slug}.atom")

    assert [e.id for e in feed.entries] == [f"tag:campaign.example,2026:events/{mine.pk}/zh-hans"]
    assert feed.feed.title == "吴淦：案件消息"
    assert feed.feed.id == f"tag:campaign.example,2026:prisoners/{prisoner.pk}/events/zh-hans"
    assert feed.feed.link == f"{SITE}/prisoners/{prisoner.slug}/"


def test_an_unpublished_prisoner_has_no_feed_even_for_organizers(client, make_prisoner, organizer):
    hidden = make_prisoner(is_published=False)
    event(hidden)
    assert client.get(f"/feeds/prisoners/{hidden.slug}.atom").status_code == 404
    client.force_login(organizer)
    assert client.get(f"/feeds/prisoners/{hidden.slug}.atom").status_code == 404
    assert client.get("/feeds/prisoners/nobody.atom").status_code == 404


def test_a_renamed_prisoners_feed_leads_to_the_new_address(client, prisoner):
    former = prisoner.slug
    prisoner.slug = "wu-gan-butcher"
    prisoner.save()
    response = client.get(f"/feeds/zh-hant/prisoners/{former}.atom")
    assert response.status_code == 301
    assert response["Location"] == "/feeds/zh-hant/prisoners/wu-gan-butcher.atom"
    feed, _ = read(client, response["Location"])
    assert feed.feed.id == f"tag:campaign.example,2026:prisoners/{prisoner.pk}/events/zh-hant"


def test_each_language_has_one_address(client, db):
    assert client.get("/feeds/en/updates.atom").status_code == 404
    assert client.get("/feeds/fr/updates.atom").status_code == 404
    # The reader's cookie does not change a feed: its address says its language.
    client.cookies["django_language"] = "zh-hans"
    feed, _ = read(client, "/feeds/updates.atom")
    assert feed.feed.language == "en"


def test_every_entry_has_what_atom_requires(client, prisoner):
    for day in range(1, 4):
        event(prisoner, date=datetime.date(2017, 1, day), date_precision="day")
    event(prisoner, date=datetime.date(2018, 1, 1), date_precision="year")

    root = ET.fromstring(client.get("/feeds/updates.atom").content)  # noqa: S314 (our own)

    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4
    for entry in entries:
        for name in ("id", "title", "updated", "content"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
        datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)  # RFC 3339
        assert entry.find(f"{ATOM}link").get("rel") == "alternate"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    titles = {e.find(f"{ATOM}title").text for e in entries}
    assert "Wu Gan: Trial (2018)" in titles  # only the year is known


def test_queries_do_not_grow_with_the_events_and_the_feed_keeps_the_latest_50(
    client, prisoner, django_assert_num_queries
):
    for _ in range(3):
        event(prisoner)
    # One query for the site's feed; the prisoner, then their events, for theirs.
    with django_assert_num_queries(1):
        read(client, "/feeds/updates.atom")
    with django_assert_num_queries(2):
        read(client, f"/feeds/prisoners/{prisoner.slug}.atom")
    CaseEvent.objects.bulk_create(
        CaseEvent(prisoner=prisoner, date=datetime.date(2019, 1, 1), text=f"Event {n}")
        for n in range(80)
    )
    with django_assert_num_queries(1):
        feed, _ = read(client, "/feeds/updates.atom")
    assert len(feed.entries) == 50
    assert feed.entries[0].content[0].value == "Event 79"
    with django_assert_num_queries(2):
        feed, _ = read(client, f"/feeds/prisoners/{prisoner.slug}.atom")
    assert len(feed.entries) == 50
