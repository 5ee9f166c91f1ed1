"""A row imported again with one more Source adds it, keeps the others, and counts as updated."""

from prisoners.importer import import_prisoners
from prisoners.models import Prisoner

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"
ROW = "王丹,male,1969,,北京,life,{}"


def test_only_a_new_source_is_an_update(db):
    import_prisoners(f"{HEADER}\n{ROW.format('https://example.org/1')}")
    again = import_prisoners(
        f"{HEADER}\n{ROW.format('https://example.org/1 https://example.org/2')}"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 1, 0)
    wang = Prisoner.objects.get()
    assert list(wang.sources.order_by("position").values_list("url", "position")) == [
        ("https://example.org/1", 0),
        ("https://example.org/2", 1),
    ]
