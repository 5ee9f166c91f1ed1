"""LOG_FORMAT: plain lines by default, one JSON object a line with `json`, and a clear
refusal of anything else. Settings are read once, at start: each case is its own
`manage.py shell` process with its own environment, logging through LOGGING."""

import json

from tests.manage_process import manage

LOG_SOMETHING = """
import logging
log = logging.getLogger("advocacy.example")
log.warning("prisoner %s: reminder sent", 12, extra={"prisoner": 12, "chunk": [3, 4]})
try:
    raise ValueError("no mailbox")
except ValueError:
    log.exception("sending failed")
"""


def test_plain_by_default_one_line_a_record():
    done = manage("shell", "-c", LOG_SOMETHING)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    warning = next(line for line in lines if "reminder sent" in line)
    # asctime, level, logger, message
    assert warning.split(" ", 2)[2] == "WARNING advocacy.example prisoner 12: reminder sent"
    assert "ERROR advocacy.example sending failed" in done.stderr
    assert "ValueError: no mailbox" in done.stderr


def test_json_one_object_a_line_with_extra_fields_and_the_traceback():
    done = manage("shell", "-c", LOG_SOMETHING, LOG_FORMAT="json")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stderr.splitlines()]
    warning, error = (r for r in records if r["logger"] == "advocacy.example")

    assert list(warning)[:4] == ["time", "level", "logger", "message"]
    assert warning["time"].endswith("+00:00")  # ISO 8601, UTC
    assert warning["level"] == "WARNING"
    assert warning["message"] == "prisoner 12: reminder sent"
    assert (warning["prisoner"], warning["chunk"]) == (12, [3, 4])
    assert error["level"] == "ERROR"
    assert error["message"] == "sending failed"
    assert error["exc_info"].startswith("Traceback (most recent call last):")
    assert error["exc_info"].endswith("ValueError: no mailbox")


def test_json_is_case_insensitive_and_empty_means_plain():
    assert json.loads(manage("shell", "-c", LOG_SOMETHING, LOG_FORMAT="JSON").stderr.split("\n")[0])
    done = manage("shell", "-c", LOG_SOMETHING, LOG_FORMAT="")
    assert "WARNING advocacy.example prisoner 12" in done.stderr


def test_an_unknown_format_stops_the_start_with_a_clear_message():
    done = manage("check", LOG_FORMAT="xml")
    assert done.returncode != 0
    assert (
        "ImproperlyConfigured: LOG_FORMAT='xml' is not a log format: use plain (the default)"
        " or json." in done.stderr
    )
