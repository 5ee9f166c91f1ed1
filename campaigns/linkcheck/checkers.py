"""What each platform's public endpoint says about a post (written in issue 14's work)."""

from .outcome import Outcome


def check(link: str, platform: str) -> Outcome:
    """Is the post at `link` (on `platform`, a Post.Platform value) still online?"""
    raise NotImplementedError
