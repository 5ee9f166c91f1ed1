import datetime
import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prisoners.models import Prisoner


class AdoptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)

    def defenders(self):
        return self.filter(role=Adoption.Role.DEFENDER)


class Adoption(models.Model):
    """A volunteer's commitment to a prisoner: to defend (one each way) or to support."""

    class Role(models.TextChoices):
        DEFENDER = "defender", _("Defender")
        SUPPORTER = "supporter", _("Supporter")

    class EndReason(models.TextChoices):
        HANDED_BACK = "handed_back", _("Handed back")
        LAPSED = "lapsed", _("Lapsed")
        REASSIGNED = "reassigned", _("Reassigned")
        PRISONER_RELEASED = "prisoner_released", _("Prisoner released")
        PRISONER_DIED = "prisoner_died", _("Prisoner died")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        BECAME_DEFENDER = "became_defender", _("Became the defender")
        VOLUNTEER_SUSPENDED = "volunteer_suspended", _("Volunteer suspended")
        ENDED_BY_ORGANIZER = "ended_by_organizer", _("Ended by an organizer")

    # Null once the volunteer deleted their account: the history stays, anonymous.
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="adoptions",
        verbose_name=_("volunteer"),
    )
    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("prisoner")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason, blank=True)
    end_note = models.TextField(_("note on ending"), blank=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            # Invariant 1: a prisoner has at most one active defender. Its index also
            # serves the "has a defender?" lookups of the coverage queries.
            models.UniqueConstraint(
                fields=["prisoner"],
                condition=Q(role="defender", ended_at__isnull=True),
                name="one_active_defender_per_prisoner",
            ),
            # Invariant 2: a volunteer defends at most one prisoner at a time.
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=Q(role="defender", ended_at__isnull=True),
                name="one_defended_prisoner_per_volunteer",
            ),
            # A supporter supports a prisoner once.
            models.UniqueConstraint(
                fields=["volunteer", "prisoner"],
                condition=Q(role="supporter", ended_at__isnull=True),
                name="one_active_support_per_pair",
            ),
            models.CheckConstraint(
                name="adoption_end_reason_iff_ended",
                condition=Q(ended_at__isnull=True, end_reason="")
                | Q(ended_at__isnull=False) & ~Q(end_reason=""),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.prisoner}"


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class VolunteerSettings(models.Model):
    """A volunteer's campaign preferences; made on first use, with defaults."""

    volunteer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="campaign_settings",
        verbose_name=_("volunteer"),
    )
    reminder_weekday = models.PositiveSmallIntegerField(
        _("reminder day"),
        choices=Weekday,
        default=Weekday.THURSDAY,
        help_text=_("If you have not posted yet that week, we remind you on this day."),
    )
    reminder_hour = models.PositiveSmallIntegerField(
        _("reminder hour"),
        default=18,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text=_("In your own time zone, 0 to 23."),
    )
    paused_until = models.DateField(
        _("pause reminders until"),
        null=True,
        blank=True,
        help_text=_("No reminders until this day; leave empty to get them."),
    )
    public_credit = models.BooleanField(
        _("show my display name on my prisoner's page"),
        default=False,
        help_text=_("Off by default: the page then only says the prisoner has a defender."),
    )
    supporter_digest = models.BooleanField(
        _("weekly news of the cases I support"),
        default=True,
        help_text=_("A short email when there is news of a prisoner you support."),
    )
    # Set by the one-click unsubscribe link (RFC 8058) or the settings page: no email
    # from the campaign at all until the volunteer turns reminders back on.
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # Set when the mail server refused the address for good (5xx); the volunteer sees
    # a banner and no reminder is tried until they fix or confirm their address.
    undeliverable_at = models.DateTimeField(_("address refused"), null=True, blank=True)
    undeliverable_reason = models.CharField(
        _("why the address was refused"), max_length=300, blank=True
    )
    # Vetting: when VOLUNTEERS_NEED_APPROVAL is on, claims wait for an organizer.
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Kept up to date when a post is logged: "active volunteers" and "quiet defenders"
    # are then indexed lookups, not scans of every post.
    last_posted_at = models.DateTimeField(_("last post"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("volunteer settings")
        verbose_name_plural = _("volunteer settings")
        constraints = [
            models.CheckConstraint(
                name="reminder_hour_is_an_hour", condition=Q(reminder_hour__lte=23)
            ),
            models.CheckConstraint(
                name="reminder_weekday_is_iso",
                condition=Q(reminder_weekday__gte=1, reminder_weekday__lte=7),
            ),
        ]

    def __str__(self):
        return str(self.volunteer)

    def is_paused(self, today: datetime.date) -> bool:
        return bool(self.paused_until and self.paused_until >= today)


class Post(models.Model):
    """One piece of advocacy a volunteer did: a post, a video, a letter."""

    class Platform(models.TextChoices):
        X = "x", "X (Twitter)"
        MASTODON = "mastodon", "Mastodon"
        BLUESKY = "bluesky", "Bluesky"
        FACEBOOK = "facebook", "Facebook"
        YOUTUBE = "youtube", "YouTube"
        WEIBO = "weibo", _("Weibo")
        WECHAT = "wechat", _("WeChat")
        TELEGRAM = "telegram", "Telegram"
        BLOG = "blog", _("Blog or website")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    class LinkStatus(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked")
        LIVE = "live", _("Online")
        REMOVED = "removed", _("Removed")
        UNKNOWN = "unknown", _("Unknown")

    # Null once the volunteer deleted their account: the count stays, anonymous.
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="posts",
        verbose_name=_("volunteer"),
    )
    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="posts", verbose_name=_("prisoner")
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)
    link = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("text of the post"), blank=True)
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    link_status = models.CharField(
        _("link status"), max_length=10, choices=LinkStatus, default=LinkStatus.UNCHECKED
    )
    link_checked_at = models.DateTimeField(_("link last checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            # Invariant 4: a link is logged once per volunteer.
            models.UniqueConstraint(
                fields=["volunteer", "link"], condition=~Q(link=""), name="post_link_once"
            ),
        ]
        indexes = [
            # A volunteer's history, newest first, with keyset pagination; their streak.
            models.Index(name="post_volunteer_recent", fields=["volunteer", "-posted_at", "-id"]),
            # Campaign-wide counts by period (home counters, dashboard).
            models.Index(name="post_posted_at", fields=["posted_at"]),
            # A prisoner's activity.
            models.Index(name="post_prisoner_recent", fields=["prisoner", "-posted_at"]),
        ]

    def __str__(self):
        return f"{self.get_platform_display()} {self.posted_at:%Y-%m-%d}"


class OutgoingEmailQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.IN_FLIGHT])


_ADDRESS = re.compile(r"[^\s<>@()\[\]\"',;:]+@[^\s<>@()\[\]\"',;:]+")


def redact_addresses(text: str) -> str:
    """SMTP errors quote the address; logs and the dashboard never show one (S11)."""
    return _ADDRESS.sub("<address>", text)


class OutgoingEmail(models.Model):
    """The outbox: every email the campaign sends of its own accord, one row per
    (recipient, kind, period), written before it is sent.

    The period says which occasion the email is for, so that it is made once: the ISO
    week in the recipient's time zone ("2026-W53") for the weekly kinds and digests, the
    campaign's date ("2026-11-23") for the daily ones (organizers' alert, thanks).

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

    # The kinds a defender gets at their weekly moment: at most one of them a week.
    WEEKLY_KINDS = (Kind.REMINDER, Kind.NUDGE, Kind.LAPSED)
    # The kinds whose period is a day; all the others are made once per ISO week.
    DAILY_KINDS = (Kind.ORGANIZER_ALERT, Kind.THANKS)

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

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        constraints = [
            # The period is an ISO week, or a date for the daily kinds (DAILY_KINDS).
            models.CheckConstraint(
                name="outbox_period_fits_kind",
                condition=Q(
                    kind__in=["organizer_alert", "thanks"],
                    period__regex=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                )
                | (
                    ~Q(kind__in=["organizer_alert", "thanks"])
                    & Q(period__regex=r"^[0-9]{4}-W[0-9]{2}$")
                ),
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


class CampaignWeek(models.Model):
    """A maintained rollup per ISO week (campaign time zone) for the dashboard's trends.

    Counters are bumped in the same transaction as what they count (a post, a claim, an
    end); the coverage snapshot is refreshed by the tick. `rebuild_rollups` recomputes
    every row from the source tables.
    """

    week = models.DateField(_("week starting"), primary_key=True)
    posts = models.IntegerField(_("posts"), default=0, db_default=0)
    claims = models.IntegerField(_("new defenders"), default=0, db_default=0)
    lapses = models.IntegerField(_("lapsed adoptions"), default=0, db_default=0)
    other_ends = models.IntegerField(_("other ended adoptions"), default=0, db_default=0)
    held = models.IntegerField(_("published prisoners held"), null=True, blank=True)
    defended = models.IntegerField(_("held prisoners with a defender"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign week")
        verbose_name_plural = _("campaign weeks")
        ordering = ["-week"]

    def __str__(self):
        return self.week.isoformat()

    @property
    def coverage_share(self) -> float | None:
        return self.defended / self.held if self.held else None


class AuditEntry(models.Model):
    """Who did what, when, to what, with the state before and after (S11)."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved a volunteer")
        SUSPEND = "suspend", _("Suspended a volunteer")
        REASSIGN = "reassign", _("Reassigned a prisoner")
        END_ADOPTION = "end_adoption", _("Ended an adoption")
        ADD_EVENT = "add_event", _("Added a case event")
        MARK_RELEASED = "mark_released", _("Marked released")
        MARK_DIED = "mark_died", _("Marked deceased")
        IMPORT = "import", _("Imported prisoners")
        EXPORT = "export", _("Exported data")
        # What volunteers and visitors do that S11 wants on record too.
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        DENIED = "denied", _("Refused access to organizers' pages")
        CLAIM = "claim", _("Claimed a prisoner to defend")
        HAND_BACK = "hand_back", _("Handed a prisoner back")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribed from emails")

    # The kinds an organizer does; the audit page can show only these.
    ORGANIZER_ACTIONS = (
        Action.APPROVE,
        Action.SUSPEND,
        Action.REASSIGN,
        Action.END_ADOPTION,
        Action.ADD_EVENT,
        Action.MARK_RELEASED,
        Action.MARK_DIED,
        Action.IMPORT,
        Action.EXPORT,
    )

    class Outcome(models.TextChoices):
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=20, choices=Action)
    target = models.CharField(_("on what"), max_length=200, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome, default=Outcome.DONE, db_default="done"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The audit page, newest first, all of it or one kind of action.
            models.Index(name="audit_newest", fields=["-created_at", "-id"]),
            models.Index(name="audit_action_newest", fields=["action", "-created_at", "-id"]),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.target}"
