"""A demo case is more recent than the CSV list: on a person in both, the case has the last
word (status, source titles and order), and a reworded event replaces the old text."""

from prisoners import importer
from prisoners.management.commands.load_demo import demo_record
from prisoners.models import Prisoner, Status

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"
KEY = "https://example.org/cppc-1"
CASE = {
    "key": KEY,
    "name": "Wang Dan",
    "native_name": "王丹",
    "status": "released",
    "events": [{"date": "2020-06", "kind": "release", "text": "Freed."}],
    "sources": [
        {"title": "Another account", "url": "https://example.org/other"},
        {"title": "CPPC record", "url": KEY},
    ],
}


def test_the_case_replaces_the_lists_status_and_source_titles(db):
    importer.import_prisoners(f"{HEADER}\n王丹,male,1969,,北京,life,{KEY}")
    assert importer.save(demo_record(CASE)) == "updated"
    wang = Prisoner.objects.get()
    assert wang.status == Status.RELEASED
    assert list(wang.sources.order_by("position").values_list("title", "url")) == [
        ("Another account", "https://example.org/other"),
        ("CPPC record", KEY),
    ]
    assert importer.save(demo_record(CASE)) == "unchanged"


def test_a_reworded_event_is_the_same_event(db):
    importer.save(demo_record(CASE))
    reworded = {**CASE, "events": [{**CASE["events"][0], "text": "Freed on parole."}]}
    assert importer.save(demo_record(reworded)) == "updated"
    assert list(Prisoner.objects.get().events.values_list("text", flat=True)) == [
        "Freed on parole."
    ]
