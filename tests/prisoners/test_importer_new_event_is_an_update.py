"""A record saved again with one more event adds it and counts as updated."""

from prisoners import importer
from prisoners.dates import PartialDate
from prisoners.models import Prisoner

FIELDS = {"native_name": "王丹", "status": "released"}
RELEASE = importer.Event(PartialDate.parse("2020-06"), "release", "Freed.")
TRIAL = importer.Event(PartialDate.parse("2019-03-02"), "trial", "Tried in Beijing.")


def record(*events: importer.Event) -> importer.ParsedRow:
    return importer.ParsedRow("case-1", dict(FIELDS), [], events=list(events), curated=True)


def test_only_a_new_event_is_an_update(db):
    assert importer.save(record(RELEASE)) == "created"
    assert importer.save(record(RELEASE)) == "unchanged"
    assert importer.save(record(RELEASE, TRIAL)) == "updated"
    assert sorted(Prisoner.objects.get().events.values_list("kind", flat=True)) == [
        "release",
        "trial",
    ]
