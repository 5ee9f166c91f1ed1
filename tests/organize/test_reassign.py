"""Reassigning a prisoner to another defender (S11): the old defence ends, the new
defender's supporter adoption gives way, audited; refused when the defender changed since
the page, when the newcomer defends someone else, or for no one chosen. (Racing a
claim: test_claim_against_organizer_action_race.py; the search: test_reassign_search.py;
who may be chosen: test_reassign_eligibility.py; the emails: test_reassign_emails.py.)"""

import pytest

from campaigns.models import Adoption, AuditEntry, OrganizerNote, OutgoingEmail
from tests.conftest import defend

from .conftest import changed, new_rows, the_audit_row, url, world


def test_reassign_ends_the_defenders_adoption_and_makes_the_new_one_defender(
    org, organizer, volunteer, other_volunteer, prisoner, make_prisoner
):
    old = defend(volunteer, prisoner)
    support = Adoption.objects.create(
        volunteer=other_volunteer, prisoner=prisoner, role="supporter"
    )
    unrelated = Adoption.objects.create(
        volunteer=other_volunteer, prisoner=make_prisoner(), role="supporter"
    )
    before = world()

    response = org.post(
        url("reassign", prisoner.slug),
        {"volunteer": other_volunteer.pk, "expected": old.pk, "note": "Quiet since May."},
    )

    assert response.status_code == 302
    after = world()
    (new_pk,) = new_rows(before, after, Adoption)
    assert changed(before, after) == {
        ("Adoption", old.pk),
        ("Adoption", support.pk),
        ("Adoption", new_pk),
        *{("OutgoingEmail", pk) for pk in new_rows(before, after, OutgoingEmail)},
    }
    (assigned_pk, replaced_pk) = sorted(new_rows(before, after, OutgoingEmail))
    old.refresh_from_db()
    support.refresh_from_db()
    assert old.end_reason == Adoption.EndReason.REASSIGNED
    assert [n.text for n in OrganizerNote.objects.filter(adoption=old)] == ["Quiet since May."]
    assert support.end_reason == Adoption.EndReason.BECAME_DEFENDER
    assert Adoption.objects.get(pk=unrelated.pk).ended_at is None
    new = Adoption.objects.active().defenders().get(prisoner=prisoner)
    assert (new.pk, new.volunteer) == (new_pk, other_volunteer)
    entry = the_audit_row("reassign")
    assert entry.actor == organizer
    assert entry.before["defender"]["id"] == old.pk
    assert entry.before["defender"]["ended_at"] is None
    assert entry.after["defender"]["id"] == new_pk
    assert entry.after["previous_defender"]["end_reason"] == "reassigned"
    assert entry.after["supporter_adoptions_ended"] == [support.pk]
    assert entry.after["organizer_note"] is True
    assert (entry.after["assigned_email"], entry.after["replaced_email"]) == (
        assigned_pk,
        replaced_pk,
    )


def test_reassign_to_someone_who_defends_another_prisoner_is_a_409_form_error(
    org, volunteer, other_volunteer, prisoner, make_prisoner
):
    old = defend(volunteer, prisoner)
    defend(other_volunteer, make_prisoner())
    before = world()

    response = org.post(
        url("reassign", prisoner.slug), {"volunteer": other_volunteer.pk, "expected": old.pk}
    )

    assert response.status_code == 409
    assert "already defends someone" in response.content.decode()
    assert world() == before
    assert not AuditEntry.objects.exists()


def test_reassign_is_refused_when_the_defender_changed_since_the_page(
    org, volunteer, other_volunteer, make_user, prisoner
):
    page = org.get(url("reassign", prisoner.slug), {"q": "bamboo"})
    assert 'name="expected"' in page.content.decode()
    defend(volunteer, prisoner)  # a claim between the page and the confirmation
    before = world()

    response = org.post(url("reassign", prisoner.slug), {"volunteer": other_volunteer.pk})

    assert response.status_code == 409
    assert "changed while you were looking" in response.content.decode()
    assert world() == before


@pytest.mark.parametrize("chosen", ["", "999999", "not a number", "person@example.org"], ids=repr)
def test_reassign_without_a_volunteer_chosen_is_a_400_and_changes_nothing(org, prisoner, chosen):
    before = world()
    response = org.post(url("reassign", prisoner.slug), {"volunteer": chosen})
    assert response.status_code == 400
    assert "Choose the new defender among the volunteers found" in response.content.decode()
    assert world() == before
    assert not AuditEntry.objects.exists()
