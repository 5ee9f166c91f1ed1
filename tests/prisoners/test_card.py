"""Issue 13, point 7: the card a profile link shows, drawn by us: 1200×675 PNG, the
name in both scripts in the Noto CJK font, the photo or our placeholder."""

import datetime
import io
import logging

import pytest
import time_machine
from PIL import Image, ImageChops

from prisoners import card
from prisoners.models import Status

NAME_AREA = (card.TEXT_LEFT, card.MARGIN + 60, card.WIDTH - card.MARGIN, 360)


@pytest.fixture(autouse=True)
def _fonts_loaded_afresh():
    card._font.cache_clear()
    yield
    card._font.cache_clear()


def _text(**fields) -> card.CardText:
    fields = {
        "primary": "许志永",
        "secondary": "Xǔ Zhìyǒng",
        "figure": "1,000",
        "caption": "被羁押天数",
        "campaign": "一人一囚",
        "footer": "#FreeXuZhiyong",
        "language": "zh-hans",
        **fields,
    }
    return card.CardText(**fields)


def _image(text: card.CardText) -> Image.Image:
    return Image.open(io.BytesIO(card.render(text)))


def test_the_card_is_a_1200_by_675_png():
    image = _image(_text())
    assert (image.format, image.size) == ("PNG", (1200, 675))


def test_chinese_names_are_drawn_as_their_own_glyphs():
    # Missing glyphs would draw the same empty box for every character: two names of
    # three characters would then look alike. Each must differ from none and the other.
    xu, liu, blank = (
        _image(_text(primary=name, secondary="")).crop(NAME_AREA)
        for name in ("许志永", "刘晓波", "")
    )
    assert ImageChops.difference(xu, blank).getbbox() is not None
    assert ImageChops.difference(xu, liu).getbbox() is not None


def test_traditional_readers_get_the_traditional_face_of_the_configured_font(settings):
    font = card._font(True, 60, card.FACE_TC)
    assert font.path == settings.CARD_FONT_BOLD
    assert font.getname()[0] == "Noto Sans CJK TC"
    assert card._font(False, 60, card.FACE_SC).getname() == ("Noto Sans CJK SC", "Regular")


def test_a_missing_font_is_logged_and_the_card_still_drawn(settings, caplog):
    settings.CARD_FONT = settings.CARD_FONT_BOLD = "/nowhere/NotoSansCJK.ttc"
    with caplog.at_level(logging.WARNING, logger="prisoners.card"):
        image = _image(_text(primary="Xu Zhiyong"))
    assert image.size == (1200, 675)
    assert "fonts-noto-cjk" in caplog.text


def test_a_long_name_stays_inside_the_card():
    name = "Abdurehim Heyit Mehmetjan Abdukadir Ablimit Abdurehman Tursun"
    image = _image(_text(primary=name, secondary="阿不都热依木·艾买提江·阿不都卡迪尔"))
    right_margin = image.crop((card.WIDTH - card.MARGIN + 5, 0, card.WIDTH, card.HEIGHT))
    assert right_margin.getcolors() == [(right_margin.width * card.HEIGHT, card.CAMPAIGN)]


def test_the_photo_fills_the_left_side(tmp_path):
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (300, 400), (20, 60, 200)).save(path)
    with_photo, without = _image(_text(photo=str(path))), _image(_text())
    red, _, blue = with_photo.getpixel((200, 300))
    assert blue > 150 and red < 80
    assert without.getpixel((200, 300)) != with_photo.getpixel((200, 300))


def test_an_unreadable_photo_shows_the_placeholder(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"not a picture")
    placeholder = _image(_text()).crop((0, 0, card.PHOTO_WIDTH, card.HEIGHT))
    shown = _image(_text(photo=str(path))).crop((0, 0, card.PHOTO_WIDTH, card.HEIGHT))
    assert ImageChops.difference(placeholder, shown).getbbox() is None


@pytest.mark.parametrize(
    ("fields", "figure", "caption"),
    [
        ({"detained_on": datetime.date(2026, 1, 1)}, "329", "days in detention"),
        # Only the year known: counted from its last day, never an overstatement.
        (
            {"detained_on": datetime.date(2025, 1, 1), "detained_on_precision": "year"},
            "at least 330",
            "days in detention",
        ),
        ({"status": Status.RELEASED}, "", "Released"),
    ],
)
def test_the_card_counts_the_days_or_says_the_case_is_closed(
    fields, figure, caption, make_prisoner
):
    with time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC)):
        text = card.card_text(make_prisoner(native_name="吴淦", **fields), "en")
    assert (text.figure, text.caption) == (figure, caption)
    assert (text.primary, text.secondary) == ("Wu Gan", "吴淦")


def test_a_chinese_card_writes_the_days_as_chinese_posts_do(make_prisoner):
    with time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC)):
        prisoner = make_prisoner(native_name="许志永", detained_on=datetime.date(2020, 2, 15))
        english = card.card_text(prisoner, "en")
        chinese = card.card_text(prisoner, "zh-hant")
    assert (english.figure, chinese.figure) == ("2,476", "2476")
    assert (chinese.primary, chinese.secondary) == ("許志永", "Xǔ Zhìyǒng")
