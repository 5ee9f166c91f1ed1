import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


# The group whose members organize the campaign (with the superusers).
ORGANIZERS = "Organizers"


def is_organizer_condition() -> Q:
    """Who is an organizer, the one definition: an active superuser, or an active member
    of the ORGANIZERS group. Python (advocacy.access.is_organizer) and SQL (the outbox's
    organizer emails, the dashboard's lists) both use it through the manager below."""
    member = Group.objects.filter(name=ORGANIZERS, user=OuterRef("pk"))
    return Q(is_active=True) & (Q(is_superuser=True) | Exists(member))


class EmailUserManager(UserManager):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    def organizers(self):
        return self.filter(is_organizer_condition())

    def volunteers(self):
        """Everyone who is not an organizer (suspended volunteers included)."""
        return self.exclude(is_organizer_condition())

    def with_organizer_flag(self):
        """Users with `organizer_flag` read in the same query (the signed-in user)."""
        return self.annotate(
            organizer_flag=models.ExpressionWrapper(
                is_organizer_condition(), output_field=models.BooleanField()
            )
        )

    def get_by_natural_key(self, username):
        # Sign-in ignores the case of the address, as the unique constraint does.
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A volunteer or organizer. Pseudonyms are welcome: no real name is ever asked."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("Shown to organizers and, if you opt in, on the site. A pseudonym is fine."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )

    objects = EmailUserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Email addresses differ only in case for the same person: one account.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name or _("Volunteer #%(id)s") % {"id": self.pk}

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name
