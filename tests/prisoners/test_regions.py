"""Places resolve to their province; the list filters by province in any spelling."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from prisoners import regions
from prisoners.models import Prisoner

from ..conftest import empty_caches

LIST = reverse("prisoners:list")


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("65", "65"),
        ("Xinjiang", "65"),
        ("xinjiang", "65"),
        ("Xinjiang Uyghur Autonomous Region", "65"),
        ("新疆", "65"),
        ("新疆维吾尔自治区", "65"),
        ("新疆維吾爾自治區", "65"),
        ("新疆喀什", "65"),
        ("喀什", "65"),
        ("喀什地区", "65"),
        ("和田", "65"),
        ("伊犁", "65"),
        ("阿图什", "65"),
        ("乌鲁木齐", "65"),
        ("烏魯木齊", "65"),
        ("石河子", "65"),
        ("昌吉市", "65"),
        ("Beijing", "11"),
        ("北京", "11"),
        ("北京市", "11"),
        ("Tibet", "54"),
        ("Xizang", "54"),
        ("拉萨", "54"),
        ("Inner Mongolia", "15"),
        ("内蒙古", "15"),
        ("乌兰浩特", "15"),
        ("Guangxi", "45"),
        ("Ningxia", "64"),
        ("Shaanxi", "61"),
        ("Shanxi", "14"),
        ("海北州", "63"),
        ("海北洲", "63"),  # a typo in the shared list
        ("海南洲", "63"),  # Qinghai's 海南 prefecture, not Hainan province
        ("海南", "46"),
        ("海西州", "63"),
        ("果洛州", "63"),
        ("甘南", "62"),
        ("黔西南州", "52"),
        ("西双版纳", "53"),
        ("株洲", "43"),  # a real 洲, not a typo
        ("常熟", "32"),
        ("张家港", "32"),
        ("福清", "35"),
        ("襄樊", "42"),  # the old name of 襄阳
        ("襄阳", "42"),
        ("吉林市", "22"),
        ("朝阳市", "21"),
        ("香港", "81"),
        ("Hong Kong", "81"),
        ("澳门", "82"),
        ("澳門", "82"),
        ("Macao", "82"),
        ("台北", "71"),
        ("臺北", "71"),
        ("", ""),
        ("Atlantis", ""),
        ("亚特兰蒂斯", ""),
    ],
)
def test_a_name_in_any_spelling_resolves_to_its_province(spelling, code):
    assert regions.code_for(spelling) == code


def test_the_region_wins_over_the_place():
    # 朝阳 alone is Liaoning's city; a record that says Beijing means Beijing's district.
    assert regions.resolve("", "朝阳") == "21"
    assert regions.resolve("北京", "朝阳") == "11"
    assert regions.resolve("", "") == ""
    assert regions.resolve("nowhere", "喀什") == "65"


@pytest.mark.parametrize(
    ("place", "english"),
    [
        ("喀什", "Kashgar"),
        ("乌鲁木齐", "Ürümqi"),
        ("和田", "Hotan"),
        ("伊犁", "Ili"),
        ("拉萨", "Lhasa"),
        ("日喀则", "Shigatse"),
        ("香港", "Hong Kong"),
        ("澳门", "Macau"),
        ("台北", "Taipei"),
        ("福州", "Fuzhou"),
        ("福州市", "Fuzhou"),
        ("西安", "Xi'an"),
        ("朝阳", "Chaoyang"),
        ("海北州", "Haibei"),
        ("北京", "Beijing"),
        ("Kashgar", "Kashgar"),
    ],
)
def test_places_have_their_english_names(place, english):
    assert regions.place_name(place, "en") == english


def test_places_in_the_readers_script():
    assert regions.place_name("乌鲁木齐", "zh-hans") == "乌鲁木齐"
    assert regions.place_name("乌鲁木齐", "zh-hant") == "烏魯木齊"
    assert regions.province_name("21", "zh-hant") == "遼寧"
    assert regions.province_name("21", "en") == "Liaoning"
    assert regions.full_name("65", "zh-hant") == "新疆維吾爾自治區"


def test_a_save_fills_the_province(make_prisoner):
    kashgar = make_prisoner(native_name="甲", place="喀什")
    assert kashgar.province == "65"
    kashgar.place = "北京市"
    kashgar.save()
    assert Prisoner.objects.get(pk=kashgar.pk).province == "11"


def test_the_data_migration_fills_rows_saved_before(make_prisoner):
    one = make_prisoner(native_name="甲", place="和田")
    two = make_prisoner(native_name="乙", region="Tibet")
    nowhere = make_prisoner(native_name="丙", place="亚特兰蒂斯")
    Prisoner.objects.update(province="")
    migration = importlib.import_module("prisoners.migrations.0005_fill_provinces")
    migration.fill_provinces(apps, None)
    provinces = dict(Prisoner.objects.values_list("pk", "province"))
    assert provinces == {one.pk: "65", two.pk: "54", nowhere.pk: ""}


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "Xinjiang · Ürümqi"),
        ("zh-hans", "新疆 · 乌鲁木齐"),
        ("zh-hant", "新疆 · 烏魯木齊"),
    ],
)
def test_cards_and_profiles_show_province_and_place(client, make_prisoner, language, shown):
    person = make_prisoner(native_name="伊力哈木", place="乌鲁木齐")
    client.cookies["django_language"] = language
    for url in (LIST, person.get_absolute_url()):
        assert shown in client.get(url).content.decode()
    with translation.override(language):
        assert person.location_local == shown


def test_a_place_that_is_a_province_is_named_once(make_prisoner):
    person = make_prisoner(native_name="甲", place="北京")
    with translation.override("en"):
        assert person.location_local == "Beijing"
    with translation.override("zh-hant"):
        assert person.location_local == "北京"
    nowhere = make_prisoner(native_name="乙", region="Atlantis", place="亚特兰蒂斯")
    with translation.override("en"):
        assert nowhere.location_local == "Atlantis · Yatelandisi"


@pytest.fixture
def people(make_prisoner):
    return {
        "kashgar": make_prisoner(native_name="甲", place="喀什"),
        "ili": make_prisoner(native_name="乙", place="伊犁"),
        "xinjiang": make_prisoner(native_name="丙", region="新疆"),
        "beijing": make_prisoner(native_name="丁", place="北京市"),
        "guangdong": make_prisoner(native_name="戊", place="深圳"),
        "hidden": make_prisoner(native_name="己", place="和田", is_published=False),
    }


def found(client, region):
    response = client.get(LIST, {"region": region})
    assert response.status_code == 200
    return {p.pk for p in response.context["prisoners"]}


@pytest.mark.parametrize(
    "spelling", ["65", "Xinjiang", "xinjiang", "新疆", "新疆维吾尔自治区", "新疆維吾爾自治區"]
)
def test_every_spelling_of_a_region_filters_the_same_people(client, people, spelling):
    xinjiang = {people[k].pk for k in ("kashgar", "ili", "xinjiang")}
    assert found(client, spelling) == xinjiang


@pytest.mark.parametrize("spelling", ["11", "Beijing", "beijing", "北京", "北京市"])
def test_beijing_in_any_spelling(client, people, spelling):
    assert found(client, spelling) == {people["beijing"].pk}


def test_the_select_shows_the_spelled_region_chosen(client, people):
    html = client.get(LIST, {"region": "xinjiang"}).content.decode()
    assert '<option value="65" selected>Xinjiang (3)</option>' in html


def test_an_unknown_region_says_so_and_finds_nobody(client, people):
    response = client.get(LIST, {"region": "Atlantis"})
    assert response.status_code == 200
    assert list(response.context["prisoners"]) == []
    html = response.content.decode()
    assert "is not a region we know" in html
    assert "Something in the search is not right" in html


def test_a_region_with_nobody_is_an_empty_result_not_an_error(client, people):
    response = client.get(LIST, {"region": "Hainan"})
    assert list(response.context["prisoners"]) == []
    assert not response.context["filter"].errors
    assert '<option value="46" selected>Hainan (0)</option>' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Beijing (1)", "Guangdong (1)", "Xinjiang (3)"]),
        ("zh-hans", ["北京（1）", "广东（1）", "新疆（3）"]),
        ("zh-hant", ["北京（1）", "廣東（1）", "新疆（3）"]),
    ],
)
def test_the_select_lists_provinces_with_published_prisoners(client, people, language, labels):
    client.cookies["django_language"] = language
    response = client.get(LIST)
    choices = list(response.context["filter"].form.fields["region"].choices)
    assert [label for code, label in choices if code] == labels
    html = response.content.decode()
    for label in labels:
        assert label in html


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


def test_the_counts_are_one_query_for_all_languages(client, people):
    # Count, the page's keys, the select's counts and the cards' rows (no card kept yet);
    # then the counts and rows are kept (prisoners/kept.py), in every language and for
    # every filter.
    assert _queries(client, LIST) == 4
    assert _queries(client, LIST, region="Xinjiang") == 2  # its count, its page
    client.cookies["django_language"] = "zh-hant"
    # The same filter in other words is the same question: its count is kept too.
    assert _queries(client, LIST, region="新疆") == 1  # its cards in Chinese; rows kept
    assert _queries(client, LIST, region="65") == 0  # all kept
    empty_caches()
    assert _queries(client, LIST, region="新疆維吾爾自治區") == 4


def test_spellings_of_a_region_share_one_cached_page(client, people, settings):
    settings.PAGE_CACHE_SECONDS = 60
    first = client.get(LIST, {"region": "Xinjiang"})
    assert "X-Page-Cache" not in first
    for spelling in ("65", "xinjiang", "新疆維吾爾自治區"):
        again = client.get(LIST, {"region": spelling})
        assert again["X-Page-Cache"] == "hit"
        assert again.content == first.content
    # An unknown region is rendered every time, never kept.
    client.get(LIST, {"region": "Atlantis"})
    assert "X-Page-Cache" not in client.get(LIST, {"region": "Atlantis"})


def test_an_unknown_region_is_explained_in_the_readers_language(client, people):
    client.cookies["django_language"] = "zh-hant"
    html = client.get(LIST, {"region": "Atlantis"}).content.decode()
    assert "我們不認識地區「Atlantis」，請從列表中選擇。" in html
    assert "所有地區" in html


def test_a_made_up_long_region_is_refused_quickly(client, people):
    response = client.get(LIST, {"region": "新疆" * 5000})
    assert response.status_code == 200
    assert list(response.context["prisoners"]) == []
    assert response.context["filter"].errors
