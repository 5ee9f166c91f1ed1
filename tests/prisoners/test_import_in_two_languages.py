"""The organizers' CSV may carry a case's texts in English and Chinese after the list's
seven columns: the header row says which, in any order; an unknown column is refused by
name; importing the same file again changes nothing; the upload page lists the columns."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from prisoners.importer import COLUMNS, OPTIONAL_COLUMNS, ImportFileError, import_prisoners
from prisoners.models import Prisoner

IMPORT_URL = "/organize/import/"
STANDARD = ",".join(COLUMNS)
BILINGUAL = (
    f"{STANDARD},Name (English),Summary,Summary (Chinese),Occupation,Occupation (Chinese),"
    "Charges,Charges (Chinese)"
)
WU_GAN = (
    "吴淦,male,1972-02-14,,福州,2023-05-26,https://example.org/wu-gan,Wu Gan,"
    '"A blogger, jailed for satire.",一名博主，因讽刺被判刑。,Blogger,博主,'
    "Subversion of state power,颠覆国家政权罪"
)
LIU_YANLI = (
    "刘艳丽,female,1975-06-01,,荆门,2022-03-23,https://example.org/liu-yanli,,"
    ",她在网上批评官员。,,前银行职员,,寻衅滋事罪"
)
FILE = "\r\n".join([BILINGUAL, WU_GAN, LIU_YANLI])


def _texts(prisoner: Prisoner) -> dict:
    names = ["name", *OPTIONAL_COLUMNS.values()]
    return {name: getattr(prisoner, name) for name in dict.fromkeys(names)}


def test_each_column_goes_into_its_field_in_either_language(db):
    report = import_prisoners(FILE)

    assert (report.created, report.refused, report.warnings) == (2, [], [])
    wu_gan = Prisoner.objects.get(native_name="吴淦")
    assert wu_gan.name == "Wu Gan"
    assert wu_gan.summary == "A blogger, jailed for satire."
    assert wu_gan.summary_zh_hans == "一名博主，因讽刺被判刑。"
    assert (wu_gan.occupation, wu_gan.occupation_zh_hans) == ("Blogger", "博主")
    assert (wu_gan.charges, wu_gan.charges_zh_hans) == (
        "Subversion of state power",
        "颠覆国家政权罪",
    )
    assert wu_gan.summary_zh_hant == ""  # converted when shown, never guessed here
    liu = Prisoner.objects.get(native_name="刘艳丽")
    assert liu.name == "Liu Yanli"  # no English name given: derived from the pinyin as before
    assert (liu.summary, liu.summary_zh_hans) == ("", "她在网上批评官员。")
    assert (liu.charges, liu.charges_zh_hans) == ("", "寻衅滋事罪")


def test_the_header_decides_which_cell_is_which(db):
    header = f"{STANDARD},Charges (Chinese),Facility (Chinese),Health concerns"
    row = "甲,male,1960,,北京,life,https://example.org/1,分裂国家罪,新疆第一监狱,Diabetes"
    import_prisoners(f"{header}\n{row}")
    prisoner = Prisoner.objects.get()
    assert prisoner.charges_zh_hans == "分裂国家罪"
    assert prisoner.facility_zh_hans == "新疆第一监狱"
    assert prisoner.health_concerns == "Diabetes"
    assert prisoner.charges == prisoner.facility == prisoner.summary_zh_hans == ""


def test_importing_the_same_file_again_changes_nothing(db):
    import_prisoners(FILE)
    before = {p.pk: _texts(p) for p in Prisoner.objects.all()}

    report = import_prisoners(FILE)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert {p.pk: _texts(p) for p in Prisoner.objects.all()} == before


def test_a_changed_chinese_cell_updates_and_an_empty_one_keeps_what_is_stored(db):
    import_prisoners(FILE)
    reworded = WU_GAN.replace("一名博主，因讽刺被判刑。", "博主，因讽刺文字入狱。")
    emptied = LIU_YANLI.replace("她在网上批评官员。", "")

    report = import_prisoners("\n".join([BILINGUAL, reworded, emptied]))

    assert (report.updated, report.unchanged) == (1, 1)
    assert Prisoner.objects.get(native_name="吴淦").summary_zh_hans == "博主，因讽刺文字入狱。"
    assert Prisoner.objects.get(native_name="刘艳丽").summary_zh_hans == "她在网上批评官员。"


def test_a_file_with_only_the_seven_columns_leaves_the_texts_alone(db):
    import_prisoners(FILE)
    before = _texts(Prisoner.objects.get(native_name="吴淦"))
    standard_only = ",".join(WU_GAN.split(",")[:7])

    report = import_prisoners(f"{STANDARD}\n{standard_only}")

    assert report.unchanged == 1
    assert _texts(Prisoner.objects.get(native_name="吴淦")) == before


def test_a_name_an_organizer_typed_is_not_replaced_by_the_files(db):
    import_prisoners(FILE)
    Prisoner.objects.filter(native_name="吴淦").update(
        name="Wu Gan (Butcher)", name_set_by_hand=True
    )
    import_prisoners(FILE.replace(",Wu Gan,", ",Gan Wu,"))
    assert Prisoner.objects.get(native_name="吴淦").name == "Wu Gan (Butcher)"


@pytest.mark.parametrize(
    ("header", "named"),
    [
        (f"{STANDARD},Notes", "Unknown columns: Notes."),
        (
            f"{STANDARD},Summary,Sumary (Chinese),Remarks",
            "Unknown columns: Sumary (Chinese), Remarks.",
        ),
        (f"{STANDARD},Summary (chinese)", "Unknown columns: Summary (chinese)."),
        (f"{STANDARD},Summary,Summary", "Columns named twice: Summary."),
    ],
)
def test_an_unknown_or_repeated_column_is_refused_by_name(db, header, named):
    with pytest.raises(ImportFileError) as refused:
        import_prisoners(f"{header}\n甲,male,1960,,北京,life,https://example.org/1,x,y,z")
    message = str(refused.value)
    assert message.startswith(named)
    if "Unknown" in named:
        assert "Summary (Chinese)" in message  # it says what may follow
    assert not Prisoner.objects.exists()


def test_a_row_must_have_as_many_cells_as_the_header(db):
    report = import_prisoners(f"{BILINGUAL}\n{','.join(WU_GAN.split(',')[:7])}")
    assert [p.message for p in report.refused] == ["expected 14 columns, found 7"]


def test_a_too_long_occupation_is_warned_and_left_as_it_was(db):
    header = f"{STANDARD},Occupation (Chinese)"
    report = import_prisoners(
        f"{header}\n甲,male,1960,,北京,life,https://example.org/1,{'长' * 201}"
    )
    assert report.created == 1
    assert [w.message for w in report.warnings] == [
        "Occupation (Chinese) is longer than 200 characters; left as it was"
    ]
    assert Prisoner.objects.get().occupation_zh_hans == ""


# The upload page.


@pytest.fixture
def org_client(client, organizer):
    client.force_login(organizer)
    return client


def _upload(client, text: str):
    """The upload, then the job's page with its preview (`imports_inline`)."""
    upload = SimpleUploadedFile("prisoners.csv", text.encode(), "text/csv")
    return client.post(IMPORT_URL, {"file": upload}, follow=True)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "After these, in any order, columns for the case's texts in English and Chinese"),
        ("zh-hans", "之后可以接案情的英文和中文文字列，顺序不限："),
        ("zh-hant", "之後可以接案情的英文和中文文字欄，順序不限："),
    ],
)
def test_the_upload_page_lists_the_columns_it_accepts(
    org_client, language, sentence, django_assert_num_queries
):
    org_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    # The same few, whatever the language (the user with their second factor, the
    # latest imports; the session is cached). (3 before the second factor came with the
    # user.)
    with django_assert_num_queries(2):
        page = org_client.get(IMPORT_URL).content.decode()
    assert sentence in page
    assert ", ".join(COLUMNS) in page
    assert ", ".join(OPTIONAL_COLUMNS) in page
    assert "Name (English), Summary, Summary (Chinese), Occupation, Occupation (Chinese)" in page


def test_the_upload_page_previews_then_imports_both_languages(org_client, imports_inline):
    preview = _upload(org_client, FILE)
    assert preview.status_code == 200
    assert preview.context["job"].created == 2
    assert not Prisoner.objects.exists()

    job_url = preview.redirect_chain[-1][0]
    assert org_client.post(job_url, follow=True).context["job"].status == "done"

    wu_gan = Prisoner.objects.get(native_name="吴淦")
    assert (wu_gan.summary_zh_hans, wu_gan.charges) == (
        "一名博主，因讽刺被判刑。",
        "Subversion of state power",
    )
    again = _upload(org_client, FILE)
    assert (again.context["job"].unchanged, again.context["job"].updated) == (2, 0)


def test_the_upload_page_names_an_unknown_column(org_client):
    response = _upload(
        org_client, f"{STANDARD},Notes\n甲,male,1960,,北京,life,https://example.org/1,x"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Unknown columns: Notes." in page
    assert "The file was not imported; nothing was saved." in page
    assert not Prisoner.objects.exists()
