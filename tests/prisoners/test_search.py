import re

import pytest
from django.urls import reverse

from campaigns.models import Adoption
from prisoners.models import Status

LIST = reverse("prisoners:list")
CARD_LINK = re.compile(r'<a class="stretched-link[^"]*" href="/prisoners/([^/"]+)/"')


@pytest.fixture
def people(make_prisoner):
    return {
        "liu": make_prisoner(native_name="刘晓波", status=Status.DIED, region="辽宁"),
        "wu": make_prisoner(native_name="吴淦", status=Status.SENTENCED, region="福建"),
        "xu": make_prisoner(native_name="许志永", status=Status.SENTENCED, place="北京"),
        "hidden": make_prisoner(native_name="刘某某", is_published=False),
    }


def found(client, **params):
    """The prisoners whose cards the page shows (read from the page: a page kept whole
    for a reader not signed in is drawn by no template, prisoners/wholepage.py)."""
    response = client.get(LIST, params)
    assert response.status_code == 200
    return set(CARD_LINK.findall(response.content.decode()))


@pytest.mark.parametrize(
    "query", ["刘晓波", "劉曉波", "晓波", "liuxiaobo", "Liu Xiaobo", "liu xiao bo", "Liú Xiǎobō"]
)
def test_search_finds_a_prisoner_by_any_spelling(client, people, query):
    assert found(client, q=query) == {"liu-xiaobo"}


def test_search_by_english_name(client, people):
    assert found(client, q="Wu Gan") == {"wu-gan"}


def test_unpublished_prisoners_are_never_listed(client, people):
    assert found(client, q="刘") == {"liu-xiaobo"}
    assert people["hidden"].slug not in found(client)
    assert found(client) == {"liu-xiaobo", "wu-gan", "xu-zhiyong"}


def test_filter_by_status(client, people):
    assert found(client, status=Status.SENTENCED) == {"wu-gan", "xu-zhiyong"}


def test_filter_by_region_or_place_in_either_script(client, people):
    assert found(client, region="福建") == {"wu-gan"}
    assert found(client, region="北京") == {"xu-zhiyong"}


def test_needs_defender_leaves_out_the_defended_and_the_closed(client, people, volunteer):
    Adoption.objects.create(volunteer=volunteer, prisoner=people["wu"], role="defender")
    assert found(client, needs_defender="1") == {"xu-zhiyong"}


def test_names_that_start_with_the_query_come_first(client, make_prisoner):
    make_prisoner(native_name="姜流勇")  # Jiang Liuyong: "liu" inside
    make_prisoner(native_name="刘爱英")  # Liu Aiying: starts with "liu"
    response = client.get(LIST, {"q": "liu"})
    assert [p.slug for p in response.context["prisoners"]] == ["liu-aiying", "jiang-liuyong"]


def test_no_match_shows_an_empty_state(client, people):
    response = client.get(LIST, {"q": "nobody-by-this-name"})
    assert response.status_code == 200
    assert b"No prisoner matches this search" in response.content


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"page": "999"},
        {"page": "x"},
        {"q": "x" * 10_000},
        {"q": "\x00"},
        {"needs_defender": "maybe"},
    ],
)
def test_bad_parameters_never_break_the_list(client, people, params):
    response = client.get(LIST, params)
    assert response.status_code == 200


def test_an_invalid_filter_says_so(client, people):
    response = client.get(LIST, {"status": "bogus"})
    assert b"Something in the search is not right" in response.content
    assert list(response.context["prisoners"]) == []


def test_the_list_is_paginated(client, make_prisoner, settings):
    settings.PRISONERS_PER_PAGE = 2
    for _ in range(5):
        make_prisoner()
    first = client.get(LIST)
    last = client.get(LIST, {"page": 3})
    assert len(first.context["prisoners"]) == 2
    assert len(last.context["prisoners"]) == 1
    assert first.context["page"].paginator.num_pages == 3
    assert b'rel="next"' in first.content
