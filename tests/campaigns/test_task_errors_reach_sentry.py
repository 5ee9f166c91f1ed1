"""A task that fails in a real worker is reported to SENTRY_DSN (a stand-in on
127.0.0.1, tests/sentry_ingest.py) by Sentry's Celery integration: the task and its
exception, without the recipient's address or the message it was given."""

import pytest
from django.core.mail import EmailMessage

from advocacy import account_mail
from advocacy.celery import app
from tests.sentry_ingest import Ingest, exception_types

from .processes import Processes

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "li.ming@example.org"
RESET_LINK = "http://testserver/accounts/password/reset/key/3-abcdef-0123456789/"


@pytest.fixture
def ingest():
    with Ingest() as server:
        yield server


@pytest.fixture
def procs(broker, smtp_sink, ingest, tmp_path, transactional_db):
    processes = Processes(
        broker,
        smtp_sink.port,
        tmp_path,
        SENTRY_DSN=ingest.dsn,
        SENTRY_ENVIRONMENT="testing",
        ACCOUNT_MAIL_MAX_ATTEMPTS=1,
    )
    yield processes
    processes.stop_all()


def test_a_failed_task_is_reported_without_the_address_or_the_message(procs, smtp_sink, ingest):
    smtp_sink.sink.refuse_recipient(ADDRESS, "451 4.2.1 Mailbox busy, try later")
    worker = procs.worker("reported")
    message = EmailMessage("Reset your password", RESET_LINK, "campaign@localhost", [ADDRESS])
    result = app.send_task(account_mail.SEND_TASK, args=(account_mail.to_wire(message),))
    worker.wait_for_log(r"task failed")

    event = ingest.wait_for_event(lambda e: "SMTPRecipientsRefused" in exception_types(e))
    assert event["environment"] == "testing"
    assert event["transaction"] == account_mail.SEND_TASK
    assert event["extra"]["celery-job"]["task_name"] == account_mail.SEND_TASK
    assert event["extra"]["celery-job"]["args"] == "[Filtered]"  # send_default_pii=False
    assert event["contexts"]["trace"]["trace_id"]
    assert result.id in ingest.text()
    assert event["exception"]["values"][-1]["value"] == (
        "{'[email]': (451, b'4.2.1 Mailbox busy, try later')}"
    )
    # One event for the failure: our own "task failed" line is not a second one.
    failures = [e for e in ingest.events() if "SMTPRecipientsRefused" in exception_types(e)]
    assert len(failures) == 1
    assert not [e for e in ingest.events() if e.get("logger") == "advocacy.celery"]
    assert "example.org" not in ingest.text()
    assert "3-abcdef" not in ingest.text()
