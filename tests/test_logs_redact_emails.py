"""No email address in any log line (S11): RedactEmails rewrites the record itself, so
that any handler, whatever its formatter, writes "[email]" instead; our formatters
redact their output once more."""

import io
import json
import logging

import pytest
from django.conf import settings

from advocacy.logs import JsonFormatter, PlainFormatter, RedactEmails, describe, redact

ADDRESS = "li.ming+campaign@example.org"
CHINESE_ADDRESS = "李明@例子.中国"


def capture(formatter: logging.Formatter, redacting: bool = True):
    """A real logger with one stream handler of its own."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    if redacting:
        handler.addFilter(RedactEmails())
    logger = logging.getLogger(f"tests.redaction.{id(stream)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return logger, stream


def log_everything(logger):
    logger.warning("refused %s at RCPT", ADDRESS)
    logger.info("delivery %(id)s to %(to)s", {"id": 7, "to": [CHINESE_ADDRESS]})
    try:
        raise ConnectionError(f"550 5.1.1 <{ADDRESS}>: no such user")
    except ConnectionError:
        logger.exception("sending to %r failed", {"to": [ADDRESS]}, extra={"rcpt": ADDRESS})


@pytest.mark.parametrize(
    "formatter",
    [logging.Formatter("%(levelname)s %(message)s"), PlainFormatter(), JsonFormatter()],
    ids=["logging.Formatter", "PlainFormatter", "JsonFormatter"],
)
def test_no_address_in_message_arguments_exception_or_extra_fields(formatter):
    logger, stream = capture(formatter)
    log_everything(logger)
    written = stream.getvalue()

    assert "@" not in written, written
    assert "refused [email] at RCPT" in written
    assert "delivery 7 to ['[email]']" in written
    assert "sending to {'to': ['[email]']} failed" in written
    assert "ConnectionError: 550 5.1.1 <[email]>: no such user" in written


def test_the_record_itself_is_redacted_for_the_handlers_after_ours():
    logger, _ = capture(logging.Formatter("%(message)s"))
    seen = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append((record.getMessage(), record.exc_text, getattr(record, "rcpt", None)))

    logger.addHandler(Keep())
    log_everything(logger)

    message, exc_text, rcpt = seen[-1]
    assert message == "sending to {'to': ['[email]']} failed"
    assert exc_text.endswith("ConnectionError: 550 5.1.1 <[email]>: no such user")
    assert rcpt == "[email]"


def test_without_the_filter_the_address_would_be_written():
    """The other tests' handler differs from this one by the filter only."""
    logger, stream = capture(logging.Formatter("%(message)s"), redacting=False)
    log_everything(logger)
    assert ADDRESS in stream.getvalue()


def test_the_json_formatter_redacts_an_exception_on_its_own():
    logger, stream = capture(JsonFormatter(), redacting=False)
    try:
        raise ValueError(ADDRESS)
    except ValueError:
        logger.exception("failed")
    record = json.loads(stream.getvalue())
    assert record["exc_info"].endswith("ValueError: [email]")


def test_every_handler_of_the_settings_has_the_filter():
    handlers = settings.LOGGING["handlers"]
    assert handlers
    for handler in handlers.values():
        assert "redact_emails" in handler["filters"]
    assert settings.LOGGING["filters"]["redact_emails"]["()"] == "advocacy.logs.RedactEmails"
    consoles = [h for h in logging.getLogger().handlers if h.name == "console"]
    assert consoles
    assert all(any(isinstance(f, RedactEmails) for f in h.filters) for h in consoles)


def test_a_tasks_arguments_are_ids_and_a_message_only_its_keys():
    """An account email's argument is its whole message: recipient and one-time link."""
    message = {"to": [ADDRESS], "body": "https://x/accounts/password/reset/key/3-abc/"}
    assert describe([[12, 13], 5]) == [[12, 13], 5]
    assert describe([message]) == ["<dict: body, to>"]
    assert describe(ADDRESS) == "[email]"
    assert describe(list(range(25))) == [*range(10), "… 25 in all"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("{'li.ming@example.org': (451,", "{'[email]': (451,"),
        ("To: <x_y@mail.example.co.uk>, 李明@例子.中国", "To: <[email]>, [email]"),
        ("a+b@mail.xn--fiqs8s.", "[email]."),
        # Not addresses: a broker URL with an IP address, a worker's name, a local sender.
        ("redis://:**@127.0.0.1:6379/0", "redis://:**@127.0.0.1:6379/0"),
        ("worker@vm ready.", "worker@vm ready."),
        ("campaign@localhost", "campaign@localhost"),
    ],
)
def test_what_counts_as_an_address(text, written):
    assert redact(text) == written


@pytest.mark.parametrize(
    ("path", "written"),
    [
        ("Not Found: /r/pause/eyJ2IjoxfQ:1vX:abc/", "Not Found: /r/pause/[token]/"),
        ("GET /r/post/eyJ2IjoxfQ:1vX:abc/?logged", "GET /r/post/[token]/?logged"),
        ("/r/unsubscribe/eyJ2:1vX:abc/", "/r/unsubscribe/[token]/"),
        ("/accounts/confirm-email/MQ:1vX:abc/", "/accounts/confirm-email/[token]/"),
        ("/accounts/password/reset/key/3-c2x-0123abcd/", "/accounts/password/reset/key/[token]/"),
        ("/accounts/password/reset/key/done/", "/accounts/password/reset/key/done/"),
        ("/prisoners/wu-gan/", "/prisoners/wu-gan/"),
    ],
)
def test_the_token_of_a_link_from_an_email_is_not_written(path, written):
    assert redact(path) == written
