"""What one check found: the interface between the checkers and the scheduler."""

from dataclasses import dataclass

from ..models import Post

Status = Post.LinkStatus


@dataclass(frozen=True)
class Outcome:
    """The answer to "is this post still online?".

    `status` is LIVE, REMOVED, ACCOUNT_SUSPENDED or UNKNOWN. `transient` marks an UNKNOWN
    that may change on retry (timeout, 5xx, 429): the scheduler retries it sooner.
    `retry_after` (seconds): the host asked us to wait (429 / politeness); the scheduler
    puts the post back without counting a check.
    """

    status: str
    http_status: int | None = None
    detail: str = ""
    transient: bool = False
    retry_after: float | None = None
