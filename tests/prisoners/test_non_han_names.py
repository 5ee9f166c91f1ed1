"""Names as people know them (issue 12, point 3).

A Uyghur or Tibetan name written in Chinese characters is a transliteration: its pinyin
("Yilihamu Tuheti") is how the characters sound, not what the person is called (Ilham
Tohti). It stays searchable, but is never the English name, the address or the post.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.compose import suggested_post
from prisoners.importer import import_prisoners
from prisoners.models import Prisoner, Status

from ..conftest import empty_caches

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"
HEYIT_ROW = (
    "阿不都日衣木·黑伊特（AbdurehimHeyit）,male,1964,,喀什,2027-01,https://example.org/heyit"
)


def _h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(0)


@pytest.mark.parametrize(
    ("native", "non_han"),
    [
        ("伊力哈木•土赫提", True),  # Uyghur, the list's bullet
        ("阿不都日衣木·黑伊特（AbdurehimHeyit）", True),  # Uyghur, middle dot
        ("扎西.文色", True),  # Tibetan, a full stop between the parts
        ("桑珠（Samdu）", True),  # Tibetan: a Latin name that is not the pinyin
        ("刘晓波", False),
        ("王丹（Wang Dan）", False),  # the Latin name is only the pinyin
        ("谢丰夏（谢文飞）", False),  # a Chinese pen name, not a Latin name
    ],
)
def test_non_han_names_are_recognised(db, native, non_han):
    assert Prisoner.objects.create(native_name=native).non_han is non_han


@pytest.mark.parametrize(
    ("native", "chinese", "latin", "slug"),
    [
        (
            "阿不都日衣木·黑伊特（AbdurehimHeyit）",
            "阿不都日衣木·黑伊特",
            "Abdurehim Heyit",
            "abdurehim-heyit",
        ),
        ("白玛益西(PemaYeshi)", "白玛益西", "Pema Yeshi", "pema-yeshi"),  # half-width, Tibetan
        ("伊力哈木•土赫提（Ilham Tohti）", "伊力哈木•土赫提", "Ilham Tohti", "ilham-tohti"),
    ],
)
def test_the_latin_name_in_parentheses_is_the_english_name(db, native, chinese, latin, slug):
    prisoner = Prisoner.objects.create(native_name=native)
    assert prisoner.native_name == chinese
    assert prisoner.name == latin
    assert prisoner.slug == slug
    assert latin in prisoner.alias_list
    assert prisoner.pinyin and prisoner.name != prisoner.transliteration


def test_the_pinyin_of_a_transliteration_is_never_the_english_name(db):
    ilham = Prisoner.objects.create(native_name="伊力哈木•土赫提")
    assert ilham.non_han and ilham.name == ""
    assert ilham.pinyin == "Yīlìhāmù Tǔhètí"
    assert ilham.primary_name("en") == "伊力哈木•土赫提"
    assert ilham.primary_name("en").lang == "zh"
    assert ilham.secondary_name("en") == "transliteration: Yilihamu Tuheti"
    assert ilham.transliteration_label("en") == "transliteration"
    # An address is needed: without a Latin name, the pinyin will do.
    assert ilham.slug == "yilihamu-tuheti"


def test_an_organizer_marks_a_name_without_a_separator(db):
    tenzin = Prisoner.objects.create(native_name="丹增德勒")
    assert not tenzin.non_han and tenzin.name == "Dan Zengdelei"
    tenzin.non_han = True
    tenzin.save()
    tenzin.refresh_from_db()
    assert tenzin.name == ""
    assert tenzin.primary_name("en") == "丹增德勒"
    assert tenzin.secondary_name("en") == "transliteration: Dan Zengdelei"


def test_the_english_page_shows_the_latin_name(client, db):
    heyit = Prisoner.objects.create(
        native_name="阿不都日衣木·黑伊特（AbdurehimHeyit）", is_published=True
    )
    html = client.get("/prisoners/abdurehim-heyit/").content.decode()
    assert "Abdurehim Heyit" in _h1(html)
    assert "阿不都日衣木·黑伊特" in html
    # The pinyin is there only with its label.
    assert "Abudouriyimu" not in html.replace(
        '<span class="fst-italic">transliteration:</span> Abudouriyimu Heiyite', ""
    )
    card = client.get("/prisoners/").content.decode()
    assert heyit.get_absolute_url() in card and "Abdurehim Heyit" in card
    assert "Abudouriyimu" not in card


def test_without_a_latin_name_the_english_page_shows_chinese_and_a_labelled_pinyin(client, db):
    Prisoner.objects.create(native_name="伊力哈木•土赫提", is_published=True)
    html = client.get("/prisoners/yilihamu-tuheti/").content.decode()
    assert _h1(html) == '<h1 class="mb-0" lang="zh">伊力哈木•土赫提</h1>'
    labelled = '<span class="fst-italic">transliteration:</span> Yilihamu Tuheti'
    assert labelled in html
    # The card's tags (og:title, twitter:title) carry it labelled in words.
    in_words = "transliteration: Yilihamu Tuheti"
    assert html.count("Yilihamu") == html.count(labelled) + html.count(in_words)
    card = client.get("/prisoners/").content.decode()
    assert 'lang="zh">伊力哈木•土赫提</a>' in card
    assert labelled in card and card.count("Yilihamu") == card.count(labelled)


@pytest.mark.parametrize(
    ("language", "name"), [("zh-hans", "伊力哈木•土赫提"), ("zh-hant", "伊力哈木•土赫提")]
)
def test_chinese_pages_show_the_chinese_name_and_the_latin_one(client, db, language, name):
    Prisoner.objects.create(native_name="伊力哈木•土赫提（IlhamTohti）", is_published=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/prisoners/ilham-tohti/").content.decode()
    assert name in _h1(html)
    assert "Ilham Tohti" in html
    assert "Yilihamu" not in html and "Yīlìhāmù" not in html


@pytest.mark.parametrize(
    "query", ["Yilihamu", "Ilham Tohti", "伊力哈木", "伊力哈木•土赫提", "伊力哈木·土赫提", "Tohti"]
)
def test_every_spelling_finds_ilham_tohti(client, db, query):
    ilham = Prisoner.objects.create(native_name="伊力哈木•土赫提（IlhamTohti）", is_published=True)
    Prisoner.objects.create(native_name="刘晓波", is_published=True)
    assert list(Prisoner.objects.search(query)) == [ilham]
    page = client.get("/prisoners/", {"q": query}).content.decode()
    assert "/prisoners/ilham-tohti/" in page and "/prisoners/liu-xiaobo/" not in page


def test_an_organizer_typed_latin_name_stays_searchable_with_the_lists_one(db):
    heyit = Prisoner.objects.create(native_name="阿不都日衣木·黑伊特（AbdurehimHeyit）")
    heyit.name, heyit.name_set_by_hand = "Abdurehim Heyit (Heyit)", True
    heyit.save()
    for query in ("Abdurehim Heyit", "abdurehimheyit", "Heyit", "Abudouriyimu"):
        assert list(Prisoner.objects.search(query)) == [heyit], query


def test_the_suggested_post_never_carries_the_pinyin_of_a_transliteration(db):
    import_prisoners(
        f"{HEADER}\n伊力哈木•土赫提（IlhamTohti）,male,1969,,北京,life,https://example.org/it"
    )
    ilham = Prisoner.objects.get()
    ilham.hashtag = "FreeIlhamTohti"
    ilham.save()
    post = suggested_post(ilham, language="en", today=datetime.date(2026, 11, 22))
    assert "Ilham Tohti" in post and "/prisoners/ilham-tohti/" in post
    assert "yilihamu" not in post.lower() and "tuheti" not in post.lower()


def test_a_renamed_prisoners_post_links_the_new_address(db):
    ilham = Prisoner.objects.create(native_name="伊力哈木•土赫提", status=Status.SENTENCED)
    assert "伊力哈木•土赫提" in suggested_post(ilham, language="en")
    ilham.name, ilham.name_set_by_hand = "Ilham Tohti", True
    ilham.save()
    post = suggested_post(ilham, language="en")
    assert "Ilham Tohti" in post and "/prisoners/ilham-tohti/" in post
    assert "yilihamu" not in post.lower()


def test_a_reimport_changes_nothing_it_already_split(db):
    first = import_prisoners(f"{HEADER}\n{HEYIT_ROW}")
    assert first.created == 1
    heyit = Prisoner.objects.get()
    assert (heyit.native_name, heyit.name, heyit.non_han) == (
        "阿不都日衣木·黑伊特",
        "Abdurehim Heyit",
        True,
    )
    again = import_prisoners(f"{HEADER}\n{HEYIT_ROW}")
    assert (again.updated, again.unchanged) == (0, 1)


def _admin_data(prisoner: Prisoner, **overrides) -> dict:
    data = {
        "name": prisoner.name,
        "native_name": prisoner.native_name,
        "pinyin": prisoner.pinyin,
        "aliases": prisoner.aliases,
        "slug": prisoner.slug,
        "status": prisoner.status,
        "priority": "0",
        "birth_date_precision": "day",
        "death_date_precision": "day",
        "detained_on_precision": "day",
        "sentenced_on_precision": "day",
        "sentence_end_precision": "day",
        "is_published": "on",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }
    if prisoner.non_han:
        data["non_han"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _admin_save(client, prisoner: Prisoner, **overrides) -> Prisoner:
    url = f"/admin/prisoners/prisoner/{prisoner.pk}/change/"
    response = client.post(url, _admin_data(prisoner, **overrides))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Prisoner.objects.get(pk=prisoner.pk)


def test_a_name_typed_in_the_admin_is_the_organizers(client, organizer, db):
    client.force_login(organizer)
    import_prisoners(f"{HEADER}\n{HEYIT_ROW}")
    heyit = Prisoner.objects.get()
    assert not heyit.name_set_by_hand
    # Saving without touching the name leaves it the list's.
    heyit = _admin_save(client, heyit, place="喀什市")
    assert not heyit.name_set_by_hand
    heyit = _admin_save(client, heyit, name="Abdurehim Hëyit")
    assert heyit.name_set_by_hand and heyit.name == "Abdurehim Hëyit"
    again = import_prisoners(f"{HEADER}\n{HEYIT_ROW}")
    heyit.refresh_from_db()
    assert heyit.name == "Abdurehim Hëyit"
    assert again.refused == []
    # Cleared, the name is derived again: from the list's Latin name at the next import.
    heyit = _admin_save(client, heyit, name="")
    assert not heyit.name_set_by_hand and heyit.name == ""
    import_prisoners(f"{HEADER}\n{HEYIT_ROW}")
    heyit.refresh_from_db()
    assert heyit.name == "Abdurehim Heyit"


def test_an_organizers_choice_that_a_name_is_chinese_survives_a_reimport(client, organizer, db):
    client.force_login(organizer)
    row = "买买提江•阿布都拉,male,,,,unknown,https://example.org/m"
    import_prisoners(f"{HEADER}\n{row}")
    person = Prisoner.objects.get()
    assert person.non_han
    person = _admin_save(client, person, non_han=None, name="")
    assert not person.non_han
    import_prisoners(f"{HEADER}\n{row}")
    person.refresh_from_db()
    assert not person.non_han


def test_the_admin_form_offers_the_non_han_box(client, organizer, db):
    client.force_login(organizer)
    ilham = Prisoner.objects.create(native_name="伊力哈木•土赫提")
    html = client.get(f"/admin/prisoners/prisoner/{ilham.pk}/change/").content.decode()
    assert re.search(r'<input[^>]*name="non_han"[^>]*checked', html)


def test_non_han_cards_cost_no_query_more(client, db):
    def list_queries() -> int:
        empty_caches()  # the list's count is kept (prisoners/kept.py)
        client.get("/prisoners/")  # region suggestions and counts, cached after
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/prisoners/").content.decode()
        assert html.count("transliteration:") == Prisoner.objects.filter(name="").count()
        return len(queries)

    Prisoner.objects.create(native_name="伊力哈木•土赫提", is_published=True)
    one = list_queries()
    for native in ("古丽米拉•艾明", "海莱提•尼亚孜", "桑珠（Samdu）", "刘晓波"):
        Prisoner.objects.create(native_name=native, is_published=True)
    assert list_queries() == one
