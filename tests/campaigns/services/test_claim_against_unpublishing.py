"""A claim racing an organizer who unpublishes the prisoner: the claim waits for the
organizer's commit (its share lock on the prisoner's row) and then sees the prisoner
unpublished, so no one defends a prisoner the site no longer shows."""

import threading
import time

import pytest
from django.db import connections, transaction

from campaigns import services
from campaigns.models import Adoption
from prisoners.models import Prisoner

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_claim_waiting_on_an_unpublishing_is_refused(volunteer, prisoner):
    locked = threading.Event()
    outcome = {}

    def unpublish():
        try:
            with transaction.atomic():
                row = Prisoner.objects.select_for_update(no_key=True).get(pk=prisoner.pk)
                row.is_published = False
                row.save(update_fields=["is_published"])
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

    threads = [threading.Thread(target=unpublish), threading.Thread(target=claim)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert outcome == {"claim": 404}
    assert not Adoption.objects.active().filter(prisoner=prisoner).exists()
