"""The weekly emails as a volunteer reads them, and the links in them as they follow them.

Each email is written by `schedule.tick()` at a moment after the volunteer's reminder
hour, sent by the real send path (Celery eager, after commit) to a real SMTP server,
parsed from the bytes that arrived, and read: subject, greeting, prisoner, days
detained, news, the suggested post, both parts, the unsubscribe headers. The links are
taken from the text part and followed with a browser-like client that has no session
and enforces CSRF, as a volunteer clicking in their mail program would.
"""

import datetime
import re
import zoneinfo
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client

from campaigns.models import Adoption, OutgoingEmail, Post, VolunteerSettings
from campaigns.outbox import emails, schedule
from prisoners.models import CaseEvent, Status
from tests.smtp import text_and_html

SITE = "https://campaign.example.org"
TZ = zoneinfo.ZoneInfo("Asia/Taipei")  # UTC+8 all year
DETAINED_ON = datetime.date(2015, 5, 19)

# ISO week 2026-W10 runs Monday 2 March to Sunday 8 March. The default reminder moment
# is Thursday 18:00 in the volunteer's time zone; the email goes at the first tick after.
CLAIMED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
NEWS = datetime.datetime(2026, 3, 3, 20, 0, tzinfo=TZ)
DUE = datetime.datetime(2026, 3, 5, 18, 15, tzinfo=TZ)
DAYS = f"{(DUE.date() - DETAINED_ON).days:,}"  # 3,943, as a reader sees it
DAYS_IN_CHINESE = DAYS.replace(",", "")  # 3943: Chinese writes no thousands separator
PERIOD = "{}-W{:02d}".format(*DUE.isocalendar()[:2])

LINK = re.compile(re.escape(SITE) + r"/[^\s\"'<>]*")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True
    settings.REMINDER_NUDGE_AFTER_WEEKS = 2
    settings.REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS = 3
    settings.REMINDER_LAPSE_AFTER_WEEKS = 4
    settings.REMINDER_PAUSE_DAYS = 14


@pytest.fixture
def wu_gan(make_prisoner):
    return make_prisoner(
        name="Wu Gan",
        native_name="吴淦",
        status=Status.SENTENCED,
        detained_on=DETAINED_ON,
        hashtag="FreeWuGan",
    )


def claim(volunteer, prisoner, at=CLAIMED) -> Adoption:
    with time_machine.travel(at):
        return Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")


def add_news(prisoner) -> None:
    """One published event since the claim, one older, one not published."""
    with time_machine.travel(CLAIMED - datetime.timedelta(days=20)):
        CaseEvent.objects.create(
            prisoner=prisoner, date=datetime.date(2026, 2, 10), text="Old news before the claim."
        )
    with time_machine.travel(NEWS):
        CaseEvent.objects.create(
            prisoner=prisoner,
            date=datetime.date(2026, 3, 3),
            kind=CaseEvent.Kind.FAMILY,
            text="His lawyer was again refused a visit at the prison.",
        )
        CaseEvent.objects.create(
            prisoner=prisoner,
            date=datetime.date(2026, 3, 3),
            text="Unconfirmed draft, not for volunteers.",
            is_published=False,
        )


def deliver(smtp_server, django_capture_on_commit_callbacks, kind: str):
    """Tick at DUE and send through SMTP; the delivered message and its row."""
    with django_capture_on_commit_callbacks(execute=True):
        result = schedule.tick()
    assert dict(result.created) == {kind: 1}
    (message,) = smtp_server.wait_for(1)
    row = OutgoingEmail.objects.get(period=PERIOD)
    assert (row.kind, row.status) == (kind, OutgoingEmail.Status.SENT)
    return message, row


def links(text: str) -> dict[str, str]:
    """The campaign's links in a text, by what they are for."""
    found = {}
    for url in LINK.findall(text):
        path = urlsplit(url).path
        for name, prefix in [
            ("log_post", "/r/post/"),
            ("pause", "/r/pause/"),
            ("unsubscribe", "/r/unsubscribe/"),
            ("settings", "/me/settings/"),
            ("find", "/find/"),
            ("prisoner", "/prisoners/"),
            ("me", "/me/"),
        ]:
            if path.startswith(prefix):
                found.setdefault(name, url)
                break
    return found


def path_of(url: str) -> str:
    assert url.startswith(SITE + "/"), url
    return urlsplit(url).path


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def read(message) -> tuple[str, str]:
    """The text and HTML parts, with the line endings of a mail program's screen."""
    text, html = text_and_html(message)
    return text.replace("\r\n", "\n"), html.replace("\r\n", "\n")


def check_headers(message, row, unsubscribe_url: str) -> None:
    # A long header is folded; unfolded, its value may begin with the folding space.
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe_url}>"
    assert unsubscribe_url.startswith(f"{SITE}/r/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    expected_id = f"<reminder.{row.pk}.{row.kind}.{row.period}@campaign.example.org>"
    assert message["Message-ID"] == expected_id
    assert row.message_id == expected_id
    # The same row always gets the same Message-ID: a resend is recognisable.
    assert emails.build_message(row).extra_headers["Message-ID"] == expected_id


def test_the_weekly_reminder_in_english_and_its_links(
    make_user, wu_gan, smtp_server, django_capture_on_commit_callbacks
):
    volunteer = make_user(
        display_name="<script>alert(1)</script> Lotus", language="en", timezone=str(TZ)
    )
    claim(volunteer, wu_gan)
    add_news(wu_gan)

    with time_machine.travel(DUE):
        message, row = deliver(smtp_server, django_capture_on_commit_callbacks, "reminder")
        text, html = read(message)
        assert text and html
        assert message["To"] == volunteer.email
        assert message["Subject"] == "This week's post for Wu Gan"

        # The text part, as read.
        assert text.startswith("Hello <script>alert(1)</script> Lotus,\n")
        assert "You have not posted about Wu Gan yet this week." in text
        assert f"Wu Gan has been detained for {DAYS} days." in text
        assert "News since our last email:\n- March 3, 2026: His lawyer was again" in text
        assert "Old news" not in text and "Unconfirmed" not in text
        assert (
            f"Wu Gan has been held for {DAYS} days for speaking out. Do not forget them. "
            f"#FreeWuGan #PoliticalPrisoners {SITE}/prisoners/wu-gan/"
        ) in text
        assert "&lt;" not in text and "&#x27;" not in text and "&amp;" not in text

        # The HTML part says the same, with the display name escaped.
        assert '<html lang="en">' in html
        assert "<script>" not in html
        assert "Hello &lt;script&gt;alert(1)&lt;/script&gt; Lotus," in html
        assert "<title>This week&#x27;s post for Wu Gan</title>" in html
        assert "Wu Gan</a>" in html
        assert f'<strong style="font-size:24px;">{DAYS}</strong> days in detention' in html
        assert "His lawyer was again refused a visit at the prison." in html
        assert "Old news" not in html and "Unconfirmed" not in html
        assert f"held for {DAYS} days for speaking out." in html

        found = links(text)
        assert set(found) >= {"log_post", "pause", "unsubscribe", "settings", "prisoner"}
        for url in found.values():
            assert f'href="{url}"' in html, url
        check_headers(message, row, found["unsubscribe"])

        browser = Client(enforce_csrf_checks=True)  # no session, like a mail program

        # "Posted? Log it in one click": the form, then a post logged.
        page = browser.get(path_of(found["log_post"]))
        assert page.status_code == 200
        body = page.content.decode()
        assert "Log a post about Wu Gan" in body
        assert 'name="link"' in body and 'name="posted_on"' in body
        answer = browser.post(
            path_of(found["log_post"]),
            {
                "csrfmiddlewaretoken": csrf_token(body),
                "prisoner": str(wu_gan.pk),
                "link": "https://mastodon.social/@lotus/111",
                "text": "Free Wu Gan",
                "posted_on": "2026-03-04",
            },
        )
        assert answer.status_code == 302
        assert (
            "Logged. Thank you for speaking up." in browser.get(answer["Location"]).content.decode()
        )
        post = Post.objects.get(volunteer=volunteer)
        assert (post.prisoner, post.platform) == (wu_gan, "mastodon")
        assert post.link == "https://mastodon.social/@lotus/111"
        assert post.posted_at == datetime.datetime(2026, 3, 4, 12, tzinfo=TZ)

        # "Pause reminders for 14 days": GET asks, POST pauses.
        page = browser.get(path_of(found["pause"]))
        assert page.status_code == 200
        body = page.content.decode()
        assert "Pause reminders for 14 days?" in body
        assert "You will get no reminder until March 19, 2026." in body
        assert not VolunteerSettings.objects.filter(paused_until__isnull=False).exists()
        answer = browser.post(path_of(found["pause"]), {"csrfmiddlewaretoken": csrf_token(body)})
        assert answer.status_code == 200
        assert "Reminders paused" in answer.content.decode()
        prefs = VolunteerSettings.objects.get(volunteer=volunteer)
        assert prefs.paused_until == datetime.date(2026, 3, 19)

        # "Stop all emails": GET asks; the mail client's one-click POST (RFC 8058),
        # without cookie or CSRF token, unsubscribes.
        page = browser.get(path_of(found["unsubscribe"]))
        assert page.status_code == 200
        assert "Stop all emails from the campaign?" in page.content.decode()
        assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at is None
        answer = Client(enforce_csrf_checks=True).post(
            path_of(message["List-Unsubscribe"].strip().strip("<>")),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert answer.status_code == 200
        assert answer.content.decode() == "Unsubscribed."
        assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at is not None
        page = browser.get(path_of(found["unsubscribe"]))
        assert "You will get no more emails from us" in page.content.decode()


def test_next_weeks_email_has_only_the_news_since_the_last_one_and_the_photo(
    make_user, wu_gan, smtp_server, django_capture_on_commit_callbacks
):
    type(wu_gan).objects.filter(pk=wu_gan.pk).update(photo="prisoners/wu-gan.jpg")
    volunteer = make_user(language="en", timezone=str(TZ))
    claim(volunteer, wu_gan)
    add_news(wu_gan)
    with time_machine.travel(DUE):
        first, _row = deliver(smtp_server, django_capture_on_commit_callbacks, "reminder")
    with time_machine.travel(NEWS + datetime.timedelta(days=7)):
        CaseEvent.objects.create(
            prisoner=wu_gan,
            date=datetime.date(2026, 3, 10),
            text="A new appeal was filed with the provincial court.",
        )

    # A week later, still no post: the next weekly email (a nudge, two quiet weeks).
    with (
        time_machine.travel(DUE + datetime.timedelta(days=7)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        schedule.tick()
    second = smtp_server.wait_for(2)[1]

    text, html = read(second)
    assert "A new appeal was filed" in text and "A new appeal was filed" in html
    assert "His lawyer was again refused" not in text + html  # already in the first one
    photo = f'<img src="{SITE}/media/prisoners/wu-gan.jpg" width="84" alt="Wu Gan"'
    assert photo in read(first)[1] and photo in html


def test_the_weekly_reminder_in_simplified_chinese_and_its_links(
    make_user, wu_gan, smtp_server, django_capture_on_commit_callbacks
):
    volunteer = make_user(display_name="莲花", language="zh-hans", timezone=str(TZ))
    claim(volunteer, wu_gan)
    add_news(wu_gan)

    with time_machine.travel(DUE):
        message, row = deliver(smtp_server, django_capture_on_commit_callbacks, "reminder")
        text, html = read(message)
        assert text and html
        assert message["Subject"] == "本周为吴淦发一条帖子"

        assert text.startswith("莲花，你好：\n")
        assert "你本周还没有发关于吴淦的帖子。" in text
        assert f"吴淦已被羁押{DAYS_IN_CHINESE}天。" in text
        assert "上次来信以来的新消息：\n- 2026年3月3日：His lawyer was again" in text
        assert "Old news" not in text and "Unconfirmed" not in text
        assert f"吴淦因为发声已被关押{DAYS_IN_CHINESE}天。" in text
        assert "#FreeWuGan" in text
        assert "Wu Gan" not in text  # the Chinese name, not the romanised one
        for english in ("Hello", "detained", "Pause", "Stop all emails", "Posted?"):
            assert english not in text, english

        assert '<html lang="zh-hans">' in html
        assert "莲花，你好：" in html
        assert "吴淦</a>" in html
        assert f"{DAYS_IN_CHINESE}</strong> 天，仍在羁押中" in html
        assert "停止接收所有邮件" in html

        found = links(text)
        assert set(found) >= {"log_post", "pause", "unsubscribe", "settings", "prisoner"}
        for url in found.values():
            assert f'href="{url}"' in html, url
        check_headers(message, row, found["unsubscribe"])

        browser = Client(enforce_csrf_checks=True)

        page = browser.get(path_of(found["log_post"]))
        assert page.status_code == 200
        body = page.content.decode()
        assert "记录一条关于吴淦的帖子" in body
        answer = browser.post(
            path_of(found["log_post"]),
            {
                "csrfmiddlewaretoken": csrf_token(body),
                "prisoner": str(wu_gan.pk),
                "platform": "letter",
                "description": "我给吴淦写了一封信，告诉他我们没有忘记他。",
            },
        )
        assert answer.status_code == 302
        assert "你关于吴淦的帖子已经记录下来了" in browser.get(answer["Location"]).content.decode()
        assert Post.objects.filter(volunteer=volunteer, prisoner=wu_gan).count() == 1

        # The pause page speaks the volunteer's language, whatever the browser's.
        page = browser.get(path_of(found["pause"]), HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        body = page.content.decode()
        assert "要暂停提醒14天吗？" in body
        assert "2026年3月19日（含当天）之前，你不会收到提醒。" in body
        assert "Pause reminders" not in body
        answer = browser.post(
            path_of(found["pause"]),
            {"csrfmiddlewaretoken": csrf_token(body)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert "提醒已暂停" in answer.content.decode()
        assert VolunteerSettings.objects.get(volunteer=volunteer).paused_until == (
            datetime.date(2026, 3, 19)
        )

        page = browser.get(path_of(found["unsubscribe"]))
        assert "要停止接收守护行动的所有邮件吗？" in page.content.decode()
        answer = browser.post(path_of(found["unsubscribe"]))  # the page's own button
        assert answer.status_code == 200
        assert "你不会再收到我们的邮件了" in answer.content.decode()
        assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at is not None


def test_names_read_as_written_in_subject_and_text_and_escaped_in_html(
    make_user, make_prisoner, smtp_server, django_capture_on_commit_callbacks
):
    prisoner = make_prisoner(
        name="Ma Chun'an", status=Status.DETAINED, detained_on=datetime.date(2024, 1, 1)
    )
    volunteer = make_user(display_name="Tom & Jerry", language="en", timezone=str(TZ))
    claim(volunteer, prisoner)

    with time_machine.travel(DUE):
        message, _row = deliver(smtp_server, django_capture_on_commit_callbacks, "reminder")
    text, html = read(message)
    assert message["Subject"] == "This week's post for Ma Chun'an"
    assert text.startswith("Hello Tom & Jerry,\n")
    assert "You have not posted about Ma Chun'an yet this week." in text
    assert "Hello Tom &amp; Jerry," in html
    assert "<title>This week&#x27;s post for Ma Chun&#x27;an</title>" in html


@pytest.mark.parametrize(
    ("weeks", "nudge_after", "phrase"),
    [(2, 2, "for 2 weeks."), (1, 1, "for 1 week.")],
)
def test_the_nudge_counts_the_quiet_weeks(
    make_user,
    wu_gan,
    smtp_server,
    django_capture_on_commit_callbacks,
    settings,
    weeks,
    nudge_after,
    phrase,
):
    settings.REMINDER_NUDGE_AFTER_WEEKS = nudge_after
    volunteer = make_user(display_name="Lotus", language="en", timezone=str(TZ))
    claim(volunteer, wu_gan, at=CLAIMED - datetime.timedelta(weeks=weeks))

    with time_machine.travel(DUE):
        message, row = deliver(smtp_server, django_capture_on_commit_callbacks, "nudge")
    assert row.weeks_quiet == weeks
    text, html = read(message)
    assert message["Subject"] == "Wu Gan has not been mentioned for a while"
    assert text.startswith("Hello Lotus,\n")
    assert f"We have not seen a post about Wu Gan {phrase} Is everything all right?" in text
    assert f"We have not seen a post about Wu Gan {phrase}" in html
    assert f"Wu Gan has been detained for {DAYS} days." in text
    found = links(text)
    # "Hand them back on your page", and the weekly part with its links.
    assert found["me"] == f"{SITE}/me/"
    assert {"log_post", "pause", "unsubscribe"} <= set(found)
    check_headers(message, row, found["unsubscribe"])
    assert Adoption.objects.active().defenders().filter(volunteer=volunteer).exists()


@pytest.mark.parametrize(
    ("language", "subject", "phrase", "thanks"),
    [
        (
            "en",
            "Thank you for defending Wu Gan",
            "We have not seen a post about Wu Gan for 4 weeks, so we have opened their case "
            "to other volunteers: a prisoner should never wait alone.",
            "Whenever you are ready, come back and defend someone again:\n",
        ),
        (
            "zh-hant",
            "感謝你守護吳淦",
            "我們已經4週沒有看到關於吳淦的貼文了",
            "等你準備好了，隨時歡迎回來，再守護一位政治犯：\n",
        ),
    ],
)
def test_the_lapse_note_thanks_and_points_to_find(
    make_user,
    wu_gan,
    smtp_server,
    django_capture_on_commit_callbacks,
    client,
    language,
    subject,
    phrase,
    thanks,
):
    volunteer = make_user(display_name="Lotus", language=language, timezone=str(TZ))
    adoption = claim(volunteer, wu_gan, at=CLAIMED - datetime.timedelta(weeks=4))
    # A lapse follows a nudge that reached them (without one they are nudged first).
    OutgoingEmail.objects.create(
        volunteer=volunteer,
        prisoner=wu_gan,
        kind=OutgoingEmail.Kind.NUDGE,
        period=(DUE - datetime.timedelta(weeks=2)).strftime("%G-W%V"),
        status=OutgoingEmail.Status.SENT,
        weeks_quiet=2,
        created_at=DUE - datetime.timedelta(weeks=2),
    )

    with time_machine.travel(DUE):
        message, row = deliver(smtp_server, django_capture_on_commit_callbacks, "lapsed")
    assert row.weeks_quiet == 4
    adoption.refresh_from_db()
    assert adoption.end_reason == Adoption.EndReason.LAPSED

    text, html = read(message)
    assert text and html
    assert message["Subject"] == subject
    assert phrase in text and phrase in html
    assert f"{thanks}{SITE}/find/\n" in text
    assert f'href="{SITE}/find/"' in html
    found = links(text)
    assert set(found) == {"find", "unsubscribe"}  # no pause or log-post link any more
    check_headers(message, row, found["unsubscribe"])
    assert client.get(path_of(found["find"])).status_code == 200
