"""A short-lived cache of the public pages as anonymous visitors get them.

Most visitors are anonymous and read the same pages (home, the prisoner list, a
profile). Their HTML is kept in Redis for PAGE_CACHE_SECONDS, per language and full
path, and every change to what those pages show (a prisoner saved, a claim, a case
event) moves a generation number that retires all of them at once: `pages_changed()`
is the one mechanism of cache retirement, and the campaign's cached figures
(campaigns.figures) are keyed on the same generation.

Only requests without a session or messages are served from the cache, and only
responses that set no cookie are stored, so that nothing personal is ever shared: a
signed-in volunteer, or a visitor in the middle of signing in, always gets a fresh page.
The pages hold no CSRF token (the language switcher is exempt), so a cached copy works
for everybody.
"""

import contextlib
import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode

import redis
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
# The cached views, with the query parameters each understands.
CACHEABLE = {
    ("", "home"): set(),
    ("prisoners", "list"): {"q", "status", "region", "needs_defender", "page"},
    ("prisoners", "detail"): set(),
    ("feeds", "updates"): set(),
    ("feeds", "prisoner"): set(),
    # The censorship watch's public record: its figures may be a cache's lifetime old.
    ("campaigns", "censorship"): {"page"},
    ("feeds", "censorship"): set(),
}
# Cookies an anonymous visitor may carry and still share the cached page.
HARMLESS_COOKIES = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
KEPT_HEADERS = {"content-type", "content-language", "vary"}
# Longer searches (after folding) are rendered but not kept: each one is rarely asked twice.
MAX_CACHED_QUERY = 40
# A parameter's one spelling, by parameter: the apps that know a parameter's spellings
# register them (prisoners: region=Xinjiang, 新疆 and 65 are one page); "" means unknown,
# a page rendered but not kept.
QUERY_SPELLINGS: dict[str, Callable[[str], str]] = {}


def pages_changed() -> None:
    """What the public pages or the campaign's figures show has changed: retire every
    cached copy of them (campaigns.figures keys its cached figures on the generation too).
    """
    _memo["generation"] = None  # this process sees its own change at once
    try:
        _next_generation()
        _memo["owed"] = False
    except redis.RedisError:
        # Copies made before the outage would come back with Redis: generation() retires
        # them as soon as it reads Redis again.
        _memo["owed"] = True
        logger.warning("cache unavailable: cached pages are retired when it is back")


# The generation's move as one command (EVALSHA): SET NX of the clock, then INCR. A
# pipeline of the two was the same round trip for twice the Python (issue 17).
NEXT_GENERATION = "redis.call('SET', KEYS[1], ARGV[1], 'NX') return redis.call('INCR', KEYS[1])"
_script = {"client": None, "script": None}  # registered with the cache's one client


def _next_generation() -> None:
    """INCR the generation in one round trip to Redis (cache.incr takes two: EXISTS,
    then INCR; a claim pays each one). With no generation yet (or after Redis lost it)
    it starts from the clock, never from a number that copies still in the cache may
    carry: SET NX of the clock, then INCR, in one script."""
    client = getattr(cache, "_cache", None)  # Django's RedisCache; another backend: below
    if client is None:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, time.time_ns(), None)
        return
    key = cache.make_and_validate_key(GENERATION_KEY)
    redis_client = client.get_client(key, write=True)
    if _script["client"] is not redis_client:
        _script.update(client=redis_client, script=redis_client.register_script(NEXT_GENERATION))
    # redis-py sends the script's text again if Redis forgot it (a restart, SCRIPT FLUSH).
    _script["script"](keys=[key], args=[time.time_ns()])


def _key(request) -> str | None:
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return None
    if set(request.COOKIES) - HARMLESS_COOKIES or request.user.is_authenticated:
        return None
    match = request.resolver_match
    if match is None or (match.namespace, match.url_name) not in CACHEABLE:
        return None
    # Only the list's own parameters make another copy: made-up query strings would
    # otherwise fill the cache with copies of the same page.
    if set(request.GET) - CACHEABLE[(match.namespace, match.url_name)]:
        return None
    query = _normal_query(request.GET)
    if query is None:
        return None
    return f"page:{generation()}:{get_language()}:{request.path}{query}"


def _normal_query(params) -> str | None:
    """One spelling of a list query, so that spellings of the same page share one copy;
    None for a query not worth keeping (rendered, never stored), so that the number of
    copies stays bounded."""
    if any(len(values) > 1 for _, values in params.lists()):
        return None  # the list reads one value of each: not worth working out which
    kept = {name: value for name, value in params.items() if value != ""}
    # A search is kept as typed (the page's search box shows it), and only a short one; a
    # blank search still shows "Clear", so it is not the unfiltered page either.
    search = kept.get("q")
    if search is not None and (not search.strip() or len(search) > MAX_CACHED_QUERY):
        return None
    for name, spelling in QUERY_SPELLINGS.items():
        if name in kept:
            kept[name] = spelling(kept[name])
            if not kept[name]:
                return None
    if "page" in kept:
        page = _page_number(kept.pop("page"))
        if page is None:
            return None
        if page > 1:
            kept["page"] = str(page)
    return "?" + urlencode(sorted(kept.items())) if kept else ""


def _page_number(value: str) -> int | None:
    """The list page a ?page= value shows, or None for one not kept."""
    try:
        page = int(value)
    except ValueError:
        return 1  # the list shows the first page for a page that is not a number
    # Page 0 and below show the last page, whichever that is: not kept either.
    return page if 1 <= page <= settings.PAGE_CACHE_MAX_PAGE else None


# "owed": a change this process made while Redis was down, not yet told to Redis.
_memo = {"generation": None, "until": 0.0, "owed": False}
# The generation is read from Redis at most this often per process: one round trip per
# cached page instead of two, and a change shows everywhere within a second.
GENERATION_MEMO_SECONDS = 1.0


def generation() -> int:
    now = time.monotonic()
    if _memo["generation"] is None or now >= _memo["until"]:
        _memo["generation"] = cache.get_or_set(GENERATION_KEY, time.time_ns, None)
        _memo["until"] = now + GENERATION_MEMO_SECONDS
        if getattr(cache, "_down_until", 0.0) > time.monotonic():
            # Redis is down: another process (a worker importing prisoners) may change
            # what pages show and be unable to say so. Whoever sees the outage owes the
            # move, so that copies kept under the old generation are not served again.
            _memo["owed"] = True
        elif _memo["owed"]:
            # Redis answered: move the generation past the copies a change during the
            # outage could not retire.
            with contextlib.suppress(redis.RedisError):
                _next_generation()
                _memo["owed"] = False
                _memo["generation"] = cache.get(GENERATION_KEY, _memo["generation"])
    return _memo["generation"]


class AnonymousPageCacheMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            key = _key(request)
            stored = cache.get(key) if key else None
        except redis.RedisError:
            return None  # no cache: the page is rendered as usual
        request._page_cache_key = key
        if stored is None:
            return None
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response

    def process_response(self, request, response):
        key = getattr(request, "_page_cache_key", None)
        if (
            key
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "X-Page-Cache" not in response
            and "private" not in response.get("Cache-Control", "")
        ):
            # The security headers are added again on the way out; keep what describes
            # the content.
            headers = [(n, v) for n, v in response.items() if n.lower() in KEPT_HEADERS]
            with contextlib.suppress(redis.RedisError):  # uncached is still a page
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
        return response
