"""The fixed vocabularies of a case: status, sentence, gender, priority."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DETAINED = "detained", _("Detained")
    ARRESTED = "arrested", _("Arrested")
    AWAITING_TRIAL = "awaiting_trial", _("Awaiting trial")
    SENTENCED = "sentenced", _("Sentenced")
    DISAPPEARED = "disappeared", _("Disappeared")
    UNKNOWN = "unknown", _("Status unknown")
    RELEASED = "released", _("Released")
    EXILED = "exiled", _("Exiled")
    DIED = "died", _("Died")


# Everyone whose case is not closed can be defended: an unknown status is a reason to
# follow a case, not to drop it.
CLOSED_STATUSES = (Status.RELEASED, Status.EXILED, Status.DIED)


class Sentence(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    NONE = "none", _("Not sentenced")
    TERM = "term", _("Fixed term")
    LIFE = "life", _("Life imprisonment")
    DEATH = "death", _("Death penalty")


class Gender(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class Priority(models.IntegerChoices):
    NORMAL = 0, _("Normal")
    HIGH = 1, _("High")
    URGENT = 2, _("Urgent")
