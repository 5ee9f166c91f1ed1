"""Whether an address has an account does not show in how long the answer takes.

Benchmark-style tests (issue 11, point 1): requests about an address that has an
account and about one that has none alternate, ROUNDS of each after a warm-up, and the
two medians must be within TOLERANCE of each other. One run on a loaded machine can be
upset by a neighbour, so a comparison runs again, up to ATTEMPTS times, before the test
fails with the figures of every run.

Sign-up differed (a new account cost a password hash, a known address none); reset and
address change did not, and are kept so now that every account email leaves through the
broker. A failed sign-in costs two hashes either way (Django's and allauth's backends
hash a dummy password for an unknown address), so it has no test here.

Production's costs are all there: Argon2, a real SMTP server as the mail backend (an
email sent from the request would cost its round trip) and a real broker. Each request
comes from its own client and address, and each known address is asked about once, as
an attacker testing a list of addresses would: allauth's limits per address and per
client then never answer in place of the view being measured.
"""

import itertools
import statistics
import time
from collections.abc import Callable

import pytest
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.queued_account_mail, pytest.mark.django_db(transaction=True)]

ROUNDS = 15
WARM_UP = 2
TOLERANCE = 0.20
ATTEMPTS = 4

_serial = itertools.count(1)

# A request made ready (client, session, account) outside the clock; calling it sends.
Request = Callable[[], None]


@pytest.fixture(autouse=True)
def production_costs(settings, private_broker, smtp_server):
    """Argon2 as in production (before any account is made), SMTP and the broker."""
    import advocacy.settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


def new_client() -> Client:
    n = next(_serial)
    client = Client(REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
    # Loaded once per process in production; a test client loads it at its first request.
    client.handler.load_middleware()
    return client


def fresh_address() -> str:
    return f"fresh{next(_serial)}@example.org"


def interleaved_medians(known: Callable[[], Request], unknown: Callable[[], Request]):
    """Milliseconds: the median of each kind, requests alternating which goes first."""
    timings: tuple[list[float], list[float]] = ([], [])
    for n in range(WARM_UP + ROUNDS):
        for side in (0, 1) if n % 2 == 0 else (1, 0):
            send = (known, unknown)[side]()
            start = time.perf_counter()
            send()
            elapsed = time.perf_counter() - start
            if n >= WARM_UP:
                timings[side].append(elapsed * 1000)
    return round(statistics.median(timings[0]), 1), round(statistics.median(timings[1]), 1)


def assert_same_cost(what: str, known, unknown) -> None:
    runs = []
    for _attempt in range(ATTEMPTS):
        medians = interleaved_medians(known, unknown)
        runs.append(medians)
        if max(medians) <= (1 + TOLERANCE) * min(medians):
            print(f"\n{what}: medians known/unknown {medians[0]} / {medians[1]} ms, runs {runs}")
            return
    pytest.fail(f"{what}: medians (known, unknown) in ms differ by over 20 %: {runs}")


def posting(path: str, data: dict, client: Client | None = None, expect: int = 302) -> Request:
    client = client or new_client()

    def send():
        assert client.post(path, data).status_code == expect

    return send


def test_sign_up_costs_the_same_for_a_known_and_a_new_address(make_user):
    def sign_up(email):
        data = {"display_name": "Plum Blossom", "email": email, "timezone": "UTC"}
        return posting("/accounts/signup/", {**data, "password1": PASSWORD, "password2": PASSWORD})

    assert_same_cost(
        "sign-up",
        known=lambda: sign_up(make_user().email),
        unknown=lambda: sign_up(fresh_address()),
    )


def test_password_reset_costs_the_same_for_a_known_and_an_unknown_address(make_user):
    def reset(email):
        return posting("/accounts/password/reset/", {"email": email})

    assert_same_cost(
        "password reset",
        known=lambda: reset(make_user().email),
        unknown=lambda: reset(fresh_address()),
    )


def test_adding_an_address_costs_the_same_whether_it_is_taken_or_free(make_user):
    def add(email):
        client = new_client()
        client.force_login(make_user())
        assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
        return posting("/accounts/email/", {"action_add": "", "email": email}, client)

    assert_same_cost(
        "address change",
        known=lambda: add(make_user().email),
        unknown=lambda: add(fresh_address()),
    )
