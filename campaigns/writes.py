"""A claim and a logged post, each written in one SQL statement (one round trip).

A claim used to be ten round trips between BEGIN and COMMIT (checks, two share locks,
the adoption, the week's count, the audit row, the end of a support); a post seven
(the post, the week's count, the volunteer's settings looked for, made, updated). Each
is now one statement of data-modifying CTEs, which PostgreSQL runs whole or not at all:
in autocommit it is its own transaction (no BEGIN, no COMMIT to send), inside a
caller's transaction it runs in a savepoint so that a loser's failed INSERT does not
poison that transaction.

Nothing that decides a race moved: the partial unique constraints refuse the second
defender and the second defended prisoner (PostgreSQL waits for a concurrent INSERT to
commit before it refuses), and the claim share-locks the prisoner's and the volunteer's
rows (FOR SHARE, as before) so that a closing or a suspension either waits for it or is
seen by it. The checks read in the same statement are those `services` made one by one.
"""

import contextlib
import datetime
import functools
import uuid
from typing import NamedTuple

from django.db import InterfaceError, OperationalError, connection, models, transaction

from advocacy import server_prepared
from prisoners.choices import CLOSED_STATUSES
from prisoners.models import Prisoner

from . import audit, figures
from .models import Adoption, AuditEntry, Post, VolunteerSettings


def _row(obj, **expressions: str) -> tuple[str, str, list]:
    """(column list, placeholders, values) of `obj`'s INSERT, as Model.save() makes them:
    defaults and auto_now_add filled in on `obj`, the database's own id left out. The
    fields named in `expressions` (by attname) take that SQL instead of a value."""
    given, columns, placeholders = _shape(type(obj), tuple(sorted(expressions.items())))
    values = []
    for field, attname, kind, pre_save in given:
        value = field.pre_save(obj, True) if pre_save else getattr(obj, attname)
        # A value get_db_prep_save would hand on unchanged is handed on as it is: a
        # dozen Python calls fewer a field (tests/campaigns/test_prepared_writes.py).
        as_is = kind is not None and (
            value is None
            or (kind is str and isinstance(value, str))
            or (type(value) is kind and (kind is not datetime.datetime or value.tzinfo is not None))
        )
        if not as_is:
            value = field.get_db_prep_save(value, connection)
        values.append(value)
    return columns, placeholders, values


# The field classes whose get_db_prep_save (on PostgreSQL) hands None, and a value of
# this type (an aware datetime, any str), on unchanged: `_row` skips it for them.
AS_IS = {
    models.CharField: str,
    models.TextField: str,
    models.URLField: str,
    models.DateTimeField: datetime.datetime,
    models.IntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveIntegerField: int,
    models.BooleanField: bool,
    models.UUIDField: uuid.UUID,
}
_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.IntegerField)


def _as_is(field) -> type | None:
    """The type of value `field` stores as it is (AS_IS), or None."""
    if type(field) in (models.ForeignKey, models.OneToOneField):
        return int if type(field.target_field) in _INTEGER_KEYS else None
    return AS_IS.get(type(field))


@functools.cache
def _shape(model, expressions: tuple) -> tuple[list, str, str]:
    """`_row`'s fields given a value (each with its attname, its AS_IS type and whether
    its pre_save does more than read it), column list and placeholders: made once per
    process."""
    meta, expressions = model._meta, dict(expressions)
    fields = [
        f
        for f in meta.local_concrete_fields
        if f not in meta.db_returning_fields and not getattr(f, "generated", False)
    ]
    given = [
        (
            f,
            f.attname,
            _as_is(f),
            _as_is(f) is None or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False),
        )
        for f in fields
        if f.attname not in expressions
    ]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(expressions.get(f.attname, "%s") for f in fields)
    return given, columns, placeholders


def _in_savepoint_if_nested():
    """A savepoint inside a caller's transaction; nothing around one statement otherwise."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


def _execute(sql: str, params: list, label: str):
    """Run one statement (prepared on the server once: advocacy/server_prepared.py);
    its first row. A connection the server cut meanwhile (a restart) is closed, as
    transaction.atomic() closes one whose rollback fails, so that the next query opens
    a new one instead of failing on the dead one."""
    try:
        with _in_savepoint_if_nested(), connection.cursor() as cursor:
            server_prepared.execute(cursor, label, sql, params)
            return cursor.fetchone()
    except (OperationalError, InterfaceError):
        dead = connection.connection is not None and connection.connection.closed
        if dead and not connection.in_atomic_block:
            connection.close()
        raise


# The statements, by their variable parts, formatted once per process (the same text
# each time: their columns, placeholders and week's count do not change).
_STATEMENTS: dict[tuple, str] = {}
CLOSED = [str(status) for status in CLOSED_STATUSES]


def _statement(key: tuple, template: str, **parts: str) -> str:
    """`template` with its variable parts, formatted the first time `key` is asked for."""
    sql = _STATEMENTS.get(key)
    if sql is None:
        sql = _STATEMENTS[key] = template.format(**parts)
    return sql


class Claim(NamedTuple):
    """What the claim's statement found: the new adoption's id (None when refused) and
    the state it checked, under the share locks."""

    adoption_id: int | None
    status: str
    is_published: bool
    is_active: bool
    verified: bool
    approved: bool
    mine_id: int | None
    mine_prisoner_id: int | None


CLAIM_SQL = """
WITH checked AS (
    SELECT p.id AS prisoner_id, {label} AS label, p.status, p.is_published, u.is_active,
           EXISTS (SELECT 1 FROM account_emailaddress e
                    WHERE e.user_id = u.id AND e.verified) AS verified,
           EXISTS (SELECT 1 FROM campaigns_volunteersettings s
                    WHERE s.volunteer_id = u.id AND s.approved_at IS NOT NULL) AS approved,
           (SELECT ARRAY[a.id, a.prisoner_id] FROM campaigns_adoption a
             WHERE a.volunteer_id = u.id AND a.role = 'defender' AND a.ended_at IS NULL) AS mine
      FROM prisoners_prisoner p, advocacy_user u
     WHERE p.{prisoner_key} = %s AND u.id = %s
       FOR SHARE OF p, u
), claimed AS (
    INSERT INTO campaigns_adoption ({adoption_columns})
    SELECT {adoption_values} FROM checked
     WHERE verified AND (approved OR NOT %s) AND is_published AND is_active
       AND status <> ALL(%s) AND mine IS NULL
    RETURNING id
), counted AS (
    {week}
), audited AS (
    INSERT INTO campaigns_auditentry ({audit_columns})
    SELECT {audit_values} FROM claimed, checked
), supports_ended AS (
    UPDATE campaigns_adoption SET ended_at = %s, end_reason = %s
     WHERE volunteer_id = %s AND prisoner_id = (SELECT prisoner_id FROM checked)
       AND role = 'supporter' AND ended_at IS NULL AND EXISTS (SELECT 1 FROM claimed)
)
SELECT (SELECT id FROM claimed), checked.status, checked.is_published, is_active, verified,
       approved, mine[1], mine[2], {prisoner_columns}
  FROM checked, prisoners_prisoner p
 WHERE p.id = checked.prisoner_id
"""
# The prisoner's columns the statement returns, in the model's order (`claim_by_slug`
# makes its Prisoner of them with Model.from_db, which takes them in that order).
PRISONER_COLUMNS = tuple(
    f.attname
    for f in Prisoner._meta.concrete_fields
    if f.attname in {"id", "slug", "name", "native_name", "non_han", "pinyin", "status"}
)
PRISONER_SELECT = ", ".join(f"p.{column}" for column in PRISONER_COLUMNS)
# audit.prisoner_label in SQL, for a reader who sees Chinese names as written (not in
# Chinese): str(prisoner), "name (native name)" or either alone, then the slug.
LABEL_AS_WRITTEN = """LEFT(CASE WHEN p.name <> '' AND p.native_name <> ''
                    THEN p.name || ' (' || p.native_name || ')'
                    ELSE COALESCE(NULLIF(p.name, ''), p.native_name) END
               || ' (' || p.slug || ')', 200)"""


_VOLUNTEER, _PRISONER = Adoption.volunteer.field, Adoption.prisoner.field
NO_JSON = "'{}'::jsonb"


def claim(volunteer, prisoner: Prisoner, *, need_approval: bool) -> tuple[Adoption, Claim | None]:
    """Try to make `volunteer` the defender of `prisoner` in one statement.

    Returns the adoption (its pk set when made) and what was checked; the Claim is None
    when the prisoner's or the volunteer's row is gone. A unique constraint's refusal is
    raised as IntegrityError, as Model.save() would. A supporter who becomes the defender
    stops being counted twice in the same statement (a support's end counts in no figure).
    """
    label = audit.prisoner_label(prisoner)[:200]
    adoption, found, _ = _claim(volunteer, "id", prisoner.pk, "%s", [label], need_approval)
    _PRISONER.set_cached_value(adoption, prisoner)
    adoption.prisoner_id = prisoner.pk
    return adoption, found


def claim_by_slug(volunteer, slug: str, *, need_approval: bool) -> Adoption | None:
    """`claim` of the prisoner at `slug`, found by the statement itself (one query fewer),
    for a request whose language shows Chinese names as written (the audit label is made
    in SQL): the adoption with its prisoner (the columns of PRISONER_COLUMNS), or None
    when nothing was made, whatever the reason (`claim` then finds and explains it)."""
    adoption, found, row = _claim(volunteer, "slug", slug, LABEL_AS_WRITTEN, [], need_approval)
    if not (found and found.adoption_id):
        return None
    _PRISONER.set_cached_value(adoption, Prisoner.from_db(connection.alias, PRISONER_COLUMNS, row))
    return adoption


def _claim(volunteer, key: str, value, label: str, label_params: list, need_approval=False):
    # By the ids, the volunteer cached as the descriptor would: its checks for a model
    # instance are a few dozen Python calls a relation.
    adoption = Adoption(volunteer_id=volunteer.pk, role=Adoption.Role.DEFENDER)
    _VOLUNTEER.set_cached_value(adoption, volunteer)
    adoption_columns, adoption_values, adoption_params = _row(adoption, prisoner_id="prisoner_id")
    entry = AuditEntry(
        actor_id=volunteer.pk, action=AuditEntry.Action.CLAIM, outcome=AuditEntry.Outcome.DONE
    )
    # A claim's audit row has nothing before or after: its JSON written in the statement.
    audit_columns, audit_values, audit_params = _row(
        entry, target="label", before=NO_JSON, after=NO_JSON
    )
    week, week_params = figures.bump_statement(adoption.started_at, "claimed", claims=1)
    sql = _statement(
        (key, label),
        CLAIM_SQL,
        label=label,
        prisoner_key=key,
        adoption_columns=adoption_columns,
        adoption_values=adoption_values,
        week=week,
        audit_columns=audit_columns,
        audit_values=audit_values,
        prisoner_columns=PRISONER_SELECT,
    )
    params = [
        *label_params,
        value,
        volunteer.pk,
        *adoption_params,
        need_approval,
        CLOSED,
        *week_params,
        *audit_params,
        adoption.started_at,
        Adoption.EndReason.BECAME_DEFENDER,
        volunteer.pk,
    ]
    row = _execute(sql, params, f"claim_by_{key}")
    found = Claim(*row[:8]) if row else None
    if found and found.adoption_id:
        adoption.pk = found.adoption_id
        adoption.prisoner_id = row[8]
        adoption._state.adding = False
        figures.figures_changed()
    return adoption, found, row[8:] if row else None


POST_SQL = """
WITH posted AS (
    INSERT INTO campaigns_post ({post_columns}) SELECT {post_values} WHERE {allowed}
    RETURNING id
), counted AS (
    {week}
), latest AS (
    INSERT INTO campaigns_volunteersettings ({settings_columns})
    SELECT {settings_values} FROM posted
        ON CONFLICT (volunteer_id) DO UPDATE SET last_posted_at = GREATEST(
           COALESCE(campaigns_volunteersettings.last_posted_at, EXCLUDED.last_posted_at),
           EXCLUDED.last_posted_at)
)
SELECT id FROM posted
"""

# The post's volunteer defends or supports its prisoner (now, as the statement sees it).
ADOPTED = """EXISTS (SELECT 1 FROM campaigns_adoption a
                WHERE a.volunteer_id = %s AND a.prisoner_id = %s AND a.ended_at IS NULL)"""


def insert_post(post: Post, *, adopted_only: bool = False) -> bool:
    """Insert `post` (its pk set), count it in its week and move the volunteer's date of
    last post (GREATEST: two posts logged at once keep the later date), making their
    settings with the defaults if they had none, in one statement. A unique constraint's
    refusal is raised as IntegrityError.

    With `adopted_only`, nothing is written (False) unless the volunteer defends or
    supports the post's prisoner: the check a form's choices make, in the same statement
    (the "log a post" form sends the prisoner's id unchecked, campaigns/views.py)."""
    post_columns, post_values, post_params = _row(post)
    prefs = VolunteerSettings(volunteer_id=post.volunteer_id, last_posted_at=post.posted_at)
    settings_columns, settings_values, settings_params = _row(prefs)
    week, week_params = figures.bump_statement(post.posted_at, "posted", posts=1)
    allowed, allowed_params = (
        (ADOPTED, [post.volunteer_id, post.prisoner_id]) if adopted_only else ("TRUE", [])
    )
    sql = _statement(
        ("post", adopted_only),
        POST_SQL,
        post_columns=post_columns,
        post_values=post_values,
        allowed=allowed,
        week=week,
        settings_columns=settings_columns,
        settings_values=settings_values,
    )
    params = [*post_params, *allowed_params, *week_params, *settings_params]
    row = _execute(sql, params, "post_adopted" if adopted_only else "post")
    if row is None:
        return False
    post.pk = row[0]
    post._state.adding = False
    return True
