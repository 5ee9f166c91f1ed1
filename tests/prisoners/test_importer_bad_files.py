import datetime

import pytest
from django.core.management import CommandError, call_command

from prisoners.dates import Precision
from prisoners.importer import ImportFileError, decode, import_prisoners
from prisoners.models import Prisoner, Sentence, Source, Status

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"


def csv_text(*rows: str, newline: str = "\n") -> str:
    return newline.join([HEADER, *rows])


def test_bom_and_crlf_files_read_fine(db):
    data = "\ufeff" + csv_text("王丹,male,1969,,北京,2030-05,https://example.org/1", newline="\r\n")
    report = import_prisoners(decode(data.encode("utf-8")))
    assert report.created == 1
    wang = Prisoner.objects.get()
    assert wang.native_name == "王丹"
    assert wang.place == "北京"
    assert (wang.sentence, wang.sentence_end, wang.sentence_end_precision) == (
        Sentence.TERM,
        datetime.date(2030, 5, 1),
        Precision.MONTH,
    )


def test_a_row_with_the_wrong_columns_is_refused_by_line(db):
    report = import_prisoners(
        csv_text(
            "甲,male,,,北京,life,https://example.org/1",
            "乙,male,,北京,life,https://example.org/2",
            "丙,female,,,上海,detention,https://example.org/3,extra",
        )
    )
    assert report.created == 1
    assert [(r.line, "expected 7 columns" in r.message) for r in report.refused] == [
        (3, True),
        (4, True),
    ]


def test_a_row_that_names_no_one_is_refused(db):
    report = import_prisoners(csv_text(",male,,,北京,life,https://example.org/1", ",,,,,,"))
    assert [r.line for r in report.refused] == [2, 3]
    assert "names no one" in report.refused[0].message
    assert Prisoner.objects.count() == 0


def test_blank_lines_are_not_rows(db):
    report = import_prisoners(csv_text("", "甲,male,,,,unknown,", ""))
    assert (report.created, report.refused) == (1, [])


def test_unreadable_optional_fields_are_left_empty_with_a_warning(db):
    report = import_prisoners(
        csv_text("甲,robot,19812,someday,北京,whenever,notaurl https://example.org/ok")
    )
    assert report.created == 1
    messages = " ".join(w.message for w in report.warnings)
    for value in ("robot", "19812", "someday", "whenever", "notaurl"):
        assert value in messages
    person = Prisoner.objects.get()
    assert (person.gender, person.birth_date, person.death_date) == ("", None, None)
    assert list(person.sources.values_list("url", flat=True)) == ["https://example.org/ok"]


def test_sentence_words_and_death_date(db):
    import_prisoners(
        csv_text(
            "甲,male,,,,life,https://example.org/1",
            "乙,male,,2020-03,,death,https://example.org/2",
            "丙,male,,,,detention,https://example.org/3",
            "丁,male,,,,unknown,https://example.org/4",
        )
    )
    by_name = {p.native_name: p for p in Prisoner.objects.all()}
    assert (by_name["甲"].sentence, by_name["甲"].status) == (Sentence.LIFE, Status.SENTENCED)
    assert (by_name["乙"].sentence, by_name["乙"].status) == (Sentence.DEATH, Status.DIED)
    assert by_name["乙"].death_date_precision == Precision.MONTH
    assert (by_name["丙"].sentence, by_name["丙"].status) == (Sentence.NONE, Status.DETAINED)
    assert (by_name["丁"].sentence, by_name["丁"].status) == (Sentence.UNKNOWN, Status.UNKNOWN)


def test_duplicate_names_are_two_people_even_with_the_same_first_source(db):
    report = import_prisoners(
        csv_text(
            "陈卫,male,1969,,遂宁,,https://example.org/x",
            "陈卫,male,1967,,重庆,,https://example.org/x",
        )
    )
    assert report.created == 2
    assert Prisoner.objects.filter(native_name="陈卫").count() == 2


def test_each_row_is_saved_whole_or_not_at_all(db):
    too_long_place = "地" * 300  # longer than the column: the database refuses the row
    report = import_prisoners(
        csv_text(
            "甲,male,,,北京,life,https://example.org/1 https://example.org/1b",
            f"乙,male,,,{too_long_place},life,https://example.org/2 https://example.org/2b",
        )
    )
    assert report.created == 1
    assert [r.line for r in report.refused] == [3]
    assert not Prisoner.objects.filter(native_name="乙").exists()
    assert not Source.objects.filter(url__startswith="https://example.org/2").exists()


def test_an_organizers_status_survives_a_reimport_but_a_death_does_not(db):
    text = csv_text("甲,male,,,北京,life,https://example.org/1")
    import_prisoners(text)
    Prisoner.objects.update(status=Status.RELEASED)
    import_prisoners(text)
    assert Prisoner.objects.get().status == Status.RELEASED
    import_prisoners(text.replace(",,北京", ",2024-01-02,北京"))
    assert Prisoner.objects.get().status == Status.DIED


def test_dry_run_reports_everything_and_saves_nothing(db):
    report = import_prisoners(csv_text("甲,male,,,,life,https://example.org/1"), dry_run=True)
    assert report.created == 1
    assert Prisoner.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("Name,Sex\n甲,male", "header"),
    ],
)
def test_files_that_cannot_be_read_say_why(db, text, message):
    with pytest.raises(ImportFileError, match=message):
        import_prisoners(text)


def test_a_file_that_is_not_utf8_says_so():
    with pytest.raises(ImportFileError, match="not UTF-8"):
        decode(csv_text("甲,male,,,,life,").encode("gb18030"))


def test_the_command_ends_with_a_summary_and_fails_on_refusals(db, tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_text(csv_text("甲,male,,,,life,https://example.org/1", ",,,,,,"), encoding="utf-8")
    with pytest.raises(CommandError, match="1 row"):
        call_command("import_prisoners", str(path))
    out, err = capsys.readouterr()
    assert out.strip().splitlines()[-1] == (
        "1 created, 0 updated, 0 unchanged, 0 warned, 1 refused"
    )
    assert "line 3" in err


def test_the_command_imports_drafts_on_request(db, tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_text(csv_text("甲,male,,,,life,https://example.org/1"), encoding="utf-8")
    call_command("import_prisoners", str(path), "--draft")
    assert Prisoner.objects.get().is_published is False


def test_the_command_explains_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_prisoners", str(tmp_path / "missing.csv"))
