"""Fill a development database: the CSV list of prisoners, then the hand-written demo cases.

Running it again creates nothing new. The CSV is imported first so that the demo cases,
which are more recent than the list's 2023 snapshot, have the last word on the few people
who are in both (see prisoners/demo/README.md). Each case goes through the importer, like
a row of the list. Then the demo data of the apps built on this one (EXTRAS), such as the
campaign's censorship watch, which need the prisoners first.
"""

import datetime
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from prisoners import importer
from prisoners.dates import PartialDate
from prisoners.models import Sentence, Status

DEFAULT_CSV = Path("shared/data/chinese-political-prisoners.csv")
# One TOML file per case, loaded in the order of their names.
CASES_DIR = Path(__file__).resolve().parents[2] / "demo"
DATE_FIELDS = ("birth_date", "death_date", "detained_on", "sentenced_on", "sentence_end")
TEXT_FIELDS = (
    "name",
    "native_name",
    "aliases",
    "gender",
    "status",
    "region",
    "place",
    "occupation",
    "sentence",
    "charges",
    "facility",
    "summary",
    "hashtag",
    "health_concerns",
)
# Texts a case may also give in Simplified Chinese, as `<name>_zh` (stored as `<name>_zh_hans`;
# the Traditional text is converted from it when shown).
CHINESE_FIELDS = ("occupation", "charges", "facility", "summary", "health_concerns")
# Set only when a case gives them, so that what the CSV knows is never blanked out.
OPTIONAL_FIELDS = ("pinyin", "birth_date")
# The demo data of the apps that build on prisoners, which this app cannot import: each app
# adds its loader from its AppConfig.ready() (campaigns: the censorship watch). Each runs
# after the prisoners, in the same transaction, and returns a line reporting what it did.
EXTRAS: list[Callable[[], str]] = []


class Command(BaseCommand):
    help = (
        "Load the demo prisoners (prisoners/demo/*.toml) and, when it is there, the CSV list of "
        "Chinese political prisoners. Running it again creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--csv",
            dest="csv_path",
            type=Path,
            default=None,
            help=f"The CSV list to import first (default: ../{DEFAULT_CSV} from the project).",
        )

    def handle(self, *args, csv_path: Path | None, **options):
        csv_path = csv_path or Path(settings.BASE_DIR).parent / DEFAULT_CSV
        cases = read_cases()
        check_cases(cases, timezone.localdate())
        # Reported in the order it is done: the list, the demo cases, then the extras.
        with transaction.atomic():
            self.import_csv(csv_path)
            outcomes = Counter(importer.save(demo_record(case)) for case in cases)
            self.stdout.write(demo_report(len(cases), outcomes))
            for load in EXTRAS:
                self.stdout.write(load())

    def import_csv(self, path: Path) -> None:
        if not path.is_file():
            self.stdout.write(f"No CSV list at {path}: only the demo cases are loaded.")
            return
        try:
            report = importer.import_prisoners(importer.decode(path.read_bytes()))
        except (OSError, importer.ImportFileError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(f"CSV list {path.name}: {report.summary()}")
        if report.warnings or report.refused:
            self.stdout.write(f"  (details: manage.py import_prisoners --dry-run {path})")


def demo_report(total: int, outcomes: Counter) -> str:
    """What the demo cases did, in words a newcomer reads right: a case about someone
    the CSV list already holds updates that prisoner rather than adding one."""
    return (
        f"Demo cases: {total} read; {outcomes['created']} added as new prisoners, "
        f"{outcomes['updated']} updated prisoners already there (the CSV list's or an "
        f"earlier run's), {outcomes['unchanged']} already up to date."
    )


def read_cases(folder: Path = CASES_DIR) -> list[dict]:
    """The demo cases, one per TOML file, in the order of the files' names."""
    cases = []
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as file:
            cases.append(tomllib.load(file))
    return cases


def check_cases(cases: list[dict], today: datetime.date) -> None:
    """Refuse demo data that would break the rules the loader relies on."""
    keys = Counter(case["key"] for case in cases)
    if duplicates := [key for key, n in keys.items() if n > 1]:
        raise CommandError(f"Demo keys used twice: {', '.join(duplicates)}")
    for case in cases:
        problems = case_problems(case, today)
        if problems:
            raise CommandError(f"Demo case {case['key']}: {'; '.join(problems)}")


def case_problems(case: dict, today: datetime.date) -> list[str]:
    problems = []
    if case["status"] not in Status.values:
        problems.append(f"unknown status {case['status']!r}")
    if case.get("sentence_end") and case.get("sentence") != Sentence.TERM:
        problems.append("a sentence end needs a fixed-term sentence")
    seen = set()
    for event in case["events"]:
        when = PartialDate.parse(event["date"])
        if when.date > today:
            problems.append(f"event dated in the future: {event['date']}")
        if (when.date, event["kind"]) in seen:
            problems.append(f"two {event['kind']} events on {event['date']}")
        seen.add((when.date, event["kind"]))
    return problems


def prisoner_fields(case: dict) -> dict:
    """The Prisoner fields a demo case sets, in English and Chinese; missing text is blank,
    missing dates empty."""
    fields = {name: case.get(name, "") for name in TEXT_FIELDS}
    fields.update({f"{name}_zh_hans": case.get(f"{name}_zh", "") for name in CHINESE_FIELDS})
    for name in DATE_FIELDS:
        if name in case or name not in OPTIONAL_FIELDS:
            when = PartialDate.parse(case[name]) if case.get(name) else None
            importer.set_date(fields, name, when)
    if "pinyin" in case:
        fields["pinyin"] = case["pinyin"]
    fields["priority"] = case.get("priority", 0)
    fields["is_published"] = True
    return fields


def demo_record(case: dict) -> importer.ParsedRow:
    """A demo case as the importer's record: it has the last word on what it says."""
    events = [
        importer.Event(
            PartialDate.parse(event["date"]),
            event["kind"],
            event.get("text", ""),
            event.get("source_url", ""),
            event.get("text_zh", ""),
        )
        for event in case["events"]
    ]
    sources = [
        importer.SourceLink(source["url"], source["title"], position, source.get("title_zh", ""))
        for position, source in enumerate(case["sources"], start=1)
    ]
    return importer.ParsedRow(
        case["key"], prisoner_fields(case), sources, events=events, curated=True
    )
