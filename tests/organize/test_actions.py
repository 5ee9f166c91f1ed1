"""Organizers' actions (S11): each changes exactly what it says, and nothing else, and
writes its audit row; confirmation pages change nothing; reassignment keeps the
one-defender rules against a concurrent claim; the thanks email and the news reach
the defender.
"""

import datetime
import threading

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone

from campaigns import emails, reminders
from campaigns.models import Adoption, AuditEntry, Reminder, VolunteerSettings
from campaigns.stats import campaign_counters
from prisoners.dates import Precision
from prisoners.models import CaseEvent, Prisoner, Status
from tests.conftest import PASSWORD

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


def defend(volunteer, prisoner) -> Adoption:
    return Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")


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


# -- Confirmation pages ----------------------------------------------------------------


def test_confirmation_pages_show_what_will_change_and_change_nothing(org, volunteer, prisoner):
    adoption = defend(volunteer, prisoner)
    before = world()

    pages = [
        (url("approve", volunteer.pk), "Approve Lotus?"),
        (url("suspend", volunteer.pk), "Suspend Lotus?"),
        (url("reassign", prisoner.slug), "Current defender"),
        (url("end_adoption", prisoner.slug), "End the adoption of"),
        (url("add_event", prisoner.slug), "Add an event to the timeline"),
        (url("mark_released", prisoner.slug), "send them an email of thanks"),
        (url("mark_died", prisoner.slug), "the date of death"),
    ]
    for page, promise in pages:
        response = org.get(page)
        assert response.status_code == 200, page
        assert promise in response.content.decode(), page

    assert world() == before
    assert not AuditEntry.objects.exists()
    assert Adoption.objects.get(pk=adoption.pk).ended_at is None


# -- Approval ------------------------------------------------------------------------------


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


# -- Suspension ----------------------------------------------------------------------------


def test_suspend_ends_adoptions_silences_emails_and_closes_the_account(
    org, organizer, volunteer, other_volunteer, prisoner, make_prisoner
):
    supported = make_prisoner()
    defended = defend(volunteer, prisoner)
    support = Adoption.objects.create(volunteer=volunteer, prisoner=supported, role="supporter")
    queued = Reminder.objects.create(
        volunteer=volunteer, prisoner=prisoner, kind="reminder", period="2026-W47"
    )
    sent = Reminder.objects.create(
        volunteer=volunteer, prisoner=prisoner, kind="reminder", period="2026-W46", status="sent"
    )
    others = Reminder.objects.create(volunteer=other_volunteer, kind="digest", period="2026-W47")
    signed_in = Client()
    signed_in.force_login(volunteer)
    before = world()

    response = org.post(url("suspend", volunteer.pk), {"note": "Spam posts"})

    assert response.status_code == 302
    assert changed(before, world()) == {
        ("User", volunteer.pk),
        ("Adoption", defended.pk),
        ("Adoption", support.pk),
        ("Reminder", queued.pk),
    }
    volunteer.refresh_from_db()
    assert not volunteer.is_active
    for adoption in (defended, support):
        adoption.refresh_from_db()
        assert adoption.end_reason == Adoption.EndReason.VOLUNTEER_SUSPENDED
        assert adoption.end_note == "Spam posts"
    assert Reminder.objects.get(pk=queued.pk).status == Reminder.Status.SUPPRESSED
    assert Reminder.objects.get(pk=sent.pk).status == Reminder.Status.SENT
    assert Reminder.objects.get(pk=others.pk).status == Reminder.Status.QUEUED
    entry = the_audit_row("suspend")
    assert entry.actor == organizer
    assert entry.before["is_active"] is True
    assert entry.after["is_active"] is False
    assert {a["id"] for a in entry.before["adoptions"]} == {defended.pk, support.pk}
    assert all(a["ended_at"] is None for a in entry.before["adoptions"])
    assert all(a["end_reason"] == "volunteer_suspended" for a in entry.after["adoptions"])
    assert entry.before["queued_reminders"] == [queued.pk]
    assert entry.after["note"] == "Spam posts"

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


# -- Reassignment ------------------------------------------------------------------------


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
        {"email": other_volunteer.email.upper(), "expected": old.pk},
    )

    assert response.status_code == 302
    after = world()
    (new_pk,) = new_rows(before, after, Adoption)
    assert changed(before, after) == {
        ("Adoption", old.pk),
        ("Adoption", support.pk),
        ("Adoption", new_pk),
    }
    old.refresh_from_db()
    support.refresh_from_db()
    assert old.end_reason == Adoption.EndReason.REASSIGNED
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


def test_reassign_to_someone_who_defends_another_prisoner_is_a_409_form_error(
    org, volunteer, other_volunteer, prisoner, make_prisoner
):
    old = defend(volunteer, prisoner)
    defend(other_volunteer, make_prisoner())
    before = world()

    response = org.post(
        url("reassign", prisoner.slug), {"email": other_volunteer.email, "expected": old.pk}
    )

    assert response.status_code == 409
    assert "already defends someone" in response.content.decode()
    assert world() == before
    assert not AuditEntry.objects.exists()


def test_reassign_is_refused_when_the_defender_changed_since_the_page(
    org, volunteer, other_volunteer, make_user, prisoner
):
    page = org.get(url("reassign", prisoner.slug))
    assert 'name="expected"' in page.content.decode()
    defend(volunteer, prisoner)  # a claim between the page and the confirmation
    before = world()

    response = org.post(url("reassign", prisoner.slug), {"email": other_volunteer.email})

    assert response.status_code == 409
    assert "changed while you were looking" in response.content.decode()
    assert world() == before


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("nobody@example.org", "No volunteer signs in with this address"),
        ("not an address", "Enter a valid email address"),
    ],
)
def test_reassign_with_a_bad_address_is_a_400_and_changes_nothing(org, prisoner, email, error):
    before = world()
    response = org.post(url("reassign", prisoner.slug), {"email": email})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert world() == before
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_reassign_racing_a_claim_leaves_exactly_one_defender(organizer, make_user, make_prisoner):
    rounds = 8
    prisoners = [make_prisoner() for _ in range(rounds)]
    newcomers = [make_user() for _ in range(rounds)]
    claimers = [make_user() for _ in range(rounds)]
    org = organizer_client(organizer)

    for prisoner, newcomer, claimer in zip(prisoners, newcomers, claimers, strict=True):
        claimer_client = Client()
        claimer_client.force_login(claimer)
        requests = [
            (org, url("reassign", prisoner.slug), {"email": newcomer.email, "expected": ""}),
            (claimer_client, f"/prisoners/{prisoner.slug}/defend/", {}),
        ]
        codes = race(requests)

        assert 500 not in codes, codes
        assert sorted(codes) == [302, 409], codes
        defenders = Adoption.objects.active().defenders().filter(prisoner=prisoner)
        assert defenders.count() == 1
        winner = newcomer if codes[0] == 302 else claimer
        assert defenders.get().volunteer == winner
        on_record = AuditEntry.objects.filter(target__contains=prisoner.slug)
        assert on_record.filter(action="reassign").count() == (1 if winner == newcomer else 0)
        # The claim is on record either way, with its outcome (S11).
        (claim,) = on_record.filter(action="claim")
        assert (claim.actor, claim.outcome) == (
            claimer,
            "done" if winner == claimer else "refused",
        )


def race(requests) -> list[int]:
    barrier = threading.Barrier(len(requests))
    codes = [0] * len(requests)

    def run(i, client, path, data):
        try:
            barrier.wait(timeout=30)
            codes[i] = client.post(path, data).status_code
        except Exception:  # a 500 raised through the test client
            codes[i] = 500
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return codes


# -- Ending an adoption --------------------------------------------------------------------


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
    assert adoption.end_note == "No posts since March"
    entry = the_audit_row("end_adoption")
    assert entry.actor == organizer
    assert entry.before["defender"]["ended_at"] is None
    assert entry.after["defender"]["end_reason"] == "lapsed"
    assert entry.after["defender"]["end_note"] == "No posts since March"


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


# -- Case events -------------------------------------------------------------------------


def test_a_published_event_shows_on_the_profile_and_in_the_next_reminder(
    org, organizer, volunteer, prisoner
):
    defend(volunteer, prisoner)
    before = world()

    response = org.post(
        url("add_event", prisoner.slug),
        {
            "when": "2026-03",
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
    assert (event.date, event.date_precision) == (datetime.date(2026, 3, 1), Precision.MONTH)
    assert (event.kind, event.is_published) == ("trial", True)
    entry = the_audit_row("add_event")
    assert entry.actor == organizer
    assert entry.before == {}
    assert entry.after["event"]["date"] == "2026-03"
    assert entry.after["event"]["text"] == "Tried behind closed doors in Tianjin."

    assert "Tried behind closed doors in Tianjin." in client_page(prisoner)
    reminder = Reminder.objects.create(
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
    reminder = Reminder.objects.create(
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
        ({"when": "2026", "kind": "trial", "text": ""}, "This field is required"),
    ],
)
def test_a_bad_event_is_a_400_and_adds_nothing(org, prisoner, data, error):
    before = world()
    response = org.post(url("add_event", prisoner.slug), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert world() == before
    assert not AuditEntry.objects.exists()


# -- Released and deceased -----------------------------------------------------------------


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
    (thanks_pk,) = new_rows(before, after, Reminder)
    assert changed(before, after) == {
        ("Prisoner", prisoner.pk),
        ("Adoption", adoption.pk),
        ("CaseEvent", event_pk),
        ("Reminder", thanks_pk),
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
    thanks = Reminder.objects.get(pk=thanks_pk)
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

    assert reminders.send_chunk([thanks_pk]) == {"sent": 1}
    (message,) = mail.outbox
    assert message.to == [volunteer.email]
    assert "吴淦" in message.subject or "Wu Gan" in message.subject
    assert "has been released" in message.body
    assert emails.links_for(volunteer)["find_url"] in message.body
    html = message.alternatives[0][0]
    assert "has been released" in html
    assert "Defend someone new" in html
    assert Reminder.objects.get(pk=thanks_pk).status == Reminder.Status.SENT


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
    (thanks_pk,) = new_rows(before, after, Reminder)
    assert changed(before, after) == {
        ("Prisoner", prisoner.pk),
        ("Adoption", adoption.pk),
        ("CaseEvent", event_pk),
        ("Reminder", thanks_pk),
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

    message = emails.build_message(Reminder.objects.get(pk=thanks_pk))
    assert "has died" in message.body
    assert "has died" in message.alternatives[0][0]


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
    assert not Reminder.objects.exists()
    assert doorbell == []
    assert the_audit_row("mark_released").after["thanks_email"] is None


# -- The audit log ---------------------------------------------------------------------------


def test_audit_log_is_paginated_newest_first_with_actor_and_changes(org, organizer):
    for n in range(51):
        AuditEntry.objects.create(
            actor=organizer,
            action="approve",
            target=f"volunteer {n:02d}",
            before={"approved_at": None},
            after={"approved_at": f"2026-01-{n % 28 + 1:02d}"},
        )
    cell = "<td>Approved a volunteer</td>"

    first = org.get("/organize/audit/")
    assert first.status_code == 200
    page = first.content.decode()
    assert page.count(cell) == 50
    assert "volunteer 50" in page
    assert "volunteer 00" not in page
    assert page.index("volunteer 50") < page.index("volunteer 49")
    assert f"Organizer (#{organizer.pk})" in page
    assert organizer.email not in page
    assert "approved_at" in page

    older = first.context["older"]
    assert f"before={older}" in page
    second = org.get("/organize/audit/", {"before": older})
    assert second.content.decode().count(cell) == 1
    assert "volunteer 00" in second.content.decode()
    assert second.context["older"] == ""  # the end
    # A made-up cursor starts again from the newest.
    assert org.get("/organize/audit/", {"before": "x_y"}).content.decode().count(cell) == 50


def test_audit_log_shows_one_kind_or_the_organizers_actions(org, organizer, volunteer):
    AuditEntry.objects.create(actor=organizer, action="approve", target="approved one")
    AuditEntry.objects.create(actor=volunteer, action="sign_in", target="signed in one")
    AuditEntry.objects.create(actor=None, action="sign_in_failed", target="", outcome="refused")

    everything = org.get("/organize/audit/").content.decode()
    assert "approved one" in everything and "signed in one" in everything
    assert "(unknown address)" in everything and ">refused</span>" in everything
    only_organizers = org.get("/organize/audit/", {"kind": "organizers"}).content.decode()
    assert "approved one" in only_organizers and "signed in one" not in only_organizers
    sign_ins = org.get("/organize/audit/", {"kind": "sign_in"}).content.decode()
    assert "signed in one" in sign_ins and "approved one" not in sign_ins
    # An unknown kind shows everything rather than an error.
    assert "signed in one" in org.get("/organize/audit/", {"kind": "nonsense"}).content.decode()


def test_audit_log_query_count_does_not_grow(org, organizer):
    def grow(n):
        AuditEntry.objects.bulk_create(
            AuditEntry(actor=organizer, action="approve", target=f"v{i}") for i in range(n)
        )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grow(5)
    with CaptureQueriesContext(connection) as few:
        org.get("/organize/audit/")
    grow(500)
    with CaptureQueriesContext(connection) as many:
        org.get("/organize/audit/")
    assert len(many) == len(few)
