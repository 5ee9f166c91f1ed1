"""The signed-in user is read by SQL compiled once (EmailUserManager.signed_in_user): the
same row, organizer flag and reads as the ORM's query, in one query."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from advocacy import models
from campaigns.models import VolunteerSettings

pytestmark = pytest.mark.django_db


def _as_orm(pk):
    return get_user_model().objects.signed_in().get(pk=pk)


def _fields(user) -> dict:
    names = [f.attname for f in get_user_model()._meta.concrete_fields]
    return {name: getattr(user, name) for name in [*names, *models.SIGNED_IN_READS]} | {
        "organizer_flag": user.organizer_flag
    }


def test_the_compiled_read_is_the_orms_read(volunteer, organizer, django_assert_num_queries):
    VolunteerSettings.objects.create(volunteer=volunteer, undeliverable_at=timezone.now())
    for person in (volunteer, organizer):
        with django_assert_num_queries(1):
            read = get_user_model().objects.signed_in_user(person.pk)
        assert _fields(read) == _fields(_as_orm(person.pk))
        assert read._state.adding is False and read._state.db == "default"
    assert get_user_model().objects.signed_in_user(volunteer.pk).address_refused is True
    assert get_user_model().objects.signed_in_user(organizer.pk).organizer_flag is True
    assert get_user_model().objects.signed_in_user(volunteer.pk).organizer_flag is False


def test_an_unknown_id_is_nobody(db):
    assert get_user_model().objects.signed_in_user(987654321) is None


def test_a_read_added_later_is_compiled_in(volunteer, monkeypatch):
    get_user_model().objects.signed_in_user(volunteer.pk)
    monkeypatch.setitem(models.SIGNED_IN_READS, "always", "TRUE")
    assert get_user_model().objects.signed_in_user(volunteer.pk).always is True


def test_a_suspended_account_is_signed_out(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/me/").status_code == 200
    get_user_model().objects.filter(pk=volunteer.pk).update(is_active=False)
    assert client.get("/me/").status_code == 302
