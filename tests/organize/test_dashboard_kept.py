"""The dashboard keeps its figures (charts, totals, the censorship sums) and its drawn
uncovered rows between visits (campaigns.organize.kept, issue 17): a visit with nothing
changed costs fewer queries, and a change retires what it changes; what is kept is the
same for every organizer, per language, and never holds a CSRF token."""

import zoneinfo

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from campaigns import services
from campaigns.models import AccountSuspension, Post
from campaigns.organize import kept
from prisoners.models import Prisoner

from .conftest import organizer_client, quiet_defender

# The user with the delivery banner and second factor (the session is cached), the
# scheduler's tick, the uncovered rows (by their kept keys), the quiet defenders (and
# their last posts, when any), the recent posts, the failed reminders, the latest
# removals and suspension reports.
WARM = 8  # 9 before the second factor came with the user


def _visit(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/organize/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _total_posts(page: str) -> str:
    return page.split('id="posts-heading"')[1].split("</p>")[0]


def test_a_second_visit_reads_no_figure_again(org, make_prisoner, django_assert_num_queries):
    make_prisoner(name="Waiting Prisoner")
    _visit(org)
    with django_assert_num_queries(WARM):
        assert org.get("/organize/").status_code == 200
    cache.clear()
    _page, cold = _visit(org)
    assert cold > WARM + 6  # trends, totals, posts, the censorship sums, the ranking


def test_figures_are_kept_until_a_change_moves_the_generation(
    org, make_prisoner, volunteer, django_capture_on_commit_callbacks
):
    prisoner = make_prisoner()
    first, _ = _visit(org)
    assert "0 posts in all" in _total_posts(first)
    Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    AccountSuspension.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", reported_at=timezone.now()
    )
    kept_page, _ = _visit(org)
    assert "0 posts in all" in _total_posts(kept_page)  # kept: posts never retire pages
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    after, _ = _visit(org)
    assert "1 post in all" in _total_posts(after)
    assert "All 1 report of a suspended account" in after


def test_an_approval_retires_the_count_of_volunteers_waiting(
    org, organizer, make_user, settings, django_capture_on_commit_callbacks
):
    settings.VOLUNTEERS_NEED_APPROVAL = True
    waiting = [make_user(display_name=f"Waiting {n}") for n in range(3)]
    page, _ = _visit(org)
    assert "Showing 3 of 3." in page
    with django_capture_on_commit_callbacks(execute=True):
        assert org.post(f"/organize/volunteers/{waiting[0].pk}/approve/").status_code == 302
    page, _ = _visit(org)
    section = page.split('id="vetting-heading"')[1].split("</section>")[0]
    assert "Showing 2 of 2." in section and "Waiting 0" not in section


def test_kept_figures_expire(org, make_prisoner, volunteer):
    prisoner = make_prisoner()
    _visit(org)
    Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    cache.delete(kept.key("en"))  # as KEPT_SECONDS running out does
    page, _ = _visit(org)
    assert "1 post in all" in _total_posts(page)


def _stored() -> dict[bytes, bytes]:
    """What the dashboard stored in Redis, as stored."""
    client = cache._cache.get_client()
    return {name: client.get(name) for name in client.keys("*organize:*")}


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Posts per week"), ("zh-hans", "每周帖子数"), ("zh-hant", "每週貼文數")],
)
def test_charts_are_kept_per_language(org, language, title):
    _visit(org)  # English first: another language never gets its charts
    org.cookies["django_language"] = language
    page, _ = _visit(org)
    assert title in page.split('id="trends-heading"')[1].split("</section>")[0]


def test_uncovered_rows_show_a_change_that_did_not_move_the_generation(org, make_prisoner):
    prisoner = make_prisoner(name="Before Rename")
    assert "Before Rename" in _visit(org)[0]
    Prisoner.objects.filter(pk=prisoner.pk).update(name="After Rename", priority=2)
    page, _ = _visit(org)
    row = page.split("After Rename")[1].split("</li>")[0]
    assert "Before Rename" not in page and "text-bg-danger" in row


def test_uncovered_rows_in_each_language_and_for_each_path(org, make_prisoner):
    make_prisoner(name="Wu Gan", native_name="吴淦")
    english, _ = _visit(org)
    org.cookies["django_language"] = "zh-hans"
    chinese, _ = _visit(org)
    assert ">Wu Gan</a>" in english and ">吴淦</a>" in chinese
    org.cookies["django_language"] = "en"
    elsewhere = org.get("/organize/?from=email").content.decode()
    assert "next=/organize/%3Ffrom%3Demail" in elsewhere
    assert "next=/organize/%3Ffrom%3Demail" not in _visit(org)[0]


def test_what_is_kept_is_not_personal(org, organizer, make_organizer, make_prisoner):
    make_prisoner(name="Shared Row")
    other = organizer_client(make_organizer(display_name="Second Organizer"))
    mine, _ = _visit(org)
    theirs, _ = _visit(other)
    assert "Shared Row" in mine and "Shared Row" in theirs
    assert "Second Organizer" not in mine
    stored = _stored()
    assert any(b"Shared Row" in value for value in stored.values())
    for value in stored.values():
        assert b"csrfmiddlewaretoken" not in value
        assert organizer.email.encode() not in value


class _Down:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise redis.ConnectionError

        return fail


def test_without_redis_the_dashboard_is_counted_live(org, make_prisoner, monkeypatch):
    make_prisoner(name="Live Row")
    monkeypatch.setattr(kept, "cache", _Down())
    page, _ = _visit(org)
    assert "Live Row" in page and "Showing 1 of 1." in page


def _section(page: str, heading: str) -> str:
    return page.split(f'id="{heading}"')[1].split("</section>")[0]


def test_quiet_rows_and_recent_posts_show_every_change(org, make_user, make_prisoner):
    volunteer = quiet_defender(make_user, make_prisoner)
    page, _ = _visit(org)
    assert "Quiet Plum" in _section(page, "quiet-heading")
    assert "Old words 0" in _section(page, "quiet-heading")
    assert "Old words 0" in _section(page, "posts-heading")
    # Changes that move no generation: a post's words, the volunteer's name.
    Post.objects.filter(volunteer=volunteer).update(text="New words")
    type(volunteer).objects.filter(pk=volunteer.pk).update(display_name="Renamed Plum")
    page, _ = _visit(org)
    for heading in ("quiet-heading", "posts-heading"):
        assert "New words" in _section(page, heading) and "Old words" not in page
        assert "Renamed Plum" in _section(page, heading) and "Quiet Plum" not in page


def test_post_times_are_drawn_in_each_organizers_time_zone(
    org, organizer, make_user, make_prisoner
):
    quiet_defender(make_user, make_prisoner)
    moment = Post.objects.get().posted_at
    type(organizer).objects.filter(pk=organizer.pk).update(timezone="Asia/Shanghai")
    shanghai, _ = _visit(org)
    type(organizer).objects.filter(pk=organizer.pk).update(timezone="America/New_York")
    new_york, _ = _visit(org)
    for page, zone in ((shanghai, "Asia/Shanghai"), (new_york, "America/New_York")):
        local = timezone.localtime(moment, zoneinfo.ZoneInfo(zone))
        with translation.override("en"):
            shown = formats.date_format(local, "SHORT_DATETIME_FORMAT")
        assert shown in _section(page, "posts-heading"), zone
