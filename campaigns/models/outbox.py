"""The outbox: every email the campaign sends of its own accord."""

import re

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from prisoners.models import Prisoner


class OutgoingEmailQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.IN_FLIGHT])


_ADDRESS = re.compile(r"[^\s<>@()\[\]\"',;:]+@[^\s<>@()\[\]\"',;:]+")


def redact_addresses(text: str) -> str:
    """SMTP errors quote the address; logs and the dashboard never show one (S11)."""
    return _ADDRESS.sub("<address>", text)


# The kinds made once a day (their period is a date); every other kind is made once per
# ISO week. Plain values: the table's check constraint below reads them too.
_DAILY_KINDS = ["organizer_alert", "thanks", "assigned", "replaced"]


class OutgoingEmail(models.Model):
    """The outbox: every email the campaign sends of its own accord, one row per
    (recipient, kind, period), written before it is sent.

    The period says which occasion the email is for, so that it is made once: the ISO
    week in the recipient's time zone ("2026-W53") for the weekly kinds and digests, the
    campaign's date ("2026-11-23") for the daily ones (organizers' alert, thanks, and the
    emails of an assignment).

    The database is the source of truth and the broker only a doorbell: a row is created
    once (unique constraints), sent by whichever worker locks it first while it is
    queued, and re-queued by the sweeper if a worker or the broker lost it.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Weekly reminder")
        NUDGE = "nudge", _("Nudge after quiet weeks")
        LAPSED = "lapsed", _("Adoption lapsed")
        DIGEST = "digest", _("Supporter digest")
        ORGANIZER_ALERT = "organizer_alert", _("Quiet defenders, to organizers")
        ORGANIZER_DIGEST = "organizer_digest", _("Weekly digest, to organizers")
        THANKS = "thanks", _("Thanks after a release or death")
        ASSIGNED = "assigned", _("Assigned a prisoner by an organizer")
        REPLACED = "replaced", _("Defence given to another volunteer")

    # The kinds a defender gets at their weekly moment: at most one of them a week.
    WEEKLY_KINDS = (Kind.REMINDER, Kind.NUDGE, Kind.LAPSED)
    # The kinds whose period is a day; all the others are made once per ISO week.
    DAILY_KINDS = tuple(_DAILY_KINDS)

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        IN_FLIGHT = "in_flight", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Not sent")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="outgoing_emails",
        verbose_name=_("recipient"),
    )
    prisoner = models.ForeignKey(
        Prisoner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prisoner"),
    )
    # See the class's docstring: an ISO week for the weekly kinds, a date for the daily.
    period = models.CharField(_("period"), max_length=10)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_default="queued"
    )
    # Whole weeks since the defender's last post (or claim, or pause) when it was made.
    weeks_quiet = models.PositiveSmallIntegerField(_("quiet weeks"), default=0, db_default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, db_default=0)
    created_at = models.DateTimeField(_("created"), db_default=Now())
    # Last time a message was put on the broker for it; the sweeper looks at this.
    queued_at = models.DateTimeField(_("queued"), db_default=Now())
    started_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True, db_default="")
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True, db_default="")
    # What an organizer wrote for the recipient (the replaced defender's reason), said in
    # the email as written. Never an organizer's private note: that stays on the adoption.
    reason = models.TextField(_("reason for the recipient"), blank=True, db_default="")

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        constraints = [
            # The period is an ISO week, or a date for the daily kinds.
            models.CheckConstraint(
                name="outbox_period_fits_kind",
                condition=Q(
                    kind__in=_DAILY_KINDS,
                    period__regex=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                )
                | (~Q(kind__in=_DAILY_KINDS) & Q(period__regex=r"^[0-9]{4}-W[0-9]{2}$")),
            ),
            # Invariant 3: at most one reminder of a kind per volunteer per period ...
            models.UniqueConstraint(
                fields=["volunteer", "period", "kind"], name="one_email_per_kind_and_period"
            ),
            # ... and at most one weekly email (reminder, nudge or lapse note) a week.
            models.UniqueConstraint(
                fields=["volunteer", "period"],
                condition=Q(kind__in=["reminder", "nudge", "lapsed"]),
                name="one_weekly_email_per_period",
            ),
        ]
        indexes = [
            # The sweeper and the health check: the pending rows, oldest first.
            models.Index(
                name="outbox_pending",
                fields=["created_at"],
                condition=Q(status__in=["queued", "in_flight"]),
            ),
            # The dashboard's "emails we gave up on", newest first: a handful among the
            # outbox's millions of rows (it grows by one a volunteer a week), which it
            # read whole to find them (issue 17). Partial, so only they are written to
            # it: the dashboard's prepared read has 'failed' written in (compiled.py).
            models.Index(
                F("created_at").desc(),
                F("id").desc(),
                name="outbox_failed_recent",
                condition=Q(status="failed"),
            ),
            # Delivery figures by week; a volunteer's latest reminder.
            models.Index(name="outbox_created", fields=["created_at"]),
            models.Index(name="outbox_recipient_recent", fields=["volunteer", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period} ({self.get_status_display()})"

    # What the sender writes in last_error itself (the rest is the mail server's own
    # answer, shown as it came).
    GAVE_UP = "too many attempts"
    RENDER_PREFIX = "render: "

    @property
    def error_display(self) -> str:
        """last_error for organizers: the sender's own words in their language."""
        if self.last_error == self.GAVE_UP:
            return _("Gave up after too many attempts (the mail server kept refusing).")
        if self.last_error.startswith(self.RENDER_PREFIX):
            detail = self.last_error.removeprefix(self.RENDER_PREFIX)
            return _("The email could not be written (a bug to report): %(detail)s") % {
                "detail": detail
            }
        # The sender stores answers without the address they quote; rows written
        # before it did (or by hand) are cleaned when shown, too.
        return redact_addresses(self.last_error)
