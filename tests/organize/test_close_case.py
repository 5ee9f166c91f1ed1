"""Closing a case (S11): marked released or dead by an organizer, or dead by an import,
the defence ends and the defender is thanked by email; a closed case cannot be closed
again."""

import datetime

import time_machine
from django.core import mail
from django.utils import timezone

from campaigns.figures import campaign_counters
from campaigns.models import Adoption, AuditEntry, OutgoingEmail
from campaigns.outbox import emails, schedule, send
from prisoners.dates import Precision
from prisoners.models import CaseEvent, Status
from tests.conftest import defend

from .conftest import changed, new_rows, the_audit_row, url, world

NOW = datetime.datetime(2026, 11, 26, 19, 0, tzinfo=datetime.UTC)  # Thursday, past 18:00 UTC
WEEK = datetime.timedelta(weeks=1)


def test_mark_released_closes_the_case_and_thanks_the_defender(
    org,
    organizer,
    volunteer,
    other_volunteer,
    prisoner,
    doorbell,
    django_capture_on_commit_callbacks,
):
    adoption = defend(volunteer, prisoner)
    support = Adoption.objects.create(
        volunteer=other_volunteer, prisoner=prisoner, role="supporter"
    )
    assert campaign_counters()["defended"] == 1
    before = world()

    with django_capture_on_commit_callbacks(execute=True):
        response = org.post(
            url("mark_released", prisoner.slug),
            {"when": "2026-01-15", "text": "Released after ten years.", "is_published": "on"},
        )

    assert response.status_code == 302
    after = world()
    (event_pk,) = new_rows(before, after, CaseEvent)
    (thanks_pk,) = new_rows(before, after, OutgoingEmail)
    assert changed(before, after) == {
        ("Prisoner", prisoner.pk),
        ("Adoption", adoption.pk),
        ("CaseEvent", event_pk),
        ("OutgoingEmail", thanks_pk),
    }
    prisoner.refresh_from_db()
    assert prisoner.status == Status.RELEASED
    assert prisoner.death_date is None
    event = CaseEvent.objects.get(pk=event_pk)
    assert (event.kind, event.date, event.text) == (
        "release",
        datetime.date(2026, 1, 15),
        "Released after ten years.",
    )
    adoption.refresh_from_db()
    assert adoption.end_reason == Adoption.EndReason.PRISONER_RELEASED
    assert Adoption.objects.get(pk=support.pk).ended_at is None
    thanks = OutgoingEmail.objects.get(pk=thanks_pk)
    assert (thanks.kind, thanks.volunteer, thanks.prisoner, thanks.status) == (
        "thanks",
        volunteer,
        prisoner,
        "queued",
    )
    assert thanks.period == timezone.localdate().isoformat()
    assert doorbell == [([thanks_pk], None)]
    assert campaign_counters()["defended"] == 0
    entry = the_audit_row("mark_released")
    assert entry.actor == organizer
    assert entry.before["status"] == "sentenced"
    assert entry.after["status"] == "released"
    assert entry.before["defender"]["ended_at"] is None
    assert entry.after["defender"]["end_reason"] == "prisoner_released"
    assert entry.after["event"]["id"] == event_pk
    assert entry.after["thanks_email"] == thanks_pk

    assert send.send_chunk([thanks_pk]) == {"sent": 1}
    (message,) = mail.outbox
    assert message.to == [volunteer.email]
    assert "吴淦" in message.subject or "Wu Gan" in message.subject
    assert "has been released" in message.body
    assert emails.links_for(volunteer)["find_url"] in message.body
    html = message.alternatives[0][0]
    assert "has been released" in html
    assert "Defend someone new" in html
    assert OutgoingEmail.objects.get(pk=thanks_pk).status == OutgoingEmail.Status.SENT


def test_mark_died_sets_the_date_of_death_and_thanks_the_defender(
    org, organizer, volunteer, prisoner, doorbell, django_capture_on_commit_callbacks
):
    adoption = defend(volunteer, prisoner)
    before = world()

    with django_capture_on_commit_callbacks(execute=True):
        response = org.post(
            url("mark_died", prisoner.slug), {"when": "2026-02", "text": "Died in custody."}
        )

    assert response.status_code == 302
    after = world()
    (event_pk,) = new_rows(before, after, CaseEvent)
    (thanks_pk,) = new_rows(before, after, OutgoingEmail)
    assert changed(before, after) == {
        ("Prisoner", prisoner.pk),
        ("Adoption", adoption.pk),
        ("CaseEvent", event_pk),
        ("OutgoingEmail", thanks_pk),
    }
    prisoner.refresh_from_db()
    assert prisoner.status == Status.DIED
    assert (prisoner.death_date, prisoner.death_date_precision) == (
        datetime.date(2026, 2, 1),
        Precision.MONTH,
    )
    event = CaseEvent.objects.get(pk=event_pk)
    assert (event.kind, event.date_precision, event.is_published) == ("death", "month", False)
    adoption.refresh_from_db()
    assert adoption.end_reason == Adoption.EndReason.PRISONER_DIED
    assert doorbell == [([thanks_pk], None)]
    entry = the_audit_row("mark_died")
    assert entry.before["death_date"] is None
    assert entry.after["death_date"] == "2026-02-01"
    assert entry.after["death_date_precision"] == "month"

    message = emails.build_message(OutgoingEmail.objects.get(pk=thanks_pk))
    assert "has died" in message.body
    assert "has died" in message.alternatives[0][0]


def test_a_death_reported_by_the_import_ends_the_defence_and_stops_reminders(
    make_user, doorbell, django_capture_on_commit_callbacks
):
    from prisoners import importer
    from prisoners.models import Prisoner

    header = ",".join(importer.COLUMNS)
    alive = header + "\n王某,Male,1970,,Beijing,2030-01-01,https://example.org/case/1\n"
    dead = header + "\n王某,Male,1970,2026-10-01,Beijing,2030-01-01,https://example.org/case/1\n"
    with time_machine.travel(NOW - WEEK, tick=False) as clock:
        importer.import_prisoners(alive)
        prisoner = Prisoner.objects.get()
        volunteer = make_user()
        Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
        importer.import_prisoners(dead)  # what /organize/import/ runs on confirmation
        clock.move_to(NOW)
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
    adoption = Adoption.objects.get()
    assert adoption.end_reason == Adoption.EndReason.PRISONER_DIED
    assert list(OutgoingEmail.objects.values_list("kind", flat=True)) == ["thanks"]
    entry = AuditEntry.objects.get()
    assert entry.actor is None and entry.action == AuditEntry.Action.END_ADOPTION


def test_a_closed_case_cannot_be_closed_again(org, prisoner):
    prisoner.status = Status.RELEASED
    prisoner.save()
    before = world()
    for name in ("mark_released", "mark_died"):
        response = org.post(url(name, prisoner.slug), {"when": "2026", "text": "x"})
        assert response.status_code == 409
        assert "This case is closed already" in response.content.decode()
    assert world() == before
    assert not AuditEntry.objects.exists()


def test_release_without_a_defender_sends_no_email(
    org, prisoner, doorbell, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = org.post(url("mark_released", prisoner.slug), {"when": "2026", "text": "x"})
    assert response.status_code == 302
    assert not OutgoingEmail.objects.exists()
    assert doorbell == []
    assert the_audit_row("mark_released").after["thanks_email"] is None
