"""A host allowed many requests a minute is asked for in blocks: one Redis round trip
per block, never more than the host's budget however many processes share it."""

import datetime

import pytest

from campaigns.linkcheck import politeness

# Ten seconds into a minute: every request of a test falls in the same window.
T0 = datetime.datetime(2026, 5, 4, 12, 0, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _one_minute(time_machine):
    time_machine.move_to(T0, tick=False)
    politeness.forget_held()
    yield
    politeness.forget_held()


def sent_this_minute(host: str) -> int:
    minute = int(T0.timestamp() // 60)
    return int(politeness._redis().get(politeness._key(f"minute:{minute}", host)) or 0)


def test_a_busy_api_is_counted_a_block_at_a_time(settings):
    settings.LINK_CHECK_PER_HOST_PER_MINUTE = 10_000
    assert all(politeness.wait_for("api.example") is None for _ in range(politeness.BLOCK))
    # One block taken from Redis for all those requests; the next request takes another.
    assert sent_this_minute("api.example") == politeness.BLOCK
    assert politeness.wait_for("api.example") is None
    assert sent_this_minute("api.example") == 2 * politeness.BLOCK


def test_processes_taking_blocks_never_pass_the_budget_together(settings):
    settings.LINK_CHECK_PER_HOST_PER_MINUTE = 100  # blocks of 3
    allowed = 0
    for _process in range(60):  # each "process" forgets what it held: a new one
        politeness.forget_held()
        while politeness.wait_for("busy.example") is None:
            allowed += 1
    assert allowed == 100
    assert politeness.wait_for("busy.example") == pytest.approx(50)  # the next minute


def test_a_host_at_the_default_budget_is_counted_request_by_request(settings):
    settings.LINK_CHECK_PER_HOST_PER_MINUTE = 60
    for n in range(1, 61):
        assert politeness.wait_for("small.example") is None
        assert sent_this_minute("small.example") == n
    assert politeness.wait_for("small.example") is not None


def test_a_failure_gives_up_what_this_process_held(settings):
    settings.LINK_CHECK_PER_HOST_PER_MINUTE = 10_000
    assert politeness.wait_for("flaky.example") is None  # a block is held
    politeness.failed("flaky.example", "30")
    assert politeness.wait_for("flaky.example") == pytest.approx(30)
