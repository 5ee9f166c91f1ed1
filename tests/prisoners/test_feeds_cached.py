"""Feeds are kept in the anonymous page cache and retired when an event changes."""

import datetime

import pytest

from prisoners.models import CaseEvent


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.mark.parametrize("kind", ["site", "prisoner"])
def test_a_new_or_changed_event_retires_the_cached_feed(
    client, prisoner, kind, django_capture_on_commit_callbacks
):
    url = "/feeds/updates.atom" if kind == "site" else f"/feeds/prisoners/{prisoner.slug}.atom"
    first = client.get(url)
    assert "X-Page-Cache" not in first
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert second["Content-Type"] == "application/atom+xml; charset=utf-8"

    with django_capture_on_commit_callbacks(execute=True):
        event = CaseEvent.objects.create(
            prisoner=prisoner, date=datetime.date(2016, 8, 16), text="Tried in secret."
        )
    fresh = client.get(url)
    assert "X-Page-Cache" not in fresh and b"Tried in secret." in fresh.content

    with django_capture_on_commit_callbacks(execute=True):
        event.is_published = False
        event.save()
    assert b"Tried in secret." not in client.get(url).content
