"""One row of an import file read into a prisoner's fields, sources and events.

A person is never dropped for an unreadable optional field: it is left empty and a
warning says why. A row is refused (ValueError) only when it names no one or has the
wrong number of columns.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from . import names
from .csvfile import COLUMNS, OPTIONAL_COLUMNS
from .dates import PartialDate
from .models import Gender, Prisoner, Sentence, Status

# What a Sentence cell may say besides a date.
SENTENCE_WORDS = {
    "life": Sentence.LIFE,
    "death": Sentence.DEATH,
    "detention": Sentence.NONE,
    "unknown": Sentence.UNKNOWN,
}
_url = URLValidator(schemes=["http", "https"])
# How lists write a gender, compared after lower-casing and trimming: English words and
# letters, Chinese characters (Simplified and Traditional are the same here). An empty
# cell is no warning: the gender is simply not known.
GENDER_SPELLINGS = {
    "": Gender.UNKNOWN,
    **dict.fromkeys(["male", "m", "man", "男", "男性", "男子"], Gender.MALE),
    **dict.fromkeys(["female", "f", "woman", "女", "女性", "女子"], Gender.FEMALE),
    "other": Gender.OTHER,
}


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
    # The Latin name the list writes after a Uyghur or Tibetan name, "（AbdurehimHeyit）".
    latin_name: str = ""


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
    gender = GENDER_SPELLINGS.get(" ".join(row["Gender"].split()).lower())
    if gender is None:
        warnings.append(
            _("Gender “%(value)s” is not male or female; left empty") % {"value": row["Gender"]}
        )
        gender = ""
    native_name, latin_name = names.split_latin_name(row["Name"])
    fields = {"native_name": native_name, "gender": gender, "place": row["Place"]}
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
    parsed = ParsedRow(key, fields, links, warnings=warnings, line=line, latin_name=latin_name)
    if latin_name and names.looks_non_han(row["Name"]):
        fields["non_han"] = True
    return parsed


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
