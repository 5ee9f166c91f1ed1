"""Helpers for the organizers' actions: the world an action may change, compared before
and after, and an organizer signed in with a second factor."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.test import Client

from campaigns.models import Adoption, AuditEntry, Reminder, VolunteerSettings
from prisoners.models import CaseEvent, Prisoner

# What an action could touch, row by row; every test compares the world before and after.
TRACKED = {
    Adoption: ["volunteer_id", "prisoner_id", "role", "ended_at", "end_reason", "end_note"],
    Prisoner: ["status", "death_date", "death_date_precision", "is_published"],
    CaseEvent: ["prisoner_id", "kind", "date", "date_precision", "text", "is_published"],
    Reminder: ["volunteer_id", "prisoner_id", "kind", "status"],
    VolunteerSettings: ["approved_at", "unsubscribed_at"],
    get_user_model(): ["is_active"],
}


def world() -> dict:
    return {
        (model.__name__, pk): values
        for model, fields in TRACKED.items()
        for pk, *values in model.objects.values_list("pk", *fields)
    }


def changed(before: dict, after: dict) -> set:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def new_rows(before: dict, after: dict, model) -> set:
    return {pk for name, pk in after.keys() - before.keys() if name == model.__name__}


def organizer_client(organizer) -> Client:
    if not is_mfa_enabled(organizer):
        TOTP.activate(organizer, generate_totp_secret())
    client = Client()
    client.force_login(organizer)
    return client


@pytest.fixture
def org(organizer) -> Client:
    return organizer_client(organizer)


def the_audit_row(action: str) -> AuditEntry:
    (entry,) = AuditEntry.objects.all()
    assert entry.action == action
    return entry


def url(name: str, arg) -> str:
    from django.urls import reverse

    return reverse(f"organize:{name}", args=[arg])
