"""Where a volunteer posts with one tap: the share links of X, Bluesky, Mastodon,
Telegram and Weibo, filled in with a suggested text, and the volunteer's own Mastodon
server, which is all that Mastodon's link needs to know.

The links are plain links to each platform's own "compose" page: no script, image or
font of theirs is loaded by our pages or emails. static/js/suggested-post.js rebuilds
the same links in the browser when the volunteer picks or edits another text.
"""

import re
from urllib.parse import quote

# A host name as the database keeps it (the same pattern is the check constraint
# mastodon_instance_is_a_host): ASCII labels, at least two, lower case.
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+")
# What people paste for their server: a bare host, its address, or their handle.
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_HANDLE = re.compile(r"^@?[^@\s/]+@")

# The platforms in the order the buttons show them, and what each link is built from:
# X, Bluesky and Mastodon take the whole text (the profile link inside it, X counts it
# as 23); Telegram and Weibo take the link apart and show it as a card.
PLATFORMS = ("x", "bluesky", "mastodon", "telegram", "weibo")
X_POST = "https://x.com/intent/post?text="
BLUESKY_POST = "https://bsky.app/intent/compose?text="
TELEGRAM_POST = "https://t.me/share/url?url={link}&text="
WEIBO_POST = "https://service.weibo.com/share/share.php?url={link}&title="


def encode(text: str) -> str:
    """`text` as one query value: every reserved character escaped, spaces as %20."""
    return quote(text, safe="")


def mastodon_post(instance: str) -> str:
    return f"https://{instance}/share?text="


def bases(link: str, *, mastodon_instance: str) -> dict[str, tuple[str, bool]]:
    """Each platform's link before the text, and whether the text carries the profile
    link itself (True) or goes without it, the link having its own parameter (False).
    The buttons hand these to static/js/suggested-post.js as data-base, data-whole."""
    found = {
        "x": (X_POST, True),
        "bluesky": (BLUESKY_POST, True),
        "telegram": (TELEGRAM_POST.format(link=encode(link)), False),
        "weibo": (WEIBO_POST.format(link=encode(link)), False),
    }
    if mastodon_instance:
        found["mastodon"] = (mastodon_post(mastodon_instance), True)
    return found


def share_links(body: str, link: str, *, mastodon_instance: str, settings_url: str) -> dict:
    """The five share links for a post of `body` followed by the profile `link`.

    Without a Mastodon server the Mastodon link goes to the settings, where it is set
    once; nothing guesses a server for the volunteer.
    """
    links = {"mastodon": settings_url}
    for platform, (base, whole) in bases(link, mastodon_instance=mastodon_instance).items():
        links[platform] = base + encode(f"{body} {link}" if whole else body)
    return {platform: links[platform] for platform in PLATFORMS}


def clean_instance(value: str) -> str:
    """The host name of a Mastodon server as typed or pasted ("Mastodon.Social",
    "https://mastodon.social/", "@me@mastodon.social", an internationalised name),
    lower-cased and in its ASCII (IDNA) form; ValueError for anything with a path,
    a port, a query or no dot."""
    host = _HANDLE.sub("", _SCHEME.sub("", value.strip()))
    host = host.removesuffix("/").rstrip(".")
    if not host:
        return ""
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise ValueError(value) from exc
    if len(host) > 253 or not _HOST.fullmatch(host):
        raise ValueError(value)
    return host
