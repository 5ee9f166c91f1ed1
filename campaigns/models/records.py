"""The campaign's records: the weekly rollup and the audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
