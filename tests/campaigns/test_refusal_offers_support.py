"""The 409 page that says "support them instead" carries the Support button, when
supporting is still possible."""

from campaigns.models import Adoption

from .conftest import defend_url


def _support_form(prisoner) -> str:
    return f'action="/prisoners/{prisoner.slug}/support/"'


def test_a_taken_prisoner_offers_support_and_it_works(client, volunteer, other_volunteer, prisoner):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    client.force_login(other_volunteer)
    response = client.post(defend_url(prisoner))
    assert response.status_code == 409
    assert _support_form(prisoner) in response.content.decode()

    client.post(f"/prisoners/{prisoner.slug}/support/")
    assert Adoption.objects.active().filter(volunteer=other_volunteer, role="supporter").exists()


def test_no_support_button_for_someone_who_already_supports(
    client, volunteer, other_volunteer, prisoner
):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    Adoption.objects.create(volunteer=other_volunteer, prisoner=prisoner, role="supporter")
    client.force_login(other_volunteer)
    response = client.post(defend_url(prisoner))
    assert response.status_code == 409
    assert _support_form(prisoner) not in response.content.decode()


def test_no_support_button_when_the_prisoner_is_no_longer_held(volunteer_client, make_prisoner):
    released = make_prisoner(status="released")
    response = volunteer_client.post(defend_url(released))
    assert response.status_code == 409
    assert _support_form(released) not in response.content.decode()
