"""/me/ in the order a phone reads it (issue 13, point 5): this week's status, the log
form, the suggested post, the case news, the history; the photo a small square."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Post, VolunteerSettings
from prisoners.models import CaseEvent

# User (the session is cached), my adoptions with their prisoners (and the digest of
# my prisoner's events and sources: the key of the parts kept about them), my settings
# (the banner of a pause, an unsubscription or a refused address) read with "email
# verified?", whether any post was taken down or any suspension reported lately and
# the weeks with a post (streak), recent posts (issue 17: six queries fewer).
ME_QUERIES = 4
# And when the parts about my prisoner are drawn (not kept, or changed): their latest
# events.
ME_QUERIES_DRAWN = ME_QUERIES + 1
ME_QUERIES_WITH_REMOVALS = ME_QUERIES + 2


def test_status_then_log_form_then_suggestion_then_news_then_history(
    volunteer_client, defender, prisoner
):
    CaseEvent.objects.create(prisoner=prisoner, date=datetime.date(2026, 1, 2), text="A visit.")
    Post.objects.create(
        volunteer=defender, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    page = volunteer_client.get("/me/").content.decode()
    order = [
        page.index('id="defended-heading"'),
        page.index('id="week-heading"'),
        page.index('id="log-heading"'),
        page.index('id="suggest-heading"'),
        page.index('id="news-heading"'),
        page.index("A visit."),
        page.index('id="posts-heading"'),
        page.index("https://x.com/a/status/1"),
    ]
    assert order == sorted(order)
    assert "Your prisoner since Nov. 19, 2026" in page


def test_the_photo_is_a_small_square(volunteer_client, defender):
    page = volunteer_client.get("/me/").content.decode()
    (img,) = [tag for tag in page.split("<img")[1:] if "no-photo.svg" in tag]
    assert "photo-thumb" in img  # its size on a phone: tests/browser/test_phone_layout.py


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/me/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("state", ["on", "paused", "unsubscribed", "undeliverable"])
def test_me_costs_the_same_queries_whatever_the_posts_events_and_reminder_state(
    volunteer_client, defender, prisoner, state
):
    now = timezone.now()
    fields = {
        "on": {},
        "paused": {"paused_until": now.date() + datetime.timedelta(days=5)},
        "unsubscribed": {"unsubscribed_at": now},
        "undeliverable": {"undeliverable_at": now},
    }[state]
    VolunteerSettings.objects.create(volunteer=defender, **fields)
    assert _queries(volunteer_client) == ME_QUERIES_DRAWN
    few = _queries(volunteer_client)
    Post.objects.bulk_create(
        Post(
            volunteer=defender,
            prisoner=prisoner,
            platform="x",
            link=f"https://x.com/plum/status/{n + 1}",
            posted_at=now - n * 3 * _DAY,
        )
        for n in range(1, 60)
    )
    assert _queries(volunteer_client) == few == ME_QUERIES
    CaseEvent.objects.bulk_create(
        CaseEvent(prisoner=prisoner, date=datetime.date(2025, 1, 1 + n), text=f"Event {n}")
        for n in range(20)
    )
    # New events: the parts about the prisoner are drawn anew, once.
    assert _queries(volunteer_client) == ME_QUERIES_DRAWN
    assert _queries(volunteer_client) == ME_QUERIES


_DAY = datetime.timedelta(days=1)
