"""Two rows citing the same first Source are two people: both are kept, with a warning."""

from prisoners.importer import import_prisoners
from prisoners.models import Prisoner

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"
ROWS = [
    "甲,male,1960,,北京,life,https://example.org/case",
    "乙,female,1970,,上海,life,https://example.org/case",
]


def test_the_second_row_is_told_apart_by_name_with_a_warning(db):
    report = import_prisoners("\n".join([HEADER, *ROWS]))
    assert report.created == 2
    assert [(w.line, w.message) for w in report.warnings] == [
        (3, "its first Source is also another row's; told apart by name")
    ]
    assert report.warned_lines == 1
    assert sorted(Prisoner.objects.values_list("native_name", flat=True)) == ["乙", "甲"]


def test_importing_both_again_creates_no_one(db):
    import_prisoners("\n".join([HEADER, *ROWS]))
    again = import_prisoners("\n".join([HEADER, *ROWS]))
    assert (again.created, again.unchanged) == (0, 2)
