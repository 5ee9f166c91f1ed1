"""The claim's and the post's statements send each field's value as Model.save() would
(campaigns/writes.py `_row`): the values it hands on unchanged are those that
get_db_prep_save would hand on unchanged, and anything else still goes through it."""

import datetime
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from campaigns import writes
from campaigns.models import Adoption, AuditEntry, Post, VolunteerSettings

pytestmark = pytest.mark.django_db


def _by_django(obj, skip=()) -> list:
    """What Model.save() sends for `obj`'s fields (its auto_now_add already filled in)."""
    meta = type(obj)._meta
    return [
        f.get_db_prep_save(getattr(obj, f.attname), connection)
        for f in meta.local_concrete_fields
        if f not in meta.db_returning_fields and f.attname not in skip
    ]


def _same(ours: list, django: list) -> None:
    assert len(ours) == len(django)
    for mine, theirs in zip(ours, django, strict=True):
        assert type(mine) is type(theirs)
        # psycopg2's Json wraps a JSONField's value: compare what it wraps.
        assert getattr(mine, "adapted", mine) == getattr(theirs, "adapted", theirs)


def test_a_posts_values(volunteer, prisoner):
    post = Post(
        volunteer=volunteer,
        prisoner=prisoner,
        platform=Post.Platform.X,
        link="https://x.com/lotus/status/1",
        text="吴淦",
        posted_at=timezone.now(),
        link_next_check_at=timezone.now(),
        submission_key=uuid.uuid4(),
    )
    _columns, _placeholders, values = writes._row(post)
    _same(values, _by_django(post))
    assert post.submission_key in values and post.posted_at in values


def test_a_claims_values_with_their_expressions(volunteer):
    adoption = Adoption(volunteer=volunteer, role=Adoption.Role.DEFENDER)
    _c, placeholders, values = writes._row(adoption, prisoner_id="prisoner_id")
    assert "prisoner_id" in placeholders
    assert adoption.started_at is not None  # auto_now_add filled in on the object
    _same(values, _by_django(adoption, skip={"prisoner_id"}))
    entry = AuditEntry(actor=volunteer, action=AuditEntry.Action.CLAIM, after={"a": 1})
    _c, _p, values = writes._row(entry, target="label")
    _same(values, _by_django(entry, skip={"target"}))


def test_values_not_handed_on_as_they_are_go_through_django(volunteer, prisoner, settings):
    # A naive datetime is made aware (with Django's warning), an int for a UUID field
    # converted, an int for a str field made a str: as Model.save() does.
    post = Post(
        volunteer=volunteer,
        prisoner_id=str(prisoner.pk),
        platform="x",
        link="https://x.com/lotus/status/1",
        text=12,
        submission_key=uuid.uuid4().int,
    )
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        post.posted_at = datetime.datetime(2024, 5, 1, 12)
        _c, _p, values = writes._row(post)
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        _same(values, _by_django(post))
    assert "12" in values and prisoner.pk in values


def test_settings_values(volunteer):
    prefs = VolunteerSettings(volunteer_id=volunteer.pk, last_posted_at=timezone.now())
    _c, _p, values = writes._row(prefs)
    _same(values, _by_django(prefs))
