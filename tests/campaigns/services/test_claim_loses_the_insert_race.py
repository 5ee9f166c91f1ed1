"""A claim or a support that loses the INSERT race to a row committed a moment later
(one it could not see when it checked) answers from the constraint it hit: the other
click of its own double click is its success; a defender taken meanwhile, or another
prisoner claimed meanwhile by the same volunteer, is the refusal that says so."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from campaigns import services
from campaigns.models import Adoption

pytestmark = pytest.mark.django_db(transaction=True)

DEFENDER, SUPPORTER = Adoption.Role.DEFENDER, Adoption.Role.SUPPORTER


def _someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _race(action, volunteer, prisoner, first: dict):
    """`first` inserted and held uncommitted on another connection until `action` waits on
    it at its INSERT, then committed: `action`'s own checks cannot have seen it."""
    inserted, outcome = threading.Event(), {}

    def insert_first():
        try:
            with transaction.atomic():
                outcome["first"] = Adoption.objects.create(**first)
                inserted.set()
                deadline = time.monotonic() + 10
                while not _someone_waits_on_a_lock() and time.monotonic() < deadline:
                    time.sleep(0.02)
        finally:
            connections.close_all()

    thread = threading.Thread(target=insert_first)
    thread.start()
    assert inserted.wait(10)
    try:
        outcome["result"] = action(volunteer=volunteer, prisoner=prisoner)
    except services.Refused as refusal:
        outcome["result"] = refusal
    thread.join(30)
    return outcome["first"], outcome["result"]


@pytest.mark.parametrize(
    ("action", "role"),
    [(services.claim_prisoner, DEFENDER), (services.support_prisoner, SUPPORTER)],
)
def test_the_other_click_of_a_double_click_is_the_success(volunteer, prisoner, action, role):
    first, result = _race(
        action,
        volunteer,
        prisoner,
        {"volunteer": volunteer, "prisoner": prisoner, "role": role},
    )
    assert result == first
    assert Adoption.objects.active().filter(volunteer=volunteer, prisoner=prisoner).count() == 1


@pytest.mark.parametrize(
    ("taken_meanwhile", "message"),
    [
        ("its defender", "Wu Gan already has a defender: support them instead."),
        # Both orders of the prisoners' ids: the refusal must not depend on which is lower.
        ("an earlier case by me", "You already defend someone: hand them back first."),
        ("a later case by me", "You already defend someone: hand them back first."),
    ],
)
def test_a_claim_taken_meanwhile_is_a_409_saying_how(
    volunteer, other_volunteer, make_prisoner, taken_meanwhile, message
):
    earlier = make_prisoner()
    wanted = make_prisoner(native_name="吴淦")
    first = {"volunteer": volunteer, "prisoner": earlier, "role": DEFENDER}
    if taken_meanwhile == "its defender":
        first.update(volunteer=other_volunteer, prisoner=wanted)
    elif taken_meanwhile == "a later case by me":
        first.update(prisoner=make_prisoner())

    _first, refusal = _race(services.claim_prisoner, volunteer, wanted, first)

    assert (refusal.status, refusal.message) == (409, message)
    assert not Adoption.objects.filter(volunteer=volunteer, prisoner=wanted).exists()
