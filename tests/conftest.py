"""Personas and helpers shared by all tests; real PostgreSQL and Redis underneath."""

import datetime
import itertools

import pytest
from django.core.cache import cache

from prisoners.models import Prisoner, Status

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Pages render without a collectstatic manifest (that is checked by `make test`).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # The test cache is its own Redis database (CACHE_URL in pyproject.toml).
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_prisoner(db):
    def make(**fields) -> Prisoner:
        n = next(_serial)
        fields.setdefault("native_name", "")
        if not fields["native_name"]:
            fields.setdefault("name", f"Test Prisoner {n}")
        fields.setdefault("status", Status.DETAINED)
        fields.setdefault("is_published", True)
        return Prisoner.objects.create(**fields)

    return make


@pytest.fixture
def prisoner(make_prisoner) -> Prisoner:
    return make_prisoner(
        native_name="吴淦",
        status=Status.SENTENCED,
        detained_on=datetime.date(2015, 5, 19),
        region="福建",
        place="莆田",
        hashtag="FreeWuGan",
    )


@pytest.fixture
def make_user(db, django_user_model):
    def make(**fields):
        n = next(_serial)
        fields.setdefault("email", f"person{n}@example.org")
        fields.setdefault("display_name", f"Person {n}")
        return django_user_model.objects.create_user(password="a long passphrase here", **fields)

    return make


@pytest.fixture
def volunteer(make_user):
    return make_user(display_name="Lotus")


@pytest.fixture
def other_volunteer(make_user):
    return make_user(display_name="Bamboo")


@pytest.fixture
def organizer(make_user):
    from advocacy.management.commands.create_organizer import organizers_group

    user = make_user(display_name="Organizer", is_staff=True)
    user.groups.add(organizers_group())
    return user
