"""Import prisoners from the CSV format of the political-prisoner/china list.

Columns: Name, Gender, Date of Birth, Date of Death, Place, Sentence, Source (see
shared/data/README.md), optionally followed, in any order, by the case's texts in English
and Chinese (OPTIONAL_COLUMNS; the header row says which). Rules:
- a person is never dropped for an unreadable optional field: it is left empty and a
  warning names the line (`rows.py` reads a row);
- a row is refused only when it names no one or has the wrong number of columns;
- each row is saved whole or not at all;
- the first Source URL is the row's stable key, so importing twice creates nothing new
  and updates only what changed.
The one importer: the management command, the organizers' upload (through a Celery
worker, campaigns/organize/importing.py) and the demo all call it. Rows go in batches,
each batch one transaction whose stored prisoners are fetched in one query (with their
sources and events), so that a list of 50,000 rows costs a few ms a row.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from . import names
from .csvfile import (  # noqa: F401 - the importer's interface
    COLUMNS,
    OPTIONAL_COLUMNS,
    ImportFileError,
    check_header,
    decode,
    read_rows,
)
from .models import CaseEvent, Prisoner, Source, Status
from .rows import (  # noqa: F401 - the importer's interface
    GENDER_SPELLINGS,
    SENTENCE_WORDS,
    Event,
    ParsedRow,
    SourceLink,
    parse_row,
    set_date,
)

# Rows per transaction: progress shows after each batch, and a batch's stored
# prisoners are fetched in one query.
BATCH_SIZE = 500
# A report names at most this many created and updated prisoners; its counts are complete.
MAX_LISTED = 1000


@dataclass
class RowProblem:
    line: int
    message: str

    def __str__(self):
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class Saved:
    """What saving one row did: "created", "updated" or "unchanged", and the changes of an
    update as (field, before, after), values as text."""

    prisoner: Prisoner
    outcome: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[RowProblem] = field(default_factory=list)
    refused: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False
    # Who is created and what changes for whom, by line (at most MAX_LISTED of each).
    created_names: list[tuple[int, str]] = field(default_factory=list)
    changes: list[tuple[int, str, list[tuple[str, str, str]]]] = field(default_factory=list)

    @property
    def warned_lines(self) -> int:
        return len({w.line for w in self.warnings})

    def count(self, line: int, saved: Saved) -> None:
        setattr(self, saved.outcome, getattr(self, saved.outcome) + 1)
        if saved.outcome == "created" and len(self.created_names) < MAX_LISTED:
            self.created_names.append((line, str(saved.prisoner)))
        elif saved.outcome == "updated" and len(self.changes) < MAX_LISTED:
            self.changes.append((line, str(saved.prisoner), saved.changes))

    def summary(self) -> str:
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "warned": self.warned_lines,
            "refused": len(self.refused),
        }
        summary = (
            _(
                "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(warned)d warned, %(refused)d refused"
            )
            % counts
        )
        if self.dry_run:
            return _("Dry run, nothing saved: %(summary)s") % {"summary": summary}
        return summary


def stored_prisoners(keys: list[str]) -> dict[str, Prisoner]:
    """The prisoners these import keys name, with their sources and events: three queries."""
    found = Prisoner.objects.filter(import_key__in=keys).prefetch_related("sources", "events")
    return {prisoner.import_key: prisoner for prisoner in found}


def save(parsed: ParsedRow, *, publish: bool = True) -> str:
    """Create or update one prisoner, its sources and events; returns what happened."""
    return save_row(parsed, stored_prisoners([parsed.key]).get(parsed.key), publish=publish).outcome


def save_row(parsed: ParsedRow, prisoner: Prisoner | None, *, publish: bool) -> Saved:
    """Save one row over `prisoner`, its stored record fetched by `stored_prisoners` (None:
    a new prisoner)."""
    created = prisoner is None
    prisoner, changes = _save_prisoner(parsed, prisoner, publish=publish)
    changes += _sync_sources(prisoner, parsed, created=created)
    changes += _sync_events(prisoner, parsed.events, created=created)
    if created:
        return Saved(prisoner, "created")
    return Saved(prisoner, "updated" if changes else "unchanged", changes)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _save_prisoner(parsed: ParsedRow, prisoner: Prisoner | None, *, publish: bool):
    fields = dict(parsed.fields)
    if prisoner is None:
        if parsed.latin_name:
            fields.setdefault("name", parsed.latin_name)
            fields["aliases"] = names.with_alias(fields.get("aliases", ""), parsed.latin_name)
        prisoner = Prisoner(import_key=parsed.key, **{"is_published": publish, **fields})
        prisoner.save()
        return prisoner, []
    # An organizer's status (released, exiled…) outranks the list, except for a death,
    # which the list reports.
    if fields["status"] != Status.DIED and not parsed.curated:
        fields.pop("status")
    fields = _name_fields(prisoner, parsed, fields)
    before = {name: getattr(prisoner, name) for name in fields}
    changed = update_fields(prisoner, fields)
    if changed:
        prisoner.save()
    return prisoner, [(name, _shown(before[name]), _shown(fields[name])) for name in changed]


def _name_fields(prisoner: Prisoner, parsed: ParsedRow, fields: dict) -> dict:
    """The names a row may change on a stored prisoner. A name an organizer typed stays (a
    list's English name is not better; a curated record has the last word), and so does
    their choice that a name is or is not Chinese. The Latin name the list writes in
    parentheses is searchable whatever the English name is."""
    fields = {k: v for k, v in fields.items() if k != "non_han"}
    if parsed.latin_name:
        fields["aliases"] = names.with_alias(prisoner.aliases, parsed.latin_name)
        fields.setdefault("name", parsed.latin_name)
    if prisoner.name_set_by_hand and not parsed.curated:
        fields.pop("name", None)
    return fields


def update_fields(instance, fields: dict) -> list[str]:
    """Set the fields whose value differs; returns their names."""
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    return changed


def _sync_sources(prisoner: Prisoner, parsed: ParsedRow, *, created: bool) -> list:
    # A new prisoner has none: no query for them.
    known = {} if created else {source.url: source for source in prisoner.sources.all()}
    new = [link for link in parsed.sources if link.url not in known]
    Source.objects.bulk_create(
        Source(
            prisoner=prisoner,
            url=link.url,
            title=link.title,
            title_zh_hans=link.title_zh,
            position=link.position,
        )
        for link in new
    )
    changes = [("sources", "", link.url) for link in new]
    if not parsed.curated:
        return changes
    for link in parsed.sources:
        existing = known.get(link.url)
        values = {"title": link.title, "title_zh_hans": link.title_zh, "position": link.position}
        if existing is not None and update_fields(existing, values):
            existing.save()
            changes.append(("sources", existing.url, link.url))
    return changes


def _sync_events(prisoner: Prisoner, events: list[Event], *, created: bool) -> list:
    """An event is the same event when its day and kind match: its texts may be reworded.

    Only the Simplified Chinese is written; a Traditional text an organizer wrote by hand
    stays as it is.
    """
    known: dict = {}
    for stored in [] if created or not events else prisoner.events.all():
        known.setdefault((stored.date, stored.kind), stored)
    changes = []
    for event in events:
        values = {
            "date_precision": event.when.precision,
            "text": event.text,
            "text_zh_hans": event.text_zh,
            "source_url": event.source_url,
            "is_published": True,
        }
        existing = known.get((event.when.date, event.kind))
        if existing is None:
            known[(event.when.date, event.kind)] = CaseEvent.objects.create(
                prisoner=prisoner, date=event.when.date, kind=event.kind, **values
            )
        elif not update_fields(existing, values):
            continue
        else:
            existing.save()
        changes.append(("events", "", f"{event.when.date.isoformat()} {event.kind}"))
    return changes


Progress = Callable[[int, ImportReport], None]


def import_prisoners(
    text: str, *, dry_run: bool = False, publish: bool = True, progress: Progress | None = None
) -> ImportReport:
    """Import every row of a CSV text; see the module's docstring for the rules.

    Each batch of BATCH_SIZE rows is one transaction (rolled back in a dry run), after
    which `progress(rows read so far, report)` is called, outside it.
    """
    report = ImportReport(dry_run=dry_run)
    columns, rows = read_rows(text)
    seen_keys: set[str] = set()
    read = 0
    while batch := list(islice(rows, BATCH_SIZE)):
        parsed = [_parse(line, cells, columns, report, seen_keys) for line, cells in batch]
        with transaction.atomic():
            _save_batch([row for row in parsed if row is not None], report, publish=publish)
            if dry_run:
                transaction.set_rollback(True)
        read += len(batch)
        if progress is not None:
            progress(read, report)
    return report


def _parse(line, cells, columns, report: ImportReport, seen_keys: set) -> ParsedRow | None:
    try:
        parsed = parse_row(line, cells, columns)
    except ValueError as exc:
        report.refused.append(RowProblem(line, str(exc)))
        return None
    if parsed.key in seen_keys:
        # Two rows citing the same first source are still two people.
        parsed.warnings.append(_("its first Source is also another row's; told apart by name"))
        parsed.key = f"{parsed.key}|{parsed.fields['native_name']}|{parsed.fields['birth_date']}"
    seen_keys.add(parsed.key)
    report.warnings.extend(RowProblem(line, w) for w in parsed.warnings)
    return parsed


def _save_batch(batch: list[ParsedRow], report: ImportReport, *, publish: bool) -> None:
    stored = stored_prisoners([parsed.key for parsed in batch])
    for parsed in batch:
        try:
            # A savepoint per row: a row that fails in the database leaves nothing.
            with transaction.atomic():
                saved = save_row(parsed, stored.get(parsed.key), publish=publish)
        except (ValidationError, ValueError, DatabaseError) as exc:
            report.refused.append(
                RowProblem(parsed.line, _("could not be saved: %(reason)s") % {"reason": exc})
            )
            continue
        report.count(parsed.line, saved)
