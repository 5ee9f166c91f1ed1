"""Issue 13, point 7: the card is served at /prisoners/<slug>/card.png, drawn once per
prisoner, day and language, kept in the cache, and revalidated by browsers and X."""

import datetime

import pytest
import time_machine

from prisoners import card

DAY = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def drawings(monkeypatch) -> list:
    """Every card drawn, by the real renderer."""
    drawn = []
    real = card.render

    def counted(text):
        drawn.append(text)
        return real(text)

    monkeypatch.setattr(card, "render", counted)
    return drawn


@pytest.fixture
def clock():
    with time_machine.travel(DAY, tick=False) as traveller:
        yield traveller


def _url(prisoner, **query) -> str:
    query.setdefault("lang", "en")
    return f"/prisoners/{prisoner.slug}/card.png?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_the_card_is_a_public_png_kept_for_the_rest_of_the_day(client, prisoner, clock):
    response = client.get(_url(prisoner))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert response["Cache-Control"] == "public, max-age=43200"  # noon: 12 hours left
    assert response["ETag"] and response["Last-Modified"]
    assert "Content-Disposition" not in response


def test_a_second_request_is_served_from_the_cache(
    client, prisoner, drawings, django_assert_num_queries
):
    first = client.get(_url(prisoner))
    with django_assert_num_queries(0):
        second = client.get(_url(prisoner))
    card._recent.clear()  # another process: the card comes from Redis
    with django_assert_num_queries(0):
        third = client.get(_url(prisoner))
    assert first.content == second.content == third.content
    assert len(drawings) == 1


def test_each_language_has_its_card(client, prisoner, drawings):
    english = client.get(_url(prisoner, lang="en"))
    chinese = client.get(_url(prisoner, lang="zh-hant"))
    assert english.content != chinese.content
    assert [text.primary for text in drawings] == ["Wu Gan", "吳淦"]


def test_the_card_is_drawn_again_the_next_day_and_after_a_change(
    client, prisoner, drawings, clock, django_capture_on_commit_callbacks
):
    client.get(_url(prisoner))
    clock.shift(datetime.timedelta(days=1))
    client.get(_url(prisoner))
    assert [text.figure for text in drawings] == ["4,209", "4,210"]
    prisoner.hashtag = "FreeWuGanNow"
    with django_capture_on_commit_callbacks(execute=True):
        prisoner.save()
    client.get(_url(prisoner))
    assert drawings[-1].footer == "#FreeWuGanNow"


def test_a_change_elsewhere_finds_the_card_again_without_drawing_it(
    client, prisoner, make_prisoner, drawings, django_capture_on_commit_callbacks
):
    first = client.get(_url(prisoner))
    with django_capture_on_commit_callbacks(execute=True):
        make_prisoner(native_name="刘晓波")  # the public pages' generation moves on
    assert client.get(_url(prisoner)).content == first.content
    assert len(drawings) == 1


def test_a_card_served_before_is_gone_once_the_prisoner_is_unpublished(
    client, prisoner, django_capture_on_commit_callbacks
):
    assert client.get(_url(prisoner)).status_code == 200
    prisoner.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        prisoner.save()
    assert client.get(_url(prisoner)).status_code == 404


def test_a_browser_holding_the_card_is_told_it_has_not_changed(client, prisoner, drawings):
    etag = client.get(_url(prisoner))["ETag"]
    again = client.get(_url(prisoner), headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_the_download_link_makes_a_file_named_for_the_prisoner(client, prisoner):
    response = client.get(_url(prisoner, download=1))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="wu-gan.png"'


@pytest.mark.parametrize("who", ["anonymous", "organizer"])
def test_an_unpublished_prisoners_card_is_not_found(who, client, make_prisoner, organizer):
    hidden = make_prisoner(native_name="王五", is_published=False)
    if who == "organizer":
        client.force_login(organizer)
    assert client.get(_url(hidden)).status_code == 404
    assert client.get("/prisoners/nobody/card.png").status_code == 404
