"""A real worker, logging JSON (LOG_FORMAT=json) through Django's LOGGING: a failed task
is one ERROR line with the task, its id, the ids it was given and the exception; a
retried task one WARNING line; and no email address, nor a message's one-time link, in
anything the worker writes. Beat logs through the same LOGGING."""

import json

import pytest
from django.core.mail import EmailMessage

from advocacy import account_mail
from advocacy.celery import app
from campaigns import tasks

from .processes import Processes

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "li.ming@example.org"
RESET_LINK = "http://testserver/accounts/password/reset/key/3-abcdef-0123456789/"


@pytest.fixture
def procs(broker, smtp_sink, tmp_path, transactional_db):
    processes = Processes(
        broker,
        smtp_sink.port,
        tmp_path,
        LOG_FORMAT="json",
        ACCOUNT_MAIL_MAX_ATTEMPTS=2,
        ACCOUNT_MAIL_RETRY_BASE_SECONDS=0.1,
    )
    yield processes
    processes.stop_all()


def records(process) -> list[dict]:
    """The worker's log lines that are JSON (Celery prints its banner before logging)."""
    return [json.loads(line) for line in process.log().splitlines() if line.startswith("{")]


def only(found: list[dict]) -> dict:
    assert len(found) == 1, found
    return found[0]


def test_a_failed_task_is_one_error_line_with_the_task_and_its_ids(procs):
    worker = procs.worker("failing")
    result = tasks.send_reminders.delay(["not-an-id", 12])
    worker.wait_for_log(r"task failed")

    failure = only([r for r in records(worker) if r["message"].startswith("task failed")])
    assert failure["level"] == "ERROR"
    assert failure["logger"] == "advocacy.celery"
    assert failure["task"] == "campaigns.tasks.send_reminders"
    assert failure["task_id"] == result.id
    assert failure["task_args"] == [["not-an-id", 12]]
    assert failure["exc_type"] == "ValueError"
    assert failure["message"] == (
        f"task failed: campaigns.tasks.send_reminders[{result.id}] args=[['not-an-id', 12]]"
        " kwargs={}: ValueError: Field 'id' expected a number but got 'not-an-id'."
    )
    # Every line the worker logged is a JSON object, Celery's own included.
    assert {"celery.apps.worker", "celery.worker.strategy", "celery.app.trace"} <= {
        r["logger"] for r in records(worker)
    }


def test_a_retry_is_a_warning_and_no_address_nor_link_is_ever_written(procs, smtp_sink):
    """The mail server answers 451 for the recipient: a temporary refusal whose text
    holds the address. The account email is retried once, then given up."""
    smtp_sink.sink.refuse_recipient(ADDRESS, "451 4.2.1 Mailbox busy, try later")
    worker = procs.worker("mailer")
    message = EmailMessage("Reset your password", RESET_LINK, "campaign@localhost", [ADDRESS])
    result = app.send_task(account_mail.SEND_TASK, args=(account_mail.to_wire(message),))
    worker.wait_for_log(r"task failed", timeout=30)

    logged = records(worker)
    retry = only([r for r in logged if r["message"].startswith("task retry")])
    failure = only([r for r in logged if r["message"].startswith("task failed")])
    for line in (retry, failure):
        assert (line["task"], line["task_id"]) == (account_mail.SEND_TASK, result.id)
        assert line["task_args"] == [
            "<dict: alternatives, body, content_subtype, from_email, headers, subject, to>"
        ]
        assert line["exc_type"] == "SMTPRecipientsRefused"
        assert line["exc_message"] == "{'[email]': (451, b'4.2.1 Mailbox busy, try later')}"
    assert retry["level"] == "WARNING"
    assert retry["retries"] == 0
    assert failure["level"] == "ERROR"

    written = worker.log()
    assert "4.2.1 Mailbox busy" in written  # the exception's text is there...
    assert ADDRESS not in written  # ...without the address,
    assert "example.org" not in written
    assert "3-abcdef" not in written  # and the message's link is nowhere.


def test_beat_logs_through_the_same_logging(procs):
    beat = procs.beat("beat", REMINDER_TICK_SECONDS=1)
    beat.wait_for_log(r"Sending due task reminders-tick", timeout=20)
    sent = [r for r in records(beat) if "Sending due task" in r["message"]]
    assert sent[0]["logger"] == "celery.beat"
    assert sent[0]["level"] == "INFO"
