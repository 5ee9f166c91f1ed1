"""An organizer's action goes back to the page it was started from (`next`): the profile,
the dashboard page, the admin; an address elsewhere is never followed (issue 15)."""

import datetime

import pytest

from prisoners.models import CaseEvent, Status
from tests.conftest import defend

from .conftest import url

pytestmark = pytest.mark.django_db

EVENT = {"when": "2026-01-05", "kind": "trial", "text": "A closed hearing.", "is_published": "on"}


def test_an_event_added_from_the_profile_goes_back_to_the_profile(org, prisoner):
    profile = prisoner.get_absolute_url()
    form = org.get(url("add_event", prisoner.slug), {"next": profile})
    html = form.content.decode()
    assert f'name="next" value="{profile}"' in html
    assert f'class="btn btn-outline-secondary" href="{profile}">Cancel' in html
    response = org.post(f"{url('add_event', prisoner.slug)}?next={profile}", EVENT)
    assert response.status_code == 302 and response["Location"] == profile
    assert CaseEvent.objects.get(prisoner=prisoner).date == datetime.date(2026, 1, 5)


def test_a_release_from_a_dashboard_page_goes_back_to_that_page(org, prisoner):
    back = "/organize/?page=2"
    response = org.post(
        url("mark_released", prisoner.slug),
        {"when": "2026-01-05", "text": "Released.", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    prisoner.refresh_from_db()
    assert prisoner.status == Status.RELEASED


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_an_address_elsewhere_goes_to_the_dashboard(org, prisoner, volunteer, elsewhere):
    adoption = defend(volunteer, prisoner)
    form = org.get(url("end_adoption", prisoner.slug), {"next": elsewhere})
    html = form.content.decode()
    assert 'name="next" value="/organize/"' in html
    assert 'href="/organize/">Cancel' in html
    response = org.post(
        url("end_adoption", prisoner.slug),
        {"next": elsewhere, "reason": "lapsed", "note": "Quiet", "expected": adoption.pk},
    )
    assert response.status_code == 302 and response["Location"] == "/organize/"
