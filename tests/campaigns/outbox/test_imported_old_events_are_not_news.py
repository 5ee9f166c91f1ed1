"""Events imported from a CSV are recorded at import time: an imported old event is a
timeline addition for the readers of the case, never news; a recent one is news."""

import datetime

from campaigns.outbox import news
from prisoners import importer
from prisoners.dates import PartialDate
from prisoners.models import Prisoner

from .news_cases import LAST_EMAIL, TEN_DAYS_AGO, TODAY

FIELDS = {"name": "Ilham Tohti", "native_name": "伊力哈木·土赫提", "status": "sentenced"}
DETAINED = importer.Event(PartialDate.parse("2014-01-15"), "detention", "Taken from home.")
SENTENCED = importer.Event(PartialDate.parse("2014-09"), "verdict", "Sentenced to life.")
MOVED = importer.Event(
    PartialDate.parse(TEN_DAYS_AGO.isoformat()), "transfer", "Moved to another prison."
)


def record(*events: importer.Event) -> importer.ParsedRow:
    return importer.ParsedRow("case-1", dict(FIELDS), [], events=list(events), curated=True)


def test_an_imported_old_event_is_added_to_the_timeline_not_news(db, clock):
    clock.move_to(LAST_EMAIL - datetime.timedelta(days=30))
    assert importer.save(record(DETAINED)) == "created"
    clock.move_to(LAST_EMAIL + datetime.timedelta(days=1))
    assert importer.save(record(DETAINED, SENTENCED, MOVED)) == "updated"
    prisoner = Prisoner.objects.get()

    found = news.for_reader([prisoner.pk], since=LAST_EMAIL, today=TODAY, limit=5)

    assert [event.text for event in found.events] == ["Moved to another prison."]
    (added,) = found.added
    assert added.count == 1  # the detention was imported before the last email
    assert [when.iso() for when in added.whens] == ["2014-09"]
