"""What each platform's documented public endpoint says about a post, read as a status.

X and YouTube through oEmbed, Bluesky through the public AppView, Mastodon through the
status's own instance, any other page by its HTTP answer. Every request goes through
`fetch` (safe addresses, limits, politeness). `detail` is a short phrase for organizers.
"""

import json
import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings

from ..models import Post
from .fetch import Failed, Refused, Response, Resting, fetch
from .outcome import Outcome

Status = Post.LinkStatus
Platform = Post.Platform

# Bluesky errors that are about the account, not the post.
_BLUESKY_ACCOUNT_ERRORS = frozenset(
    {
        "AccountTakedown",
        "AccountDeactivated",
        "AccountSuspended",
        "RepoTakendown",
        "RepoDeactivated",
        "RepoSuspended",
    }
)
_BLUESKY_POST = re.compile(r"^/profile/([^/]+)/post/([^/]+)/?$")
_MASTODON_STATUS = re.compile(r"^/(?:@([^/]+)|users/([^/]+)/statuses)/(\d+)/?$")


def check(link: str, platform: str) -> Outcome:
    """Is the post at `link` (on `platform`, a Post.Platform value) still online?"""
    if not link:
        return Outcome(Status.UNKNOWN, detail="no link")
    checker = _CHECKERS.get(platform, _page)
    try:
        return checker(link)
    except Refused as refused:
        return Outcome(Status.UNKNOWN, detail=f"refused: {refused.reason}")
    except Resting as resting:
        return Outcome(
            Status.UNKNOWN, detail="host resting", transient=True, retry_after=resting.retry_after
        )
    except Failed as failed:
        return Outcome(Status.UNKNOWN, detail=failed.reason, transient=failed.transient)


def _trouble(response: Response, what: str) -> Outcome | None:
    """A 429 or a 5xx: try again later (the host rests meanwhile)."""
    if response.status == 429 or response.status >= 500:
        return Outcome(
            Status.UNKNOWN,
            response.status,
            f"{what} {response.status}",
            transient=True,
            retry_after=response.retry_after,
        )
    return None


def _json(response: Response) -> dict:
    try:
        found = json.loads(response.body)
    except (ValueError, UnicodeDecodeError):
        return {}
    return found if isinstance(found, dict) else {}


def _x(link: str) -> Outcome:
    query = urlencode({"url": link, "omit_script": "1"})
    response = fetch(f"{settings.X_OEMBED_URL}?{query}")
    status = response.status
    if trouble := _trouble(response, "oEmbed"):
        return trouble
    if status == 200:
        return Outcome(Status.LIVE, status, "oEmbed 200")
    if status == 404:  # deleted, or withheld in the country asking
        return Outcome(Status.REMOVED, status, "oEmbed 404")
    if status == 403:  # a suspended or protected account
        return Outcome(Status.ACCOUNT_SUSPENDED, status, "oEmbed 403")
    return Outcome(Status.UNKNOWN, status, f"oEmbed {status}")


def _bluesky(link: str) -> Outcome:
    match = _BLUESKY_POST.match(urlsplit(link).path)
    if match is None:
        return Outcome(Status.UNKNOWN, detail="not a Bluesky post link")
    handle, rkey = match.groups()
    query = urlencode(
        {"uri": f"at://{handle}/app.bsky.feed.post/{rkey}", "depth": 0, "parentHeight": 0}
    )
    base = settings.BLUESKY_APPVIEW_URL.rstrip("/")
    response = fetch(f"{base}/xrpc/app.bsky.feed.getPostThread?{query}")
    if trouble := _trouble(response, "AppView"):
        return trouble
    found = _json(response)
    if response.status == 200:
        kind = str((found.get("thread") or {}).get("$type", "")).rpartition("#")[2]
        statuses = {
            "threadViewPost": Status.LIVE,
            "notFoundPost": Status.REMOVED,
            "blockedPost": Status.UNKNOWN,
        }
        return Outcome(statuses.get(kind, Status.UNKNOWN), 200, f"AppView {kind or 'no thread'}")
    error = str(found.get("error", ""))
    message = str(found.get("message", "")).lower()
    if error in _BLUESKY_ACCOUNT_ERRORS or "resolve handle" in message:
        return Outcome(Status.ACCOUNT_SUSPENDED, response.status, f"AppView {error}")
    if error == "NotFound":
        return Outcome(Status.REMOVED, response.status, "AppView NotFound")
    return Outcome(Status.UNKNOWN, response.status, f"AppView {error or response.status}")


def _mastodon(link: str) -> Outcome:
    parts = urlsplit(link)
    match = _MASTODON_STATUS.match(parts.path)
    if match is None or parts.scheme not in ("http", "https"):
        return Outcome(Status.UNKNOWN, detail="not a Mastodon status link")
    user = match.group(1) or match.group(2)
    instance = f"{parts.scheme}://{parts.netloc}"
    response = fetch(f"{instance}/api/v1/statuses/{match.group(3)}")
    if trouble := _trouble(response, "status"):
        return trouble
    if response.status == 200:
        return Outcome(Status.LIVE, 200, "status 200")
    if response.status not in (404, 410):
        return Outcome(Status.UNKNOWN, response.status, f"status {response.status}")
    # The status is gone: was it the account?
    lookup = fetch(f"{instance}/api/v1/accounts/lookup?{urlencode({'acct': user})}")
    if lookup.status in (404, 410) or (lookup.status == 200 and _json(lookup).get("suspended")):
        return Outcome(Status.ACCOUNT_SUSPENDED, response.status, f"account {lookup.status}")
    return Outcome(Status.REMOVED, response.status, f"status {response.status}")


def _youtube(link: str) -> Outcome:
    query = urlencode({"url": link, "format": "json"})
    response = fetch(f"{settings.YOUTUBE_OEMBED_URL}?{query}")
    if trouble := _trouble(response, "oEmbed"):
        return trouble
    status = response.status
    if status in (200, 401):  # 401: exists, but its owner does not allow embedding
        return Outcome(Status.LIVE, status, f"oEmbed {status}")
    if status == 404:
        return Outcome(Status.REMOVED, status, "oEmbed 404")
    return Outcome(Status.UNKNOWN, status, f"oEmbed {status}")


def _page(link: str) -> Outcome:
    response = fetch(link)
    if trouble := _trouble(response, "HTTP"):
        return trouble
    status = response.status
    if 200 <= status < 300:
        return Outcome(Status.LIVE, status, f"HTTP {status}")
    if status in (404, 410, 451):
        return Outcome(Status.REMOVED, status, f"HTTP {status}")
    return Outcome(Status.UNKNOWN, status, f"HTTP {status}")


def _walled(link: str) -> Outcome:
    """Weibo, WeChat: a 200 is often a login wall, so only "gone" is believed."""
    response = fetch(link)
    if trouble := _trouble(response, "HTTP"):
        return trouble
    if response.status in (404, 410):
        return Outcome(Status.REMOVED, response.status, f"HTTP {response.status}")
    return Outcome(Status.UNKNOWN, response.status, f"HTTP {response.status}, cannot tell")


_CHECKERS = {
    Platform.X: _x,
    Platform.BLUESKY: _bluesky,
    Platform.MASTODON: _mastodon,
    Platform.YOUTUBE: _youtube,
    Platform.WEIBO: _walled,
    Platform.WECHAT: _walled,
}
