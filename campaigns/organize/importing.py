"""The organizers' import workflow: an uploaded file checked, previewed, confirmed and
imported by a Celery worker, through the one importer (prisoners/importer.py).

The upload page stores the file as an ImportJob and rings the worker (`check_import`):
it runs the importer as a dry run, so the preview names who would be created, what would
change for whom field by field, and every line's problems. Once the uploader confirms,
`run_import` imports it in batches; the job's counters are the progress bar. Nothing
waits in a web request, so a list of 50,000 rows never meets gunicorn's time limit.
The jobs are rows in PostgreSQL: the broker is only a doorbell.
"""

import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from prisoners import importer
from prisoners.models import ImportJob

from ..audit import record
from ..models import AuditEntry

log = logging.getLogger(__name__)

# A preview or result keeps at most this many problems; the counts are always complete.
MAX_PROBLEMS_KEPT = 500
Status = ImportJob.Status


def start(*, organizer, text: str, filename: str, draft: bool, language: str) -> ImportJob:
    """Store an uploaded file (already decoded, its header checked) as a job to check."""
    _columns, rows = importer.read_rows(text)
    total = sum(1 for _row in rows)
    return ImportJob.objects.create(
        uploaded_by=organizer,
        filename=filename[:100],
        text=text,
        draft=draft,
        language=language,
        total=total,
    )


def ring(task, job: ImportJob) -> bool:
    """Send a job to the workers; False when the broker cannot be reached."""
    try:
        task.delay(job.pk)
    except (OperationalError, RedisError, OSError):
        log.exception("could not reach the broker for import job %s", job.pk)
        return False
    return True


def unreachable(job: ImportJob) -> None:
    """The upload could not reach a worker: the job ends with a message that says so."""
    _fail(job.pk, _("The import queue cannot be reached right now; nothing was saved."))


def confirm(job: ImportJob, organizer) -> bool:
    """The uploader's go-ahead; only once (a double click imports once)."""
    # A conditional update: of two confirmations at once, one changes the row.
    return bool(
        ImportJob.objects.filter(pk=job.pk, status=Status.PREVIEWED, uploaded_by=organizer).update(
            status=Status.IMPORTING, processed=0, confirmed_at=timezone.now(), **_zero()
        )
    )


def unconfirm(job: ImportJob) -> None:
    """The confirmation reached no worker: back to the preview, to be confirmed again."""
    ImportJob.objects.filter(pk=job.pk, status=Status.IMPORTING, processed=0).update(
        status=Status.PREVIEWED, confirmed_at=None, **_counts_of(job.preview.get("counts", {}))
    )


def check(job_id: int) -> None:
    """The worker's dry run: the preview."""
    job = ImportJob.objects.filter(pk=job_id, status=Status.CHECKING).first()
    if job is None:
        return  # checked already: a message delivered twice
    report = _run(job, dry_run=True)
    if report is not None:
        data = report_data(report)
        ImportJob.objects.filter(pk=job.pk, status=Status.CHECKING).update(
            status=Status.PREVIEWED, preview=data, processed=job.total, **data["counts"]
        )


def run(job_id: int) -> None:
    """The worker's import of a confirmed job, audited."""
    job = ImportJob.objects.filter(pk=job_id, status=Status.IMPORTING).first()
    if job is None:
        return
    report = _run(job, dry_run=False)
    if report is None:
        return
    data = report_data(report)
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=Status.DONE,
            result=data,
            processed=job.total,
            finished_at=timezone.now(),
            **data["counts"],
        )
        after = {**data["counts"], "warned": report.warned_lines, "draft": job.draft}
        record(
            job.uploaded_by,
            AuditEntry.Action.IMPORT,
            job.filename,
            after={"file": job.filename, **after},
        )


def _run(job: ImportJob, *, dry_run: bool) -> importer.ImportReport | None:
    def progress(read: int, report: importer.ImportReport) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed=read, **_counts(report))

    with translation.override(job.language):
        try:
            return importer.import_prisoners(
                job.text, dry_run=dry_run, publish=not job.draft, progress=progress
            )
        except importer.ImportFileError as exc:
            _fail(job.pk, _("The file cannot be imported: %(reason)s") % {"reason": exc})
        except Exception:
            log.exception("import job %s failed", job.pk)
            _fail(job.pk, _("The import stopped on an unexpected error, which was logged."))
    return None


def _fail(job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )


def _zero() -> dict:
    return {"created": 0, "updated": 0, "unchanged": 0, "refused": 0}


def _counts_of(counts: dict) -> dict:
    return {name: counts.get(name, 0) for name in _zero()}


def _counts(report: importer.ImportReport) -> dict:
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "refused": len(report.refused),
    }


def report_data(report: importer.ImportReport) -> dict:
    """A report as the job keeps it (JSON): counts, who is created, what changes for whom
    (field, before, after), and the problems by line."""
    problems = [{"line": p.line, "refused": True, "message": p.message} for p in report.refused]
    problems += [{"line": p.line, "refused": False, "message": p.message} for p in report.warnings]
    problems.sort(key=lambda row: (row["line"], not row["refused"]))
    return {
        "counts": _counts(report),
        "warned": report.warned_lines,
        "created": [[line, name] for line, name in report.created_names],
        "updated": [[line, name, changes] for line, name, changes in report.changes],
        "problems": problems[:MAX_PROBLEMS_KEPT],
        "problems_total": len(problems),
    }
