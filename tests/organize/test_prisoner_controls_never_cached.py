"""The organizers' controls never reach the anonymous page cache (advocacy/pagecache.py),
whoever reads the profile first."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CONTROLS = "prisoner-controls"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def test_an_organizer_first_leaves_nothing_for_the_visitor(org, client, prisoner):
    path = prisoner.get_absolute_url()
    for _ in range(2):  # a second read would be a hit, were the first one stored
        seen = org.get(path)
        assert CONTROLS in seen.content.decode() and "X-Page-Cache" not in seen
    visitor = client.get(path)
    assert "X-Page-Cache" not in visitor  # the organizer's page was not stored
    assert CONTROLS not in visitor.content.decode()
    again = Client().get(path)
    assert again["X-Page-Cache"] == "hit" and CONTROLS not in again.content.decode()


def test_a_visitor_first_does_not_hide_the_controls_from_the_organizer(org, client, prisoner):
    path = prisoner.get_absolute_url()
    client.get(path)
    assert Client().get(path)["X-Page-Cache"] == "hit"  # the visitors' copy is stored
    seen = org.get(path)
    assert "X-Page-Cache" not in seen and CONTROLS in seen.content.decode()


def test_a_page_with_the_controls_is_kept_by_no_cache_at_all(org, prisoner):
    response = org.get(prisoner.get_absolute_url())
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
