"""Personas and helpers shared by all tests; real PostgreSQL and Redis underneath."""

import datetime
import functools
import itertools
import time

import pytest
from django.core.cache import cache
from django.utils import translation

from advocacy import pagecache
from campaigns.models import Adoption
from prisoners import card, fragments
from prisoners.models import Prisoner, Status

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Pages render without a collectstatic manifest (that is checked by `make test`).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests make hundreds of accounts. One test checks
    # that production settings hash with Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_language_left_active():
    # A test that activates a language (a request through LocaleMiddleware, an email in
    # Chinese) must not change the language of the tests after it.
    yield
    translation.deactivate()


def empty_caches() -> None:
    """Nothing cached anywhere. The test cache is its own Redis database (CACHE_URL in
    pyproject.toml). The page generation each process remembers for a second goes with
    it: under a frozen clock a new generation taken from the clock would otherwise equal
    the remembered one. What a process keeps in memory goes too: the cards
    (prisoners/card.py, their HTML in prisoners/fragments.py) and the list's counts
    (prisoners/kept.py)."""
    cache.clear()
    pagecache._memo["generation"] = None
    card._recent.clear()
    fragments.forget_recent()


@pytest.fixture(autouse=True)
def _empty_cache():
    empty_caches()
    yield
    empty_caches()


def send_account_mail_now(message):
    """Send an account email at once, in this process, by the worker's task itself."""
    from advocacy import account_mail, tasks

    tasks.send_account_email.apply((account_mail.to_wire(message),)).get()


@pytest.fixture(autouse=True)
def _account_mail_in_process(request, monkeypatch):
    """Account emails are sent at once, in this process, by the worker's task itself.

    A test's transaction never commits, so an `on_commit` hand-over would never run; the
    broker, a worker and the after-commit hand-over are exercised by the tests marked
    `queued_account_mail` (tests/test_account_mail_delivery.py).
    """
    if request.node.get_closest_marker("queued_account_mail"):
        return
    from advocacy import account_mail

    monkeypatch.setattr(account_mail, "send_later", send_account_mail_now)


# A public address, as a campaign's would be, for tests of the links emails carry.
SITE = "https://campaign.example"


@pytest.fixture
def public_site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def make_prisoner(db):
    def make(**fields) -> Prisoner:
        n = next(_serial)
        fields.setdefault("native_name", "")
        if not fields["native_name"]:
            fields.setdefault("name", f"Test Prisoner {n}")
        fields.setdefault("status", Status.DETAINED)
        fields.setdefault("is_published", True)
        return Prisoner.objects.create(**fields)

    return make


@pytest.fixture
def prisoner(make_prisoner) -> Prisoner:
    return make_prisoner(
        native_name="吴淦",
        status=Status.SENTENCED,
        detained_on=datetime.date(2015, 5, 19),
        region="福建",
        place="莆田",
        hashtag="FreeWuGan",
    )


PASSWORD = "a long passphrase here"


@pytest.fixture
def make_user(db, django_user_model):
    """A user whose address is confirmed, unless `verified=False`."""

    def make(verified=True, **fields):
        from allauth.account.models import EmailAddress

        n = next(_serial)
        fields.setdefault("email", f"person{n}@example.org")
        fields.setdefault("display_name", f"Person {n}")
        user = django_user_model.objects.create_user(password=PASSWORD, **fields)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
        return user

    return make


def reauthenticate(client):
    """Type the password again, as the exports and account deletion ask (allauth)."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def defend(volunteer, prisoner) -> Adoption:
    """`volunteer` becomes `prisoner`'s defender, without the claim's checks."""
    return Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")


@pytest.fixture
def volunteer(make_user):
    return make_user(display_name="Lotus")


@pytest.fixture
def other_volunteer(make_user):
    return make_user(display_name="Bamboo")


# A fixed TOTP secret (base32), so that tests can compute the codes an authenticator
# app would show.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """The code an authenticator app shows at `at` (default now), as allauth checks it."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // app_settings.TOTP_PERIOD))


@pytest.fixture
def make_organizer(make_user):
    """A staff member of the "Organizers" group, with a TOTP authenticator unless `totp=False`.

    The authenticator is a real allauth one; `user.totp_secret` is its secret and
    `user.totp_code()` the code it shows now.
    """

    def make(totp=True, **fields):
        from allauth.mfa.totp.internal.auth import TOTP

        from advocacy.management.commands.create_organizer import organizers_group

        fields.setdefault("display_name", "Organizer")
        fields.setdefault("is_staff", True)
        user = make_user(**fields)
        user.groups.add(organizers_group())
        user.totp_secret = None
        if totp:
            TOTP.activate(user, TOTP_SECRET)
            user.totp_secret = TOTP_SECRET
            user.totp_code = functools.partial(totp_code, TOTP_SECRET)
        return user

    return make


@pytest.fixture
def organizer(make_organizer):
    """An organizer with a second factor: may open /organize/ and /admin/."""
    return make_organizer()


@pytest.fixture
def organizer_without_mfa(make_organizer):
    """An organizer who has not set up a second factor yet."""
    return make_organizer(totp=False, display_name="New Organizer")


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; the app sends to it over SMTP."""
    from .smtp import SMTPServer

    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server.sink


@pytest.fixture
def private_broker(tmp_path):
    """A redis-server of the test's own as Celery's broker; this process publishes to it."""
    from .campaigns.processes import Broker, publishing_to

    broker = Broker(tmp_path).start()
    with publishing_to(broker.url):
        yield broker
    broker.stop()


@pytest.fixture
def doorbell(monkeypatch):
    """The broker's doorbell, recorded: (ids, countdown) per message, nothing published.

    For tests of the tick's, the sender's and the organizers' rules in one process; the
    real broker, worker and beat are exercised in tests/campaigns/test_outbox_processes.py.
    """
    from campaigns import tasks

    rung: list[tuple[list[int], float | None]] = []
    monkeypatch.setattr(
        tasks.send_reminders,
        "apply_async",
        lambda args, countdown=None, **kw: rung.append((list(args[0]), countdown)),
    )
    return rung


@pytest.fixture
def imports_inline(monkeypatch):
    """The import's worker tasks run in this process as soon as they are sent: for the
    rules and pages of the import; a real worker runs them in test_import_worker.py."""
    from campaigns import tasks

    for task in (tasks.check_import, tasks.run_import):
        monkeypatch.setattr(task, "delay", task.run)


def rung_ids(doorbell) -> list[int]:
    """Every id the doorbell was rung with, message after message."""
    return [pk for ids, _countdown in doorbell for pk in ids]


# Every email the project sends, for any test that asks for `email_catalogue` (it builds
# its personas with the helpers above, so it is imported after them).
from tests.email_catalogue import email_catalogue_built, email_catalogue_fixture  # noqa: E402, F401
