"""Prisoner cards rendered once per language and version, then kept (issue 17).

A card (templates/prisoners/_card.html) shows only the prisoner's own row, in the
reader's language: nothing about the viewer, no form, no CSRF token. So a card rendered
once serves every reader of that language until the prisoner changes. The key holds
what the card shows and can change:

- the prisoner's `updated_at` (every save moves it on, as for the card image in
  card.py), so a change to a name, status or photo retires exactly that prisoner's cards;
- whether the prisoner has a defender (the coverage badge), read with the page's own row;
- the language, and the heading level the page gives the card;
- `code_version()`: the card's templates, the compiled translations, this app's
  migrations and the Python that words what a card shows (models, dates, names, tags),
  so that a deploy that changes any of them never serves an old card.

Cards are looked up first in this process's memory, then all the missing ones of a page
in one `get_many` round trip to the cache; only cards found in neither are rendered,
and written back with one `set_many`. The list reads only its rows' keys, and the full
rows of the cards found in neither (`cards_of_rows`): 24 model instances a page fewer.
Since the key carries the version read from the database with the page, a kept card is
never out of date, wherever it was kept.

`kept_part` keeps larger parts of a page the same way, one key at a time: a profile's
(prisoners/profile.py) and home's.
"""

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import crispy_forms
import redis
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from advocacy.pagecache import generation
from advocacy.versions import code_digest

from . import kept
from .filters import PROVINCE_COUNTS_SECONDS

logger = logging.getLogger(__name__)

CARD_TEMPLATE = "prisoners/_card.html"
FILTER_TEMPLATE = "prisoners/_filter_fields.html"
# Every template a fragment includes: a change to any of them is a new code version.
CARD_TEMPLATES = (CARD_TEMPLATE, FILTER_TEMPLATE)
# The profile's kept parts (prisoners/profile.py) and what they include.
PROFILE_TEMPLATES = (
    "prisoners/_profile_head.html",
    "prisoners/_profile_content.html",
    "prisoners/_secondary_name.html",
    "prisoners/_status_badge.html",
    "prisoners/_priority_badge.html",
    "prisoners/_photo.html",
    "prisoners/_time_counter.html",
    "prisoners/_coverage.html",
)
SECONDS = 7 * 24 * 3600
# The search fields show the per-province counts (filters.province_counts), kept as long.
FILTER_SECONDS = PROVINCE_COUNTS_SECONDS
# Longer searches are rendered, not kept (as the page cache does).
MAX_KEPT_QUERY = 40
# Cards kept in this process's memory (~1.5 kB each).
RECENT = 5000
# Profiles (~10 kB each) and other whole-page parts, kept apart from the cards.
RECENT_PARTS = 500
# Relative to the project: a deploy that changes any of them draws every part anew.
PYTHON_SOURCES = (
    "prisoners/*.py",
    "prisoners/templatetags/*.py",
    "advocacy/typography.py",
    "advocacy/templatetags/*.py",
)

_recent: OrderedDict[str, str] = OrderedDict()
_parts: OrderedDict[str, object] = OrderedDict()
_recent_lock = threading.Lock()


@lru_cache(maxsize=1)
def code_version() -> str:
    """What the cards were drawn with: the templates' source, the translations compiled
    for this process, and the address of the placeholder photo (hashed by collectstatic)."""
    # A data migration may rewrite what a card shows without moving `updated_at`.
    migrations = sorted(p.name for p in (Path(__file__).parent / "migrations").glob("*.py"))
    return code_digest(
        CARD_TEMPLATES + PROFILE_TEMPLATES,
        PYTHON_SOURCES,  # the code that words what they show (dates, names, the tags)
        crispy_forms.__version__,
        static("img/no-photo.svg"),
        # What the profile's parts say of the site itself (its name, its absolute links).
        settings.CAMPAIGN_NAME,
        settings.SITE_URL,
        migrations,
    )


def card_key(prisoner, heading: str, language: str) -> str:
    defended = int(getattr(prisoner, "defended_since", None) is not None)
    version = f"{prisoner.pk}:{prisoner.updated_at.timestamp()}:{defended}"
    return f"prisoners:cardhtml:{code_version()}:{language}:{heading}:{version}"


def render_card(prisoner, heading: str) -> str:
    return get_template(CARD_TEMPLATE).render({"prisoner": prisoner, "heading": heading})


def cards(prisoners, heading: str = "h3") -> list[SafeString]:
    """The HTML of each prisoner's card, in order, in the active language."""
    prisoners = list(prisoners)
    return cards_of_rows(prisoners, heading, load=lambda rows: rows)


def cards_of_rows(
    rows: list, heading: str, *, load: Callable[[list], Iterable]
) -> list[SafeString]:
    """As cards(), from rows that carry only what a card's key needs (`pk`, `updated_at`,
    `defended_since`): `load(rows)` reads the full prisoners of the rows whose card is
    kept nowhere, in one query, and only then. A prisoner changed between the two reads
    is drawn as now read and kept under its new key; one gone since is left out."""
    language = get_language()
    keys = [card_key(row, heading, language) for row in rows]
    found = _kept_cards(keys)
    missing = [row for row, key in zip(rows, keys, strict=True) if key not in found]
    if missing:
        by_pk = {
            p.pk: (card_key(p, heading, language), render_card(p, heading)) for p in load(missing)
        }
        drawn = dict(by_pk.values())
        try:
            cache.set_many(drawn, SECONDS)
        except redis.RedisError:
            logger.warning("card fragments: the cache did not answer", exc_info=True)
        _remember(drawn)
        for row, key in zip(rows, keys, strict=True):
            if key not in found and row.pk in by_pk:
                found[key] = by_pk[row.pk][1]
    return [mark_safe(found[key]) for key in keys if key in found]  # noqa: S308 (our template's)


def _kept_cards(keys: list[str]) -> dict[str, str]:
    """The cards kept under `keys`: in this process's memory, then in one `get_many`."""
    found: dict[str, str] = {}
    with _recent_lock:
        for key in keys:
            if key in _recent:
                _recent.move_to_end(key)
                found[key] = _recent[key]
    wanted = [key for key in keys if key not in found]
    if wanted:
        try:
            fetched = cache.get_many(wanted)
        except redis.RedisError:  # a cache that is down slows the page, never breaks it
            logger.warning("card fragments: the cache did not answer", exc_info=True)
            fetched = {}
        found.update(fetched)
        _remember(fetched)
    return found


def filter_fields(filterset) -> SafeString:
    """The list's search fields: the same for every reader of a language who asked the
    same question, while the per-province counts they show stand (the key holds the
    public pages' generation, which retires those counts too). A form with errors, or a
    long search, is rendered and not kept."""
    key = filter_key(filterset)
    if key is None:
        return mark_safe(get_template(FILTER_TEMPLATE).render({"filter": filterset}))  # noqa: S308
    with _recent_lock:
        html = _recent.get(key)
    if html is None:
        html = _kept(key, lambda: get_template(FILTER_TEMPLATE).render({"filter": filterset}))
        _remember({key: html})
    return mark_safe(html)  # noqa: S308 (our own template's output)


def filter_key(filterset) -> str | None:
    """The key of the search fields as `filterset` shows them, or None: not kept."""
    form = filterset.form
    if form.errors or len("".join(form.data.get("q", ""))) > MAX_KEPT_QUERY:
        return None
    values = [(name, form.data.getlist(name)) for name in sorted(form.fields)]
    asked = hashlib.sha256(repr(values).encode()).hexdigest()[:32]
    return f"prisoners:filterhtml:{code_version()}:{generation()}:{get_language()}:{asked}"


def _kept(key: str, render) -> str:
    try:
        return cache.get_or_set(key, render, FILTER_SECONDS)
    except redis.RedisError:
        logger.warning("search fields: the cache did not answer", exc_info=True)
        return render()


def kept_part(key: str, render, seconds: int = SECONDS):
    """A part of a page kept under `key` (which says everything the part shows): from
    this process's memory, else from the cache, else `render()`, then kept in both."""
    with _recent_lock:
        if key in _parts:
            _parts.move_to_end(key)
            return _parts[key]
    try:
        part = cache.get(key)
    except redis.RedisError:  # a cache that is down slows the page, never breaks it
        logger.warning("page parts: the cache did not answer", exc_info=True)
        return render()
    if part is None:
        part = render()
        try:
            cache.set(key, part, seconds)
        except redis.RedisError:
            logger.warning("page parts: the cache did not answer", exc_info=True)
    _remember({key: part}, _parts, RECENT_PARTS)
    return part


def _remember(fresh: dict, memory: OrderedDict = _recent, limit: int = RECENT) -> None:
    with _recent_lock:  # a web process may serve on several threads
        memory.update(fresh)
        while len(memory) > limit:
            memory.popitem(last=False)


def forget_recent() -> None:
    """Empty this process's memory of cards, page parts and the list's kept counts
    (tests: a cache cleared means nothing kept)."""
    with _recent_lock:
        _recent.clear()
        _parts.clear()
    kept.forget()
