"""Organizers' prisoner import pages: upload, preview, confirm.

The uploaded file goes through the same importer as `manage.py import_prisoners`, first
as a dry run (the preview, with each warning and refusal by line number); `importing`
keeps it until the confirmation, which imports exactly what was previewed.
"""

import csv
import io
import logging

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from redis.exceptions import RedisError

from advocacy.access import organizers_only
from prisoners import importer

from . import importing
from .data_forms import ConfirmImportForm, UploadForm
from .exports import EXPORT_ONLY_COLUMNS, FORMULA_TRIGGERS, PRISONER_COLUMNS

log = logging.getLogger(__name__)

# A preview lists at most this many problems; the counts are always complete.
MAX_PROBLEMS_SHOWN = 500


def unneutralise(cell: str) -> str:
    """Undo `neutralise` on a cell of our own export."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def as_import_text(text: str) -> str:
    """A prisoners.csv exported here, reduced to the importer's columns (the seven and the
    case's texts); else unchanged.

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
        kept = [i for i, name in enumerate(PRISONER_COLUMNS) if name not in EXPORT_ONLY_COLUMNS]
        writer.writerow([PRISONER_COLUMNS[i] for i in kept])
        for cells in reader:
            if len(cells) == len(PRISONER_COLUMNS):
                cells = [unneutralise(cells[i]) for i in kept]
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
            filename = form.cleaned_data["file"].name
            try:
                token = importing.keep(text, request.user, draft=draft, filename=filename)
            except RedisError:
                log.exception("could not keep an uploaded import file")
                form.add_error(None, _("The file could not be kept for the import; try again."))
            else:
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
    token = form.cleaned_data["token"] if form.is_valid() else ""
    try:
        report, filename = importing.confirm(organizer=request.user, token=token)
    except importing.Expired:
        return _import_refused(
            request,
            _(
                "This preview has expired, was already imported or is not valid. "
                "Nothing was saved: upload the file again."
            ),
        )
    except importer.ImportFileError as exc:
        return _import_refused(request, _file_error(exc))
    context = {"form": UploadForm(), "saved": True, "filename": filename}
    context.update(_report_context(report))
    return render(request, "organize/import.html", context)


def _import_refused(request, message: str):
    form = UploadForm()
    return render(request, "organize/import.html", {"form": form, "refusal": message}, status=400)
