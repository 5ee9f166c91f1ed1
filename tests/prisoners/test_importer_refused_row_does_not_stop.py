"""A row the database refuses is reported and the rows after it are still imported."""

from prisoners.importer import import_prisoners
from prisoners.models import Prisoner

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"


def test_the_rows_after_a_refused_one_are_imported(db):
    too_long_place = "地" * 300  # longer than the column
    report = import_prisoners(
        "\n".join(
            [
                HEADER,
                f"甲,male,,,{too_long_place},life,https://example.org/1",
                "乙,male,,,北京,life,https://example.org/2",
            ]
        )
    )
    assert [r.line for r in report.refused] == [2]
    assert "could not be saved" in report.refused[0].message
    assert report.created == 1
    assert list(Prisoner.objects.values_list("native_name", flat=True)) == ["乙"]
