"""Adding an event to a prisoner's timeline (S11): a published one shows on the profile
and in the defender's next reminder, an unpublished one in neither; a bad one adds
nothing."""

import pytest
from django.test import Client
from django.utils import timezone

from campaigns.models import AuditEntry, OutgoingEmail
from campaigns.outbox import emails
from prisoners.dates import Precision
from prisoners.models import CaseEvent
from tests.conftest import defend

from .conftest import changed, new_rows, the_audit_row, url, world


def test_a_published_event_shows_on_the_profile_and_in_the_next_reminder(
    org, organizer, volunteer, prisoner
):
    defend(volunteer, prisoner)
    before = world()
    # This month: news in the next reminder (an older date would go on the timeline line).
    month = timezone.localdate().replace(day=1)

    response = org.post(
        url("add_event", prisoner.slug),
        {
            "when": f"{month:%Y-%m}",
            "kind": "trial",
            "text": "Tried behind closed doors in Tianjin.",
            "source_url": "https://example.org/news",
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    after = world()
    (event_pk,) = new_rows(before, after, CaseEvent)
    assert changed(before, after) == {("CaseEvent", event_pk)}
    event = CaseEvent.objects.get(pk=event_pk)
    assert (event.date, event.date_precision) == (month, Precision.MONTH)
    assert (event.kind, event.is_published) == ("trial", True)
    entry = the_audit_row("add_event")
    assert entry.actor == organizer
    assert entry.before == {}
    assert entry.after["event"]["date"] == f"{month:%Y-%m}"
    assert entry.after["event"]["text"] == "Tried behind closed doors in Tianjin."

    assert "Tried behind closed doors in Tianjin." in client_page(prisoner)
    reminder = OutgoingEmail.objects.create(
        volunteer=volunteer, prisoner=prisoner, kind="reminder", period="2026-W48"
    )
    message = emails.build_message(reminder)
    assert "Tried behind closed doors in Tianjin." in message.body
    assert "Tried behind closed doors in Tianjin." in message.alternatives[0][0]


def test_an_unpublished_event_stays_off_the_profile_and_the_reminder(org, volunteer, prisoner):
    defend(volunteer, prisoner)
    org.post(
        url("add_event", prisoner.slug),
        {"when": "2026-03-02", "kind": "health", "text": "Unconfirmed rumour of illness."},
    )
    assert CaseEvent.objects.get().is_published is False
    assert "Unconfirmed rumour" not in client_page(prisoner)
    reminder = OutgoingEmail.objects.create(
        volunteer=volunteer, prisoner=prisoner, kind="reminder", period="2026-W48"
    )
    assert "Unconfirmed rumour" not in emails.build_message(reminder).body


def client_page(prisoner) -> str:
    response = Client().get(prisoner.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"when": "2026-13", "kind": "trial", "text": "x"}, "YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"when": "2999-01-01", "kind": "trial", "text": "x"}, "in the future"),
        ({"when": "2026", "kind": "release", "text": "x"}, "Select a valid choice"),
        (
            {"when": "2026", "kind": "trial", "text": ""},
            "Say what happened, in English or in Chinese.",
        ),
    ],
)
def test_a_bad_event_is_a_400_and_adds_nothing(org, prisoner, data, error):
    before = world()
    response = org.post(url("add_event", prisoner.slug), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert world() == before
    assert not AuditEntry.objects.exists()
