"""Which platform a post's link is on, read from the link itself.

The volunteer pastes the link and nothing else: the platform is recognised here, from
the host and (for Mastodon, which runs on any host) the shape of the path. A link we
do not recognise is a blog or website. tests/campaigns/test_platforms.py holds a table
of real link shapes per platform.
"""

import re
from urllib.parse import urlsplit

from .models import Post

Platform = Post.Platform

# Host (without "www.") -> platform. Subdomains of these count too (m.facebook.com).
HOSTS = {
    "x.com": Platform.X,
    "twitter.com": Platform.X,
    "bsky.app": Platform.BLUESKY,
    "weibo.com": Platform.WEIBO,
    "weibo.cn": Platform.WEIBO,
    "youtube.com": Platform.YOUTUBE,
    "youtu.be": Platform.YOUTUBE,
    "t.me": Platform.TELEGRAM,
    "telegram.me": Platform.TELEGRAM,
    "facebook.com": Platform.FACEBOOK,
    "fb.com": Platform.FACEBOOK,
    "fb.watch": Platform.FACEBOOK,
    "mp.weixin.qq.com": Platform.WECHAT,
}

# A Mastodon status on any instance: /@user/123, /@user@other.host/123 (a remote
# account seen from this instance), /users/user/statuses/123.
MASTODON_STATUS = re.compile(r"/@[\w.-]+(?:@[\w.-]+)?/\d+/?|/users/[\w.-]+/statuses/\d+/?")

# Links that name one post, not a profile or a home page, on the platforms with a
# recognisable shape.
POST_PATHS = {
    Platform.X: re.compile(r"/(?:[\w]+|i/web)/status(?:es)?/\d+(?:/.*)?"),
    Platform.BLUESKY: re.compile(r"/profile/[^/]+/post/[\w]+/?"),
    Platform.TELEGRAM: re.compile(r"/(?:s/)?[\w]+/\d+/?"),
}


def _host_and_path(link: str) -> tuple[str, str]:
    try:
        parts = urlsplit(link.strip())
        host = parts.hostname or ""
    except ValueError:  # a malformed address ("https://[")
        return "", ""
    return host.lower().removeprefix("www."), parts.path


def recognise(link: str) -> Post.Platform:
    """The platform of a post's `link`: its host's, a Mastodon status, or a blog."""
    host, path = _host_and_path(link)
    while host:
        if host in HOSTS:
            return HOSTS[host]
        # m.weibo.cn -> weibo.cn, mobile.twitter.com -> twitter.com
        host = host.partition(".")[2] if host.count(".") > 1 else ""
    if MASTODON_STATUS.fullmatch(path):
        return Platform.MASTODON
    return Platform.BLOG


def is_post_link(link: str) -> bool:
    """Whether `link` names one post (not a profile or a home page), where we can tell.

    Platforms without a recognisable post shape, and blogs, answer True.
    """
    platform = recognise(link)
    shape = POST_PATHS.get(platform)
    return shape is None or bool(shape.fullmatch(_host_and_path(link)[1]))


# Platforms whose post links name the post by the path alone: what follows "?" or "#"
# is tracking ("?s=46&t=…" from X's share sheet) and would let one post be logged twice.
PATH_ONLY = {Platform.X, Platform.BLUESKY, Platform.MASTODON, Platform.TELEGRAM, Platform.WEIBO}


def canonical(link: str) -> str:
    """`link` as it is kept: without the query and fragment where they name nothing."""
    link = link.strip()
    if recognise(link) not in PATH_ONLY:
        return link
    return link.split("#", 1)[0].split("?", 1)[0]
