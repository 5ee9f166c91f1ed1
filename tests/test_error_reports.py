"""Error reports go to SENTRY_DSN, only when it is set, without an email address.

A stand-in for Sentry's ingest endpoint listens on 127.0.0.1 (tests/sentry_ingest.py);
real `manage.py shell` processes, with their own environment, raise and log.
"""

import pytest
import sentry_sdk

from tests.manage_process import manage
from tests.sentry_ingest import Ingest, exception_types

ADDRESS = "li.ming@example.org"
RAISE = f"""
import logging, sentry_sdk
print("active:", sentry_sdk.get_client().is_active())
logging.getLogger("advocacy.example").error("could not reach %s", "{ADDRESS}")
raise LookupError("no volunteer with the address {ADDRESS}")
"""
OPTIONS = """
import sentry_sdk
o = sentry_sdk.get_client().options
print(f"pii={o['send_default_pii']} locals={o['include_local_variables']}", end=" ")
print(f"bodies={o['max_request_body_size']}")
"""
# A form's body, from the environment (the command line is in every event: sys.argv).
BODY = "note=what-a-volunteer-wrote"
# A page whose database is gone: a 500 through Django's WSGI application, the one
# gunicorn serves, called as gunicorn calls it.
BROKEN_PAGE = f"""
import io, os
from wsgiref.util import setup_testing_defaults
from django.conf import settings
# The error page's stylesheet without a collectstatic manifest (as tests/conftest.py).
settings.STORAGES = {{
    **settings.STORAGES,
    "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
}}
from advocacy.wsgi import application
environ = {{
    "PATH_INFO": "/find/",
    "QUERY_STRING": "q={ADDRESS}",
    "HTTP_HOST": "testserver",
    "HTTP_X_FORWARDED_EMAIL": "{ADDRESS}",
    "CONTENT_TYPE": "application/x-www-form-urlencoded",
    "CONTENT_LENGTH": str(len(os.environ["TEST_BODY"])),
    "wsgi.input": io.BytesIO(os.environ["TEST_BODY"].encode()),
}}
setup_testing_defaults(environ)
statuses = []
b"".join(application(environ, lambda status, headers, *_: statuses.append(status)))
print("status:", statuses[0])
"""


@pytest.fixture
def ingest():
    with Ingest() as server:
        yield server


def test_without_a_dsn_sentry_is_not_initialised_and_nothing_is_sent(ingest):
    assert sentry_sdk.get_client().is_active() is False  # this process: no SENTRY_DSN

    done = manage("shell", "-c", RAISE, SENTRY_ENVIRONMENT="testing")
    assert "active: False" in done.stdout
    assert "LookupError" in done.stderr
    assert ingest.envelopes == []


def test_an_uncaught_error_and_an_error_line_are_reported_without_the_address(ingest):
    done = manage("shell", "-c", RAISE, SENTRY_DSN=ingest.dsn, SENTRY_ENVIRONMENT="testing")
    assert "active: True" in done.stdout
    options = manage("shell", "-c", OPTIONS, SENTRY_DSN=ingest.dsn).stdout
    assert "pii=False locals=False bodies=never" in options

    raised = ingest.wait_for_event(lambda e: "LookupError" in exception_types(e))
    assert raised["environment"] == "testing"
    assert raised["exception"]["values"][-1]["value"] == "no volunteer with the address [email]"
    logged = ingest.wait_for_event(lambda e: e.get("logger") == "advocacy.example")
    assert logged["logentry"]["formatted"] == "could not reach [email]"
    assert ingest.paths[0] == "/api/1/envelope/"
    assert ADDRESS not in ingest.text()
    assert "example.org" not in ingest.text()


def test_a_server_error_on_a_page_is_reported_without_the_address_or_the_user(ingest):
    done = manage(
        "shell",
        "-c",
        BROKEN_PAGE,
        SENTRY_DSN=ingest.dsn,
        DATABASE_URL="postgres://127.0.0.1:1/nowhere",
        TEST_BODY=BODY,
    )
    assert "status: 500" in done.stdout, done.stderr

    event = ingest.wait_for_event(lambda e: "OperationalError" in exception_types(e))
    assert event["request"]["url"] == "http://testserver/find/"
    assert event["request"]["headers"]["X-Forwarded-Email"] == "[email]"
    assert event["request"]["query_string"] == "q=[email]"
    assert not event["request"].get("data")  # no request body, ever
    assert "what-a-volunteer-wrote" not in ingest.text()
    assert "user" not in event or set(event["user"]) <= {"id"}
    assert "example.org" not in ingest.text()


def test_a_process_whose_report_cannot_be_delivered_still_exits(ingest):
    """A DSN whose server is gone costs a process at most its shutdown wait."""
    ingest.server.shutdown()
    ingest.server.server_close()
    done = manage("shell", "-c", "print('done')", SENTRY_DSN=ingest.dsn)
    assert done.stdout.strip().endswith("done")
    assert done.returncode == 0
