"""Organizers' prisoner import: upload, preview, confirm.

The uploaded file goes through the same importer as `manage.py import_prisoners`, first
as a dry run (the preview, with each warning and refusal by line number). Until it is
confirmed, the file waits in the shared cache (Redis) under a random name for at most
IMPORT_MAX_AGE, and the confirm form carries that name signed, so that the confirmation
imports exactly what was previewed and can point nowhere else. Rows are saved whole or
not at all, as the importer does.
"""

import csv
import io
import logging
import re
import secrets

from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from redis.exceptions import RedisError

from advocacy.access import organizers_only
from prisoners import importer

from ..audit import record
from ..models import AuditEntry
from .data_forms import ConfirmImportForm, UploadForm
from .exports import FORMULA_TRIGGERS, PRISONER_COLUMNS

log = logging.getLogger(__name__)

# How long a previewed file waits for its confirmation.
IMPORT_MAX_AGE = 60 * 60
_SIGNING_SALT = "campaigns.organize.data.import"
_STASH_NAME = re.compile(r"[A-Za-z0-9_-]{32}")
# A preview lists at most this many problems; the counts are always complete.
MAX_PROBLEMS_SHOWN = 500


def unneutralise(cell: str) -> str:
    """Undo `neutralise` on a cell of our own export."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


STASH_PREFIX = "import-preview:"


def _stash(text: str) -> str:
    """Keep a previewed file until it is confirmed; returns its random name.

    It lives in the shared cache (Redis), not on this machine's disk: the confirmation
    may reach another web process or machine. It expires on its own after an hour.
    """
    name = secrets.token_urlsafe(24)  # 32 characters
    cache.set(STASH_PREFIX + name, text, IMPORT_MAX_AGE)
    return name


def _sign(name: str, user, *, draft: bool, filename: str) -> str:
    payload = {"f": name, "u": user.pk, "d": draft, "n": filename[:100]}
    return signing.dumps(payload, salt=_SIGNING_SALT)


def _unsign(token: str, user) -> dict | None:
    """The stash a confirm form points to, if its signature, age and owner are right."""
    try:
        data = signing.loads(token, salt=_SIGNING_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk:
        return None
    if not _STASH_NAME.fullmatch(str(data.get("f", ""))):
        return None
    return data


def _take_stash(name: str) -> str | None:
    """The stashed text, taken by one confirmation only (a double click imports once)."""
    key = STASH_PREFIX + name
    text = cache.get(key)
    # Of two confirmations at once, only the one whose delete removed the key imports.
    if text is None or not cache.delete(key):
        return None
    return text


def as_import_text(text: str) -> str:
    """A prisoners.csv exported here, reduced to the importer's columns; else unchanged.

    Rows keep their lines (a blank line stays blank), so that the importer's line
    numbers are those of the uploaded file.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    try:
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != PRISONER_COLUMNS:
            return text
        writer.writerow(importer.COLUMNS)
        width = len(importer.COLUMNS)
        for cells in reader:
            if len(cells) == len(PRISONER_COLUMNS):
                cells = [unneutralise(cell) for cell in cells[:width]]
            writer.writerow(cells)
    except csv.Error:
        return text  # the importer reports where the file cannot be read
    return out.getvalue()


def _problems(report: importer.ImportReport) -> list[dict]:
    rows = [{"line": p.line, "refused": True, "message": p.message} for p in report.refused]
    rows += [{"line": p.line, "refused": False, "message": p.message} for p in report.warnings]
    rows.sort(key=lambda row: (row["line"], not row["refused"]))
    return rows


def _report_context(report: importer.ImportReport) -> dict:
    problems = _problems(report)
    return {
        "report": report,
        "refused_count": len(report.refused),
        "to_save": report.created + report.updated,
        "problems": problems[:MAX_PROBLEMS_SHOWN],
        "problems_hidden": max(len(problems) - MAX_PROBLEMS_SHOWN, 0),
    }


def _file_error(exc: importer.ImportFileError) -> str:
    return _("The file cannot be imported: %(reason)s") % {"reason": exc}


@organizers_only
@require_http_methods(["GET", "POST"])
def import_prisoners(request):
    if request.method == "POST" and "token" in request.POST:
        return _confirm_import(request)
    if request.method != "POST":
        return render(request, "organize/import.html", {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    context = {"form": form}
    if form.is_valid():
        draft = form.cleaned_data["draft"]
        text = as_import_text(form.text)
        try:
            report = importer.import_prisoners(text, dry_run=True, publish=not draft)
        except importer.ImportFileError as exc:
            form.add_error("file", _file_error(exc))
        else:
            try:
                name = _stash(text)
            except RedisError:
                log.exception("could not keep an uploaded import file")
                form.add_error(None, _("The file could not be kept for the import; try again."))
            else:
                filename = form.cleaned_data["file"].name
                token = _sign(name, request.user, draft=draft, filename=filename)
                context.update(
                    _report_context(report),
                    filename=filename,
                    draft=draft,
                    confirm_form=ConfirmImportForm(initial={"token": token}),
                )
    status = 400 if form.errors else 200
    return render(request, "organize/import.html", context, status=status)


def _confirm_import(request):
    form = ConfirmImportForm(request.POST)
    stash = _unsign(form.cleaned_data["token"], request.user) if form.is_valid() else None
    text = _take_stash(stash["f"]) if stash else None
    if text is None:
        return _import_refused(
            request,
            _(
                "This preview has expired, was already imported or is not valid. "
                "Nothing was saved: upload the file again."
            ),
        )
    try:
        with transaction.atomic():
            report = importer.import_prisoners(text, publish=not stash["d"])
            record(
                request.user,
                AuditEntry.Action.IMPORT,
                stash["n"],
                after={
                    "file": stash["n"],
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "warned": report.warned_lines,
                    "refused": len(report.refused),
                    "draft": stash["d"],
                },
            )
    except importer.ImportFileError as exc:
        return _import_refused(request, _file_error(exc))
    context = {"form": UploadForm(), "saved": True, "filename": stash["n"]}
    context.update(_report_context(report))
    return render(request, "organize/import.html", context)


def _import_refused(request, message: str):
    form = UploadForm()
    return render(request, "organize/import.html", {"form": form, "refusal": message}, status=400)
