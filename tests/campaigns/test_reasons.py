"""Reasons to post (issue 13, point 6): a birthday, a detention anniversary or a hundredth
day of detention in the volunteer's week, said in their language, leading the suggested
texts; across leap years, new years and time zones; none in a plain week."""

import datetime

import pytest
import time_machine

from campaigns.compose import share_context, suggested_post
from campaigns.models import Adoption
from campaigns.reasons import Kind, Reason, reasons_in_week, say
from prisoners.dates import Precision
from prisoners.models import Status

D = datetime.date


@pytest.fixture
def xu_zhiyong(make_prisoner):
    # Detained 15 February 2020: day 1000 (as the profile's counter counts) is Friday
    # 11 November 2022.
    return make_prisoner(
        name="Xu Zhiyong",
        native_name="许志永",
        status=Status.SENTENCED,
        detained_on=D(2020, 2, 15),
        birth_date=D(1973, 3, 2),
        hashtag="FreeXuZhiyong",
    )


def test_the_thousandth_day_is_said_today_in_each_language(xu_zhiyong):
    today = D(2022, 11, 11)
    assert xu_zhiyong.days_detained(today) == 1000
    (reason,) = reasons_in_week(xu_zhiyong, today=today)
    assert reason == Reason(Kind.MILESTONE, today, 1000)
    said = {
        lang: say(reason, xu_zhiyong, today=today, language=lang)
        for lang in ("en", "zh-hans", "zh-hant")
    }
    assert said == {
        "en": "Today is day 1,000 of Xu Zhiyong's detention.",
        "zh-hans": "今天是许志永被羁押的第1000天。",
        "zh-hant": "今天是許志永被羈押的第1000天。",
    }


def test_on_another_day_of_the_week_it_is_this_week_with_the_date(xu_zhiyong):
    tuesday = D(2022, 11, 8)
    (reason,) = reasons_in_week(xu_zhiyong, today=tuesday)
    assert say(reason, xu_zhiyong, today=tuesday, language="en") == (
        "This week (November 11) is day 1,000 of Xu Zhiyong's detention."
    )
    assert say(reason, xu_zhiyong, today=tuesday, language="zh-hans") == (
        "本周（11月11日）是许志永被羁押的第1000天。"
    )
    # The Sunday after, the week is over with it; the next Monday is a new week.
    assert reasons_in_week(xu_zhiyong, today=D(2022, 11, 13))
    assert reasons_in_week(xu_zhiyong, today=D(2022, 11, 14)) == []


def test_a_plain_week_has_no_reason(xu_zhiyong):
    assert reasons_in_week(xu_zhiyong, today=D(2022, 10, 5)) == []
    text = suggested_post(xu_zhiyong, language="en", today=D(2022, 10, 5))
    assert "Today" not in text and "This week" not in text


def test_every_hundredth_day_and_none_between(xu_zhiyong):
    days = [
        r.number
        for monday in (D(2020, 2, 17) + datetime.timedelta(weeks=w) for w in range(160))
        for r in reasons_in_week(xu_zhiyong, today=monday)
        if r.kind == Kind.MILESTONE
    ]
    assert days == list(range(100, 1100 + 1, 100))


def test_birthday_and_anniversary_with_their_numbers(xu_zhiyong):
    birthday = reasons_in_week(xu_zhiyong, today=D(2026, 3, 2))
    assert birthday == [Reason(Kind.BIRTHDAY, D(2026, 3, 2), 53)]
    assert say(birthday[0], xu_zhiyong, today=D(2026, 3, 2), language="zh-hans") == (
        "今天是许志永的53岁生日，仍在羁押中。"
    )
    anniversary = reasons_in_week(xu_zhiyong, today=D(2026, 2, 12))
    assert anniversary == [Reason(Kind.ANNIVERSARY, D(2026, 2, 15), 6)]
    assert say(anniversary[0], xu_zhiyong, today=D(2026, 2, 12), language="en") == (
        "This week (February 15) it is 6 years since Xu Zhiyong was detained."
    )
    first = reasons_in_week(xu_zhiyong, today=D(2021, 2, 15))
    assert say(first[0], xu_zhiyong, today=D(2021, 2, 15), language="en") == (
        "Today it is 1 year since Xu Zhiyong was detained."
    )


def test_a_leap_day_is_marked_on_28_february_in_a_common_year(make_prisoner):
    leap = make_prisoner(
        name="Leap Day",
        detained_on=D(2016, 2, 29),
        birth_date=D(1980, 2, 29),
    )
    # 2027: no 29 February; both fall on Sunday 28 February, never on 1 March.
    assert set(reasons_in_week(leap, today=D(2027, 2, 24))) == {
        Reason(Kind.ANNIVERSARY, D(2027, 2, 28), 11),
        Reason(Kind.BIRTHDAY, D(2027, 2, 28), 47),
    }
    assert reasons_in_week(leap, today=D(2027, 3, 1)) == []
    # 2028 is a leap year again: 29 February itself.
    days = {r.day for r in reasons_in_week(leap, today=D(2028, 2, 29))}
    assert days == {D(2028, 2, 29)}


def test_a_hundredth_day_counts_the_leap_day(make_prisoner):
    # From 1 February 2024, a leap year, day 100 is 11 May; in 2023 it was 12 May.
    leap = make_prisoner(name="Leap Count", detained_on=D(2024, 2, 1))
    assert reasons_in_week(leap, today=D(2024, 5, 11)) == [
        Reason(Kind.MILESTONE, D(2024, 5, 11), 100)
    ]
    common = make_prisoner(name="Common Count", detained_on=D(2023, 2, 1))
    assert reasons_in_week(common, today=D(2023, 5, 12)) == [
        Reason(Kind.MILESTONE, D(2023, 5, 12), 100)
    ]


def test_a_week_across_the_new_year_finds_the_birthday_in_january(make_prisoner):
    born = make_prisoner(name="New Year", detained_on=D(2019, 6, 3), birth_date=D(1970, 1, 2))
    # Monday 29 December 2025 to Sunday 4 January 2026.
    assert reasons_in_week(born, today=D(2025, 12, 29)) == [
        Reason(Kind.BIRTHDAY, D(2026, 1, 2), 56)
    ]


@pytest.mark.parametrize("precision", [Precision.YEAR, Precision.MONTH])
def test_dates_not_known_to_the_day_give_no_reason(make_prisoner, precision):
    vague = make_prisoner(
        name="Vague",
        detained_on=D(2020, 1, 1),
        detained_on_precision=precision,
        birth_date=D(1970, 1, 1),
        birth_date_precision=precision,
    )
    for week in range(60 * 7):
        assert reasons_in_week(vague, today=D(2020, 1, 1) + datetime.timedelta(days=week)) == []


def test_no_reason_for_a_released_prisoner(make_prisoner):
    free = make_prisoner(name="Freed", status=Status.RELEASED, detained_on=D(2020, 2, 15))
    assert reasons_in_week(free, today=D(2022, 11, 11)) == []


def test_the_reason_leads_every_suggested_text_that_week(xu_zhiyong, volunteer):
    context = share_context(
        xu_zhiyong, volunteer=volunteer, language="zh-hans", today=D(2022, 11, 11)
    )
    assert context["reasons"] == ["今天是许志永被羁押的第1000天。"]
    reason = context["reasons"][0]
    for suggestion in context["suggestions"]:
        # Chinese sentences follow each other without a space.
        assert suggestion["text"].startswith(reason)
        assert not suggestion["text"][len(reason)].isspace()
    # Another day of the week: the reason says the day, no second count beside it.
    tuesday = share_context(xu_zhiyong, volunteer=volunteer, language="en", today=D(2022, 11, 8))
    for suggestion in tuesday["suggestions"]:
        assert suggestion["text"].startswith("This week (November 11) is day 1,000")
        assert "997" not in suggestion["text"]
    english = share_context(xu_zhiyong, volunteer=volunteer, language="en", today=D(2022, 11, 11))
    for suggestion in english["suggestions"]:
        assert suggestion["text"].startswith("Today is day 1,000 of Xu Zhiyong's detention. ")


# Monday 30 November 2026 is day 1000 of this detention. At 20:00 UTC on Sunday
# 29 November it is already Monday 09:00 in Auckland (UTC+13), and still Sunday noon
# in Los Angeles (UTC-8): one volunteer is in the week of the milestone, the other not.
INSTANT = datetime.datetime(2026, 11, 29, 20, 0, tzinfo=datetime.UTC)
MILESTONE = D(2026, 11, 30)


def test_the_volunteers_own_today_decides(client, make_user, make_prisoner):
    pages = {}
    for zone in ("Pacific/Auckland", "America/Los_Angeles"):
        city = zone.split("/")[1].replace("_", " ")
        prisoner = make_prisoner(name=city, detained_on=MILESTONE - datetime.timedelta(days=1000))
        volunteer = make_user(timezone=zone, language="en")
        Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
        client.force_login(volunteer)
        with time_machine.travel(INSTANT, tick=False):
            pages[zone] = client.get("/me/", HTTP_ACCEPT_LANGUAGE="en").context["reasons"]
    assert pages["Pacific/Auckland"] == ["Today is day 1,000 of Auckland's detention."]
    assert pages["America/Los_Angeles"] == []
