"""Defend and support: the rules of "one person defends one prisoner" over HTTP."""

import pytest
from django.utils.html import escape

from campaigns.models import Adoption, VolunteerSettings
from prisoners.models import Status

from .conftest import defend_url, support_url


def active_defenders(prisoner):
    return Adoption.objects.active().defenders().filter(prisoner=prisoner)


def test_a_verified_volunteer_defends_a_prisoner(volunteer_client, volunteer, prisoner):
    response = volunteer_client.post(defend_url(prisoner))
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    adoption = active_defenders(prisoner).get()
    assert adoption.volunteer == volunteer
    me = volunteer_client.get("/me/")
    assert "吴淦" in me.content.decode() or "Wu Gan" in me.content.decode()


def test_a_double_click_makes_one_adoption(volunteer_client, prisoner):
    first = volunteer_client.post(defend_url(prisoner))
    second = volunteer_client.post(defend_url(prisoner))
    assert (first.status_code, second.status_code) == (302, 302)
    assert Adoption.objects.filter(prisoner=prisoner).count() == 1


def test_a_defended_prisoner_is_refused_to_others_with_409(
    client, volunteer, other_volunteer, prisoner
):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    client.force_login(other_volunteer)
    response = client.post(defend_url(prisoner))
    assert response.status_code == 409
    assert "already has a defender: support them instead" in response.content.decode()
    assert active_defenders(prisoner).get().volunteer == volunteer


def test_a_second_claim_is_refused_with_409(volunteer_client, volunteer, prisoner, make_prisoner):
    volunteer_client.post(defend_url(prisoner))
    other = make_prisoner(name="Second Case")
    response = volunteer_client.post(defend_url(other))
    assert response.status_code == 409
    assert "You already defend Wu Gan: hand them back first." in response.content.decode()
    assert not active_defenders(other).exists()


def test_extra_post_fields_change_nothing(volunteer_client, volunteer, other_volunteer, prisoner):
    response = volunteer_client.post(
        defend_url(prisoner),
        {"volunteer": other_volunteer.pk, "role": "supporter", "is_staff": "1", "ended_at": "x"},
    )
    assert response.status_code == 302
    adoption = active_defenders(prisoner).get()
    assert (adoption.volunteer, adoption.role) == (volunteer, "defender")
    volunteer.refresh_from_db()
    assert not volunteer.is_staff


def test_get_on_state_changing_urls_is_405(volunteer_client, prisoner):
    assert volunteer_client.get(defend_url(prisoner)).status_code == 405
    assert volunteer_client.get(support_url(prisoner)).status_code == 405
    assert not Adoption.objects.exists()


def test_a_post_without_csrf_token_is_refused(client, volunteer, prisoner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(volunteer)
    assert strict.post(defend_url(prisoner)).status_code == 403
    assert not Adoption.objects.exists()


def test_visitors_are_sent_to_sign_in(client, prisoner):
    response = client.post(defend_url(prisoner))
    assert response.status_code == 302
    # Back to the profile after signing in, where the button is (the URL is POST only).
    assert response["Location"] == "/accounts/login/?next=/prisoners/wu-gan/"
    assert not Adoption.objects.exists()


def test_an_unverified_volunteer_cannot_claim(client, make_user, prisoner):
    client.force_login(make_user(verified=False))
    response = client.post(defend_url(prisoner))
    assert response.status_code == 403
    assert "confirm your email address" in response.content.decode()
    assert not Adoption.objects.exists()


@pytest.mark.parametrize("status", [Status.RELEASED, Status.DIED, Status.EXILED])
def test_only_prisoners_still_held_can_be_defended(volunteer_client, make_prisoner, status):
    closed = make_prisoner(name="Closed Case", status=status)
    response = volunteer_client.post(defend_url(closed))
    assert response.status_code == 409
    assert "no longer held" in response.content.decode()
    assert not Adoption.objects.exists()


def test_unpublished_and_unknown_prisoners_are_404(volunteer_client, make_prisoner):
    draft = make_prisoner(is_published=False)
    assert volunteer_client.post(defend_url(draft)).status_code == 404
    assert volunteer_client.post("/prisoners/no-such-person/defend/").status_code == 404
    assert not Adoption.objects.exists()


def test_many_supporters_and_a_supporter_who_becomes_defender(
    client, make_user, prisoner, volunteer
):
    supporters = [make_user() for _ in range(3)]
    for person in supporters:
        client.force_login(person)
        assert client.post(support_url(prisoner)).status_code == 302
        assert client.post(support_url(prisoner)).status_code == 302  # idempotent
    assert Adoption.objects.active().filter(prisoner=prisoner, role="supporter").count() == 3

    client.force_login(supporters[0])
    assert client.post(defend_url(prisoner)).status_code == 302
    assert active_defenders(prisoner).get().volunteer == supporters[0]
    # Counted once: as the defender, no longer as a supporter.
    assert Adoption.objects.active().filter(prisoner=prisoner, role="supporter").count() == 2


def test_a_defender_cannot_also_support_their_own_prisoner(volunteer_client, prisoner):
    volunteer_client.post(defend_url(prisoner))
    response = volunteer_client.post(support_url(prisoner))
    assert response.status_code == 409
    assert Adoption.objects.filter(role="supporter").count() == 0


def test_handing_back_asks_for_confirmation_and_records_the_reason(volunteer_client, prisoner):
    volunteer_client.post(defend_url(prisoner))
    page = volunteer_client.get("/me/hand-back/")
    assert page.status_code == 200
    assert active_defenders(prisoner).exists()  # a GET only asks

    response = volunteer_client.post("/me/hand-back/", {"reason": "Exams this term"})
    assert response.status_code == 302
    adoption = Adoption.objects.get(prisoner=prisoner)
    assert adoption.end_reason == "handed_back"
    assert adoption.end_message == "Exams this term"
    assert adoption.ended_at is not None
    assert not active_defenders(prisoner).exists()
    # The prisoner needs a defender again and anyone may take them.
    assert volunteer_client.get("/prisoners/?needs_defender=1").context["page"].object_list


def test_hand_back_without_a_prisoner_is_404(volunteer_client):
    assert volunteer_client.get("/me/hand-back/").status_code == 404


def test_the_profile_says_since_when_and_how_many_supporters_never_who(
    client, volunteer, make_user, prisoner
):
    volunteer.display_name = "Secret Lotus"
    volunteer.save()
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    for _ in range(2):
        Adoption.objects.create(volunteer=make_user(), prisoner=prisoner, role="supporter")
    page = client.get(prisoner.get_absolute_url()).content.decode()
    assert "has had a defender since" in page
    assert "2 supporters share the case." in page
    assert "Secret Lotus" not in page
    assert volunteer.email not in page


def test_public_credit_is_opt_in(client, volunteer, prisoner):
    volunteer.display_name = "<script>alert(1)</script>Lotus"
    volunteer.save()
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    VolunteerSettings.objects.create(volunteer=volunteer, public_credit=True)
    page = client.get(prisoner.get_absolute_url()).content.decode()
    assert f"Defended by {escape(volunteer.display_name)}." in page
    assert "<script>alert(1)</script>" not in page


def test_the_buttons_match_the_visitor(client, volunteer, other_volunteer, prisoner):
    page = client.get(prisoner.get_absolute_url()).content.decode()
    assert "Join to defend them" in page

    client.force_login(volunteer)
    page = client.get(prisoner.get_absolute_url()).content.decode()
    assert defend_url(prisoner) in page
    client.post(defend_url(prisoner))
    page = client.get(prisoner.get_absolute_url()).content.decode()
    assert "You defend this prisoner" in page
    assert defend_url(prisoner) not in page

    client.force_login(other_volunteer)
    page = client.get(prisoner.get_absolute_url()).content.decode()
    assert defend_url(prisoner) not in page
    assert support_url(prisoner) in page


def test_stop_supporting_asks_first(volunteer_client, prisoner):
    volunteer_client.post(support_url(prisoner))
    url = f"/me/supporting/{prisoner.slug}/stop/"
    assert volunteer_client.get(url).status_code == 200
    assert Adoption.objects.active().exists()
    assert volunteer_client.post(url).status_code == 302
    assert not Adoption.objects.active().exists()
