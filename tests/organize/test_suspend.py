"""Suspending a volunteer (S11): their adoptions end, their queued emails are silenced,
their account closes, audited; an organizer cannot suspend themselves."""

from django.test import Client

from campaigns.models import Adoption, AuditEntry, OrganizerNote, OutgoingEmail
from tests.conftest import PASSWORD, defend

from .conftest import changed, the_audit_row, url, world


def test_suspend_ends_adoptions_silences_emails_and_closes_the_account(
    org, organizer, volunteer, other_volunteer, prisoner, make_prisoner
):
    supported = make_prisoner()
    defended = defend(volunteer, prisoner)
    support = Adoption.objects.create(volunteer=volunteer, prisoner=supported, role="supporter")
    queued = OutgoingEmail.objects.create(
        volunteer=volunteer, prisoner=prisoner, kind="reminder", period="2026-W47"
    )
    sent = OutgoingEmail.objects.create(
        volunteer=volunteer, prisoner=prisoner, kind="reminder", period="2026-W46", status="sent"
    )
    others = OutgoingEmail.objects.create(
        volunteer=other_volunteer, kind="digest", period="2026-W47"
    )
    signed_in = Client()
    signed_in.force_login(volunteer)
    before = world()

    response = org.post(url("suspend", volunteer.pk), {"note": "Spam posts"})

    assert response.status_code == 302
    assert changed(before, world()) == {
        ("User", volunteer.pk),
        ("Adoption", defended.pk),
        ("Adoption", support.pk),
        ("OutgoingEmail", queued.pk),
    }
    volunteer.refresh_from_db()
    assert not volunteer.is_active
    for adoption in (defended, support):
        adoption.refresh_from_db()
        assert adoption.end_reason == Adoption.EndReason.VOLUNTEER_SUSPENDED
        assert adoption.end_message == ""
    note = OrganizerNote.objects.get()
    assert (note.volunteer, note.adoption, note.author, note.text) == (
        volunteer,
        None,
        organizer,
        "Spam posts",
    )
    assert OutgoingEmail.objects.get(pk=queued.pk).status == OutgoingEmail.Status.SUPPRESSED
    assert OutgoingEmail.objects.get(pk=sent.pk).status == OutgoingEmail.Status.SENT
    assert OutgoingEmail.objects.get(pk=others.pk).status == OutgoingEmail.Status.QUEUED
    entry = the_audit_row("suspend")
    assert entry.actor == organizer
    assert entry.before["is_active"] is True
    assert entry.after["is_active"] is False
    assert {a["id"] for a in entry.before["adoptions"]} == {defended.pk, support.pk}
    assert all(a["ended_at"] is None for a in entry.before["adoptions"])
    assert all(a["end_reason"] == "volunteer_suspended" for a in entry.after["adoptions"])
    assert entry.before["queued_reminders"] == [queued.pk]
    assert entry.after["organizer_note"] is True

    # Their open session no longer works, and they cannot sign in again.
    assert signed_in.get("/me/").status_code == 302
    login = Client()
    login.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})
    assert "_auth_user_id" not in login.session
    assert login.get("/me/").status_code == 302


def test_an_organizer_cannot_suspend_themselves(org, organizer):
    before = world()
    response = org.post(url("suspend", organizer.pk))
    assert response.status_code == 400
    assert "cannot suspend yourself" in response.content.decode()
    assert world() == before
    assert not AuditEntry.objects.exists()
