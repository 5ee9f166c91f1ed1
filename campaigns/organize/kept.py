"""What the organizers' dashboard keeps between visits (issue 17).

Its figures (the trend charts as drawn, the censorship watch's sums, how many rows each
list holds, how many posts in all) cost most of the dashboard at campaign scale and are
the same for every organizer. They are kept KEPT_SECONDS at most, as the headline
figures are (campaigns.figures), and retired sooner by a change that moves the pages'
generation (a claim, an end, a prisoner changed: advocacy.pagecache) or the dashboard's
own version (`dashboard_changed()`: an organizer approved or suspended a volunteer). The
rows of the lists are read fresh at every visit; what is kept is never personal (no
name of the organizer reading, no CSRF token) and is kept per language where it holds
words.
"""

import contextlib
import hashlib
import time
from collections.abc import Callable

import redis
from django.core.cache import cache
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from advocacy.pagecache import generation

KEPT_SECONDS = 60
VERSION_KEY = "organize:dashboard:version"


def dashboard_changed() -> None:
    """Something the kept figures count changed (not through the page generation):
    retire them once the transaction commits."""
    transaction.on_commit(_next_version)


def _next_version() -> None:
    with contextlib.suppress(redis.RedisError):  # no cache: nothing kept to retire
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet (or Redis lost it): a new one, never an old one
            cache.set(VERSION_KEY, time.time_ns(), None)


def key(language: str) -> str:
    """The key of the figures kept now in `language` (one Redis read: the version)."""
    return f"organize:kept:{generation()}:{cache.get(VERSION_KEY, 0)}:{language}"


def read(name: str):
    """What the cache holds under `name`; None for nothing, and when Redis fails (then
    the caller computes it, slower but right)."""
    try:
        return cache.get(name)
    except redis.RedisError:
        return None


def store(name: str, value, seconds: int) -> None:
    """Keep `value` under `name` for `seconds`, if Redis answers."""
    with contextlib.suppress(redis.RedisError):
        cache.set(name, value, seconds)


def kept(compute: Callable[[], dict], *, language: str) -> dict:
    """`compute()`, or what it gave less than KEPT_SECONDS ago with nothing changed."""
    try:
        name = key(language)
        found = cache.get(name)
    except redis.RedisError:
        return compute()  # no cache: counted live, still right
    if found is None:
        found = compute()
        store(name, found, KEPT_SECONDS)
    return found


def drawn_rows(
    template_name: str, name: str, rows: list, request, *, shown: Callable, extra=None
) -> str:
    """`rows` drawn by `template_name` (each as `name`, with `extra` and the `request` it
    reads its path from), kept KEPT_SECONDS under everything they show: `shown(row)`
    gives it for one row; with the language, the time zone and the page's path, that is
    the whole key. A row changed in any way is drawn again; the caller reads rows fresh."""
    if not rows:
        return ""
    seen = repr((request.get_full_path(), extra, [shown(row) for row in rows]))
    digest = hashlib.sha256(seen.encode()).hexdigest()
    zone = timezone.get_current_timezone_name()
    name_in_cache = f"organize:rows:{template_name}:{get_language()}:{zone}:{digest}"
    found = read(name_in_cache)
    if found is None:
        row_template = get_template(template_name)
        context = {**(extra or {}), "request": request}
        found = "".join(row_template.render({**context, name: row}) for row in rows)
        store(name_in_cache, found, KEPT_SECONDS)
    return mark_safe(found)  # noqa: S308 - drawn by our template, escaped there


def prisoner_shown(prisoner) -> tuple:
    """Everything a row shows of `prisoner`: its link, name, priority, the controls."""
    name = prisoner.primary_name()
    return (
        prisoner.pk,
        prisoner.slug,
        str(name),
        getattr(name, "lang", ""),
        prisoner.priority,
        prisoner.status,
        prisoner.is_published,
    )


def post_shown(post) -> tuple:
    """Everything organize/_post.html shows of `post` (who and about whom too)."""
    return (
        post.pk,
        post.platform,
        post.posted_at,
        post.link,
        post.text,
        str(post.volunteer) if post.volunteer_id else None,
        prisoner_shown(post.prisoner) if post.prisoner_id else None,
    )
