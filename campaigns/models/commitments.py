"""A volunteer's commitments and preferences: adoptions (defend or support) and settings."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
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
    # Seen by the volunteer (their data export): their own words when they hand a
    # prisoner back. Organizers' notes are OrganizerNote rows, never here.
    end_message = models.TextField(_("message on ending, seen by the volunteer"), blank=True)

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
    # A host name only (campaigns.sharing.clean_instance): the "Post on Mastodon" link
    # is https://<instance>/share?text=...
    mastodon_instance = models.CharField(
        _("your Mastodon server"),
        max_length=253,
        blank=True,
        help_text=_("For the “Post on Mastodon” button, e.g. mastodon.social."),
    )

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
            # Whatever writes it, the share link can only ever go to a host name.
            models.CheckConstraint(
                name="mastodon_instance_is_a_host",
                condition=Q(mastodon_instance__regex=r"^([a-z0-9-]+(\.[a-z0-9-]+)+)?$"),
            ),
        ]

    def __str__(self):
        return str(self.volunteer)

    def is_paused(self, today: datetime.date) -> bool:
        return bool(self.paused_until and self.paused_until >= today)
