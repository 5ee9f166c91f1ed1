"""An organizer ending an adoption (S11): the reason is recorded, the note kept apart for
organizers (OrganizerNote) and its writing audited; bad input or no defender changes nothing."""

import pytest

from campaigns.models import Adoption, AuditEntry, OrganizerNote
from tests.conftest import defend

from .conftest import changed, the_audit_row, url, world


def test_end_adoption_records_the_reason_and_note(org, organizer, volunteer, prisoner):
    adoption = defend(volunteer, prisoner)
    before = world()

    response = org.post(
        url("end_adoption", prisoner.slug),
        {"reason": "lapsed", "note": "No posts since March", "expected": adoption.pk},
    )

    assert response.status_code == 302
    assert changed(before, world()) == {("Adoption", adoption.pk)}
    adoption.refresh_from_db()
    assert adoption.end_reason == Adoption.EndReason.LAPSED
    assert adoption.end_message == ""
    note = OrganizerNote.objects.get()
    assert (note.volunteer, note.adoption, note.author) == (volunteer, adoption, organizer)
    assert note.text == "No posts since March"
    entry = the_audit_row("end_adoption")
    assert entry.actor == organizer
    assert entry.before["defender"]["ended_at"] is None
    assert entry.after["defender"]["end_reason"] == "lapsed"
    assert entry.after["organizer_note"] is True


@pytest.mark.parametrize(
    "data", [{"reason": "lapsed", "note": ""}, {"reason": "prisoner_died", "note": "x"}]
)
def test_end_adoption_with_bad_input_is_a_400(org, volunteer, prisoner, data):
    adoption = defend(volunteer, prisoner)
    before = world()
    response = org.post(url("end_adoption", prisoner.slug), {**data, "expected": adoption.pk})
    assert response.status_code == 400
    assert world() == before
    assert not AuditEntry.objects.exists()


def test_end_adoption_without_a_defender_is_refused(org, prisoner):
    page = org.get(url("end_adoption", prisoner.slug))
    assert "No one defends this prisoner now" in page.content.decode()
    response = org.post(url("end_adoption", prisoner.slug), {"reason": "lapsed", "note": "x"})
    assert response.status_code == 409
    assert not AuditEntry.objects.exists()
