"""The signed-in user is read by SQL compiled once (EmailUserManager.signed_in_user): the
same row, organizer flag and reads as the ORM's query, in one query."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.utils import timezone

from advocacy import models
from advocacy.access import has_second_factor
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


def test_the_second_factor_is_read_with_the_user_as_allauth_asks_it(
    organizer, organizer_without_mfa, django_assert_num_queries
):
    """advocacy.access.has_second_factor answers from the signed-in user's own read, the
    same answer as allauth's is_mfa_enabled, before and after an authenticator goes."""
    assert Authenticator._meta.db_table == "mfa_authenticator"
    users = get_user_model().objects
    for person in (organizer, organizer_without_mfa):
        read = users.signed_in_user(person.pk)
        with django_assert_num_queries(0):
            answer = has_second_factor(read)
        assert answer is is_mfa_enabled(person)
    assert has_second_factor(users.signed_in_user(organizer.pk)) is True
    assert has_second_factor(users.signed_in_user(organizer_without_mfa.pk)) is False
    Authenticator.objects.filter(user=organizer).delete()
    assert has_second_factor(users.signed_in_user(organizer.pk)) is False
    elsewhere = users.get(pk=organizer_without_mfa.pk)  # read some other way
    with django_assert_num_queries(1):  # allauth's own query
        assert has_second_factor(elsewhere) is False
