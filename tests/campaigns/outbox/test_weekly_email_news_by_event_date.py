"""The defender's weekly email tells the news of their prisoner by the event's own date:
old events entered since the last email are one "added to the timeline" line."""

import pytest

from campaigns.models import Adoption, OutgoingEmail
from campaigns.outbox.emails import build_message

from .news_cases import LAST_EMAIL, NOW, WEEK, ilham_tohti


@pytest.fixture
def reminder(make_user, make_prisoner, clock):
    """`reminder(language)`: this week's reminder to Ilham Tohti's defender of five weeks,
    whose last weekly email went out a week ago."""

    def build(language: str):
        defender = make_user(language=language)
        prisoner = ilham_tohti(make_prisoner)
        adoption = Adoption.objects.create(volunteer=defender, prisoner=prisoner, role="defender")
        Adoption.objects.filter(pk=adoption.pk).update(started_at=NOW - 5 * WEEK)
        OutgoingEmail.objects.create(
            volunteer=defender,
            prisoner=prisoner,
            kind="reminder",
            period="2026-W47",
            status=OutgoingEmail.Status.SENT,
            sent_at=LAST_EMAIL,
        )
        row = OutgoingEmail.objects.create(
            volunteer=defender, prisoner=prisoner, kind="reminder", period="2026-W48"
        )
        message = build_message(row)
        return message.body, message.alternatives[0][0]

    return build


def test_the_weekly_email_in_english(reminder):
    text, html = reminder("en")

    assert "News since our last email:\n- Nov. 16, 2026: Moved to another prison.\n" in text
    line = "Added to the timeline: 3 earlier events (Sept. 17, 2026; 2019; Sept. 23, 2014)."
    assert f"\n{line}\n" in text
    assert f'<p style="margin:8px 0 0;">{line}</p>' in html
    for told in ("Sentenced to life", "Sakharov", "hunger strike", "daughter"):
        assert told not in text and told not in html


def test_the_weekly_email_in_simplified_chinese(reminder):
    text, html = reminder("zh-hans")

    assert "上次来信以来的新消息：\n- 2026年11月16日：Moved to another prison.\n" in text
    line = "补入时间线：3条较早的动态（2026年9月17日、2019年、2014年9月23日）。"
    assert line in text and line in html
    assert "Sentenced to life" not in text
