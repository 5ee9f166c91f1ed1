"""'Find me someone to defend' and the suggested post."""

import datetime

import pytest

from campaigns.compose import X_LIMIT, suggested_post, x_weighted_length
from campaigns.models import Adoption
from prisoners.models import Status


def test_find_proposes_priority_first_then_longest_without_a_defender(
    client, make_prisoner, make_user
):
    recent = make_prisoner(name="Recently Added")
    make_prisoner(name="Urgent", priority=2)
    old = make_prisoner(name="Long Waiting")
    # "Long Waiting" lost its defender before "Recently Added" was even added.
    Adoption.objects.filter(
        pk=Adoption.objects.create(volunteer=make_user(), prisoner=old, role="defender").pk
    ).update(ended_at=recent.created_at - datetime.timedelta(days=30), end_reason="handed_back")
    taken = make_prisoner(name="Taken", priority=2)
    Adoption.objects.create(volunteer=make_user(), prisoner=taken, role="defender")
    make_prisoner(name="Free Now", status=Status.RELEASED, priority=2)

    shown = []
    for skip in range(4):
        response = client.get("/find/", {"skip": skip})
        assert response.status_code == 200
        shown.append(response.context["prisoner"].name)
    # After the last one it starts again from the most in need.
    assert shown == ["Urgent", "Long Waiting", "Recently Added", "Urgent"]


@pytest.mark.parametrize("skip", [str(2**63), str(2**80), "9" * 40])
def test_find_with_an_enormous_skip_starts_again_from_the_top(client, prisoner, skip):
    # Found by tests/test_fuzz_forms.py: an OFFSET beyond a bigint was a 500.
    response = client.get("/find/", {"skip": skip})
    assert response.status_code == 200
    assert response.context["prisoner"] == prisoner
    assert response.context["next_skip"] == 1


def test_find_offers_one_click_to_defend(volunteer_client, prisoner):
    page = volunteer_client.get("/find/").content.decode()
    assert f"/prisoners/{prisoner.slug}/defend/" in page
    assert "Show me another" in page


def test_find_when_everyone_is_defended(client, volunteer, prisoner):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    response = client.get("/find/")
    assert response.context["prisoner"] is None
    assert "Every prisoner on the list has a defender" in response.content.decode()


@pytest.mark.parametrize("skip", ["-5", "abc", "1e9", ""])
def test_find_with_a_strange_skip(client, prisoner, skip):
    assert client.get("/find/", {"skip": skip}).status_code == 200


def test_find_is_offered_on_home_and_list(client, prisoner):
    assert "/find/" in client.get("/").content.decode()
    assert "/find/" in client.get("/prisoners/").content.decode()


def test_the_new_volunteer_is_told_what_to_do_first(volunteer_client):
    page = volunteer_client.get("/me/").content.decode()
    assert "Find me someone to defend" in page
    assert "/find/" in page


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("hello", 5),
        ("吴淦", 4),
        ("吴淦 hello", 10),
        ("see https://example.org/a/very/long/path/indeed", 4 + 23),
        ("“quoted”", 8),
        ("😀", 2),
    ],
)
def test_x_counts_cjk_twice_and_links_as_23(text, weight):
    assert x_weighted_length(text) == weight


def test_the_suggested_post_is_in_my_language(prisoner):
    # A plain week: no hundredth day or anniversary leads the text (test_reasons.py).
    today = datetime.date(2026, 11, 26)
    english = suggested_post(prisoner, language="en", today=today)
    days = f"{prisoner.days_detained(today):,}"
    assert "Wu Gan" in english and days in english and "#FreeWuGan" in english
    assert "http://testserver/prisoners/wu-gan/" in english
    chinese = suggested_post(prisoner, language="zh-hans", today=today)
    assert "吴淦" in chinese and "#FreeWuGan" in chinese
    assert "吳淦" in suggested_post(prisoner, language="zh-hant", today=today)
    assert x_weighted_length(english) <= X_LIMIT
    assert x_weighted_length(chinese) <= X_LIMIT


def test_the_me_page_shows_the_suggestion_with_its_count(volunteer_client, volunteer, prisoner):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    response = volunteer_client.get("/me/")
    first = response.context["suggestions"][0]
    assert first["length"] == x_weighted_length(first["text"])
    page = response.content.decode()
    assert 'id="suggested-post"' in page
    assert f'data-x-count aria-live="polite">{first["length"]}</span>' in page
    assert "js/suggested-post" in page
