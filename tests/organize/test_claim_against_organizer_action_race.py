"""A volunteer's claim racing an organizer's action on the same volunteer or case.

Each request runs in its own thread with its own database connection; a barrier releases
both together, and one of them starts a few milliseconds late by a delay that sweeps
both ways over the rounds, so that either may commit first or both overlap. Whatever
the order, no request fails with a 500, and at the end of every round the database is
consistent: a suspended volunteer has no active adoption, a closed case no active
defender, and an adoption that was made in the race was ended, and audited, by the
organizer's action. A reassignment racing a claim (released together, no offsets) leaves
exactly one defender, the winner's, and both requests on record.
"""

import threading
import time

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from campaigns.models import Adoption, AuditEntry, OutgoingEmail
from prisoners.models import Status

from .conftest import organizer_client, url

pytestmark = pytest.mark.django_db(transaction=True)

# Seconds one side waits after the barrier: positive delays the claim, negative the
# organizer, whose request is the slower to start (a second factor, a form), so it is
# held back further. Two sweeps, so each relative timing is tried twice.
OFFSETS = [0.0, 0.002, 0.005, 0.01, 0.02, 0.04, -0.002, -0.005, -0.01, -0.02, -0.03, -0.04]
OFFSETS = [*OFFSETS, -0.06, -0.08] * 2


def race(offset: float, organizer_request, claim_request) -> list[tuple[int, str, str]]:
    """Run both (client, path, data) requests at once; (status, Location, body) each."""
    requests = [(max(-offset, 0), *organizer_request), (max(offset, 0), *claim_request)]
    barrier = threading.Barrier(len(requests))
    results: list[tuple[int, str, str]] = [(0, "", "")] * len(requests)

    def run(i, delay, client, path, data):
        try:
            barrier.wait(timeout=30)
            time.sleep(delay)
            response = client.post(path, data)
            results[i] = (
                response.status_code,
                response.get("Location", ""),
                response.content.decode(),
            )
        except Exception as exc:  # a 500 raised through the test client
            results[i] = (500, "", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def commitment_url(action: str, prisoner) -> str:
    return f"/prisoners/{prisoner.slug}/{action}/"


@pytest.mark.parametrize(
    ("action", "role"), [("defend", Adoption.Role.DEFENDER), ("support", Adoption.Role.SUPPORTER)]
)
def test_a_claim_racing_a_suspension_never_outlives_it(
    organizer, make_user, make_prisoner, action, role
):
    org = organizer_client(organizer)
    orders = set()

    for offset in OFFSETS:
        volunteer, prisoner = make_user(), make_prisoner()

        (suspended, claimed) = race(
            offset,
            (org, reverse("organize:suspend", args=[volunteer.pk]), {"note": "race"}),
            (signed_in(volunteer), commitment_url(action, prisoner), {}),
        )

        assert suspended[0] == 302, suspended
        volunteer.refresh_from_db()
        assert not volunteer.is_active
        assert not volunteer.adoptions.active().exists(), (offset, claimed[:2])
        made = list(volunteer.adoptions.all())
        entry = AuditEntry.objects.get(action="suspend", target__contains=f"(#{volunteer.pk})")
        if made:
            # The claim committed first: the suspension ended it and says so.
            orders.add("claim first")
            (adoption,) = made
            assert (adoption.role, adoption.end_reason) == (role, "volunteer_suspended")
            assert [a["id"] for a in entry.before["adoptions"]] == [adoption.pk]
            assert claimed[0] == 302 and "/accounts/login/" not in claimed[1], claimed[:2]
        else:
            # The suspension came first: the claim was refused, or signed out.
            orders.add("suspension first")
            assert entry.before["adoptions"] == []
            assert claimed[0] in (302, 403), claimed
            if claimed[0] == 302:
                assert "/accounts/login/" in claimed[1], claimed[:2]
            else:
                assert "Your account is suspended" in claimed[2]

    assert orders == {"claim first", "suspension first"}, orders


@pytest.mark.parametrize(
    ("view", "status", "end_reason"),
    [
        ("mark_released", Status.RELEASED, Adoption.EndReason.PRISONER_RELEASED),
        ("mark_died", Status.DIED, Adoption.EndReason.PRISONER_DIED),
    ],
)
def test_a_claim_racing_a_closed_case_never_leaves_a_defender(
    organizer, make_user, make_prisoner, doorbell, view, status, end_reason
):
    org = organizer_client(organizer)
    orders = set()

    for offset in OFFSETS:
        volunteer, prisoner = make_user(), make_prisoner()

        (closed, claimed) = race(
            offset,
            (
                org,
                reverse(f"organize:{view}", args=[prisoner.slug]),
                {"when": "2026-01", "text": "x"},
            ),
            (signed_in(volunteer), commitment_url("defend", prisoner), {}),
        )

        assert closed[0] == 302, closed
        prisoner.refresh_from_db()
        assert prisoner.status == status
        assert not Adoption.objects.active().defenders().filter(prisoner=prisoner).exists(), (
            offset,
            claimed[:2],
        )
        made = list(Adoption.objects.filter(prisoner=prisoner))
        entry = AuditEntry.objects.get(action=view, target__contains=prisoner.slug)
        thanks = OutgoingEmail.objects.filter(prisoner=prisoner, kind=OutgoingEmail.Kind.THANKS)
        if made:
            # The claim committed first: the closing ended it and thanked the volunteer.
            orders.add("claim first")
            (adoption,) = made
            assert (adoption.volunteer, adoption.end_reason) == (volunteer, end_reason)
            assert entry.before["defender"]["id"] == adoption.pk
            assert thanks.get().volunteer == volunteer
            assert claimed[:2] == (302, "/me/"), claimed[:2]
        else:
            # The closing came first: the claim was refused with the reason.
            orders.add("closing first")
            assert entry.before["defender"] is None
            assert not thanks.exists()
            assert claimed[0] == 409, claimed
            assert "is no longer held: there is no one to defend" in claimed[2]

    assert orders == {"claim first", "closing first"}, orders


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
            (org, url("reassign", prisoner.slug), {"volunteer": newcomer.pk, "expected": ""}),
            (claimer_client, f"/prisoners/{prisoner.slug}/defend/", {}),
        ]
        codes = race_at_once(requests)

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


def race_at_once(requests) -> list[int]:
    """Run the (organizer, claim) requests together, without offsets; their status codes."""
    return [status for status, _location, _body in race(0.0, *requests)]
