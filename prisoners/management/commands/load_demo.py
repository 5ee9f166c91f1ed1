"""Fill a development database: the CSV list of prisoners, then the hand-written demo cases.

Running it again creates nothing new. The CSV is imported first so that the demo cases,
which are more recent than the list's 2023 snapshot, have the last word on the few people
who are in both (see prisoners/demo.py).
"""

import datetime
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from prisoners.dates import PartialDate, Precision
from prisoners.demo import CASES
from prisoners.importer import ImportFileError, decode, import_prisoners
from prisoners.models import CaseEvent, Prisoner, Sentence, Source, Status

DEFAULT_CSV = Path("shared/data/chinese-political-prisoners.csv")
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
# Set only when a case gives them, so that what the CSV knows is never blanked out.
OPTIONAL_FIELDS = ("pinyin", "birth_date")


class Command(BaseCommand):
    help = (
        "Load the demo prisoners (prisoners/demo.py) and, when it is there, the CSV list of "
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
        check_cases(CASES, timezone.localdate())
        with transaction.atomic():
            self.import_csv(csv_path)
            outcomes = Counter(load_case(case) for case in CASES)
        self.stdout.write(
            f"Demo data: {len(CASES)} prisoners ({outcomes['created']} created, "
            f"{outcomes['updated']} updated, {outcomes['unchanged']} unchanged)"
        )

    def import_csv(self, path: Path) -> None:
        if not path.is_file():
            self.stdout.write(f"No CSV list at {path}: only the demo cases are loaded.")
            return
        try:
            report = import_prisoners(decode(path.read_bytes()))
        except (OSError, ImportFileError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(f"CSV list {path.name}: {report.summary()}")
        if report.warnings or report.refused:
            self.stdout.write(f"  (details: manage.py import_prisoners --dry-run {path})")


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
    """The Prisoner fields a demo case sets; missing text is blank, missing dates empty."""
    fields = {name: case.get(name, "") for name in TEXT_FIELDS}
    for name in DATE_FIELDS:
        if name in case or name not in OPTIONAL_FIELDS:
            fields.update(date_fields(name, case.get(name)))
    if "pinyin" in case:
        fields["pinyin"] = case["pinyin"]
    fields["priority"] = case.get("priority", 0)
    fields["is_published"] = True
    return fields


def date_fields(name: str, value: str | None) -> dict:
    when = PartialDate.parse(value) if value else None
    return {
        name: when.date if when else None,
        f"{name}_precision": when.precision if when else Precision.DAY,
    }


def load_case(case: dict) -> str:
    """Create or update one demo prisoner with its events and sources; says which."""
    prisoner, outcome = save_prisoner(case["key"], prisoner_fields(case))
    events_changed = sync_events(prisoner, case["events"])
    sources_changed = sync_sources(prisoner, case["sources"])
    if outcome == "unchanged" and (events_changed or sources_changed):
        return "updated"
    return outcome


def save_prisoner(key: str, fields: dict) -> tuple[Prisoner, str]:
    prisoner = Prisoner.objects.filter(import_key=key).first()
    if prisoner is None:
        prisoner = Prisoner(import_key=key, **fields)
        prisoner.save()
        return prisoner, "created"
    changed = update_fields(prisoner, fields)
    if changed:
        prisoner.save()
    return prisoner, "updated" if changed else "unchanged"


def update_fields(instance, fields: dict) -> list[str]:
    """Set the fields whose value differs; returns their names."""
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    return changed


def sync_events(prisoner: Prisoner, events: list[dict]) -> bool:
    """An event is the same event when its day and kind match: its text may be reworded."""
    changed = False
    for event in events:
        when = PartialDate.parse(event["date"])
        values = {
            "date_precision": when.precision,
            "text": event["text"],
            "source_url": event.get("source_url", ""),
            "is_published": True,
        }
        existing = prisoner.events.filter(date=when.date, kind=event["kind"]).first()
        if existing is None:
            CaseEvent.objects.create(
                prisoner=prisoner, date=when.date, kind=event["kind"], **values
            )
            changed = True
        elif update_fields(existing, values):
            existing.save()
            changed = True
    return changed


def sync_sources(prisoner: Prisoner, sources: list[dict]) -> bool:
    changed = False
    for position, source in enumerate(sources, start=1):
        values = {"title": source["title"], "position": position}
        existing = prisoner.sources.filter(url=source["url"]).first()
        if existing is None:
            Source.objects.create(prisoner=prisoner, url=source["url"], **values)
            changed = True
        elif update_fields(existing, values):
            existing.save()
            changed = True
    return changed
