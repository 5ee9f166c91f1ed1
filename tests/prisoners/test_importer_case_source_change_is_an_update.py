"""A demo case saved again whose only change is in its sources counts as updated."""

from prisoners import importer
from prisoners.models import Prisoner

FIELDS = {"native_name": "王丹", "status": "released", "is_published": True}
FIRST = importer.SourceLink("https://example.org/1", "CPPC record", 1)
SECOND = importer.SourceLink("https://example.org/2", "Another account", 2)


def case(*sources: importer.SourceLink) -> importer.ParsedRow:
    return importer.ParsedRow("case-1", dict(FIELDS), list(sources), curated=True)


def test_a_retitled_source_is_an_update(db):
    importer.save(case(FIRST))
    assert importer.save(case(FIRST)) == "unchanged"
    assert importer.save(case(importer.SourceLink(FIRST.url, "Renamed", 1))) == "updated"
    assert list(Prisoner.objects.get().sources.values_list("title", flat=True)) == ["Renamed"]


def test_a_new_source_is_an_update(db):
    importer.save(case(FIRST))
    assert importer.save(case(FIRST, SECOND)) == "updated"
    assert Prisoner.objects.get().sources.count() == 2
