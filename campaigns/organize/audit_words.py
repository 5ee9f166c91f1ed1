"""The audit log in words: an entry's before and after as labelled lines
("Defender › End reason: — → Prisoner released"), in the reader's language.

Labels are the models' own field names where the key is a field (an adoption's, a case
event's, a prisoner's), values of fields with choices are the choices' labels, dates are
written as dates; any other key falls back to a readable label, never to raw JSON or an
internal code.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prisoners.models import CaseEvent, Prisoner

from ..models import Adoption, AuditEntry, VolunteerSettings

EMPTY = "—"

# Keys that are not a field of the model the entry is about, or whose field name reads badly.
LABELS = {
    "id": gettext_lazy("Number"),
    "defender": gettext_lazy("Defender"),
    "previous_defender": gettext_lazy("Previous defender"),
    "adoptions": gettext_lazy("Commitments"),
    "supporter_adoptions_ended": gettext_lazy("Support ended on becoming the defender"),
    "queued_reminders": gettext_lazy("Emails waiting to be sent"),
    "event": gettext_lazy("Case event"),
    "thanks_email": gettext_lazy("Thank-you email"),
    "note": gettext_lazy("Organizer's note"),
    "end_note": gettext_lazy("Organizer's note"),
    "organizer_note": gettext_lazy("Note for organizers written"),
    "reason_for_previous_defender": gettext_lazy("Reason for the previous defender"),
    "assigned_email": gettext_lazy("Welcome email to the new defender"),
    "replaced_email": gettext_lazy("Email to the replaced defender"),
    "reason": gettext_lazy("Reason"),
    "reason given": gettext_lazy("Reason given"),
    "how": gettext_lazy("How"),
    "account": gettext_lazy("Account"),
    "step": gettext_lazy("Step"),
    "who": gettext_lazy("Who"),
    "export": gettext_lazy("Export"),
    "emails": gettext_lazy("With email addresses"),
    "file": gettext_lazy("File"),
    "created": gettext_lazy("Created"),
    "updated": gettext_lazy("Updated"),
    "unchanged": gettext_lazy("Unchanged"),
    "warned": gettext_lazy("Lines with warnings"),
    "refused": gettext_lazy("Lines refused"),
    "draft": gettext_lazy("Saved as drafts"),
}
# The codes the log stores as values besides the models' choices.
WORDS = {
    "settings": gettext_lazy("on the settings page"),
    "email link": gettext_lazy("by the link in an email"),
    "second factor": gettext_lazy("the second factor"),
    "unknown address": gettext_lazy("unknown address"),
    "prisoners": gettext_lazy("Prisoners"),
    "coverage": gettext_lazy("Coverage"),
    "volunteers": gettext_lazy("Volunteers"),
}
# What the nested states are rows of.
NESTED = {
    "defender": Adoption,
    "previous_defender": Adoption,
    "adoptions": Adoption,
    "event": CaseEvent,
}
# What the top-level keys of each action are fields of.
SUBJECT = {
    AuditEntry.Action.APPROVE: VolunteerSettings,
    AuditEntry.Action.SUSPEND: get_user_model(),
    AuditEntry.Action.MARK_RELEASED: Prisoner,
    AuditEntry.Action.MARK_DIED: Prisoner,
}


@dataclass(frozen=True)
class Line:
    label: str
    before: str | None  # None: the entry has no "before" (shown as the value alone)
    after: str

    @property
    def changed(self) -> bool:
        return self.before is not None and self.before != self.after


def _field(model, key: str):
    try:
        field = model._meta.get_field(key) if model else None
    except FieldDoesNotExist:
        return None
    # A reverse relation ("sources", "events") has no label or choices of its own.
    return None if field is not None and field.auto_created and not field.concrete else field


def label(model, key: str) -> str:
    if key in LABELS:
        return str(LABELS[key])
    field = _field(model, key)
    if field is not None:
        return capfirst(str(field.verbose_name))
    return capfirst(key.replace("_", " "))


def _moment(text: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if "T" not in text:
        return formats.date_format(moment.date(), "DATE_FORMAT")
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")


def value(model, key: str, raw) -> str:
    """One value in words: the choice's label, a date, yes or no, a list; never a code."""
    if raw is None or raw == "" or raw == [] or raw == {}:
        return EMPTY
    if isinstance(raw, bool):
        return _("yes") if raw else _("no")
    field = _field(model, key)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if key == "thanks_email":
        return _("queued to be sent")
    if isinstance(raw, dict):
        return "; ".join(f"{label(None, k)}: {value(None, k, v)}" for k, v in raw.items())
    if isinstance(raw, list):
        return ", ".join(
            f"#{item}" if isinstance(item, int) else value(None, key, item) for item in raw
        )
    if isinstance(raw, int):
        return f"#{raw}" if key == "id" else formats.number_format(raw)
    if isinstance(raw, str) and raw in WORDS:
        return str(WORDS[raw])
    if isinstance(raw, str) and raw[:4].isdigit() and raw[4:5] == "-":
        return _moment(raw)
    return str(raw)


def _pairs(before, after) -> list[tuple[int | None, dict | None, dict | None]]:
    """A nested state on either side as (index, before, after) dicts: one pair, or one
    per row of a list of states."""
    if isinstance(before, list) or isinstance(after, list):
        rows_before, rows_after = before or [], after or []
        count = max(len(rows_before), len(rows_after))
        return [(n + 1, _at(rows_before, n), _at(rows_after, n)) for n in range(count)]
    return [(None, before, after)]


def _at(rows: list, n: int):
    return rows[n] if n < len(rows) else None


def lines(entry: AuditEntry) -> list[Line]:
    """The entry's before and after, one labelled line per field."""
    subject = SUBJECT.get(entry.action)
    has_before = bool(entry.before)
    found = []
    for key in dict.fromkeys([*entry.before, *entry.after]):
        before, after = entry.before.get(key), entry.after.get(key)
        if _holds_states(before, after):
            found += _nested_lines(label(subject, key), NESTED.get(key), before, after, has_before)
            continue
        shown_before = value(subject, key, before) if has_before else None
        found.append(Line(label(subject, key), shown_before, value(subject, key, after)))
    return found


def _holds_states(*sides) -> bool:
    return any(
        isinstance(side, dict) or (isinstance(side, list) and side and isinstance(side[0], dict))
        for side in sides
    )


def _state(row) -> dict:
    """A row of a nested list that is not a state still reads as one line."""
    if isinstance(row, dict):
        return row
    return {} if row is None else {"value": row}


def _nested_lines(parent: str, model, before, after, has_before: bool) -> list[Line]:
    found = []
    for index, row_before, row_after in _pairs(before, after):
        head = f"{parent} {index}" if index else parent
        if not row_before and not row_after:
            found.append(Line(head, EMPTY if has_before else None, EMPTY))
            continue
        row_before, row_after = _state(row_before), _state(row_after)
        for key in dict.fromkeys([*row_before, *row_after]):
            shown_before = value(model, key, row_before.get(key)) if has_before else None
            shown_after = value(model, key, row_after.get(key))
            found.append(Line(f"{head} › {label(model, key)}", shown_before, shown_after))
    return found
