"""The reassign page's search (issue 15): by pseudonym, case-insensitive, names starting
with the words first, at most SEARCH_LIMIT, only volunteers who may defend; by address
only for an organizer who re-entered their password, and addresses shown only to them."""

from django.utils import timezone

from campaigns.models import VolunteerSettings
from campaigns.organize.assignment import SEARCH_LIMIT
from tests.conftest import defend, reauthenticate

from .conftest import url


def _found(response) -> list[int]:
    return [person.pk for person in response.context["found"]]


def test_pseudonyms_are_found_by_any_part_case_insensitive_starting_ones_first(
    org, make_user, prisoner
):
    inner = make_user(display_name="Old Plum Tree")
    first = make_user(display_name="plum blossom")
    make_user(display_name="Bamboo")

    response = org.get(url("reassign", prisoner.slug), {"q": "PLUM"})

    assert response.status_code == 200
    assert _found(response) == [first.pk, inner.pk]
    page = response.content.decode()
    assert f"Volunteer #{first.pk} · plum blossom" in page
    assert f'value="{first.pk}"' in page
    assert first.email not in page and inner.email not in page
    assert "Re-enter your password to search by email" in page


def test_only_volunteers_who_may_defend_are_found(
    org, make_user, prisoner, make_prisoner, settings
):
    settings.VOLUNTEERS_NEED_APPROVAL = False
    eligible = make_user(display_name="Lotus A")
    make_user(display_name="Lotus unconfirmed", verified=False)
    make_user(display_name="Lotus suspended", is_active=False)
    defend(make_user(display_name="Lotus defender"), make_prisoner())

    response = org.get(url("reassign", prisoner.slug), {"q": "lotus"})

    assert _found(response) == [eligible.pk]


def test_with_approval_required_only_approved_volunteers_are_found(
    org, make_user, prisoner, settings
):
    settings.VOLUNTEERS_NEED_APPROVAL = True
    approved = make_user(display_name="Pine approved")
    VolunteerSettings.objects.create(volunteer=approved, approved_at=timezone.now())
    make_user(display_name="Pine waiting")

    response = org.get(url("reassign", prisoner.slug), {"q": "pine"})

    assert _found(response) == [approved.pk]


def test_an_address_finds_no_one_without_the_password_typed_again(org, make_user, prisoner):
    person = make_user(display_name="Willow", email="willow@example.org")

    response = org.get(url("reassign", prisoner.slug), {"q": "willow@example.org"})

    assert _found(response) == []
    assert f"Volunteer #{person.pk}" not in response.content.decode()
    assert "Re-enter your password to search by email" in response.content.decode()
    assert person.pk not in _found(org.get(url("reassign", prisoner.slug), {"q": "example.org"}))


def test_after_reauthentication_an_address_finds_its_volunteer_and_shows_addresses(
    org, make_user, prisoner
):
    person = make_user(display_name="Willow", email="Willow@Example.org")
    make_user(display_name="Willow Two", email="willow2@example.org")
    reauthenticate(org)

    response = org.get(url("reassign", prisoner.slug), {"q": "willow@example.ORG"})

    assert _found(response) == [person.pk]
    page = response.content.decode()
    assert f"Volunteer #{person.pk} · Willow · {person.email}" in page
    assert "Pseudonym or email address" in page
    assert "Re-enter your password to search by email" not in page
    # A part of an address is no search for addresses: only whole ones are looked up.
    assert _found(org.get(url("reassign", prisoner.slug), {"q": "willow@"})) == []


def test_the_reauthentication_link_comes_back_to_the_search(org, prisoner):
    response = org.get(url("reassign", prisoner.slug), {"q": "lo"})
    assert (
        "/accounts/reauthenticate/?next=/organize/prisoners/wu-gan/reassign/%3Fq%3Dlo"
        in response.content.decode()
    )


def test_at_most_the_limit_is_shown(org, make_user, prisoner):
    for n in range(SEARCH_LIMIT + 5):
        make_user(display_name=f"Reed {n:02d}")

    response = org.get(url("reassign", prisoner.slug), {"q": "reed"})

    assert len(_found(response)) == SEARCH_LIMIT
    assert f"{SEARCH_LIMIT} volunteers found" in response.content.decode()


# The organizer with their second factor (the session is cached; the gate), the
# prisoner, its defender, whether the password was typed again (allauth asks three questions of the
# authenticators), the search (the page's settings banner comes with the organizer).
# (9 before the second factor came with the organizer.)
SEARCH_PAGE_QUERIES = 8  # with the organizers’ notes about the current defender


def test_the_search_page_costs_the_same_for_few_or_many_volunteers(
    org, make_user, prisoner, volunteer, django_assert_num_queries
):
    defend(volunteer, prisoner)
    for n in range(3):
        make_user(display_name=f"Cedar {n}")
    with django_assert_num_queries(SEARCH_PAGE_QUERIES):
        response = org.get(url("reassign", prisoner.slug), {"q": "cedar"})
    assert len(_found(response)) == 3
    for n in range(30):
        make_user(display_name=f"Cedar more {n}")
    with django_assert_num_queries(SEARCH_PAGE_QUERIES):
        response = org.get(url("reassign", prisoner.slug), {"q": "cedar"})
    assert len(_found(response)) == SEARCH_LIMIT


def test_a_nul_in_the_search_finds_nothing_instead_of_a_500(org, make_user, prisoner):
    make_user(display_name="Lotus")
    for data in ({"q": "\x00"}, {"q": "lo\x00"}):
        response = org.get(url("reassign", prisoner.slug), data)
        assert response.status_code == 200
    response = org.post(url("reassign", prisoner.slug), {"volunteer": "", "query": "\x00"})
    assert response.status_code == 400
