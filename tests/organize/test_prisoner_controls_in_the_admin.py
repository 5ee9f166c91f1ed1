"""The admin's page of a prisoner carries the organizers' controls (issue 15)."""

import pytest

from tests.conftest import defend

pytestmark = pytest.mark.django_db


def test_the_admin_change_page_has_the_controls_with_the_way_back(org, prisoner, volunteer):
    defend(volunteer, prisoner)
    path = f"/admin/prisoners/prisoner/{prisoner.pk}/change/"
    html = org.get(path).content.decode()
    assert 'aria-labelledby="organizer-heading"' in html
    back = f"?next={path}"
    for action in ("reassign", "end", "event", "released", "died"):
        assert f'href="/organize/prisoners/{prisoner.slug}/{action}/{back}"' in html
    assert ">Edit</a>" not in html  # this is the edit page


def test_an_uncovered_prisoner_is_assigned_from_the_admin(org, prisoner):
    html = org.get(f"/admin/prisoners/prisoner/{prisoner.pk}/change/").content.decode()
    assert ">Assign</a>" in html and "/end/?next=" not in html


def test_the_admin_add_page_has_no_controls(org):
    html = org.get("/admin/prisoners/prisoner/add/").content.decode()
    assert "prisoner-controls" not in html
