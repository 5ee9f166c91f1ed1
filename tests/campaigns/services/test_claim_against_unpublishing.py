"""A claim racing an organizer who unpublishes the prisoner or closes the case: the
claim waits for the organizer's commit (its share lock on the prisoner's row) and then
sees the change, so no one defends a prisoner the site no longer shows or who is no
longer held."""

import threading
import time

import pytest
from django.db import connections, transaction

from campaigns import services
from campaigns.models import Adoption
from prisoners.models import Prisoner, Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("change", "status"),
    [({"is_published": False}, 404), ({"status": Status.RELEASED}, 409)],
    ids=["unpublished", "released"],
)
def test_a_claim_waiting_on_an_organizers_change_is_refused(volunteer, prisoner, change, status):
    locked = threading.Event()
    outcome = {}

    def organizer_changes():
        try:
            with transaction.atomic():
                row = Prisoner.objects.select_for_update(no_key=True).get(pk=prisoner.pk)
                for field, value in change.items():
                    setattr(row, field, value)
                row.save(update_fields=list(change))
                locked.set()
                time.sleep(0.5)  # the claim arrives meanwhile and must wait
        finally:
            connections.close_all()

    def claim():
        locked.wait(10)
        try:
            services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
            outcome["claim"] = "done"
        except services.Refused as refusal:
            outcome["claim"] = refusal.status
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=organizer_changes),
        threading.Thread(target=claim),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert outcome == {"claim": status}
    assert not Adoption.objects.active().filter(prisoner=prisoner).exists()
