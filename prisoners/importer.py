"""Import prisoners from the CSV format of the political-prisoner/china list.

Columns: Name, Gender, Date of Birth, Date of Death, Place, Sentence, Source (see
shared/data/README.md), optionally followed, in any order, by the case's texts in English
and Chinese (OPTIONAL_COLUMNS; the header row says which). Rules:
- a person is never dropped for an unreadable optional field: it is left empty and a
  warning names the line;
- a row is refused only when it names no one or has the wrong number of columns;
- each row is saved whole or not at all;
- the first Source URL is the row's stable key, so importing twice creates nothing new
  and updates only what changed.
The same function serves the management command and, later, the upload page.
"""

import csv
import io
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .dates import PartialDate
from .models import CaseEvent, Gender, Prisoner, Sentence, Source, Status

COLUMNS = ["Name", "Gender", "Date of Birth", "Date of Death", "Place", "Sentence", "Source"]
# Columns that may follow the standard seven, in any order: the case's texts in English and
# in Simplified Chinese (the Traditional text is converted from it when shown). An empty
# cell leaves what is stored, so a list that lacks a text never blanks one out.
OPTIONAL_COLUMNS = {
    "Name (English)": "name",
    "Summary": "summary",
    "Summary (Chinese)": "summary_zh_hans",
    "Occupation": "occupation",
    "Occupation (Chinese)": "occupation_zh_hans",
    "Charges": "charges",
    "Charges (Chinese)": "charges_zh_hans",
    "Facility": "facility",
    "Facility (Chinese)": "facility_zh_hans",
    "Health concerns": "health_concerns",
    "Health concerns (Chinese)": "health_concerns_zh_hans",
}
# What a Sentence cell may say besides a date.
SENTENCE_WORDS = {
    "life": Sentence.LIFE,
    "death": Sentence.DEATH,
    "detention": Sentence.NONE,
    "unknown": Sentence.UNKNOWN,
}
_url = URLValidator(schemes=["http", "https"])


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header)."""


@dataclass
class RowProblem:
    line: int
    message: str

    def __str__(self):
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[RowProblem] = field(default_factory=list)
    refused: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def warned_lines(self) -> int:
        return len({w.line for w in self.warnings})

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


@dataclass(frozen=True)
class SourceLink:
    url: str
    title: str = ""
    position: int = 0
    title_zh: str = ""  # Simplified Chinese: the source's `title_zh_hans`


@dataclass(frozen=True)
class Event:
    """A dated step of a case; the same event as a stored one when its day and kind match."""

    when: PartialDate
    kind: str
    text: str  # English; may be empty when there is a Chinese text
    source_url: str = ""
    text_zh: str = ""  # Simplified Chinese: the event's `text_zh_hans`


@dataclass
class ParsedRow:
    """One person's record (a CSV row or a demo case) as prisoner fields, sources and events.

    A row of the list never overrides an organizer's status (a death excepted) and only
    adds sources. A `curated` record (a demo case, more recent than the list) has the last
    word: its status, and its sources' titles and order, replace what is stored.
    """

    key: str
    fields: dict
    sources: list[SourceLink]
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    line: int = 0
    curated: bool = False


def decode(data: bytes) -> str:
    """Bytes of an uploaded or opened file to text; a BOM is dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (byte %(position)d cannot be read). "
                "Save it as CSV UTF-8 and try again."
            )
            % {"position": exc.start}
        ) from exc


def read_rows(text: str) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """The header's column names, and (line number, cells) for every data row.

    CRLF, LF and quoted newlines all work. The header is read and checked at once, so a
    file with a wrong header is refused before any row is looked at.
    """
    reader = csv.reader(io.StringIO(text.replace("\x00", ""), newline=""))
    with _csv_errors(reader):
        header = next(reader, None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    columns = check_header([h.strip() for h in header])
    return columns, _rows_after_header(reader)


@contextmanager
def _csv_errors(reader):
    try:
        yield
    except csv.Error as exc:
        raise ImportFileError(
            _("line %(line)d: the CSV cannot be read (%(reason)s).")
            % {"line": reader.line_num, "reason": exc}
        ) from exc


def check_header(header: list[str]) -> list[str]:
    """The columns of a header: the standard seven first, then known optional ones only."""
    if header[: len(COLUMNS)] != COLUMNS:
        raise ImportFileError(
            _("The header must be exactly: %(expected)s. Found: %(found)s.")
            % {"expected": ", ".join(COLUMNS), "found": ", ".join(header)}
        )
    extra = header[len(COLUMNS) :]
    if unknown := [name for name in extra if name not in OPTIONAL_COLUMNS]:
        raise ImportFileError(
            _(
                "Unknown columns: %(unknown)s. After the standard seven, only these may "
                "follow, in any order: %(optional)s."
            )
            % {"unknown": ", ".join(unknown), "optional": ", ".join(OPTIONAL_COLUMNS)}
        )
    if twice := sorted({name for name in extra if extra.count(name) > 1}):
        raise ImportFileError(_("Columns named twice: %(names)s.") % {"names": ", ".join(twice)})
    return header


def _rows_after_header(reader) -> Iterable[tuple[int, list[str]]]:
    line = reader.line_num
    with _csv_errors(reader):
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                if cells:
                    yield start, cells  # a row of empty cells names no one: reported
                continue  # a blank line is not a row
            yield start, cells


def _partial_date(value: str, column: str, warnings: list[str]) -> PartialDate | None:
    value = value.strip()
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        warnings.append(
            _("%(column)s “%(value)s” is not a date (YYYY, YYYY-MM or YYYY-MM-DD); left empty")
            % {"column": column, "value": value}
        )
        return None


def set_date(fields: dict, name: str, value: PartialDate | None) -> None:
    """Set a partial date's two columns; no date is stored as empty with day precision."""
    fields[name] = value.date if value else None
    fields[f"{name}_precision"] = value.precision if value else "day"


def parse_row(line: int, cells: list[str], columns: list[str] = COLUMNS) -> ParsedRow:
    """Fields for one row under the header's `columns`; raises ValueError with the reason
    when the row is refused."""
    if len(cells) != len(columns):
        raise ValueError(
            _("expected %(expected)d columns, found %(found)d")
            % {"expected": len(columns), "found": len(cells)}
        )
    row = dict(zip(columns, (c.strip() for c in cells), strict=True))
    if not row["Name"]:
        raise ValueError(_("the row names no one (the Name is empty)"))
    warnings: list[str] = []
    gender = row["Gender"].lower()
    if gender not in Gender.values:
        warnings.append(
            _("Gender “%(value)s” is not male or female; left empty") % {"value": row["Gender"]}
        )
        gender = ""
    fields = {"native_name": row["Name"], "gender": gender, "place": row["Place"]}
    set_date(fields, "birth_date", _partial_date(row["Date of Birth"], "Date of Birth", warnings))
    death = _partial_date(row["Date of Death"], "Date of Death", warnings)
    set_date(fields, "death_date", death)
    fields.update(_sentence_fields(row["Sentence"], warnings))
    fields["status"] = _status_for(fields["sentence"], died=death is not None)
    fields.update(_optional_texts(row, warnings))
    sources = []
    for url in row["Source"].split():
        try:
            _url(url)
            sources.append(url)
        except ValidationError:
            warnings.append(
                _("Source “%(value)s” is not a web address; skipped") % {"value": url[:80]}
            )
    urls = list(dict.fromkeys(sources))
    # Rows without a usable source still need a stable key: their own content.
    key = urls[0] if urls else f"row:{row['Name']}|{row['Date of Birth']}|{row['Place']}"
    links = [SourceLink(url, position=position) for position, url in enumerate(urls)]
    return ParsedRow(key, fields, links, warnings=warnings, line=line)


def _optional_texts(row: dict, warnings: list[str]) -> dict:
    """The English and Chinese texts of the optional columns; an empty cell sets nothing."""
    fields = {}
    for column, name in OPTIONAL_COLUMNS.items():
        value = row.get(column, "")
        if not value:
            continue
        limit = Prisoner._meta.get_field(name).max_length
        if limit and len(value) > limit:
            warnings.append(
                _("%(column)s is longer than %(limit)d characters; left as it was")
                % {"column": column, "limit": limit}
            )
            continue
        fields[name] = value
    return fields


def _sentence_fields(value: str, warnings: list[str]) -> dict:
    fields = {"sentence": Sentence.UNKNOWN}
    set_date(fields, "sentence_end", None)
    word = value.lower()
    if word in SENTENCE_WORDS:
        fields["sentence"] = SENTENCE_WORDS[word]
    elif value:
        end = _partial_date(value, "Sentence", warnings)
        if end:
            fields["sentence"] = Sentence.TERM
            set_date(fields, "sentence_end", end)
    return fields


def _status_for(sentence: str, *, died: bool) -> str:
    if died:
        return Status.DIED
    if sentence == Sentence.NONE:
        return Status.DETAINED
    if sentence in (Sentence.TERM, Sentence.LIFE, Sentence.DEATH):
        return Status.SENTENCED
    return Status.UNKNOWN


def save(parsed: ParsedRow, *, publish: bool = True) -> str:
    """Create or update one prisoner, its sources and events; returns what happened."""
    prisoner, outcome = _save_prisoner(parsed, publish=publish)
    sources_changed = _sync_sources(prisoner, parsed)
    events_changed = _sync_events(prisoner, parsed.events)
    if outcome == "unchanged" and (sources_changed or events_changed):
        return "updated"
    return outcome


def _save_prisoner(parsed: ParsedRow, *, publish: bool) -> tuple[Prisoner, str]:
    prisoner = Prisoner.objects.filter(import_key=parsed.key).first()
    fields = dict(parsed.fields)
    if prisoner is None:
        prisoner = Prisoner(import_key=parsed.key, **{"is_published": publish, **fields})
        prisoner.save()
        return prisoner, "created"
    # An organizer's status (released, exiled…) outranks the list, except for a death,
    # which the list reports.
    if fields["status"] != Status.DIED and not parsed.curated:
        fields.pop("status")
    if prisoner.name_set_by_hand and not parsed.curated:
        fields.pop("name", None)  # an organizer typed it: a list's English name is not better
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


def _sync_sources(prisoner: Prisoner, parsed: ParsedRow) -> bool:
    known = {source.url: source for source in prisoner.sources.all()}
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
    if not parsed.curated:
        return bool(new)
    retitled = False
    for link in parsed.sources:
        existing = known.get(link.url)
        values = {"title": link.title, "title_zh_hans": link.title_zh, "position": link.position}
        if existing is not None and update_fields(existing, values):
            existing.save()
            retitled = True
    return bool(new) or retitled


def _sync_events(prisoner: Prisoner, events: list[Event]) -> bool:
    """An event is the same event when its day and kind match: its texts may be reworded.

    Only the Simplified Chinese is written; a Traditional text an organizer wrote by hand
    stays as it is.
    """
    changed = False
    for event in events:
        values = {
            "date_precision": event.when.precision,
            "text": event.text,
            "text_zh_hans": event.text_zh,
            "source_url": event.source_url,
            "is_published": True,
        }
        existing = prisoner.events.filter(date=event.when.date, kind=event.kind).first()
        if existing is None:
            CaseEvent.objects.create(
                prisoner=prisoner, date=event.when.date, kind=event.kind, **values
            )
            changed = True
        elif update_fields(existing, values):
            existing.save()
            changed = True
    return changed


def import_prisoners(text: str, *, dry_run: bool = False, publish: bool = True) -> ImportReport:
    """Import every row of a CSV text; see the module's docstring for the rules."""
    report = ImportReport(dry_run=dry_run)
    columns, rows = read_rows(text)
    seen_keys: set[str] = set()
    with transaction.atomic():
        for line, cells in rows:
            try:
                parsed = parse_row(line, cells, columns)
            except ValueError as exc:
                report.refused.append(RowProblem(line, str(exc)))
                continue
            if parsed.key in seen_keys:
                # Two rows citing the same first source are still two people.
                parsed.warnings.append(
                    _("its first Source is also another row's; told apart by name")
                )
                parsed.key = (
                    f"{parsed.key}|{parsed.fields['native_name']}|{parsed.fields['birth_date']}"
                )
            seen_keys.add(parsed.key)
            report.warnings.extend(RowProblem(line, w) for w in parsed.warnings)
            try:
                # A savepoint per row: a row that fails in the database leaves nothing.
                with transaction.atomic():
                    outcome = save(parsed, publish=publish)
            except (ValidationError, ValueError, DatabaseError) as exc:
                report.refused.append(
                    RowProblem(line, _("could not be saved: %(reason)s") % {"reason": exc})
                )
                continue
            setattr(report, outcome, getattr(report, outcome) + 1)
        if dry_run:
            transaction.set_rollback(True)
    return report
