"""ImportJob: one uploaded import file, from its check to its result.

The upload page stores the file here and a Celery worker does the rest
(campaigns/organize/importing.py), so that a list of any length imports without holding
a web request: the worker checks the file (a dry run: the preview), the organizer
confirms, the worker imports it in batches and counts its progress here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        PREVIEWED = "previewed", _("Waiting for your confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=100)
    text = models.TextField(_("file content"))
    draft = models.BooleanField(_("new prisoners unpublished"), default=False)
    # The uploader's language: the worker writes the warnings in it.
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    # The check's report (who would be created, what would change, each line's problems),
    # then the import's: see importing.report_data().
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.filename

    @property
    def running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if not self.running else 0
        return min(100, self.processed * 100 // self.total)
