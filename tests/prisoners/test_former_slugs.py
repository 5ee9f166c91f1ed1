"""A renamed prisoner's old address answers 301 with the new one (issue 12, point 3):
links in posts already published, emails and bookmarks keep working."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from prisoners.models import FormerSlug, Prisoner

BEFORE = [("prisoners", "0005_fill_provinces")]


def _rename(prisoner: Prisoner, name: str) -> Prisoner:
    prisoner.name, prisoner.name_set_by_hand = name, True
    prisoner.save()
    return prisoner


@pytest.fixture
def ilham(db) -> Prisoner:
    return Prisoner.objects.create(native_name="伊力哈木•土赫提", is_published=True)


def test_a_renamed_prisoners_old_address_redirects(client, ilham):
    assert ilham.slug == "yilihamu-tuheti"
    _rename(ilham, "Ilham Tohti")
    assert ilham.slug == "ilham-tohti"
    response = client.get("/prisoners/yilihamu-tuheti/")
    assert response.status_code == 301
    assert response["Location"] == "/prisoners/ilham-tohti/"
    kept = client.get("/prisoners/yilihamu-tuheti/?utm_source=x&lang=en")
    assert kept["Location"] == "/prisoners/ilham-tohti/?utm_source=x&lang=en"
    assert client.get("/prisoners/ilham-tohti/").status_code == 200


def test_a_chain_of_renames_leads_straight_to_the_current_address(client, ilham):
    _rename(ilham, "Ilham Tohti")
    ilham.slug = "ilham-tohti-economist"  # an organizer types another address
    ilham.save()
    for old in ("yilihamu-tuheti", "ilham-tohti"):
        response = client.get(f"/prisoners/{old}/")
        assert (response.status_code, response["Location"]) == (
            301,
            "/prisoners/ilham-tohti-economist/",
        )
    assert set(ilham.former_slugs.values_list("slug", flat=True)) == {
        "yilihamu-tuheti",
        "ilham-tohti",
    }


def test_going_back_to_an_old_address_makes_it_current_again(client, ilham):
    _rename(ilham, "Ilham Tohti")
    ilham.slug = "yilihamu-tuheti"
    ilham.save()
    assert list(ilham.former_slugs.values_list("slug", flat=True)) == ["ilham-tohti"]
    assert client.get("/prisoners/yilihamu-tuheti/").status_code == 200
    assert client.get("/prisoners/ilham-tohti/")["Location"] == "/prisoners/yilihamu-tuheti/"


def test_a_new_prisoner_never_takes_another_ones_old_address(ilham):
    _rename(ilham, "Ilham Tohti")
    namesake = Prisoner.objects.create(native_name="伊力哈木•土赫提")
    assert namesake.slug == "yilihamu-tuheti-2"


def test_a_saved_prisoner_without_changes_records_nothing(ilham):
    ilham.save()
    Prisoner.objects.get(pk=ilham.pk).save()
    assert not FormerSlug.objects.exists()


def test_an_unpublished_prisoners_old_address_is_a_404_like_any(client, ilham, organizer):
    _rename(ilham, "Ilham Tohti")
    Prisoner.objects.filter(pk=ilham.pk).update(is_published=False)
    old = client.get("/prisoners/yilihamu-tuheti/")
    unknown = client.get("/prisoners/no-such-person/")
    assert old.status_code == unknown.status_code == 404
    assert sorted(old.headers) == sorted(unknown.headers)
    assert old.content.replace(b"yilihamu-tuheti", b"no-such-person") == unknown.content
    client.force_login(organizer)
    assert client.get("/prisoners/yilihamu-tuheti/")["Location"] == "/prisoners/ilham-tohti/"


def test_the_redirect_takes_two_queries(client, ilham):
    _rename(ilham, "Ilham Tohti")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/prisoners/yilihamu-tuheti/").status_code == 301
    # The current address (not found), then the former one with its prisoner's address.
    assert len(queries) == 2


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def _old_row(OldPrisoner, native: str, name: str, pinyin: str, slug: str, **fields):
    return OldPrisoner.objects.create(
        native_name=native,
        name=name,
        pinyin=pinyin,
        slug=slug,
        is_published=True,
        search_key=f"{native}|{name}",
        **fields,
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_stored_prisoners_their_own_names(client):
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    OldPrisoner = old.get_model("prisoners", "Prisoner")
    # As the importer stored them before: the list's name whole, English from its pinyin.
    heyit = _old_row(
        OldPrisoner,
        "阿不都日衣木·黑伊特（AbdurehimHeyit）",
        "Abudouriyimu Heiyite",
        "Ābùdōurìyīmù Hēiyītè",
        "abudouriyimu-heiyite",
    )
    # The list created him, the demo case then gave his name: the address stayed pinyin.
    ilham = _old_row(
        OldPrisoner, "伊力哈木•土赫提", "Ilham Tohti", "Yīlìhāmù Tǔhètí", "yilihamu-tuheti"
    )
    unnamed = _old_row(
        OldPrisoner,
        "买买提江•阿布都拉",
        "Maimaitijiang Abudoula",
        "Mǎimǎitíjiāng Ābùdōulā",
        "maimaitijiang-abudoula",
    )
    typed = _old_row(
        OldPrisoner,
        "古丽米拉•艾明",
        "Gulimila Aiming",
        "Gǔlìmǐlā Àimíng",
        "gulimila-aiming",
        name_set_by_hand=True,
    )
    liu = _old_row(OldPrisoner, "刘晓波", "Liu Xiaobo", "Liú Xiǎobō", "liu-xiaobo")

    _migrate(None)

    heyit = Prisoner.objects.get(pk=heyit.pk)
    assert heyit.non_han
    assert (heyit.native_name, heyit.name, heyit.slug) == (
        "阿不都日衣木·黑伊特",
        "Abdurehim Heyit",
        "abdurehim-heyit",
    )
    assert heyit.pinyin == "Ābùdōurìyīmù Hēiyītè"
    ilham = Prisoner.objects.get(pk=ilham.pk)
    assert (ilham.non_han, ilham.name, ilham.slug) == (True, "Ilham Tohti", "ilham-tohti")
    unnamed = Prisoner.objects.get(pk=unnamed.pk)
    assert (unnamed.non_han, unnamed.name, unnamed.slug) == (True, "", "maimaitijiang-abudoula")
    typed = Prisoner.objects.get(pk=typed.pk)
    assert (typed.non_han, typed.name, typed.slug) == (True, "Gulimila Aiming", "gulimila-aiming")
    liu = Prisoner.objects.get(pk=liu.pk)
    assert (liu.non_han, liu.name, liu.slug) == (False, "Liu Xiaobo", "liu-xiaobo")
    assert set(FormerSlug.objects.values_list("slug", "prisoner")) == {
        ("abudouriyimu-heiyite", heyit.pk),
        ("yilihamu-tuheti", ilham.pk),
    }
    # Every spelling is searchable; the old address leads to the new one.
    for query in ("Abdurehim Heyit", "Abudouriyimu", "阿不都日衣木", "Heyit"):
        assert list(Prisoner.objects.search(query)) == [heyit], query
    assert list(Prisoner.objects.search("Yilihamu")) == [ilham]
    assert list(Prisoner.objects.search("Maimaitijiang")) == [unnamed]
    response = client.get("/prisoners/abudouriyimu-heiyite/")
    assert (response.status_code, response["Location"]) == (301, "/prisoners/abdurehim-heyit/")
    response = client.get("/prisoners/yilihamu-tuheti/")
    assert (response.status_code, response["Location"]) == (301, "/prisoners/ilham-tohti/")


def test_a_non_han_prisoner_with_a_latin_name_leaves_a_pinyin_address_at_the_next_save(ilham):
    # As the list and the demo left him before: his name, the pinyin's address.
    Prisoner.objects.filter(pk=ilham.pk).update(name="Ilham Tohti")
    ilham = Prisoner.objects.get(pk=ilham.pk)
    ilham.save()
    assert ilham.slug == "ilham-tohti"
    assert FormerSlug.objects.get().slug == "yilihamu-tuheti"
