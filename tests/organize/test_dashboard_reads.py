"""The dashboard's rows read by SQL compiled once per process (campaigns.organize.reads,
advocacy.compiled) are the rows of the lists' own querysets: the same rows in the same
order, with the same related objects, annotations and recent posts."""

import datetime

from django.utils import timezone

from campaigns.models import AccountSuspension, OutgoingEmail, Post
from campaigns.organize import censorship, lists, reads

from .conftest import quiet_defender


def _same(fetched, queryset, *attributes):
    expected = list(queryset)
    assert [row.pk for row in fetched.rows] == [row.pk for row in expected]
    assert len(fetched.raw) >= len(expected)
    for got, want in zip(fetched.rows, expected, strict=True):
        assert got.__dict__.keys() - {"_state", "_prefetched_objects_cache"} >= (
            want.__dict__.keys() - {"_state", "_prefetched_objects_cache"}
        )
        for path in attributes:
            assert _get(got, path) == _get(want, path), path


def _get(obj, path):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def test_quiet_rows_and_their_last_posts(make_user, make_prisoner):
    quiet_defender(make_user, make_prisoner, "Five Posts", 5)
    quiet_defender(make_user, make_prisoner, "Two Posts", 2)
    quiet_defender(make_user, make_prisoner, "No Post", 0)
    fetched = reads.quiet()
    expected = lists.quiet_defenders()
    assert len(fetched.rows) == 3
    _same(fetched, expected, "volunteer.display_name", "prisoner.name", "started_at")
    for got, want in zip(fetched.rows, expected, strict=True):
        got_posts, want_posts = got.volunteer.recent_posts, want.volunteer.recent_posts
        assert [p.pk for p in got_posts] == [p.pk for p in want_posts]
        assert len(got_posts) == min(
            lists.POSTS_EACH, Post.objects.filter(volunteer=got.volunteer).count()
        )
        for post in got_posts:
            assert post.volunteer is got.volunteer
            assert post.prisoner.name == got.prisoner.name
        assert (
            got.volunteer.campaign_settings.last_posted_at
            == want.volunteer.campaign_settings.last_posted_at
        )


def test_quiet_reads_the_moment_it_is_given(make_user, make_prisoner):
    quiet_defender(make_user, make_prisoner, "Quiet", 1)
    assert reads.quiet().rows
    weeks_ago = timezone.now() - datetime.timedelta(weeks=6)
    assert reads.quiet(weeks_ago).rows == [] == lists.quiet_defenders(weeks_ago)


def test_uncovered_rows_ranked_then_by_their_ids(make_prisoner):
    for n in range(3):
        make_prisoner(name=f"Uncovered {n}", priority=n % 2)
    first = reads.ranked_uncovered()
    again = reads.uncovered([p.pk for p in first.rows])
    expected = lists.uncovered()
    _same(first, expected, "name", "priority", "uncovered_since")
    _same(again, expected, "name", "priority", "uncovered_since")
    assert reads.uncovered([]).rows == []


def test_posts_failed_removals_reports_and_vetting(make_user, make_prisoner, volunteer, settings):
    settings.VOLUNTEERS_NEED_APPROVAL = True
    prisoner = make_prisoner(name="About Whom")
    now = timezone.now()
    for n in range(3):
        make_user(display_name=f"Waiting {n}")
        Post.objects.create(
            volunteer=volunteer,
            prisoner=prisoner,
            platform="x",
            link=f"https://x.com/a/status/{n}",
            link_status=censorship.GONE.REMOVED,
            link_gone_at=now - datetime.timedelta(days=n),
        )
        AccountSuspension.objects.create(
            volunteer=volunteer, prisoner=prisoner, platform="x", reported_at=now
        )
        OutgoingEmail.objects.create(
            volunteer=volunteer,
            prisoner=prisoner,
            kind=OutgoingEmail.Kind.REMINDER,
            status=OutgoingEmail.Status.FAILED,
            period=f"2026-W0{n + 1}",
        )
    _same(reads.posts(), lists.posts_newest_first()[:20], "volunteer.email", "prisoner.name")
    _same(reads.failed(), lists.failed_emails(), "volunteer.email", "prisoner.name", "kind")
    _same(reads.vetting(), lists.waiting_for_vetting(), "display_name", "date_joined")
    _same(
        reads.removals(),
        censorship.dashboard_lists()["removals"],
        "link_gone_at",
        "volunteer.email",
        "prisoner.slug",
    )
    _same(reads.reports(), censorship.dashboard_lists()["reports"], "reported_at", "prisoner.name")
    assert len(reads.vetting().rows) == 4  # with `volunteer`
    settings.VOLUNTEERS_NEED_APPROVAL = False
    assert reads.vetting().rows == []
