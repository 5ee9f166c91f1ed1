"""The Monday digest tells organizers last week's censorship: posts removed and posts on
suspended accounts by platform, the accounts newly reported suspended, and where the
full lists are; in the text and the HTML part alike."""

import datetime

import pytest
import time_machine
from django.core import mail

from campaigns.models import OutgoingEmail
from campaigns.outbox import send

from .censorship_rows import bump, report

UTC = datetime.UTC
# Monday 23 November 2026 (2026-W48): last week is 16 to 22 November.
MONDAY = datetime.datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _campaign_clock(settings):
    settings.CAMPAIGN_TIME_ZONE = "UTC"


def the_digest(organizer, language="en"):
    organizer.language = language
    organizer.save(update_fields=["language"])
    row = OutgoingEmail.objects.create(
        volunteer=organizer, period="2026-W48", kind=OutgoingEmail.Kind.ORGANIZER_DIGEST
    )
    with time_machine.travel(MONDAY, tick=False):
        assert send.send_chunk([row.pk])[send.Outcome.SENT] == 1
    (message,) = mail.outbox
    return message.body, message.alternatives[0][0]


def test_last_weeks_removals_by_platform_and_new_reports(
    organizer, volunteer, other_volunteer, prisoner, make_prisoner, settings
):
    other = make_prisoner()
    bump(datetime.date(2026, 11, 16), "x", prisoner, removed=2)
    bump(datetime.date(2026, 11, 22), "x", other, removed=1, suspended=3)
    bump(datetime.date(2026, 11, 20), "weibo", prisoner, removed=4)
    bump(datetime.date(2026, 11, 15), "mastodon", prisoner, removed=9)  # the week before
    bump(datetime.date(2026, 11, 23), "youtube", prisoner, removed=9)  # this week
    report(volunteer, prisoner, platform="weibo", at=MONDAY - 2 * DAY)
    report(other_volunteer, None, platform="x", at=MONDAY - 10 * DAY)  # the week before

    for body in the_digest(organizer):
        assert "X (Twitter): removed 3, on suspended accounts 3" in body
        assert "Weibo: removed 4, on suspended accounts 0" in body
        assert "Mastodon" not in body and "YouTube" not in body
        assert body.index("X (Twitter)") < body.index("Weibo")  # the platforms' own order
        assert "1 account newly reported suspended:" in body
        assert "Lotus" in body and prisoner.primary_name() in body
        assert "Bamboo" not in body
        assert settings.SITE_URL + "/organize/removals/" in body
        assert settings.SITE_URL + "/organize/suspended/" in body
        assert volunteer.email not in body


def test_a_quiet_week_is_said_in_words(organizer):
    for body in the_digest(organizer):
        assert "No logged post was found removed or on a suspended account." in body
        assert "No volunteer reported a suspended account." in body


def test_in_chinese(organizer, volunteer, prisoner):
    bump(datetime.date(2026, 11, 18), "x", prisoner, removed=2, suspended=1)
    report(volunteer, prisoner, at=MONDAY - DAY)
    report(volunteer, prisoner, at=MONDAY - 2 * DAY)
    text, html = the_digest(organizer, "zh-hans")
    for body in (text, html):
        assert "上周的审查观察：" in body
        assert "X (Twitter)：删除2条，账号被封1条" in body
        assert "新报告被封的账号：2个" in body
