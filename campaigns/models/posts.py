"""What volunteers did: one row per post, video or letter."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prisoners.models import Prisoner

# What counts as a description "of at least a sentence" for a post without a link (a
# letter, something offline): five words, or ten Chinese characters. One regular
# expression that Python's `re` and PostgreSQL's read alike (only bracket classes and
# \uXXXX escapes, anchored, no backtracking trap): the forms, `services.log_post` and
# the database's check constraint all use it.
_GAP = r"[ \t\n\r\u00a0\u3000]"
_WORD = r"[^ \t\n\r\u00a0\u3000]"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SENTENCE_WORDS = 5
SENTENCE_HAN = 10
SENTENCE = (
    rf"^{_GAP}*{_WORD}+({_GAP}+{_WORD}+){{{SENTENCE_WORDS - 1}}}"
    rf"|^[^{_HAN}]*([{_HAN}][^{_HAN}]*){{{SENTENCE_HAN}}}"
)


EMPTY_POST = _("Paste the link to your post, or describe what you did.")


def is_a_sentence(text: str) -> bool:
    return re.search(SENTENCE, text) is not None


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
        ACCOUNT_SUSPENDED = "account_suspended", _("Account suspended")
        # A transient failure, or a platform whose answer cannot be read.
        UNKNOWN = "unknown", _("Unknown")

    # Null once the volunteer deleted their account: the count stays, anonymous.
    # Neither key has an index of its own: post_volunteer_recent and post_prisoner_recent
    # begin with them and serve every lookup by one (a deletion's too). Two indexes
    # fewer to write with every post and to keep for millions of them (issue 17).
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="posts",
        verbose_name=_("volunteer"),
        db_index=False,
    )
    prisoner = models.ForeignKey(
        Prisoner,
        on_delete=models.CASCADE,
        related_name="posts",
        verbose_name=_("prisoner"),
        db_index=False,
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)
    link = models.URLField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("text of the post"), blank=True)
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    link_status = models.CharField(
        _("link status"), max_length=20, choices=LinkStatus, default=LinkStatus.UNCHECKED
    )
    link_checked_at = models.DateTimeField(_("link last checked"), null=True, blank=True)
    # The censorship watch (campaigns/linkcheck/): when the link is next due a check (null:
    # never again, or no link); the last time it was seen online; the first check that
    # found it gone (removed or account suspended) since it was last seen online. A removal
    # happened between the two: "removed from X between 3 and 9 May".
    link_next_check_at = models.DateTimeField(null=True, blank=True, editable=False)
    link_live_at = models.DateTimeField(_("last seen online"), null=True, blank=True)
    link_gone_at = models.DateTimeField(_("first found removed"), null=True, blank=True)
    # Transient failures in a row (timeouts, 5xx): checks retry sooner, then give up.
    link_check_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    # The form's per-render key: a reload, a double tap or a second submit of the same
    # form finds the post it made instead of making another.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            # Invariant 4: a link is logged once per volunteer.
            models.UniqueConstraint(
                fields=["volunteer", "link"], condition=~Q(link=""), name="post_link_once"
            ),
            # A form submitted twice makes one post.
            models.UniqueConstraint(
                fields=["volunteer", "submission_key"], name="post_submission_once"
            ),
            # A post counts only with a link, or a description of at least a sentence
            # (a letter, something offline); an anonymised post (its volunteer deleted
            # their account) keeps neither. Added NOT VALID (migration 0009): posts
            # logged before the rule stay, every new or changed row must comply.
            models.CheckConstraint(
                condition=Q(volunteer__isnull=True) | ~Q(link="") | Q(text__regex=SENTENCE),
                name="post_has_link_or_sentence",
            ),
        ]
        indexes = [
            # A volunteer's history, newest first, with keyset pagination; their streak.
            models.Index(name="post_volunteer_recent", fields=["volunteer", "-posted_at", "-id"]),
            # Campaign-wide counts by period (home counters, dashboard).
            models.Index(name="post_posted_at", fields=["posted_at"]),
            # A prisoner's activity.
            models.Index(name="post_prisoner_recent", fields=["prisoner", "-posted_at"]),
            # The censorship watch: posts due a check, oldest first.
            models.Index(
                name="post_link_check_due",
                fields=["link_next_check_at"],
                condition=Q(link_next_check_at__isnull=False),
            ),
            # A volunteer's removed posts (/me/, the weekly email); latest removals.
            models.Index(
                name="post_link_gone",
                fields=["volunteer", "-link_gone_at"],
                condition=Q(link_gone_at__isnull=False),
            ),
            models.Index(
                name="post_gone_recent",
                fields=["-link_gone_at"],
                condition=Q(link_gone_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.get_platform_display()} {self.posted_at:%Y-%m-%d}"

    def counts(self) -> bool:
        """A post counts with a link, or a description of at least a sentence."""
        return bool(self.link) or is_a_sentence(self.text)
