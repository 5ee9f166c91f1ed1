"""Reading an import file: its bytes as text, its header checked, its rows.

The columns of the political-prisoner/china list (shared/data/README.md), optionally
followed, in any order, by the case's texts in English and Chinese.
"""

import csv
import io
from collections.abc import Iterable
from contextlib import contextmanager

from django.utils.translation import gettext as _

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


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header)."""


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
