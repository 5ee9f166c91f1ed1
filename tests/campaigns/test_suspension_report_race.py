"""Two reports of the same suspension at once (a double tap, two tabs) make one row:
the second waits for the first under the volunteer's row lock, then finds it."""

import threading

import pytest
from django.db import connection

from campaigns import suspensions
from campaigns.models import AccountSuspension


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reports_make_one_row(volunteer):
    barrier = threading.Barrier(8)
    created = []

    def report():
        try:
            barrier.wait()
            created.append(suspensions.report(volunteer=volunteer, platform="x"))
        finally:
            connection.close()

    threads = [threading.Thread(target=report) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(created) == [False] * 7 + [True]
    assert AccountSuspension.objects.count() == 1
