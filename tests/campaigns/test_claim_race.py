"""R1: one defender per prisoner and one prisoner per defender, under real concurrency.

Each thread has its own database connection and its own signed-in session; a barrier
releases them together so that their INSERTs really race in PostgreSQL.

Sixty racers, not hundreds: on two cores sixty requests released together already
overlap in PostgreSQL, and sixty connections fit a default server (max_connections =
100), so `make test` never has to reconfigure or restart the developer's own PostgreSQL.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from campaigns.models import Adoption

from .conftest import defend_url

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 60


def _race(clients_and_urls):
    barrier = threading.Barrier(len(clients_and_urls))
    results = [None] * len(clients_and_urls)

    def run(i, client, url):
        try:
            barrier.wait(timeout=60)
            response = client.post(url)
            results[i] = (response.status_code, response.content.decode())
        except Exception as exc:  # a 500 raised through the test client
            results[i] = (500, repr(exc))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, client, url))
        for i, (client, url) in enumerate(clients_and_urls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _signed_in_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def enough_connections():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int"
            " - current_setting('superuser_reserved_connections')::int"
            " - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')"
        )
        free = cursor.fetchone()[0]
    assert free >= RACERS + 5, (
        f"PostgreSQL has {free} connections free; the race needs {RACERS + 5}. "
        "Close other clients of this server, or raise its max_connections yourself."
    )


def test_60_volunteers_race_for_one_prisoner(enough_connections, make_user, prisoner):
    volunteers = [make_user() for _ in range(RACERS)]
    clients = [(_signed_in_client(v), defend_url(prisoner)) for v in volunteers]

    results = _race(clients)

    codes = [code for code, _body in results]
    assert codes.count(302) == 1, codes
    assert codes.count(409) == RACERS - 1, sorted(set(codes))
    assert 500 not in codes
    refusals = {body for code, body in results if code == 409}
    assert all("already has a defender: support them instead" in body for body in refusals)
    assert Adoption.objects.active().defenders().filter(prisoner=prisoner).count() == 1


def test_one_volunteer_racing_for_50_prisoners_gets_one(
    enough_connections, make_user, make_prisoner
):
    volunteer = make_user()
    prisoners = [make_prisoner() for _ in range(50)]
    clients = [(_signed_in_client(volunteer), defend_url(p)) for p in prisoners]

    results = _race(clients)

    codes = [code for code, _body in results]
    assert codes.count(302) == 1, codes
    assert codes.count(409) == 49
    assert Adoption.objects.active().defenders().filter(volunteer=volunteer).count() == 1


@pytest.mark.parametrize("action", ["defend", "support"])
def test_a_double_click_that_really_races_is_one_success(
    enough_connections, volunteer, prisoner, action
):
    # The same volunteer, the same prisoner, ten requests released together (a
    # nervous finger on a slow connection): each answers as the first one did, and
    # one row exists. The losers of the INSERT race are not told that the prisoner
    # "already has a defender": it is them.
    url = f"/prisoners/{prisoner.slug}/{action}/"
    clients = [(_signed_in_client(volunteer), url) for _ in range(10)]

    results = _race(clients)

    assert [code for code, _body in results] == [302] * 10, results
    assert Adoption.objects.active().filter(volunteer=volunteer, prisoner=prisoner).count() == 1
