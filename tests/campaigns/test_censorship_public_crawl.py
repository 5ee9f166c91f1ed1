"""S6 for the public record: crawled in every language, its pages, feed and CSV never
show a volunteer, a handle or a link, whatever the checks found."""

import re

import pytest
from django.conf import settings
from django.utils import timezone

from campaigns.models import AccountSuspension, CensorshipDay, LinkCheck, Post
from campaigns.public_record.views import PRISONERS_PER_PAGE

SECRETS = [
    "SecretHandle123",
    "https://x.com/SecretHandle123/status/999",
    "x.com/SecretHandle123",
    "status/999",
    "hidden.volunteer@example.org",
    "hidden.volunteer",
    "Hidden Volunteer Xyzzy",
    "mastodon.example/@quietvoice",
    "quietvoice",
    "bsky.app/profile/whisper.example",
    "whisper.example",
    "A sentence the volunteer wrote about the trial Plugh",
    "oEmbed 404 for SecretHandle123",
]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def checked_posts(make_user, make_prisoner, prisoner):
    """Posts of a volunteer with distinctive identifiers, checked as the checks leave them:
    posts' states, their history, the daily rollup and a suspension report."""
    volunteer = make_user(
        email="hidden.volunteer@example.org",
        display_name="Hidden Volunteer Xyzzy",
    )
    # Enough prisoners with removals for the record to have a second page.
    prisoners = [prisoner] + [make_prisoner() for _ in range(PRISONERS_PER_PAGE)]
    now = timezone.now()
    links = [
        ("https://x.com/SecretHandle123/status/999", Post.Platform.X, Post.LinkStatus.REMOVED),
        (
            "https://mastodon.example/@quietvoice/1234",
            Post.Platform.MASTODON,
            Post.LinkStatus.ACCOUNT_SUSPENDED,
        ),
        (
            "https://bsky.app/profile/whisper.example/post/3k",
            Post.Platform.BLUESKY,
            Post.LinkStatus.LIVE,
        ),
    ]
    for link, platform, status in links:
        post = Post.objects.create(
            volunteer=volunteer,
            prisoner=prisoner,
            platform=platform,
            link=link,
            text="A sentence the volunteer wrote about the trial Plugh",
            link_status=status,
            link_checked_at=now,
        )
        LinkCheck.objects.create(
            post=post,
            checked_at=now,
            status=status,
            previous_status=Post.LinkStatus.LIVE,
            http_status=404,
            detail="oEmbed 404 for SecretHandle123",
        )
        CensorshipDay.objects.create(
            day=now.date(),
            platform=platform,
            prisoner=prisoner,
            checked=1,
            removed=int(status == Post.LinkStatus.REMOVED),
            suspended=int(status == Post.LinkStatus.ACCOUNT_SUSPENDED),
        )
    for other in prisoners[1:]:
        CensorshipDay.objects.create(
            day=now.date(), platform=Post.Platform.X, prisoner=other, checked=2, removed=1
        )
    AccountSuspension.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform=Post.Platform.X, reported_at=now
    )
    return volunteer


def _record_links(html: str) -> set[str]:
    """The record's own addresses a page links to: its pages, feed and CSV."""
    found = set(re.findall(r'href="([^"]+)"', html.replace("&amp;", "&")))
    return {
        href if href.startswith("/") else f"/censorship/{href}"
        for href in found
        if href.startswith(("?", "/censorship/")) or href.endswith("censorship.atom")
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_feed_or_file_of_the_record_shows_who_posted_or_where(
    client, checked_posts, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    seen, queue, bodies = set(), ["/censorship/"], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        bodies[url] = body
        if response["Content-Type"].startswith("text/html"):
            queue.extend(_record_links(body) - seen)

    # The crawl reached the record's second page, its feed and its CSV, with figures in.
    prefix = "" if language == settings.LANGUAGE_CODE else f"{language}/"
    assert {
        "/censorship/?page=2",
        f"/feeds/{prefix}censorship.atom",
        "/censorship/censorship.csv",
    } <= seen
    assert "<entry>" in bodies[f"/feeds/{prefix}censorship.atom"]
    assert len(bodies["/censorship/censorship.csv"].splitlines()) == 1 + 3 + PRISONERS_PER_PAGE
    for url, body in bodies.items():
        for secret in SECRETS:
            assert secret.lower() not in body.lower(), (url, secret)
