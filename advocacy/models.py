import re
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.functions import RandomUUID
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from . import server_prepared
from .timezones import known_zones
from .validators import name_for_email, validate_display_name


def validate_timezone(value: str) -> None:
    # known_zones(): the tz database read once, not walked on disk at every save.
    if value not in known_zones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


# The group whose members organize the campaign (with the superusers).
ORGANIZERS = "Organizers"


# Who is an organizer, the one definition: an active superuser, or an active member of
# the ORGANIZERS group. SQL over the user row `{user}`, the group's name a parameter
# `{group}`: the ORM uses it below (and through it advocacy.access.is_organizer), the
# outbox's tick in its own SQL. Plain SQL because the signed-in user is loaded with it on
# every request, where the ORM's Exists() took milliseconds to compile.
ORGANIZER_SQL = """({user}.is_active AND ({user}.is_superuser OR EXISTS (
    SELECT 1 FROM advocacy_user_groups ug JOIN auth_group g ON g.id = ug.group_id
     WHERE ug.user_id = {user}.id AND g.name = {group})))"""


def is_organizer_condition() -> RawSQL:
    """ORGANIZER_SQL as a boolean expression over the query's own user table."""
    sql = ORGANIZER_SQL.format(user='"advocacy_user"', group="%s")
    # The SQL is constant; the group's name is a parameter.
    return RawSQL(sql, [ORGANIZERS], output_field=models.BooleanField())  # noqa: S611


# More columns read with the signed-in user in the same query, added by other apps in
# their AppConfig.ready(): a name and a boolean SQL expression over the row
# "advocacy_user" (the campaign app adds whether the mail server refuses the volunteer's
# address: the banner any page may show). Every signed-in page then costs one query for
# its reader, whatever the apps want to know of them.
SIGNED_IN_READS: dict[str, str] = {}

# Whether the user has a second factor, for the organizers' gate and controls
# (advocacy.access.has_second_factor): allauth's own MFA adapter asks exactly this, any
# authenticator of theirs (tests/test_signed_in_user.py checks the table's name).
SECOND_FACTOR = "second_factor_flag"
if settings.MFA_ADAPTER == "allauth.mfa.adapter.DefaultMFAAdapter":
    SIGNED_IN_READS[SECOND_FACTOR] = (
        'EXISTS (SELECT 1 FROM mfa_authenticator a WHERE a.user_id = "advocacy_user".id)'
    )


_PK_MARK = -7_100_017  # stands for the user's id while the query is compiled
_compiled: dict = {}


def _concrete_names(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


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
        return self.annotate(organizer_flag=is_organizer_condition())

    def signed_in(self):
        """with_organizer_flag() and SIGNED_IN_READS: the signed-in user, in one query."""
        reads = {
            name: RawSQL(sql, [], output_field=models.BooleanField())  # noqa: S611 (constant)
            for name, sql in SIGNED_IN_READS.items()
        }
        return self.with_organizer_flag().annotate(**reads)

    def signed_in_user(self, pk):
        """signed_in().filter(pk=pk), its SQL compiled once per process and then only run:
        Django's query compiler cost more Python than everything else a bare signed-in
        request does (issue 17; the same row, flag and reads, tests/test_signed_in_user.py)."""
        sql, params, position, annotations = self._signed_in_sql()
        params = [*params]
        params[position] = pk
        with connections[self.db].cursor() as cursor:
            if self.db == DEFAULT_DB_ALIAS:  # planned once per connection, as the reads of
                server_prepared.read(cursor, "signed_in_user", sql, params)  # compiled.py
            else:
                cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        fields = _concrete_names(self.model)
        user = self.model.from_db(self.db, fields, row[: len(fields)])
        for name, value in zip(annotations, row[len(fields) :], strict=True):
            setattr(user, name, value)
        return user

    def _signed_in_sql(self):
        key = (self.db, tuple(SIGNED_IN_READS))
        if _compiled.get("key") != key:
            query = self.signed_in().filter(pk=_PK_MARK).query
            sql, params = query.get_compiler(self.db).as_sql()
            annotations = list(query.annotation_select)
            _compiled.update(key=key, value=(sql, params, params.index(_PK_MARK), annotations))
        return _compiled["value"]

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


# A link id as links write it (`User.link_id.hex`): what tells a new link from an old one.
LINK_ID_HEX = re.compile(r"[0-9a-f]{32}")


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
        validators=[validate_display_name],
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    # Who the signed links of emails name (campaigns/tokens.py, password resets): random,
    # so that a link tells no one how many people signed up, or in what order, as the
    # sequential id did. Shown on no page and in no export. Unique, hence indexed: links
    # look their user up by it. The database's default serves rows written without it (a
    # web process still running the code of before, during a deploy).
    link_id = models.UUIDField(
        default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False
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

    @property
    def name_in_email(self) -> str:
        return name_for_email(self.display_name)

    @property
    def label_in_email(self) -> str:
        """How an email names this person to someone else (the organizers' alert and
        digest): their display name, or their number when the name is none an email may
        print (empty, or stored before display names were validated)."""
        return self.name_in_email or _("Volunteer #%(id)s") % {"id": self.pk}

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name


class Heartbeat(models.Model):
    """The last sign of life of a process nothing else would miss: `beat` writes its row
    as it ticks (advocacy/beat.py), and /health/ answers 503 when it is too old."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
