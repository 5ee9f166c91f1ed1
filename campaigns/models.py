from django.conf import settings
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

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
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
