"""Chinese reads as Chinese (issue 12, point 5): no space around a name set inside a
Chinese sentence, Chinese punctuation between Chinese words, dates written the Chinese
way, and zero said in words rather than "0 周连续发帖" or "0 年前获释".

The catalogues are read as compiled (.mo), as the site reads them; the pages are
rendered through the test client in each script.
"""

import datetime
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.timesince import timesince

from prisoners.dates import PartialDate, Precision
from prisoners.models import CaseEvent, Sentence, Status

from .conftest import defend

CHINESE = ("zh-hans", "zh-hant")
LOCALES = ("zh_Hans", "zh_Hant")
# A Chinese character, or Chinese (full-width) punctuation.
CJK = r"[\u3000-\u303f\u3400-\u9fff\uff01-\uff60]"
# What Python's %-formatting, str.format and Django's templates put in.
PLACEHOLDER = r"(?:%\(\w+\)[sd]|\{\w*\}|%[sd])"
SPACE_AROUND_PLACEHOLDER = re.compile(rf"{CJK} +{PLACEHOLDER}|{PLACEHOLDER}(?:%%)? +{CJK}")
ASCII_PUNCTUATION_BY_CJK = re.compile(rf"{CJK} *[,:;]|[,:;] *{CJK}")


def _catalogue(locale: str) -> dict:
    """The compiled catalogue of `locale`: msgid (or (msgid, n) for plurals) -> msgstr."""
    path = Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as compiled:
        return gettext.GNUTranslations(compiled)._catalog


def _offenders(locale: str, pattern: re.Pattern) -> list[str]:
    return [text for key, text in _catalogue(locale).items() if key != "" and pattern.search(text)]


@pytest.mark.parametrize("locale", LOCALES)
def test_no_space_between_chinese_and_a_name_put_in(locale):
    assert _offenders(locale, SPACE_AROUND_PLACEHOLDER) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_no_western_comma_colon_or_semicolon_beside_chinese(locale):
    assert _offenders(locale, ASCII_PUNCTUATION_BY_CJK) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "你现在是%(name)s的守护者了"), ("zh-hant", "你現在是%(name)s的守護者了")],
)
def test_the_name_sits_inside_the_sentence(language, expected):
    with translation.override(language):
        text = translation.gettext(
            "Thank you. You now defend %(name)s: post about them at least once a week."
        )
    assert expected in text


# The typography tags


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load typography %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "a, b: c (d &amp; e)"),
        ("zh-hans", "a，b：c（d &amp; e）"),
        ("zh-hant", "a，b：c（d &amp; e）"),
    ],
)
def test_the_marks_follow_the_language(language, expected):
    source = "a{% comma %}b{% colon %}c{{ aside|in_brackets }}"
    assert _render(source, language, aside="d & e") == expected


def test_brackets_leave_plain_text_emails_unescaped():
    source = "{% autoescape off %}x{{ aside|in_brackets }}{% endautoescape %}"
    assert _render(source, "zh-hans", aside="d & e") == "x（d & e）"


# Dates


@pytest.mark.parametrize(
    ("language", "day", "month", "year"),
    [
        ("en", "Dec. 7, 2019", "December 2019", "2019"),
        ("zh-hans", "2019年12月7日", "2019年12月", "2019年"),
        ("zh-hant", "2019年12月7日", "2019年12月", "2019年"),
    ],
)
def test_partial_dates_are_written_the_way_the_language_writes_them(language, day, month, year):
    date = datetime.date(2019, 12, 7)
    with translation.override(language):
        shown = [PartialDate(date, p).display() for p in (Precision.DAY, Precision.MONTH)]
        shown.append(PartialDate(date.replace(month=1, day=1), Precision.YEAR).display())
    assert shown == [day, month, year]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "2周，3天"), ("zh-hant", "2週，3天"), ("en", "2\xa0weeks, 3\xa0days")],
)
def test_durations_are_written_the_chinese_way(language, expected):
    since = timezone.now() - datetime.timedelta(days=17, hours=1)
    with translation.override(language):
        assert timesince(since) == expected


# Pages


def _page(client, url: str, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("zh-hans", "有期徒刑，2019年12月7日刑满"),
        ("zh-hant", "有期徒刑，2019年12月7日刑滿"),
        ("en", "Fixed term, ends Dec. 7, 2019"),
    ],
)
def test_the_sentence_line_uses_the_language_s_comma(client, prisoner, language, line):
    prisoner.sentence = Sentence.TERM
    prisoner.sentence_end = datetime.date(2019, 12, 7)
    prisoner.status = Status.RELEASED
    prisoner.save()
    assert line in _page(client, prisoner.get_absolute_url(), language)


def test_chinese_punctuation_costs_no_query(client, prisoner):
    counts = {}
    for language in ("en", "zh-hans"):
        with CaptureQueriesContext(connection) as queries:
            _page(client, prisoner.get_absolute_url(), language)
        counts[language] = len(queries)
    assert counts["zh-hans"] == counts["en"]


def _released_months_ago(prisoner, months: int):
    released = timezone.localdate() - datetime.timedelta(days=30 * months)
    prisoner.status = Status.RELEASED
    prisoner.save()
    CaseEvent.objects.create(
        prisoner=prisoner, date=released, kind=CaseEvent.Kind.RELEASE, text="Released."
    )


@pytest.mark.parametrize(
    ("language", "words", "not_words"),
    [
        ("zh-hans", "获释不到一年", "年前获释"),
        ("zh-hant", "獲釋不到一年", "年前獲釋"),
        ("en", "Released less than a year ago", "years since release"),
    ],
)
def test_a_release_this_year_is_said_in_words(client, prisoner, language, words, not_words):
    _released_months_ago(prisoner, 2)
    html = _page(client, prisoner.get_absolute_url(), language)
    assert words in html and not_words not in html


def test_a_release_years_ago_still_counts_the_years(client, prisoner):
    _released_months_ago(prisoner, 40)
    html = _page(client, prisoner.get_absolute_url(), "zh-hans")
    assert '<p class="display-6 fw-bold mb-0">3</p>' in html and "年前获释" in html
    assert "获释不到一年" not in html


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "去世不到一年"), ("zh-hant", "去世不到一年")]
)
def test_a_death_this_year_is_said_in_words(client, prisoner, language, words):
    prisoner.status = Status.DIED
    prisoner.detained_on = None
    prisoner.death_date = timezone.localdate() - datetime.timedelta(days=20)
    prisoner.save()
    html = _page(client, prisoner.get_absolute_url(), language)
    assert words in html and "年前去世" not in html


@pytest.mark.parametrize(
    ("language", "words", "not_words"),
    [
        ("zh-hans", "本周还没有发文", "周连续发帖"),
        ("zh-hant", "本週還沒有發文", "週連續發文"),
        ("en", "No post yet this week", "weeks in a row"),
    ],
)
def test_a_defender_with_no_week_yet_reads_words_not_zero(
    client, volunteer, prisoner, language, words, not_words
):
    defend(volunteer, prisoner)
    client.force_login(volunteer)
    html = _page(client, "/me/", language)
    assert words in html and not_words not in html
    assert 'class="fw-bold fs-4 streak"' not in html
