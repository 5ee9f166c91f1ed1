"""Organizers' prisoner import pages: upload, the job's page (progress, preview and
confirmation, result) and its progress as JSON.

The upload stores the file and hands it to a worker (`importing`): the worker checks
it with the same importer as `manage.py import_prisoners`, as a dry run (the preview,
with each warning and refusal by line number), and imports it once confirmed. The
job's page refreshes itself while the worker runs (static/js/import-progress.js, or a
<noscript> refresh without JavaScript).
"""

import csv
import io
import logging

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from advocacy.access import organizers_only
from prisoners import importer
from prisoners.models import ImportJob, Prisoner

from .. import tasks
from . import audit_words, importing
from .data_forms import UploadForm
from .exports import EXPORT_ONLY_COLUMNS, FORMULA_TRIGGERS, PRISONER_COLUMNS

log = logging.getLogger(__name__)

# A page lists at most this many people of each kind; the counts are always complete.
MAX_SHOWN = 200
# The upload page lists the latest jobs.
RECENT_JOBS = 10


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


def _file_error(exc: importer.ImportFileError) -> str:
    return _("The file cannot be imported: %(reason)s") % {"reason": exc}


@organizers_only
@require_http_methods(["GET", "POST"])
def import_prisoners(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = importing.start(
                organizer=request.user,
                text=as_import_text(form.text),
                filename=form.cleaned_data["file"].name,
                draft=form.cleaned_data["draft"],
                language=get_language(),
            )
        except importer.ImportFileError as exc:
            form.add_error("file", _file_error(exc))
        else:
            if importing.ring(tasks.check_import, job):
                return redirect("organize:import_job", job.pk)
            importing.unreachable(job)
            form.add_error(
                None,
                _(
                    "The import queue cannot be reached right now, so the file could not be "
                    "checked. Nothing was saved: try again in a few minutes."
                ),
            )
            return _upload_page(request, form, status=503)
    return _upload_page(request, form, status=400 if form.errors else 200)


def _upload_page(request, form, *, status: int):
    jobs = ImportJob.objects.select_related("uploaded_by").defer("text", "preview", "result")
    context = {"form": form, "jobs": jobs[:RECENT_JOBS]}
    return render(request, "organize/import.html", context, status=status)


@organizers_only
@require_http_methods(["GET", "POST"])
def import_job(request, pk: int):
    """The job's page; its POST is the uploader's confirmation of the preview."""
    job = get_object_or_404(ImportJob.objects.select_related("uploaded_by"), pk=pk)
    if request.method == "POST":
        return _confirm(request, job)
    return _job_page(request, job)


def _confirm(request, job: ImportJob):
    if not importing.confirm(job, request.user):
        return _job_page(
            request,
            job,
            refusal=_(
                "This file is not waiting for your confirmation: it was imported already, "
                "or another organizer uploaded it. Nothing more was saved."
            ),
            status=409,
        )
    if not importing.ring(tasks.run_import, job):
        importing.unconfirm(job)
        job.refresh_from_db()
        return _job_page(
            request,
            job,
            refusal=_(
                "The import queue cannot be reached right now; nothing was saved. "
                "Confirm again in a few minutes."
            ),
            status=503,
        )
    return redirect("organize:import_job", job.pk)


def _job_page(request, job: ImportJob, *, refusal: str = "", status: int = 200):
    data = job.result if job.status == ImportJob.Status.DONE else job.preview
    context = {
        "job": job,
        "refusal": refusal,
        "progress_text": progress_text(job),
        "can_confirm": job.status == ImportJob.Status.PREVIEWED
        and job.uploaded_by_id == request.user.pk,
        "to_save": job.created + job.updated,
        "warned": data.get("warned", 0),
        "created_names": data.get("created", [])[:MAX_SHOWN],
        "created_hidden": max(job.created - MAX_SHOWN, 0),
        "changes": [
            (
                line,
                name,
                [
                    (field_label(f), _in_words(f, before), _in_words(f, after))
                    for f, before, after in changes
                ],
            )
            for line, name, changes in data.get("updated", [])[:MAX_SHOWN]
        ],
        "changes_hidden": max(job.updated - MAX_SHOWN, 0),
        "problems": data.get("problems", []),
        "problems_hidden": max(data.get("problems_total", 0) - len(data.get("problems", [])), 0),
    }
    return render(request, "organize/import_job.html", context, status=status)


def field_label(name: str) -> str:
    """A changed field as the organizer reads it: "Status", "Sources"."""
    if name == "sources":
        return _("Sources")
    if name == "events":
        return _("Case events")
    return audit_words.label(Prisoner, name)


def _in_words(name: str, text: str) -> str:
    """A value as the audit log writes it: a choice's label, a date in the reader's
    language, never a code ("term", "month") or an ISO date."""
    return audit_words.value(Prisoner, name, text) if text else ""


def progress_text(job: ImportJob) -> str:
    processed, total = (
        number_format(job.processed, force_grouping=True),
        number_format(job.total, force_grouping=True),
    )
    return ngettext(
        "%(processed)s of %(total)s row read", "%(processed)s of %(total)s rows read", job.total
    ) % {"processed": processed, "total": total}


@organizers_only
@require_GET
def import_progress(request, pk: int):
    """The job's progress for static/js/import-progress.js."""
    job = get_object_or_404(ImportJob.objects.defer("text", "preview", "result"), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "running": job.running,
            "processed": job.processed,
            "total": job.total,
            "percent": job.percent,
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "refused": job.refused,
            "text": progress_text(job),
        }
    )
