"""A file is read only under the list's exact header: other columns or orders are refused.
(Known optional columns after the seven: test_import_in_two_languages.py.)"""

import pytest

from prisoners.importer import ImportFileError, import_prisoners
from prisoners.models import Prisoner

ROW = "甲,male,1960,,北京,life,https://example.org/1"


@pytest.mark.parametrize(
    "header",
    [
        "Gender,Name,Date of Birth,Date of Death,Place,Sentence,Source",  # two swapped
        "Name,Gender,Date of Birth,Date of Death,Place,Sentence",  # the last one missing
        "Name,Gender,Date of Birth,Date of Death,Place,Source,Sentence",  # the last two swapped
    ],
)
def test_a_header_other_than_the_lists_is_refused(db, header):
    with pytest.raises(ImportFileError, match="header must be exactly"):
        import_prisoners(f"{header}\n{ROW}")
    assert not Prisoner.objects.exists()


def test_spaces_around_the_header_names_do_not_matter(db):
    header = " Name , Gender,Date of Birth,Date of Death,Place,Sentence,Source "
    assert import_prisoners(f"{header}\n{ROW}").created == 1
