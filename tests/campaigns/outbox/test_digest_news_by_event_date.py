"""The supporters' digest tells news by the event's own date: Ilham Tohti's 2014 and
2019 events entered this week are "added to the timeline", never "news this week"; a
digest with only such additions says so in its subject."""

import datetime

import pytest
from django.core import mail

from campaigns.models import Adoption, OutgoingEmail
from campaigns.outbox import schedule
from campaigns.outbox.emails import build_message

from .news_cases import LAST_EMAIL, NOW, WEEK, event, ilham_tohti

# Building a digest: the reader's last digest, the news, the timeline additions.
QUERIES = 3


def supporter(make_user, prisoner, language: str = "en", last_email=LAST_EMAIL):
    reader = make_user(language=language)
    Adoption.objects.create(volunteer=reader, prisoner=prisoner, role="supporter")
    OutgoingEmail.objects.create(
        volunteer=reader,
        kind="digest",
        period="2026-W47",
        status=OutgoingEmail.Status.SENT,
        sent_at=last_email,
    )
    return reader


def tick(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        schedule.tick()


@pytest.fixture(autouse=True)
def _eager(eager): ...


def test_the_digest_in_english_news_and_a_separate_timeline_line(
    make_user, make_prisoner, clock, django_capture_on_commit_callbacks
):
    reader = supporter(make_user, ilham_tohti(make_prisoner))

    tick(django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert message.subject == "News of the prisoners you support"
    body, html = message.body, message.alternatives[0][0]
    assert "There is news this week" in body
    assert "Ilham Tohti — Nov. 16, 2026: Moved to another prison." in body
    line = (
        "Added to the timeline: 3 earlier events of Ilham Tohti "
        "(Sept. 17, 2026; 2019; Sept. 23, 2014)."
    )
    assert line in body and line in html
    # The old events are not told as news; what the last email told is not told again.
    for text in ("Sentenced to life", "Sakharov", "hunger strike", "daughter"):
        assert text not in body and text not in html


def test_the_digest_in_simplified_chinese(
    make_user, make_prisoner, clock, django_capture_on_commit_callbacks
):
    supporter(make_user, ilham_tohti(make_prisoner), language="zh-hans")

    tick(django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.subject == "你支持的政治犯有新消息"
    assert "伊力哈木·土赫提 — 2026年11月16日：Moved to another prison." in message.body
    line = "补入时间线：伊力哈木·土赫提的3条较早的动态（2026年9月17日、2019年、2014年9月23日）。"
    assert line in message.body and line in message.alternatives[0][0]


def test_only_old_events_added_make_a_digest_that_does_not_call_them_news(
    make_user, make_prisoner, clock, django_capture_on_commit_callbacks
):
    prisoner = make_prisoner(name="Ilham Tohti", native_name="伊力哈木·土赫提")
    event(prisoner, dated=datetime.date(2014, 9, 23), added=NOW, text="Sentenced to life.")
    english, chinese = (supporter(make_user, prisoner, language) for language in ("en", "zh-hans"))

    tick(django_capture_on_commit_callbacks)

    by_reader = {message.to[0]: message for message in mail.outbox}
    message = by_reader[english.email]
    assert message.subject == "Earlier events added to the timelines of the prisoners you support"
    assert "news" not in message.body.lower()
    assert "Earlier events were added to the timelines of prisoners you support." in message.body
    assert "Added to the timeline: 1 earlier event of Ilham Tohti (Sept. 23, 2014)." in message.body
    message = by_reader[chinese.email]
    assert message.subject == "你支持的政治犯的时间线补入了较早的动态"
    assert "新消息" not in message.body
    assert "补入时间线：伊力哈木·土赫提的1条较早的动态（2014年9月23日）。" in message.body


def test_no_digest_when_everything_was_added_before_the_last_one(
    make_user, make_prisoner, clock, django_capture_on_commit_callbacks
):
    # Last week's digest went out on Sunday (the reader has since moved their day to
    # Thursday): an event added on Saturday, within the week, was in it.
    prisoner = make_prisoner()
    sunday = NOW - datetime.timedelta(days=4)
    event(prisoner, dated=NOW.date(), added=sunday - WEEK / 7, text="Already told.")
    supporter(make_user, prisoner, last_email=sunday)

    tick(django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert not OutgoingEmail.objects.filter(period="2026-W48").exists()


def test_a_first_digest_tells_what_was_added_in_the_last_week(
    make_user, make_prisoner, clock, django_capture_on_commit_callbacks
):
    prisoner = make_prisoner()
    event(prisoner, dated=NOW.date(), added=NOW - 6 * WEEK / 7, text="Six days ago.")
    event(prisoner, dated=NOW.date(), added=NOW - 8 * WEEK / 7, text="Eight days ago.")
    reader = make_user()
    Adoption.objects.create(volunteer=reader, prisoner=prisoner, role="supporter")

    tick(django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert "Six days ago." in message.body
    assert "Eight days ago." not in message.body


def test_building_the_digest_takes_as_many_queries_for_many_events(
    make_user, make_prisoner, clock, django_assert_num_queries
):
    cases = [make_prisoner() for _ in range(3)]
    reader = make_user()
    for case in cases:
        Adoption.objects.create(volunteer=reader, prisoner=case, role="supporter")
    row = OutgoingEmail.objects.create(volunteer=reader, kind="digest", period="2026-W48")

    def add_events(count: int) -> None:
        for case in cases:
            for n in range(count):
                event(case, dated=NOW.date(), added=NOW, text=f"New {n}")
                event(case, dated=datetime.date(2000 + n, 1, 1), added=NOW, text=f"Old {n}")

    add_events(1)
    with django_assert_num_queries(QUERIES):
        build_message(row)
    add_events(15)
    with django_assert_num_queries(QUERIES):
        message = build_message(row)
    assert message.body.count("Added to the timeline") == 3
