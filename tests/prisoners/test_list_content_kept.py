"""The list's content (search fields, count, cards, pages) kept per question, rows and
language for every reader (prisoners/listing.py), for a reader not signed in the whole
page (wholepage.py), its rows' SQL compiled once per question and page and the rows found
kept under the public pages' generation (prisoners/kept.py). Whatever the
content shows must show at once when it changes; the cards' own changes are checked in
test_card_fragments.py for this page too."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from campaigns.figures import figures_changed
from prisoners import fragments, kept, listing
from prisoners.models import Prisoner

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT = re.compile(r'name="next" value="([^"]*)"')


def _html(client, query: str = "") -> str:
    response = client.get(f"/prisoners/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def forget_rows() -> None:
    """The pages' rows kept nowhere (process memory, Redis): their query runs again."""
    kept.forget()
    client = cache._cache.get_client()
    client.delete(*client.keys("*prisoners:rows:*"))


def _kept_contents() -> list[str]:
    client = cache._cache.get_client()
    return [cache.get(k.decode().split(":", 2)[2]) for k in client.keys("*listhtml*")]


@pytest.fixture
def three(make_prisoner, settings, django_capture_on_commit_callbacks):
    """Three prisoners, two a page: the first page shows the two most urgent."""
    settings.PRISONERS_PER_PAGE = 2
    with django_capture_on_commit_callbacks(execute=True):
        return [make_prisoner(name=f"P{n}", priority=3 - n, region="福建") for n in range(3)]


def test_the_kept_content_is_the_drawn_one(reader, three, django_assert_num_queries):
    drawn = _html(reader, "q=p&page=1")
    with django_assert_num_queries(1):  # the user with the banner; the rows are kept
        kept = _html(reader, "q=p&page=1")
    fragments.forget_recent()
    from_redis = _html(reader, "q=p&page=1")
    listing.forget()
    forget_rows()
    compiled_again = _html(reader, "q=p&page=1")
    assert len(_kept_contents()) == 1
    assert (
        TOKEN.sub("", drawn)
        == TOKEN.sub("", kept)
        == TOKEN.sub("", from_redis)
        == TOKEN.sub("", compiled_again)
    )
    assert "3 prisoners found" in kept and "Page 1 of 2" in kept


def test_a_new_count_on_the_same_rows_shows_at_once(
    any_reader, three, make_prisoner, django_capture_on_commit_callbacks
):
    assert "3 prisoners found" in _html(any_reader)
    with django_capture_on_commit_callbacks(execute=True):
        make_prisoner(name="Least Urgent", priority=0)  # page 1 and its pages stay the same
    html = _html(any_reader)
    assert "4 prisoners found" in html and "3 prisoners found" not in html


def test_each_query_string_has_its_own_page_links(any_reader, three):
    # The same question, the same search fields: only the page links differ.
    assert 'href="?q=p&amp;status=&amp;page=2"' in _html(any_reader, "q=p&status=")
    html = _html(any_reader, "status=&q=p")
    assert 'href="?status=&amp;q=p&amp;page=2"' in html and "q=p&amp;status=" not in html
    assert len(_kept_contents()) == 2


def test_made_up_query_strings_are_drawn_not_kept(any_reader, three):
    for query in ("junk=1", "q=p&q=p2", "x=<b>"):
        assert "3 prisoners found" in _html(any_reader, query) or query.startswith("q=")
    assert _kept_contents() == [] and _kept_pages() == []


def test_the_search_fields_show_the_new_region_counts_at_once(
    any_reader, three, django_capture_on_commit_callbacks
):
    assert "Fujian (3)" in _html(any_reader)
    last = Prisoner.objects.get(name="P2")  # on page 2: page 1 and the count stay the same
    last.region = "湖北"
    with django_capture_on_commit_callbacks(execute=True):
        last.save()
    html = _html(any_reader)
    assert "Fujian (2)" in html and "Hubei (1)" in html and "Fujian (3)" not in html


def test_the_content_holds_nothing_of_the_reader(reader, volunteer, three):
    mine = _html(reader)
    token = TOKEN.search(mine).group(1)
    anonymous = _html(Client())
    assert len(_kept_contents()) == 1  # the same content for both
    assert "Sign out" not in anonymous and token not in anonymous
    for content in _kept_contents():
        assert "csrf" not in content.lower() and token not in content
        assert volunteer.display_name not in content and volunteer.email not in content


def test_a_search_in_error_is_drawn_not_kept(reader, three):
    html = _html(reader, "region=Atlantis")
    assert "is not a region we know" in html
    assert _kept_contents() == []


def test_the_compiled_rows_are_the_orms(reader, three):
    """Each page of each question: the rows the ORM's own query reads, in order."""
    for query, names in [("", ["P0", "P1"]), ("page=2", ["P2"]), ("q=p2", ["P2"])]:
        for _ in range(2):  # compiled, then only run
            rows = reader.get(f"/prisoners/?{query}").context["prisoners"]
            assert [row.name for row in rows] == names
    row = reader.get("/prisoners/").context["prisoners"][0]
    prisoner = Prisoner.objects.get(name="P0")
    assert (row.pk, row.slug, row.updated_at, row.defended_since) == (
        prisoner.pk,
        prisoner.slug,
        prisoner.updated_at,
        None,
    )


def test_the_kept_page_is_the_page_drawn_for_each_request(
    client, three, settings, django_assert_num_queries
):
    """Someone not signed in: the whole page kept, with their own way back."""
    url = "/prisoners/?q=p%3C&page=1"
    client.get(url)
    with django_assert_num_queries(0):  # the rows kept too
        kept = client.get(url)
    other = _html(client, "q=p%3C&page=x")  # the same page, another way back
    assert len(_kept_pages()) == 1
    fragments.forget_recent()
    from_redis = client.get(url)
    settings.DEBUG = True  # nothing kept whole: base.html drawn for this request
    fresh = client.get(url)
    assert kept.content == from_redis.content == fresh.content
    assert sorted(kept.headers.items()) == sorted(fresh.headers.items())
    assert NEXT.findall(kept.content.decode()) == ["/prisoners/?q=p%3C&amp;page=1"]
    assert NEXT.findall(other) == ["/prisoners/?q=p%3C&amp;page=x"]


def test_a_changed_card_shows_at_once_on_a_kept_page(
    client, three, volunteer, django_capture_on_commit_callbacks
):
    assert "Needs a defender" in _html(client, "q=p0")
    with django_capture_on_commit_callbacks(execute=True):
        Prisoner.objects.get(name="P0").adoptions.create(volunteer=volunteer, role="defender")
        figures_changed()  # as every claim does
    html = _html(client, "q=p0")
    assert "Has a defender" in html and "Needs a defender" not in html
    p0 = Prisoner.objects.get(name="P0")
    p0.status = "released"
    with django_capture_on_commit_callbacks(execute=True):
        p0.save(update_fields=["status"])  # as an organizer's "released" does
    assert "Released" in _html(client, "q=p0")


def _kept_pages() -> list:
    return list(cache._cache.get_client().keys("*listwhole*"))


def test_a_made_up_search_is_kept_minutes_the_plain_list_a_week(client, prisoner):
    # Anyone can make up millions of searches, each rarely asked twice: kept for days
    # they would push out of Redis what it must keep (sign-in rate limits, sessions).
    raw = cache._cache.get_client()
    _html(client, "q=nobody-is-called-this")
    searched = raw.keys("*listhtml*") + raw.keys("*listwhole*")
    assert len(searched) == 2  # the content and, for this visitor, the whole page
    assert all(0 < raw.ttl(key) <= fragments.FILTER_SECONDS for key in searched)
    cache.clear()
    _html(client)
    plain = raw.keys("*listhtml*") + raw.keys("*listwhole*")
    assert len(plain) == 2
    assert all(raw.ttl(key) > fragments.FILTER_SECONDS for key in plain)
