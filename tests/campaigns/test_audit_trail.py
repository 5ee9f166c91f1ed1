"""S11: sign-ins, failed sign-ins, refused visits to the organizers' pages, claims,
hand-backs and unsubscriptions are on record with who, what, when (UTC) and outcome;
never an email address, a password or a token; and deleting the account erases the
pseudonym there too."""

import datetime
import json
import time

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns import audit, services, tokens
from campaigns.models import Adoption, AuditEntry
from campaigns.organize import services as organizing
from tests.conftest import PASSWORD, reauthenticate

from .conftest import defend_url, settings_form


def rows(action: str):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def everything_on_record() -> str:
    return json.dumps(
        list(AuditEntry.objects.values("target", "before", "after")), ensure_ascii=False
    )


def test_a_sign_in_is_on_record_by_pseudonym_in_utc(client, volunteer):
    started = timezone.now()
    response = client.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})
    assert response.status_code == 302

    (entry,) = rows("sign_in")
    assert (entry.actor, entry.outcome) == (volunteer, "done")
    assert entry.target == f"{volunteer.display_name} (#{volunteer.pk})"
    assert entry.created_at.utcoffset() == datetime.timedelta(0)
    assert started <= entry.created_at <= timezone.now()
    assert volunteer.email not in everything_on_record()
    assert PASSWORD not in everything_on_record()


def test_failed_sign_ins_are_refused_on_record_without_the_address(client, volunteer):
    client.post("/accounts/login/", {"login": volunteer.email, "password": "wrong-password"})
    client.post("/accounts/login/", {"login": "stranger@example.org", "password": "guess"})

    known, unknown = rows("sign_in_failed")
    assert (known.actor, known.outcome) == (volunteer, "refused")
    assert (unknown.actor, unknown.outcome, unknown.target) == (None, "refused", "")
    assert unknown.after == {"account": "unknown address"}
    on_record = everything_on_record()
    assert "stranger" not in on_record and volunteer.email not in on_record
    assert "wrong-password" not in on_record and "guess" not in on_record


def test_a_wrong_second_factor_code_is_on_record(client, organizer):
    with time_machine.travel(time.time(), tick=False):
        client.post("/accounts/login/", {"login": organizer.email, "password": PASSWORD})
        code = organizer.totp_code()
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        client.post(reverse("mfa_authenticate"), {"code": wrong})
        client.post(reverse("mfa_authenticate"), {"code": code})

    (failed,) = rows("sign_in_failed")
    assert (failed.actor, failed.after) == (organizer, {"step": "second factor"})
    assert [entry.actor for entry in rows("sign_in")] == [organizer]
    assert code not in everything_on_record()


def test_a_volunteer_at_the_organizers_door_is_on_record_a_visitor_is_not(client, volunteer):
    assert client.get("/organize/").status_code == 404
    assert rows("denied") == []  # scanners would fill the log
    client.force_login(volunteer)
    assert client.get("/organize/audit/").status_code == 404
    (entry,) = rows("denied")
    assert (entry.actor, entry.target, entry.outcome) == (volunteer, "/organize/audit/", "refused")


def test_claims_done_and_refused_and_a_hand_back_are_on_record(
    volunteer_client, volunteer, other_volunteer, prisoner
):
    assert volunteer_client.post(defend_url(prisoner)).status_code == 302
    other = Client()
    other.force_login(other_volunteer)
    assert other.post(defend_url(prisoner)).status_code == 409
    assert volunteer_client.post("/me/hand-back/", {"reason": "moving abroad"}).status_code == 302

    done, refused = rows("claim")
    assert (done.actor, done.outcome) == (volunteer, "done")
    assert done.target == f"{prisoner} ({prisoner.slug})"
    assert (refused.actor, refused.outcome) == (other_volunteer, "refused")
    assert "already has a defender" in refused.after["reason"]
    (handed,) = rows("hand_back")
    assert (handed.actor, handed.target) == (volunteer, done.target)
    # The reason stays with the adoption, for organizers; the log says only that there is one.
    assert handed.after == {"reason given": True}
    assert Adoption.objects.get(volunteer=volunteer).end_message == "moving abroad"


def test_a_double_click_is_one_claim_on_record(volunteer_client, prisoner):
    volunteer_client.post(defend_url(prisoner))
    volunteer_client.post(defend_url(prisoner))
    assert [entry.outcome for entry in rows("claim")] == ["done"]


@pytest.mark.parametrize("how", ["email link", "settings"])
def test_an_unsubscription_is_on_record_once(client, volunteer, how):
    def unsubscribe():
        if how == "email link":
            token = tokens.make(tokens.UNSUBSCRIBE, volunteer)
            response = client.post(reverse("campaigns:unsubscribe", args=[token]))
        else:
            client.force_login(volunteer)
            form = settings_form(volunteer, email_reminders=False)
            response = client.post("/me/settings/", form)
        assert response.status_code in (200, 302)

    unsubscribe()
    assert len(rows("unsubscribe")) == 1  # on record at once
    unsubscribe()  # already unsubscribed: nothing new to record

    (entry,) = rows("unsubscribe")
    assert (entry.actor, entry.after) == (volunteer, {"how": how})
    token = tokens.make(tokens.UNSUBSCRIBE, volunteer)
    assert token not in everything_on_record()


def test_deleting_the_account_leaves_no_pseudonym_on_record(client, volunteer, prisoner):
    client.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})
    client.post(defend_url(prisoner))
    client.force_login(volunteer)
    pk, pseudonym = volunteer.pk, volunteer.display_name
    assert pseudonym in everything_on_record()

    reauthenticate(client)
    response = client.post("/me/settings/delete/", {"confirm": "DELETE"})
    assert response.status_code == 302

    assert pseudonym not in everything_on_record()
    assert AuditEntry.objects.filter(target=f"#{pk}", action="sign_in").exists()
    assert not AuditEntry.objects.filter(actor_id=pk).exists()


def test_account_deletion_erases_the_volunteer_from_the_audit_log(make_user, organizer):
    volunteer = make_user(display_name="Plum Blossom")
    organizing.approve_volunteer(organizer=organizer, volunteer=volunteer)
    email, pk = volunteer.email, volunteer.pk
    services.delete_account(volunteer=volunteer)
    entry = AuditEntry.objects.get()
    text = entry.target + str(entry.before) + str(entry.after)
    assert email not in text and "Plum Blossom" not in text and f"#{pk}" in text


def test_a_refusal_repeated_by_a_script_is_recorded_once_a_minute(
    client, volunteer, other_volunteer, prisoner
):
    Adoption.objects.create(volunteer=other_volunteer, prisoner=prisoner, role="defender")
    client.force_login(volunteer)
    for _ in range(20):
        assert client.get("/organize/").status_code == 404
        assert client.post(defend_url(prisoner)).status_code == 409
    assert (len(rows("denied")), len(rows("claim"))) == (1, 1)
    client.get("/organize/audit/")  # another door: its own row
    assert len(rows("denied")) == 2

    # The minute is kept in Redis (audit.REPEAT_REFUSALS_EVERY); once it has passed:
    cache.delete(audit.refusal_key(volunteer, "denied", "/organize/"))
    client.get("/organize/")
    assert len(rows("denied")) == 3
