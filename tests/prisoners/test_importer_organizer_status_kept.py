"""Whatever status the list's row implies, a re-import keeps the one an organizer set."""

import pytest

from prisoners.importer import import_prisoners
from prisoners.models import Prisoner, Status

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"


@pytest.mark.parametrize(
    ("sentence", "listed"),
    [
        ("detention", Status.DETAINED),
        ("life", Status.SENTENCED),
        ("2030-05", Status.SENTENCED),
        ("unknown", Status.UNKNOWN),
    ],
)
def test_a_reimport_keeps_the_organizers_status(db, sentence, listed):
    text = f"{HEADER}\n甲,male,1960,,北京,{sentence},https://example.org/1"
    import_prisoners(text)
    assert Prisoner.objects.get().status == listed
    Prisoner.objects.update(status=Status.RELEASED)
    again = import_prisoners(text)
    assert (again.updated, again.unchanged) == (0, 1)
    assert Prisoner.objects.get().status == Status.RELEASED
