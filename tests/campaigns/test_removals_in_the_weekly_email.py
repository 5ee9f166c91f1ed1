"""The weekly email says which posts were taken down since the last one, with the
one-tap links to post them again, in both parts (issue 14, point 5)."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from campaigns.models import Adoption, OutgoingEmail, Post
from campaigns.outbox.emails import build_message

UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 26, 19, 0, tzinfo=UTC)
LAST_EMAIL = datetime.datetime(2026, 11, 19, 19, 0, tzinfo=UTC)
WORDS = "Free Wu Gan, jailed for what he wrote and said"


@pytest.fixture
def row(make_user, prisoner, settings):
    settings.SITE_URL = "https://campaign.example.org"
    volunteer = make_user(language="en", timezone="Asia/Taipei")
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    OutgoingEmail.objects.create(
        kind="reminder",
        volunteer=volunteer,
        prisoner=prisoner,
        period="2026-W47",
        status="sent",
        sent_at=LAST_EMAIL,
    )
    return OutgoingEmail.objects.create(
        kind="reminder", volunteer=volunteer, prisoner=prisoner, period="2026-W48"
    )


def removed(volunteer, prisoner, n, *, gone, **fields) -> Post:
    return Post.objects.create(
        volunteer=volunteer,
        prisoner=prisoner,
        platform="x",
        link=f"https://x.com/lotus/status/{n}",
        posted_at=gone - datetime.timedelta(days=5),
        link_status="removed",
        link_live_at=gone - datetime.timedelta(days=3),
        link_gone_at=gone,
        **fields,
    )


def parts(row) -> tuple[str, str]:
    with time_machine.travel(NOW, tick=False):
        message = build_message(row)
    return message.body, message.alternatives[0][0]


def test_removals_since_the_last_email_with_the_links_to_post_again(row, prisoner, other_volunteer):
    removed(row.volunteer, prisoner, 1, gone=NOW - datetime.timedelta(days=2), text=WORDS)
    removed(row.volunteer, prisoner, 2, gone=LAST_EMAIL - datetime.timedelta(hours=1))
    removed(other_volunteer, prisoner, 3, gone=NOW - datetime.timedelta(days=1), text="Theirs")
    text, html = parts(row)

    # Seen on 21 November and gone on the 24th, at 19:00 UTC: the 22nd and the 25th
    # in Taipei, the volunteer's time zone.
    said = "Removed from X (Twitter) between 22 and 25 November."
    assert text.count("Removed from") == 1
    lines = text.splitlines()
    at = lines.index(f"- {said}")
    assert lines[at + 1] == f"  {WORDS}"
    assert lines[at + 2].startswith("  Post it again on X: ")
    url = lines[at + 2].split(": ", 1)[1]
    assert parse_qs(urlsplit(url).query)["text"][0] == (
        f"{WORDS} https://campaign.example.org/prisoners/{prisoner.slug}/"
    )
    assert "https://campaign.example.org/me/removed/" in text
    assert "Theirs" not in text and "status/3" not in text

    assert html.count("Removed from") == 1 and f">{said}</p>" in html
    assert f'<a href="{url}"' in html
    assert ">Post it again on X</a>" in html
    assert "Theirs" not in html


def test_no_removal_no_section(row, prisoner):
    removed(row.volunteer, prisoner, 1, gone=LAST_EMAIL - datetime.timedelta(days=1))
    text, html = parts(row)
    assert "taken down" not in text and "taken down" not in html


def test_a_link_that_never_opened_is_said_with_the_way_to_check_it(row, prisoner):
    post = removed(row.volunteer, prisoner, 1, gone=NOW - datetime.timedelta(days=1))
    Post.objects.filter(pk=post.pk).update(link_live_at=None)
    text, html = parts(row)
    assert "This link does not open — check it?" in text
    assert "This link does not open — check it?" in html
    assert "https://x.com/lotus/status/1" in text
    assert "Check it on your page: https://campaign.example.org/me/" in text
    assert "intent/post" not in text.split("taken down", 1)[1].split("A post you could use")[0]


def test_in_chinese(row, prisoner):
    row.volunteer.language = "zh-hant"
    row.volunteer.save()
    removed(row.volunteer, prisoner, 1, gone=NOW - datetime.timedelta(days=2), text=WORDS)
    text, html = parts(row)
    assert "11月22日至25日之間從X (Twitter)上被刪除。" in text
    assert "在X上重新發布：https://x.com/intent/post?text=" in text
    assert "11月22日至25日之間從X (Twitter)上被刪除。" in html
