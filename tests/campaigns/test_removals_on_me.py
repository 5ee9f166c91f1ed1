"""/me/ says which of the volunteer's posts were taken down, when (between the last day
it was seen online and the first check that found it gone, on their own calendar), and
offers to post it again in one tap, in their own words (issue 14, point 5)."""

import datetime
import html
from urllib.parse import quote

import pytest
from django.utils import timezone

from campaigns.models import Post, VolunteerSettings

from .conftest import NOW

UTC = datetime.UTC
WORDS = "Free Wu Gan, jailed for what he wrote & said"
# Seen online on Tuesday 17 November, found gone on Tuesday 24 November (UTC).
SEEN = datetime.datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
GONE = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def gone_post(volunteer, prisoner, n=1, **fields) -> Post:
    fields = {
        "platform": "x",
        "link": f"https://x.com/lotus/status/{n}",
        "posted_at": SEEN - datetime.timedelta(days=1),
        "link_status": "removed",
        "link_live_at": SEEN,
        "link_gone_at": GONE,
        "link_checked_at": GONE,
        **fields,
    }
    return Post.objects.create(volunteer=volunteer, prisoner=prisoner, **fields)


def top(page: str) -> str:
    """/me/ above this week's status: the removals are read first on a phone."""
    return page[page.index("<h1") : page.index('id="defended-heading"')]


def me(client, language="en") -> str:
    client.cookies["django_language"] = language
    return html.unescape(client.get("/me/").content.decode())


def test_a_removed_post_says_between_which_days_and_offers_my_words_again(
    volunteer_client, defender, prisoner
):
    gone_post(defender, prisoner, text=WORDS)
    page = top(me(volunteer_client))
    assert "Removed from X (Twitter) between 17 and 24 November." in page
    assert WORDS in page
    assert "https://x.com/intent/post?text=" + quote(WORDS, safe="") in page
    assert "https://bsky.app/intent/compose?text=" + quote(WORDS, safe="") in page
    assert "they still count for your weeks" in page


def test_without_my_words_the_weeks_text_is_offered(volunteer_client, defender, prisoner):
    gone_post(defender, prisoner)
    page = top(me(volunteer_client))
    assert "This week's text" in page
    removal = page.split("removal-sentence", 1)[1]
    assert f"#PoliticalPrisoners http://testserver/prisoners/{prisoner.slug}/" in removal
    assert "%23FreeWuGan" in removal  # inside the share links


def test_the_days_are_the_volunteers_own(volunteer_client, defender, prisoner):
    defender.timezone = "Asia/Shanghai"
    defender.save()
    # 16:30 UTC on the 23rd is the 24th in Shanghai; 20:00 UTC on the 16th is the 17th.
    gone_post(
        defender,
        prisoner,
        link_live_at=datetime.datetime(2026, 11, 16, 20, 0, tzinfo=UTC),
        link_gone_at=datetime.datetime(2026, 11, 23, 16, 30, tzinfo=UTC),
    )
    assert "between 17 and 24 November" in me(volunteer_client)


def test_across_months_and_years_the_months_and_years_are_said(
    volunteer_client, defender, prisoner
):
    gone_post(defender, prisoner, n=1, link_live_at=datetime.datetime(2026, 10, 28, tzinfo=UTC))
    gone_post(
        defender,
        prisoner,
        n=2,
        link_live_at=datetime.datetime(2026, 11, 20, tzinfo=UTC),
        link_gone_at=datetime.datetime(2026, 11, 20, 12, tzinfo=UTC),
    )
    page = me(volunteer_client)
    assert "between 28 October and 24 November." in page
    assert "Removed from X (Twitter) on 20 November." in page


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh-hans", "11月17日至24日之间从X (Twitter)上被删除。"),
        ("zh-hant", "11月17日至24日之間從X (Twitter)上被刪除。"),
    ],
)
def test_in_chinese(volunteer_client, defender, prisoner, language, said):
    gone_post(defender, prisoner, text=WORDS)
    page = top(me(volunteer_client, language))
    assert said in page
    assert "Removed from" not in page


def test_a_suspended_account_is_said_and_leads_to_the_report(volunteer_client, defender, prisoner):
    gone_post(defender, prisoner, platform="bluesky", link_status="account_suspended")
    page = top(me(volunteer_client))
    assert "Your account on Bluesky seems suspended (found on 24 November)." in page
    assert 'href="/me/suspended/?platform=bluesky"' in page


def test_a_link_never_seen_online_asks_to_be_checked(volunteer_client, defender, prisoner):
    post = gone_post(defender, prisoner, link="https://x.com/lotus/status/typo", link_live_at=None)
    page = top(me(volunteer_client))
    assert "This link does not open — check it?" in page
    assert "https://x.com/lotus/status/typo" in page
    assert f'href="/me/posts/{post.pk}/delete/"' in page
    assert 'href="/me/#log"' in page
    assert "intent/post" not in page  # nothing to post again


def test_old_removals_and_links_back_online_are_not_shown(volunteer_client, defender, prisoner):
    long_ago = NOW - datetime.timedelta(weeks=9)
    gone_post(defender, prisoner, n=1, link_live_at=long_ago, link_gone_at=long_ago)
    gone_post(defender, prisoner, n=2, link_status="live")
    page = me(volunteer_client)
    assert "Removed from" not in page
    assert "Your posts that were taken down" not in page


def test_three_at_most_newest_first_with_a_link_to_all(volunteer_client, defender, prisoner):
    for n in range(1, 6):
        gone_post(
            defender,
            prisoner,
            n=n,
            text=f"My words number {n} about this case",
            link_gone_at=GONE - datetime.timedelta(days=n),
        )
    page = top(me(volunteer_client))
    shown = [n for n in range(1, 6) if f"My words number {n} " in page]
    assert shown == [1, 2, 3]
    assert page.index("number 1 ") < page.index("number 2 ") < page.index("number 3 ")
    assert 'href="/me/removed/"' in page

    everything = html.unescape(volunteer_client.get("/me/removed/").content.decode())
    assert all(f"My words number {n} " in everything for n in range(1, 6))


def test_the_mastodon_button_uses_my_server(volunteer_client, defender, prisoner):
    VolunteerSettings.objects.create(volunteer=defender, mastodon_instance="mastodon.social")
    gone_post(defender, prisoner, text=WORDS)
    assert "https://mastodon.social/share?text=" in top(me(volunteer_client))


def test_others_removals_are_never_shown(volunteer_client, defender, other_volunteer, prisoner):
    gone_post(other_volunteer, prisoner, text="Their own words, not mine at all")
    for url in ("/me/", "/me/removed/"):
        page = volunteer_client.get(url).content.decode()
        assert "Their own words" not in page
        assert "x.com/lotus/status/1" not in page


def test_me_costs_the_same_with_one_or_many_removals(
    volunteer_client, defender, prisoner, django_assert_max_num_queries
):
    from .test_me_on_a_phone import ME_QUERIES_WITH_REMOVALS as ME_QUERIES

    volunteer_client.get("/me/")  # the parts about the prisoner drawn and kept
    gone_post(defender, prisoner, n=0, text=WORDS)
    with django_assert_max_num_queries(ME_QUERIES):
        assert volunteer_client.get("/me/").status_code == 200
    for n in range(1, 30):
        gone_post(defender, prisoner, n=n, link_live_at=None if n % 3 else SEEN)
        gone_post(
            defender,
            prisoner,
            n=100 + n,
            link_status="account_suspended",
            link_gone_at=timezone.now() - datetime.timedelta(hours=n),
        )
    with django_assert_max_num_queries(ME_QUERIES):
        assert volunteer_client.get("/me/").status_code == 200


def test_the_removed_page_costs_the_same_with_few_or_many(
    volunteer_client, defender, prisoner, django_assert_max_num_queries
):
    gone_post(defender, prisoner, n=0)
    # Session, user, the posts (with their prisoners), the Mastodon server.
    with django_assert_max_num_queries(4):
        assert volunteer_client.get("/me/removed/").status_code == 200
    for n in range(1, 45):
        gone_post(defender, prisoner, n=n, link_gone_at=GONE - datetime.timedelta(hours=n))
    with django_assert_max_num_queries(4):
        first = volunteer_client.get("/me/removed/").content.decode()
    assert first.count("removal-sentence") == 20
    cursor = first.split('href="?before=')[1].split('"')[0]
    second = volunteer_client.get(f"/me/removed/?before={cursor}").content.decode()
    assert second.count("removal-sentence") == 20


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Removed from X (Twitter) between 28 December 2025 and 3 January 2026."),
        ("zh-hans", "2025年12月28日至2026年1月3日之间从X (Twitter)上被删除。"),
    ],
)
def test_an_older_removal_says_its_years(volunteer_client, defender, prisoner, language, said):
    gone_post(
        defender,
        prisoner,
        link_live_at=datetime.datetime(2025, 12, 28, 12, tzinfo=UTC),
        link_gone_at=datetime.datetime(2026, 1, 3, 12, tzinfo=UTC),
    )
    volunteer_client.cookies["django_language"] = language
    page = html.unescape(volunteer_client.get("/me/removed/").content.decode())
    assert said in page
    assert said not in me(volunteer_client, language)  # older than /me/ shows
