"""The censorship watch's records: every check of a post's link, reported account
suspensions, and a daily rollup the public record and the dashboard read.

The workflow (when to check, how to fetch, what a platform's answer means) lives in
campaigns/linkcheck/; these are only the rows and their own rules.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prisoners.models import Prisoner

from .posts import Post


class LinkCheck(models.Model):
    """One check of one post's link: what the platform answered and what we read in it."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="link_checks", verbose_name=_("post")
    )
    checked_at = models.DateTimeField(_("checked at"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Post.LinkStatus)
    # The status before this check: a row where they differ is a change.
    previous_status = models.CharField(_("status before"), max_length=20, choices=Post.LinkStatus)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    # What was read, for organizers: "oEmbed 404", "timeout", "refused: private address".
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        indexes = [models.Index(name="linkcheck_post_recent", fields=["post", "-checked_at"])]

    def __str__(self):
        return f"{self.post_id} {self.status} {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def changed(self) -> bool:
        return self.status != self.previous_status


class AccountSuspension(models.Model):
    """A volunteer's report that a platform suspended their account.

    They carry on with a new account; their posts, history and credit stay. The row
    stays, anonymous, when the volunteer deletes their account (the public record counts
    it); the prisoner is the one they defended when they reported.
    """

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="account_suspensions",
        verbose_name=_("volunteer"),
    )
    prisoner = models.ForeignKey(
        Prisoner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_suspensions",
        verbose_name=_("prisoner"),
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Post.Platform)
    reported_at = models.DateTimeField(_("reported at"), db_index=True)

    class Meta:
        verbose_name = _("suspended account")
        verbose_name_plural = _("suspended accounts")
        indexes = [models.Index(name="suspension_volunteer", fields=["volunteer", "-reported_at"])]

    def __str__(self):
        return f"{self.get_platform_display()} {self.reported_at:%Y-%m-%d}"


class CensorshipDay(models.Model):
    """Counts per day (UTC), platform and prisoner, bumped by the checks themselves.

    `checked`: posts checked for the first time that day. `removed` / `suspended`: posts
    found removed, or on a suspended account, that day (each time a post goes from seen to
    gone). The public record and the dashboard sum these rows: their cost follows the
    number of days and platforms shown, never the number of posts.
    """

    day = models.DateField(_("day"))
    platform = models.CharField(_("platform"), max_length=20, choices=Post.Platform)
    prisoner = models.ForeignKey(
        Prisoner, on_delete=models.CASCADE, related_name="+", verbose_name=_("prisoner")
    )
    checked = models.IntegerField(_("posts checked"), default=0, db_default=0)
    removed = models.IntegerField(_("posts removed"), default=0, db_default=0)
    suspended = models.IntegerField(_("posts on suspended accounts"), default=0, db_default=0)

    class Meta:
        verbose_name = _("censorship day")
        verbose_name_plural = _("censorship days")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "platform", "prisoner"], name="censorshipday_once"
            )
        ]
        indexes = [models.Index(name="censorshipday_prisoner", fields=["prisoner", "day"])]

    def __str__(self):
        return f"{self.day} {self.platform} {self.prisoner_id}"
