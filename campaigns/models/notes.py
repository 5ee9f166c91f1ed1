"""What organizers write about a volunteer for one another: never shown to the volunteer."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .commitments import Adoption


class OrganizerNote(models.Model):
    """An organizer's note about a volunteer (and the adoption it is about, if any).

    Kept apart from the volunteer's own rows so that no export, page or email of
    theirs can show it by accident: only organizers' pages read this table. Deleting
    the volunteer's account deletes the notes about them.
    """

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organizer_notes",
        verbose_name=_("about the volunteer"),
    )
    adoption = models.ForeignKey(
        Adoption,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organizer_notes",
        verbose_name=_("adoption"),
    )
    # Null for a note the system wrote, or once its author deleted their account.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("note"))
    # A default, not auto_now_add: the migration that moved the old notes kept their dates.
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("organizer note")
        verbose_name_plural = _("organizer notes")
        indexes = [
            # The organizers' pages list the notes about one volunteer, newest first.
            models.Index(fields=["volunteer", "-created_at"], name="organizer_note_by_volunteer"),
        ]

    def __str__(self):
        return self.text[:50]
