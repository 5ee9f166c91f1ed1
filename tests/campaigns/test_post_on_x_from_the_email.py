"""The weekly email posts in one tap (issue 13, points 1 and 6): its "Post on X" button
and link open X's compose page with this week's suggested text, the other platforms
follow as small links, the week's reason to post is said, and "I posted: log it" stays."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from campaigns.models import Adoption, OutgoingEmail, VolunteerSettings
from campaigns.outbox.emails import build_message
from prisoners.models import Status

# Thursday 10 November 2022, 19:00 in Taipei: the week of Xu Zhiyong's 1000th day
# (Friday 11 November).
NOW = datetime.datetime(2022, 11, 10, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture
def row(make_user, make_prisoner, settings):
    settings.SITE_URL = "https://campaign.example.org"
    xu = make_prisoner(
        name="Xu Zhiyong",
        native_name="许志永",
        status=Status.SENTENCED,
        detained_on=datetime.date(2020, 2, 15),
        hashtag="FreeXuZhiyong",
    )
    volunteer = make_user(language="zh-hans", timezone="Asia/Taipei")
    Adoption.objects.create(volunteer=volunteer, prisoner=xu, role="defender")
    return OutgoingEmail.objects.create(
        kind="reminder", volunteer=volunteer, prisoner=xu, period="2022-W45"
    )


def text_and_html(message) -> tuple[str, str]:
    return message.body, message.alternatives[0][0]


def x_text(url: str) -> str:
    assert url.startswith("https://x.com/intent/post?text="), url
    return parse_qs(urlsplit(url).query)["text"][0]


def test_the_email_posts_this_weeks_text_on_x_in_one_tap(row):
    with time_machine.travel(NOW, tick=False):
        message = build_message(row)
    text, html = text_and_html(message)
    reason = "本周（11月11日）是许志永被羁押的第1000天。"

    # The text part: the reason, the suggested text, then X's link with that text.
    lines = text.splitlines()
    assert reason in lines
    x_link = lines[lines.index("一键发到X：") + 1]
    posted = x_text(x_link)
    assert posted.startswith(reason) and "#FreeXuZhiyong" in posted
    assert posted.endswith(" https://campaign.example.org/prisoners/xu-zhiyong/")
    assert posted in text  # the very text shown above the link
    assert any(line.startswith("Bluesky：https://bsky.app/intent/compose?text=") for line in lines)
    assert any(
        line.startswith("微博：https://service.weibo.com/share/share.php?") for line in lines
    )
    # No Mastodon server yet: the way to set it.
    assert "设置你的Mastodon服务器：https://campaign.example.org/me/settings/" in text
    assert "https://campaign.example.org/r/post/" in text  # "I posted: log it"

    # The HTML part: a "Post on X" button with the same link, and the log button.
    assert f'<a href="{x_link}" style="display:inline-block;' in html
    assert ">发到X</a>" in html
    assert f">{reason}</p>" in html
    assert ">我发帖了：记录下来</a>" in html


def test_with_a_server_the_email_posts_on_mastodon_too(row):
    VolunteerSettings.objects.create(volunteer=row.volunteer, mastodon_instance="m.cmx.im")
    with time_machine.travel(NOW, tick=False):
        text, _html = text_and_html(build_message(row))
    (line,) = [line for line in text.splitlines() if line.startswith("Mastodon：")]
    url = line.removeprefix("Mastodon：")
    assert url.startswith("https://m.cmx.im/share?text=")
    assert parse_qs(urlsplit(url).query)["text"][0].startswith("本周（11月11日）")
