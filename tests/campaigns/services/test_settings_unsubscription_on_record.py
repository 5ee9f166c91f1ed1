"""Turning email off on the settings page is an unsubscription on the audit log at once,
once: saving again while off, or saving with email on, adds nothing."""

from django.utils import timezone

from campaigns import services
from campaigns.models import AuditEntry


def _save(volunteer, *, email_on: bool) -> None:
    prefs = services.settings_for(volunteer)
    if email_on:
        prefs.unsubscribed_at = None
    elif prefs.unsubscribed_at is None:
        prefs.unsubscribed_at = timezone.now()
    services.update_settings(volunteer=volunteer, profile=volunteer, prefs=prefs)


def _unsubscriptions(volunteer) -> list[dict]:
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.UNSUBSCRIBE, actor=volunteer)
    return [entry.after for entry in entries]


def test_turning_email_off_is_on_record_at_once_and_once(volunteer):
    _save(volunteer, email_on=True)
    assert _unsubscriptions(volunteer) == []

    _save(volunteer, email_on=False)
    assert _unsubscriptions(volunteer) == [{"how": "settings"}]

    _save(volunteer, email_on=False)
    assert _unsubscriptions(volunteer) == [{"how": "settings"}]
