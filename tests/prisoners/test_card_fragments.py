"""Prisoner cards rendered once per language and version (prisoners/fragments.py).

The pages are read as a signed-in volunteer, whom the anonymous page cache never serves:
what is checked here is the card fragments, kept in Redis and in the process's memory.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from campaigns.figures import figures_changed
from prisoners import fragments
from prisoners.models import Status

from ..conftest import defend

PAGES = ["/prisoners/", "/"]  # the list, and home's "they need a defender now"


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _cards(client, url: str = "/prisoners/") -> str:
    """The cards of a page, and nothing else of it (the filter's select names statuses)."""
    cards = re.findall(r'<article class="card.*?</article>', _html(client, url), re.S)
    assert cards
    return "".join(cards)


def _kept_cards() -> list[str]:
    """Every card fragment in the cache (Redis) now."""
    keys = [key.decode().split(":", 2)[2] for key in cache._cache.get_client().keys("*cardhtml*")]
    assert keys, "no card was kept"
    return list(cache.get_many(keys).values())


def _forget_list_contents() -> None:
    cache._cache.get_client().delete(*cache._cache.get_client().keys("*listhtml*"))


@pytest.mark.parametrize("url", PAGES)
def test_a_renamed_prisoner_shows_at_once(
    reader, prisoner, url, django_capture_on_commit_callbacks
):
    assert "Wu Gan" in _cards(reader, url)
    assert "Wu Gan" in _cards(reader, url)  # now from the kept card
    prisoner.name = "Super Vulgar Butcher"
    # Committed: home's content is kept under the page generation, moved after a commit.
    with django_capture_on_commit_callbacks(execute=True):
        prisoner.save()
    html = _cards(reader, url)
    assert "Super Vulgar Butcher" in html and "Wu Gan" not in html


def test_a_status_written_alone_shows_at_once(reader, prisoner, django_capture_on_commit_callbacks):
    assert "Sentenced" in _cards(reader)
    prisoner.status = Status.RELEASED
    with django_capture_on_commit_callbacks(execute=True):  # committed: the page's rows
        prisoner.save(update_fields=["status"])  # as an organizer's "released" does
    html = _cards(reader)
    assert "Released" in html and "Sentenced" not in html


def test_a_change_retires_only_that_prisoners_cards(
    reader, prisoner, make_prisoner, django_capture_on_commit_callbacks
):
    other = make_prisoner(name="Other Person")
    _html(reader, "/prisoners/")
    other_key = fragments.card_key(other, "h2", "en")
    before = cache.get(other_key)
    assert before is not None
    prisoner.name = "Renamed"
    with django_capture_on_commit_callbacks(execute=True):
        prisoner.save()
    _html(reader, "/prisoners/")
    assert cache.get(other_key) == before  # the same kept card, not drawn again
    assert len(_kept_cards()) == 3  # Wu Gan before and after, and the other one


def test_a_new_defender_shows_at_once(
    reader, prisoner, other_volunteer, django_capture_on_commit_callbacks
):
    assert "Needs a defender" in _cards(reader)
    with django_capture_on_commit_callbacks(execute=True):
        defend(other_volunteer, prisoner)  # the prisoner's row is not written
        figures_changed()  # as every claim does
    html = _cards(reader)
    assert "Has a defender" in html and "Needs a defender" not in html


def test_each_language_has_its_own_cards(reader, prisoner):
    english = _cards(reader)
    reader.cookies["django_language"] = "zh-hant"
    traditional = _cards(reader)
    reader.cookies["django_language"] = "zh-hans"
    simplified = _cards(reader)
    reader.cookies["django_language"] = "en"
    again = _cards(reader)
    assert "吳淦" in traditional and "吳淦" not in simplified and "吳淦" not in english
    assert "吴淦" in simplified and "吴淦" not in traditional
    assert "已判刑" in simplified and "已判刑" not in english
    assert "Sentenced" in english and "Sentenced" not in traditional
    assert again == english
    assert len(_kept_cards()) == 3


def test_cards_hold_nothing_of_the_viewer(client, prisoner, volunteer, other_volunteer):
    client.force_login(volunteer)
    mine = _html(client, "/prisoners/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', mine).group(1)
    for card in _kept_cards():
        assert "csrf" not in card.lower() and "<form" not in card
        assert token not in card and volunteer.display_name not in card
        assert volunteer.email not in card
    other = Client()
    other.force_login(other_volunteer)
    theirs = _html(other, "/prisoners/")
    assert token not in theirs and volunteer.display_name not in theirs


def test_a_new_code_version_never_serves_an_old_card(reader, prisoner):
    _html(reader, "/prisoners/")
    key = fragments.card_key(prisoner, "h2", "en")
    cache.set(key, "<p>drawn by an old template</p>")
    _forget_list_contents()  # the list's content is kept too (prisoners/listing.py)
    fragments.forget_recent()
    assert "drawn by an old template" in _html(reader, "/prisoners/")  # proves the key
    fragments.code_version.cache_clear()
    try:
        fragments.CARD_TEMPLATES += ("prisoners/_photo.html",)  # another template's source
        html = _html(reader, "/prisoners/")
    finally:
        fragments.CARD_TEMPLATES = fragments.CARD_TEMPLATES[:1]
        fragments.code_version.cache_clear()
    assert "drawn by an old template" not in html and "Wu Gan" in html


def _fields(client, query: str = "") -> str:
    html = _html(client, f"/prisoners/?{query}")
    return html[html.index('role="search"') :].split("</form>")[0]


def test_the_search_fields_show_each_question_and_the_current_counts(
    reader, prisoner, make_prisoner, django_capture_on_commit_callbacks
):
    assert 'value="sentenced" selected' not in _fields(reader)
    chosen = _fields(reader, "status=sentenced")
    assert 'value="sentenced" selected' in chosen
    assert 'value="sentenced" selected' in _fields(reader, "status=sentenced")  # kept
    assert 'value="sentenced" selected' not in _fields(reader, "status=detained")
    assert "Fujian (1)" in _fields(reader)
    with django_capture_on_commit_callbacks(execute=True):
        make_prisoner(name="Another", region="福建")
    assert "Fujian (2)" in _fields(reader)
    reader.cookies["django_language"] = "zh-hant"
    traditional = _fields(reader)
    assert "福建（2）" in traditional and "Fujian" not in traditional
    assert 'value="wugan"' in _fields(reader, "q=wugan")
    assert 'value="wugan"' not in _fields(reader, "q=liu")


def test_pages_picked_by_key_keep_the_urgency_order(client, make_prisoner, settings):
    """The list's pages pick their rows by key first (listing.CachedCountPaginator.page):
    every page in order, none lost or repeated."""
    settings.PRISONERS_PER_PAGE = 3
    made = [make_prisoner(name=f"P{n:02}", priority=n % 3) for n in range(10)]
    expected = [p.name for p in sorted(made, key=lambda p: (-p.priority, p.name))]
    seen = []
    for page in (1, 2, 3, 4):
        response = client.get("/prisoners/", {"page": page})
        seen += [p.name for p in response.context["prisoners"]]
    assert seen == expected
    filtered = client.get("/prisoners/", {"page": 2, "q": "P0"}).context["prisoners"]
    assert [p.name for p in filtered] == [n for n in expected if n.startswith("P0")][3:6]
