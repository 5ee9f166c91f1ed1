"""Organizers read their notes about a volunteer where they decide about them: the
suspend and approve pages, and the defender's line on the end and reassign pages."""

import pytest

from campaigns.organize.notes import add_note
from tests.conftest import defend

from .conftest import url


@pytest.mark.parametrize("page", ["suspend", "approve"])
def test_the_volunteer_pages_show_the_notes(org, organizer, volunteer, page):
    add_note(author=organizer, volunteer=volunteer, text="Asked for the emails of others")

    response = org.get(url(page, volunteer.pk))

    assert response.status_code == 200
    assert "Asked for the emails of others" in response.content.decode()


@pytest.mark.parametrize("page", ["end_adoption", "reassign"])
def test_the_defender_pages_show_the_notes_about_the_defender(
    org, organizer, volunteer, other_volunteer, prisoner, page
):
    defend(volunteer, prisoner)
    add_note(author=organizer, volunteer=volunteer, text="Quiet since March")
    add_note(author=organizer, volunteer=other_volunteer, text="Someone else entirely")

    content = org.get(url(page, prisoner.slug)).content.decode()

    assert "Quiet since March" in content
    assert "Someone else entirely" not in content


def test_the_end_form_says_who_reads_what(org, volunteer, prisoner):
    defend(volunteer, prisoner)

    content = org.get(url("end_adoption", prisoner.slug)).content.decode()

    assert "Note for organizers (never shown to the volunteer)" in content
    assert "The volunteer sees this reason when they download their data." in content
