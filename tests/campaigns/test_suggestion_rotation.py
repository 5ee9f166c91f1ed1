"""The suggested texts rotate week by week (issue 13, point 1): the same first text all
week long, another the next week, across a new year too; every text in the volunteer's
language, with the prisoner's hashtag, the profile link and its length as X counts it."""

import datetime
import itertools
import re

from campaigns.compose import TEXTS, X_LIMIT, share_context, x_weighted_length

THURSDAY = datetime.date(2026, 11, 26)


def texts(prisoner, volunteer, day, language="en") -> list[str]:
    context = share_context(prisoner, volunteer=volunteer, language=language, today=day)
    return [suggestion["text"] for suggestion in context["suggestions"]]


def wording(text: str) -> str:
    """A text without its numbers, which grow day by day."""
    return re.sub(r"\d[\d,]*", "N", text)


def test_the_same_texts_all_week_in_the_same_order_but_the_days(prisoner, volunteer):
    monday = datetime.date(2026, 11, 23)
    week = [texts(prisoner, volunteer, monday + datetime.timedelta(days=n)) for n in range(7)]
    # The days in detention grow; the wording and its order do not.
    assert len({tuple(wording(t) for t in ws) for ws in week}) == 1
    assert week[0][0].startswith("Wu Gan: 4,206 days behind bars.")
    assert week[6][0].startswith("Wu Gan: 4,212 days behind bars.")


def test_the_first_text_changes_from_one_week_to_the_next(prisoner, volunteer):
    firsts = [
        texts(prisoner, volunteer, THURSDAY + datetime.timedelta(weeks=n))[0] for n in range(8)
    ]
    starts = [wording(first) for first in firsts]
    assert all(a != b for a, b in itertools.pairwise(starts))
    # Every text comes first in turn.
    assert len(set(starts)) == len(TEXTS)


def test_the_rotation_goes_on_across_the_new_year(prisoner, volunteer):
    # 2026 has an ISO week 53 (28 December to 3 January); week 1 of 2027 follows it.
    w52, w53, w1 = (
        datetime.date(2026, 12, 24),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 7),
    )
    starts = [wording(texts(prisoner, volunteer, day)[0]) for day in (w52, w53, w1)]
    assert starts[0] != starts[1] and starts[1] != starts[2]


def test_every_text_has_the_hashtag_the_link_and_its_x_length(prisoner, volunteer):
    for language, name in (("en", "Wu Gan"), ("zh-hans", "吴淦"), ("zh-hant", "吳淦")):
        context = share_context(prisoner, volunteer=volunteer, language=language, today=THURSDAY)
        assert len(context["suggestions"]) == len(TEXTS)
        assert len({s["text"] for s in context["suggestions"]}) == len(TEXTS)
        for suggestion in context["suggestions"]:
            text = suggestion["text"]
            assert name in text and "#FreeWuGan" in text
            assert text.endswith(" http://testserver/prisoners/wu-gan/")
            assert suggestion["length"] == x_weighted_length(text) <= X_LIMIT
            assert suggestion["over"] is False
            if language != "en":
                # A Chinese reader's number: 第4208天, not 4,208.
                assert "4,2" not in text


def test_without_days_known_the_texts_say_no_number(make_prisoner, volunteer):
    unknown = make_prisoner(name="Unknown Days", hashtag="FreeThem")
    for text in texts(unknown, volunteer, THURSDAY):
        assert not any(ch.isdigit() for ch in text.split(" http")[0])
        assert "Unknown Days" in text and "#FreeThem" in text
