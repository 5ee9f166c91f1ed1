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

What the dashboard draws of them is kept too (`drawn`, `drawn_rows`): under a digest of
everything it shows, the rows as the database sent them included, so that a visit with
nothing changed puts kept HTML between the page's own header and footer, and any change
is drawn at once. The ages it shows ("3 days ago") are in the key as `age()`: exactly
as often as Django's `timesince` says something else.
"""

import contextlib
import datetime
import hashlib
import time
from collections.abc import Callable
from functools import lru_cache

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from advocacy.pagecache import generation
from advocacy.versions import code_digest

KEPT_SECONDS = 60
VERSION_KEY = "organize:dashboard:version"
# What the kept figures hold (dashboard._figures): named in their key, changed with it.
FIGURES_SHAPE = "2-ranking-headline"
# Everything the dashboard's kept HTML is drawn with (its code_version()).
TEMPLATES = (
    "organize/_dashboard.html",
    "organize/_censorship.html",
    "organize/_chart.html",
    "organize/_list_total.html",
    "organize/_uncovered_row.html",
    "organize/_quiet_row.html",
    "organize/_post.html",
    "organize/_failed_row.html",
    "organize/_vetting_row.html",
    "organize/_gone_post.html",
    "organize/_suspension.html",
    "organize/_prisoner_controls.html",
    "prisoners/_priority_badge.html",
)
DAY = 86_400


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
    """The key of the figures kept now in `language` (one Redis read: the version). It
    names what they hold (FIGURES_SHAPE), so that code expecting other figures never
    reads these: a deploy's new processes and its old ones share the cache."""
    version = cache.get(VERSION_KEY, 0)
    return f"organize:kept:{FIGURES_SHAPE}:{generation()}:{version}:{language}"


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
    seen = (request.get_full_path(), extra, [shown(row) for row in rows])
    name_in_cache = f"organize:rows:{template_name}:{_digest(seen)}"
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


def drawn(template_name: str, context: dict, request, *, seen, rows: Callable[[], dict]) -> str:
    """`template_name` drawn with `context`, `rows()` (the lists' rows as drawn: asked
    for only when drawing) and the reader's `user`, whose one bit the dashboard shows is
    whether they are staff; kept KEPT_SECONDS under `seen` (all the context shows) with
    the page's path (the controls come back to it), that bit, and what `_digest` adds.
    Drawn without the request's context processors: no token, nothing of the session."""
    seen = (request.get_full_path(), request.user.is_staff, seen)
    name_in_cache = f"organize:drawn:{template_name}:{_digest(seen)}"
    found = None if settings.DEBUG else read(name_in_cache)  # DEBUG: an edit shows at once
    if found is None:
        found = get_template(template_name).render(
            {**context, **rows(), "request": request, "user": request.user}
        )
        store(name_in_cache, found, KEPT_SECONDS)
    return mark_safe(found)  # noqa: S308 - drawn by our template, escaped there


def _digest(seen) -> str:
    """The digest of `seen` with what any drawing here depends on besides its context:
    the code, the language, the time zone, and the UTC day (on which a month of age may
    pass at midnight: `age`)."""
    zone = timezone.get_current_timezone_name()
    shown = repr(
        (code_version(), get_language(), zone, datetime.datetime.now(datetime.UTC).date(), seen)
    )
    return hashlib.sha256(shown.encode()).hexdigest()


def age(moment: datetime.datetime | None, now: datetime.datetime):
    """What `moment|timesince` says at `now`, for a key: it words at most two adjacent
    units, so it says something else only when a whole minute of age has passed (under a
    day: hours and minutes), a whole hour (under a week: days and hours), or a whole day
    (weeks and days, or months and weeks, or years and months: a month passes when
    `now`'s day and time pass `moment`'s, at a whole day of age as both are in UTC, or at
    midnight when `moment`'s day is past the end of `now`'s month: `_digest` keys on the
    UTC day)."""
    if moment is None:
        return None
    seconds = int((now - moment).total_seconds())
    if seconds < DAY:
        return seconds // 60
    if seconds < 7 * DAY:
        return ("h", seconds // 3600)
    return ("d", seconds // DAY)


@lru_cache(maxsize=1)
def code_version() -> str:
    """What the kept HTML was drawn with: the templates' source and the translations
    compiled for this process, so that a deploy never serves HTML drawn by the last."""
    return code_digest(TEMPLATES)
