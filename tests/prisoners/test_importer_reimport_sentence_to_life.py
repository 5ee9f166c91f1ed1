"""Re-importing a row whose sentence went from an end date to `life` updates the prisoner."""

import datetime

from prisoners.dates import Precision
from prisoners.importer import import_prisoners
from prisoners.models import Prisoner, Sentence, Status

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"


def test_a_term_that_becomes_life_clears_the_end_date(db):
    first = import_prisoners(f"{HEADER}\n王丹,male,1969,,北京,2030-05,https://example.org/1")
    assert first.created == 1
    again = import_prisoners(f"{HEADER}\n王丹,male,1969,,北京,life,https://example.org/1")
    assert (again.created, again.updated, again.unchanged) == (0, 1, 0)
    wang = Prisoner.objects.get()
    assert (wang.sentence, wang.sentence_end, wang.sentence_end_precision) == (
        Sentence.LIFE,
        None,
        Precision.DAY,
    )
    assert wang.status == Status.SENTENCED


def test_the_same_row_again_changes_nothing(db):
    row = f"{HEADER}\n王丹,male,1969,,北京,2030-05,https://example.org/1"
    import_prisoners(row)
    again = import_prisoners(row)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert Prisoner.objects.get().sentence_end == datetime.date(2030, 5, 1)
