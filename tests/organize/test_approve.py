"""Approving a volunteer (S11): only `approved_at` changes, audited; claims wait for it
when VOLUNTEERS_NEED_APPROVAL is on, and not otherwise."""

from django.test import Client

from campaigns.models import Adoption, AuditEntry, VolunteerSettings

from .conftest import changed, the_audit_row, url, world


def test_approve_sets_only_approved_at_and_is_audited(org, organizer, volunteer):
    before = world()

    response = org.post(url("approve", volunteer.pk))

    assert response.status_code == 302
    assert response.url == "/organize/"
    prefs = VolunteerSettings.objects.get(volunteer=volunteer)
    assert prefs.approved_at is not None
    assert changed(before, world()) == {("VolunteerSettings", volunteer.pk)}
    entry = the_audit_row("approve")
    assert entry.actor == organizer
    assert "Lotus" in entry.target
    assert entry.before == {"approved_at": None}
    assert entry.after == {"approved_at": prefs.approved_at.isoformat()}

    again = org.post(url("approve", volunteer.pk))
    assert again.status_code == 409
    assert "already approved" in again.content.decode()
    assert AuditEntry.objects.count() == 1


def test_claims_wait_for_approval_when_the_setting_asks_for_it(settings, org, volunteer, prisoner):
    settings.VOLUNTEERS_NEED_APPROVAL = True
    volunteer_client = Client()
    volunteer_client.force_login(volunteer)

    refused = volunteer_client.post(f"/prisoners/{prisoner.slug}/defend/")
    assert refused.status_code == 403
    assert "has not approved your account yet" in refused.content.decode()
    assert not Adoption.objects.exists()

    org.post(url("approve", volunteer.pk))
    claimed = volunteer_client.post(f"/prisoners/{prisoner.slug}/defend/")
    assert claimed.status_code == 302
    assert Adoption.objects.active().defenders().get().volunteer == volunteer


def test_without_the_setting_no_approval_is_needed(settings, volunteer, prisoner):
    settings.VOLUNTEERS_NEED_APPROVAL = False
    volunteer_client = Client()
    volunteer_client.force_login(volunteer)
    assert volunteer_client.post(f"/prisoners/{prisoner.slug}/defend/").status_code == 302
