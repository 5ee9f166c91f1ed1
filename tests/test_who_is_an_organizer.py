"""Who is an organizer is defined once (advocacy.models.is_organizer_condition): an active
superuser or an active member of the Organizers group. The gate, the menu, the tick's
organizer emails and the previews of unpublished prisoners all follow it; being staff
is not enough, and a suspended organizer is none."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from advocacy.access import is_organizer
from tests.conftest import PASSWORD

MENU_LINK = 'href="/organize/"'


@pytest.fixture
def staff_only(make_user):
    return make_user(is_staff=True, display_name="Staff, not an organizer")


@pytest.fixture
def superuser(make_user):
    return make_user(is_staff=True, is_superuser=True, display_name="Root")


def test_the_one_definition_in_python_and_in_sql(organizer, superuser, staff_only, volunteer):
    in_sql = set(get_user_model().objects.organizers())
    assert in_sql == {organizer, superuser}
    fresh = get_user_model().objects.get
    assert [
        is_organizer(fresh(pk=u.pk)) for u in (organizer, superuser, staff_only, volunteer)
    ] == [
        True,
        True,
        False,
        False,
    ]
    organizer.is_active = False
    organizer.save()
    assert not is_organizer(fresh(pk=organizer.pk))
    assert set(get_user_model().objects.organizers()) == {superuser}


def test_the_signed_in_user_arrives_with_their_flag(client, organizer, django_assert_num_queries):
    client.force_login(organizer)
    request_user = client.get("/").wsgi_request.user
    assert request_user.organizer_flag is True
    with django_assert_num_queries(0):
        assert is_organizer(request_user)


def test_the_menu_shows_the_dashboard_to_organizers_only(organizer, staff_only, volunteer):
    shown = {}
    for user in (organizer, staff_only, volunteer):
        client = Client()
        client.force_login(user)
        shown[user.display_name] = MENU_LINK in client.get("/").content.decode()
    assert shown == {"Organizer": True, "Staff, not an organizer": False, "Lotus": False}


def test_staff_who_are_not_organizers_do_not_see_unpublished_prisoners(
    client, staff_only, organizer, make_prisoner
):
    draft = make_prisoner(is_published=False)
    client.force_login(staff_only)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(organizer)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_real_sign_in_also_brings_the_flag(organizer):
    client = Client()
    assert client.login(email=organizer.email, password=PASSWORD)
    assert client.get("/").wsgi_request.user.organizer_flag is True
