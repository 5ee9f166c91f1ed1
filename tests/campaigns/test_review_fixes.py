"""Regressions found in review: each test failed before its fix."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from campaigns import services
from campaigns.models import Adoption, AuditEntry, OutgoingEmail, Post, VolunteerSettings
from campaigns.organize import services as organizing
from campaigns.outbox import schedule, send
from tests.smtp import SMTPServer

UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 26, 19, 0, tzinfo=UTC)  # Thursday, past 18:00 UTC
WEEK = datetime.timedelta(weeks=1)


def _smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


def test_a_5xx_about_our_sending_flags_no_volunteer_and_is_retried(
    make_user, make_prisoner, doorbell, settings, django_capture_on_commit_callbacks
):
    with SMTPServer() as server, time_machine.travel(NOW - WEEK, tick=False) as clock:
        _smtp(settings, server.port)
        for _ in range(3):
            Adoption.objects.create(
                volunteer=make_user(), prisoner=make_prisoner(), role="defender"
            )
        clock.move_to(NOW)
        # The provider refuses our message (a quota): nothing to do with the addresses.
        server.sink.answer_data("554 5.7.1 Daily sending quota exceeded", times=3)
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
        (ids, _countdown), *_ = doorbell
        outcome = send.send_chunk(ids)
    assert not VolunteerSettings.objects.filter(undeliverable_at__isnull=False).exists()
    # One attempt, then the whole chunk waits for a retry, as in an outage.
    assert outcome == {"retry": 1}
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"queued"}


def test_an_address_refused_at_rcpt_is_still_flagged(
    make_user, make_prisoner, doorbell, settings, django_capture_on_commit_callbacks
):
    with SMTPServer() as server, time_machine.travel(NOW - WEEK, tick=False) as clock:
        _smtp(settings, server.port)
        volunteer = make_user()
        Adoption.objects.create(volunteer=volunteer, prisoner=make_prisoner(), role="defender")
        clock.move_to(NOW)
        server.sink.refuse_recipient(volunteer.email, "550 5.1.1 No such mailbox")
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
        ((ids, _),) = doorbell
        send.send_chunk(ids)
    assert VolunteerSettings.objects.get(volunteer=volunteer).undeliverable_at is not None
    assert "@" not in OutgoingEmail.objects.get().last_error  # the quoted address is redacted


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


def test_a_defender_never_warned_is_nudged_before_a_lapse(
    make_user, make_prisoner, doorbell, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW - 4 * WEEK, tick=False) as clock:
        volunteer, prisoner = make_user(), make_prisoner()
        Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
        Post.objects.create(volunteer=volunteer, prisoner=prisoner, platform="x")
        clock.move_to(NOW)  # beat, workers or mail were down for the weeks in between
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
    row = OutgoingEmail.objects.get()
    assert (row.kind, row.weeks_quiet) == ("nudge", 4)
    assert Adoption.objects.active().filter(volunteer=volunteer).exists()


def test_account_deletion_erases_the_volunteer_from_the_audit_log(make_user, organizer):
    volunteer = make_user(display_name="Plum Blossom")
    organizing.approve_volunteer(organizer=organizer, volunteer=volunteer)
    email, pk = volunteer.email, volunteer.pk
    services.delete_account(volunteer=volunteer)
    entry = AuditEntry.objects.get()
    text = entry.target + str(entry.before) + str(entry.after)
    assert email not in text and "Plum Blossom" not in text and f"#{pk}" in text


def test_withdrawn_public_credit_is_not_served_from_the_page_cache(
    client, settings, prisoner, make_user
):
    settings.PAGE_CACHE_SECONDS = 60
    volunteer = make_user(display_name="Zhang Realname")
    services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    VolunteerSettings.objects.update_or_create(
        volunteer=volunteer, defaults={"public_credit": True}
    )
    cache.clear()
    url = prisoner.get_absolute_url()
    assert "Zhang Realname" in client.get(url).content.decode()
    me = Client()
    me.force_login(volunteer)
    response = me.post(
        "/me/settings/",
        {
            "profile-display_name": "Zhang Realname",
            "profile-language": "en",
            "profile-timezone": "UTC",
            "settings-email_reminders": "on",
            "settings-reminder_weekday": "4",
            "settings-reminder_hour": "18",
            "settings-supporter_digest": "on",
        },
    )
    assert response.status_code == 302
    assert "Zhang Realname" not in Client().get(url).content.decode()


def test_made_up_query_strings_do_not_fill_the_page_cache(client, settings, prisoner):
    settings.PAGE_CACHE_SECONDS = 60
    for i in range(20):
        assert client.get(f"/prisoners/?junk={i}").status_code == 200
    assert client.get("/prisoners/?status=detained").status_code == 200
    keys = list(cache._cache.get_client(None).scan_iter("*page:*"))
    assert len(keys) == 1


@pytest.mark.parametrize("method", ["add", "change", "delete"])
def test_adoptions_are_read_only_in_the_admin(rf, organizer, method):
    from django.contrib import admin

    model_admin = admin.site._registry[Adoption]
    request = rf.get("/admin/")
    request.user = organizer
    assert not getattr(model_admin, f"has_{method}_permission")(request)


def test_the_pause_link_never_shortens_a_longer_pause(client, make_user):
    from campaigns import tokens

    volunteer = make_user()
    later = datetime.date.today() + datetime.timedelta(days=60)
    VolunteerSettings.objects.create(volunteer=volunteer, paused_until=later)
    client.post(f"/r/pause/{tokens.make(tokens.PAUSE, volunteer.pk)}/")
    assert VolunteerSettings.objects.get(volunteer=volunteer).paused_until == later
