"""Account emails go through the broker to a worker, after the commit, and are not lost.

Real processes: a private redis-server as broker, a Celery worker subprocess sending to
an aiosmtpd sink in this process (tests/campaigns/processes.py). Signing up with a new
address and with a known one both reach their owners this way (issue 11, point 1).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from tests.campaigns.processes import TASK_DONE, Processes, SMTPServer, publishing_to
from tests.conftest import PASSWORD
from tests.smtp import free_port, text_and_html

pytestmark = [pytest.mark.queued_account_mail, pytest.mark.django_db(transaction=True)]

SENT = TASK_DONE.replace("campaigns", "advocacy").format(task="send_account_email")


@pytest.fixture
def smtp_sink():
    with SMTPServer() as server:
        yield server


@pytest.fixture
def worker(private_broker, smtp_sink, tmp_path):
    retry_soon = {"ACCOUNT_MAIL_RETRY_BASE_SECONDS": 0.2}
    processes = Processes(private_broker, smtp_sink.port, tmp_path, **retry_soon)
    yield processes.worker("accounts")
    processes.stop_all()


def sign_up(email, language="en"):
    client = Client()
    client.cookies["django_language"] = language
    data = {
        "display_name": "Plum Blossom",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "timezone": "UTC",
    }
    response = client.post("/accounts/signup/", data)
    assert (response.status_code, response["Location"]) == (302, "/accounts/confirm-email/")


def by_recipient(messages) -> dict:
    return {message["To"]: message for message in messages}


def test_both_sign_up_emails_reach_their_owners_through_a_worker(worker, smtp_sink, make_user):
    known = make_user(language="zh-hant")
    sign_up("new@example.org", language="zh-hans")
    sign_up(known.email.upper())
    worker.wait_for_log(SENT, count=2)
    mails = by_recipient(smtp_sink.sink.wait_for(2))

    new = mails["new@example.org"]
    assert "确认" in new["Subject"]  # the language of the page signed up on
    text, html = text_and_html(new)
    (link,) = re.findall(r"http://testserver/accounts/confirm-email/\S+", text)
    assert link in html
    assert get_user_model().objects.filter(email="new@example.org").exists()

    told = mails[known.email]
    with translation.override("zh-hant"):  # in the language its owner chose
        assert told["Subject"] == translation.gettext("You already have an account")
    assert told["Subject"] == "你已經有帳戶了"
    text, _html = text_and_html(told)
    assert "http://testserver/accounts/password/reset/" in text  # links from SITE_URL
    assert told["Message-ID"] and new["Message-ID"] != told["Message-ID"]


def test_a_temporary_smtp_failure_is_retried(worker, smtp_sink):
    smtp_sink.sink.answer_data("421 4.3.2 Try again later", times=2)
    sign_up("patient@example.org")
    (message,) = smtp_sink.sink.wait_for(1, timeout=30)
    assert message["To"] == "patient@example.org"
    answers = [answer for _to, answer in smtp_sink.sink.data_attempts]
    assert answers == ["421 4.3.2 Try again later"] * 2 + ["250"]
    assert worker.count(r"retry in") == 2


def test_a_refused_mailbox_is_not_tried_again(worker, smtp_sink):
    smtp_sink.sink.refuse_recipient("gone@example.org")
    sign_up("gone@example.org")
    sign_up("here@example.org")
    (message,) = smtp_sink.sink.wait_for(1)
    assert message["To"] == "here@example.org"
    worker.wait_for_log(r"refused for good \(550\): not retried")
    worker.wait_for_log(SENT, count=2)
    assert smtp_sink.sink.connections == 2  # one each, no retry


@pytest.mark.django_db(transaction=False)  # the test's own transaction, never committed
def test_nothing_is_queued_before_the_commit(private_broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as waiting:
        sign_up("later@example.org")
        assert private_broker.queued_messages() == 0
    assert len(waiting) == 1
    waiting[0]()  # the commit
    assert private_broker.queued_messages() == 1


def test_with_the_broker_down_the_request_sends_the_email_itself(smtp_server, settings, caplog):
    settings.SITE_URL = "https://campaign.example"
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"):
        sign_up("urgent@example.org")
    (message,) = smtp_server.wait_for(1)
    assert message["To"] == "urgent@example.org"
    assert "https://campaign.example/accounts/confirm-email/" in text_and_html(message)[0]
    assert "broker unreachable" in caplog.text
