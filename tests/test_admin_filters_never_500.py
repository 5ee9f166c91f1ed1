"""Admin filters answer a page or a 400 to any value, never a 500 (issue 11, point 7).

A NUL byte in a choice filter (`?status__exact=%00`) made PostgreSQL refuse the query,
and an oversized `?date__year=` overflowed the date; an organizer's typo or a crafted
link must not be a server error.
"""

import pytest
from django.contrib import admin

HUGE_YEAR = "9" * 30


def changelists():
    for model in admin.site._registry:
        yield f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


@pytest.fixture
def organizer_client(client, make_organizer):
    # A superuser too, so that every changelist opens, the installed apps' included.
    client.force_login(make_organizer(is_superuser=True))
    client.raise_request_exception = False  # a 500 is what we look for
    return client


def filter_parameters(client, url) -> list[str]:
    """Every query parameter the changelist's filters read."""
    response = client.get(url)
    assert response.status_code == 200, url
    cl = response.context["cl"]
    names = [name for spec in cl.filter_specs for name in spec.expected_parameters()]
    if cl.date_hierarchy:
        names += [f"{cl.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return names


@pytest.mark.parametrize("url", sorted(changelists()))
def test_every_filter_takes_a_nul_byte_and_a_huge_number(organizer_client, url):
    answers = {}
    for name in filter_parameters(organizer_client, url):
        for value in ("\x00", "a\x00b", HUGE_YEAR, "-" + HUGE_YEAR):
            answers[name, value] = organizer_client.get(url, {name: value}).status_code
    assert {key: code for key, code in answers.items() if code not in (200, 302, 400)} == {}
    # A NUL byte is refused outright, whatever the filter.
    assert all(code == 400 for (_name, value), code in answers.items() if "\x00" in value)


def test_the_search_box_and_the_date_hierarchy_refuse_what_they_cannot_read(organizer_client):
    url = "/admin/prisoners/caseevent/"
    assert organizer_client.get(url, {"q": "wu\x00"}).status_code == 400
    assert organizer_client.get(url, {"date__year": HUGE_YEAR}).status_code == 400
    assert (
        organizer_client.get(url, {"date__year": "2024", "date__month": "99999999999"}).status_code
        == 400
    )
    assert organizer_client.get(url, {"date__year": "2024"}).status_code == 200
