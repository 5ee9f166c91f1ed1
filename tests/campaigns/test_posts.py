"""Logging posts and reading them back: /me/ and /me/posts/."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Adoption, Post
from prisoners.models import CaseEvent, Prisoner


@pytest.fixture
def defender(volunteer, prisoner):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    return volunteer


def log(client, prisoner, follow=False, **fields):
    data = {
        "prisoner": prisoner.pk,
        "link": "https://x.com/lotus/status/1",
        "text": "",
        "posted_on": timezone.localdate().isoformat(),
    }
    data.update(fields)
    return client.post("/me/posts/", data, follow=follow)


def test_a_defender_logs_a_post(volunteer_client, defender, prisoner):
    response = log(
        volunteer_client, prisoner, link="https://x.com/lotus/status/1", text="吴淦 #FreeWuGan"
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.volunteer, post.prisoner, post.platform) == (defender, prisoner, "x")
    assert post.text == "吴淦 #FreeWuGan"
    me = volunteer_client.get("/me/").content.decode()
    assert "https://x.com/lotus/status/1" in me


def test_the_same_link_twice_is_in_the_log_once(volunteer_client, defender, prisoner):
    link = "https://mastodon.social/@lotus/1"
    assert log(volunteer_client, prisoner, link=link).status_code == 302
    response = log(volunteer_client, prisoner, link=link, follow=True)
    # Not an error: the link is in the log already, and the volunteer is told so.
    assert response.status_code == 200
    assert "You had logged this link already: it is in your log." in response.content.decode()
    assert Post.objects.count() == 1


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://example.org/post",
        "ftp://example.org/post",
        "https://example.org/" + "a" * 10_000,
    ],
)
def test_unsafe_or_oversized_links_are_refused(volunteer_client, defender, prisoner, link):
    response = log(volunteer_client, prisoner, link=link, text="keep me")
    assert response.status_code == 400
    # What the volunteer typed is still in the form: nothing lost.
    assert "keep me" in response.content.decode()
    assert not Post.objects.exists()


def test_posts_dated_in_the_future_are_refused(volunteer_client, defender, prisoner):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = log(volunteer_client, prisoner, posted_on=tomorrow.isoformat())
    assert response.status_code == 400
    assert "This date is in the future." in response.content.decode()
    assert not Post.objects.exists()


@pytest.mark.parametrize("posted_on", ["0001-01-01", "1999-12-31"])
def test_posts_dated_in_the_distant_past_are_refused(
    volunteer_client, defender, prisoner, posted_on
):
    # Found by tests/test_fuzz_forms.py: year 1 overflowed the weekly counters (a 500).
    defender.timezone = "Asia/Shanghai"
    defender.save(update_fields=["timezone"])
    response = log(volunteer_client, prisoner, posted_on=posted_on)
    assert response.status_code == 400
    assert "This date is too far in the past." in response.content.decode()
    assert not Post.objects.exists()


def test_posts_only_about_my_own_prisoners(volunteer_client, defender, make_prisoner):
    stranger = make_prisoner(name="Not Mine")
    response = log(volunteer_client, stranger)
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_posting_without_any_prisoner_sends_to_find(volunteer_client, prisoner):
    response = log(volunteer_client, prisoner)
    assert response.status_code == 302
    assert response["Location"] == "/find/"
    assert not Post.objects.exists()


def test_a_huge_note_is_refused_not_truncated(volunteer_client, defender, prisoner):
    response = log(volunteer_client, prisoner, text="x" * 1_000_000)
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_nul_bytes_get_a_clear_message(volunteer_client, defender, prisoner):
    response = log(volunteer_client, prisoner, text="before\x00after")
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert not Post.objects.exists()


def test_another_volunteers_post_is_404(client, defender, prisoner, other_volunteer):
    post = Post.objects.create(
        volunteer=defender, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    client.force_login(other_volunteer)
    assert client.get(f"/me/posts/{post.pk}/delete/").status_code == 404
    assert client.post(f"/me/posts/{post.pk}/delete/").status_code == 404
    assert Post.objects.filter(pk=post.pk).exists()


def test_removing_my_post_asks_first(volunteer_client, defender, prisoner):
    post = Post.objects.create(
        volunteer=defender, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    assert volunteer_client.get(f"/me/posts/{post.pk}/delete/").status_code == 200
    assert Post.objects.filter(pk=post.pk).exists()
    assert volunteer_client.post(f"/me/posts/{post.pk}/delete/").status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def _bulk_posts(volunteer, prisoner, n, start=None):
    start = start or timezone.now() - datetime.timedelta(days=1)
    # Some share a timestamp: the id breaks ties so that no post is skipped or repeated.
    Post.objects.bulk_create(
        Post(
            volunteer=volunteer,
            prisoner=prisoner,
            platform="x",
            link=f"https://x.com/a/status/{start.timestamp():.0f}{i}",
            posted_at=start - datetime.timedelta(hours=i // 3),
        )
        for i in range(n)
    )


def test_keyset_pagination_walks_every_post_once(volunteer_client, defender, prisoner):
    _bulk_posts(defender, prisoner, 47)
    seen, url, pages = [], "/me/posts/", 0
    while url and pages < 10:
        pages += 1
        response = volunteer_client.get(url)
        assert response.status_code == 200
        seen += [p.pk for p in response.context["posts"]]
        cursor = response.context["next_cursor"]
        url = f"/me/posts/?before={cursor}" if cursor else None
    expected = list(Post.objects.order_by("-posted_at", "-id").values_list("pk", flat=True))
    assert seen == expected
    assert pages == 3


@pytest.mark.parametrize(
    "cursor", ["garbage", "2026_x", "_1", "99999999999999999999999_5", "-1e9_2"]
)
def test_a_bad_cursor_starts_from_the_top(volunteer_client, defender, prisoner, cursor):
    _bulk_posts(defender, prisoner, 3)
    response = volunteer_client.get("/me/posts/", {"before": cursor})
    assert response.status_code == 200
    assert len(response.context["posts"]) == 3


def test_other_volunteers_posts_never_show(volunteer_client, defender, prisoner, other_volunteer):
    Post.objects.create(
        volunteer=other_volunteer, prisoner=prisoner, platform="x", link="https://x.com/b/1"
    )
    for url in ["/me/", "/me/posts/", prisoner.get_absolute_url()]:
        assert "https://x.com/b/1" not in volunteer_client.get(url).content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("url", "pinned"), [("/me/", 4), ("/me/posts/", 2)])
def test_query_counts_are_pinned_and_do_not_grow(volunteer_client, defender, prisoner, url, pinned):
    # /me/: the user (the session is cached), my adoptions with their prisoners (and the
    # digest of my prisoner's events and sources, the key of the parts kept about them),
    # recent posts, my settings read once (the share links' Mastodon server; the banner
    # of a pause, an unsubscription or a refused address, in place of base.html's) with
    # "email verified?", whether any post was taken down or suspension reported lately
    # (none here: removals.for_me) and the weeks with a post (streak). The prisoner's
    # latest events only when their parts are drawn: the first time here.
    # /me/posts/: the user with the banner, one page of posts with their prisoners.
    _bulk_posts(defender, prisoner, 3)
    volunteer_client.get(url)
    few = _queries(volunteer_client, url)
    _bulk_posts(defender, prisoner, 300, start=timezone.now() - datetime.timedelta(days=400))
    assert _queries(volunteer_client, url) == few == pinned


def test_me_shows_my_prisoner_their_news_and_the_cases_i_support(
    volunteer_client, defender, prisoner, make_prisoner
):
    Prisoner.objects.filter(pk=prisoner.pk).update(photo="prisoners/wu-gan.jpg")
    for day in range(1, 8):
        CaseEvent.objects.create(
            prisoner=prisoner, date=datetime.date(2026, 1, day), text=f"News of January {day}."
        )
    CaseEvent.objects.create(
        prisoner=prisoner, date=datetime.date(2026, 2, 1), text="Draft.", is_published=False
    )
    supported = [make_prisoner(name=f"Supported {n}") for n in range(3)]
    for other in supported:
        Adoption.objects.create(volunteer=defender, prisoner=other, role="supporter")

    page = volunteer_client.get("/me/").content.decode()

    assert '<img src="/media/prisoners/wu-gan.jpg"' in page
    days = (timezone.localdate() - prisoner.detained_on).days
    assert f">{days:,}</p>" in page and "days in detention" in page
    # The latest five published events, newest first; never a draft.
    shown = [day for day in range(1, 8) if f"News of January {day}." in page]
    assert shown == [3, 4, 5, 6, 7]
    assert page.index("News of January 7.") < page.index("News of January 3.")
    assert "Draft." not in page
    section = page[page.index('id="support-heading"') :].split("</section>")[0]
    for other in supported:
        assert f'href="{other.get_absolute_url()}"' in section
    assert 'data-copy-target="suggested-post"' in page


def test_me_costs_the_same_queries_with_more_news_and_more_supported_cases(
    volunteer_client, defender, prisoner, make_prisoner
):
    def grow(n):
        for _ in range(n):
            other = make_prisoner()
            Adoption.objects.create(volunteer=defender, prisoner=other, role="supporter")
            CaseEvent.objects.create(prisoner=prisoner, date=datetime.date(2026, 1, 1), text="x")

    grow(1)
    few = _queries(volunteer_client, "/me/")
    grow(20)
    assert _queries(volunteer_client, "/me/") == few
