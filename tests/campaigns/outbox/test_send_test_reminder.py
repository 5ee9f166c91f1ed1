"""The send_test_reminder command: one message outside the outbox, or a clear error."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from campaigns.models import OutgoingEmail, Post
from tests.conftest import defend


def test_send_test_reminder_sends_one_message(volunteer, prisoner, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    defend(volunteer, prisoner)
    call_command("send_test_reminder", volunteer.email.upper())
    (message,) = mail.outbox
    assert message.to == [volunteer.email]
    assert message.extra_headers["Message-ID"].startswith("<reminder.test.")
    assert not OutgoingEmail.objects.exists()  # outside the outbox


def test_send_test_reminder_for_an_unknown_address_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("send_test_reminder", "nobody@example.org")
    assert mail.outbox == []


def test_the_test_reminder_follows_the_real_week(volunteer, prisoner, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    defend(volunteer, prisoner)
    call_command("send_test_reminder", volunteer.email, stdout=io.StringIO())
    assert "You have not posted about Wu Gan yet this week" in mail.outbox[0].body

    Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    for kind in (OutgoingEmail.Kind.REMINDER, OutgoingEmail.Kind.NUDGE):
        mail.outbox.clear()
        call_command("send_test_reminder", volunteer.email, kind=kind, stdout=io.StringIO())
        (message,) = mail.outbox
        html = message.alternatives[0][0]
        for body in (message.body, html):
            assert "You have posted about Wu Gan this week: thank you." in body
            assert "not posted" not in body and "not seen a post" not in body
