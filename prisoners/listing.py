"""The list's rows and content, made cheaper to draw (issue 17).

Where the list's time went (calls.py, 300 prisoners, cards and counts kept): ~40% in
Django building and compiling the page's query (the coverage's subquery, the filters, the
page picked by key) for ~15% in PostgreSQL running it, ~25% in drawing list.html around
cards that were already kept. So:

- `page_rows`: the SQL of a page's rows is compiled once per question (the filters'
  cleaned values), coverage and bounds, kept in this process's memory, then only run;
  what it reads depends on nothing else, as the kept count already assumes.
- the rows found are kept like the count (prisoners/kept.py): under the public pages'
  generation, which every change they show moves, for at most COUNT_SECONDS. A search,
  a filtered or a deep page then costs what page 1 costs: its query ran 0.5-2 ms
  (a trigram search, the rows skipped before page 400) for a list drawn in ~1 ms.
- `content`: the list's content (the search fields, the count, the cards, the pages) is
  the same for every reader who asked the same question of the same rows: it is kept
  (fragments.kept_part) under what it shows: each card's key (its prisoner's version and
  coverage, the language), the count, the page, the query string, the search fields' own
  key (the province counts' generation). Only base.html is drawn per request.
"""

import hashlib
import threading
from collections import OrderedDict, namedtuple
from collections.abc import Callable
from functools import lru_cache

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from advocacy.compiled import Compiled
from advocacy.pagecache import generation
from advocacy.versions import code_digest

from . import fragments, kept

# What a page reads of its rows: what a card's key needs (fragments.card_key), and the
# address and name that say who is listed (the context's `prisoners`); the full rows
# only for the cards kept nowhere.
CARD_KEY = ("pk", "slug", "name", "updated_at", "defended_since")
Row = namedtuple("Row", CARD_KEY)
# In the kept rows' key: a process whose rows have other columns (a deploy that changed
# CARD_KEY) never reads rows another kept, which it could not unpickle.
ROWS_VERSION = hashlib.sha256(repr(CARD_KEY).encode()).hexdigest()[:8]
CONTENT_TEMPLATE = "prisoners/_list_content.html"
CONTENT_TEMPLATES = (CONTENT_TEMPLATE, "_partials/_pagination.html")
# The query string's parameters the list reads: a page asked with any other is not kept.
PARAMETERS = {"q", "status", "region", "needs_defender", "page"}
# How long a count of the list, and a page's rows, may be kept when no change moved the
# generation.
COUNT_SECONDS = 60
# Compiled pages kept in memory: one per question, page and coverage (a few kB each).
SQL_SIZE = 2000

_sql: OrderedDict[tuple, Compiled] = OrderedDict()
_sql_lock = threading.Lock()


class CachedCountPaginator(Paginator):
    """Counting tens of thousands of rows is the list's slowest query: the count of each
    question is kept (prisoners/kept.py) under the public pages' generation, which every
    change to a prisoner, claim or end moves, and for at most COUNT_SECONDS. `question`
    names what was asked (the filters' cleaned values); None counts every time.

    `found()` builds the query of the rows found, most urgent first; it is built only
    when a count or a page's SQL is not kept. `scope` tells apart the queries of one
    question (the coverage). A page's `object_list` is its rows (`Row`)."""

    def __init__(self, found: Callable[[], QuerySet], per_page, *, question, scope=None):
        super().__init__(found, per_page)
        self.question = question
        self.scope = scope

    def _check_object_list_is_ordered(self):
        """Always ordered (most urgent first); not built to be checked."""

    @cached_property
    def query(self) -> QuerySet:
        return self.object_list()

    @cached_property
    def count(self) -> int:
        if self.question is None:
            return self.query.count()
        key = f"prisoners:count:{generation()}:{self.question}"
        return kept.kept(key, lambda: self.query.count(), COUNT_SECONDS)

    def page(self, number):
        """The page's rows picked by key first, in one query: a deep page then walks the
        urgency index over the rows it skips, and works out the coverage (a subquery
        per row) for its own rows only (page 400 of 50,000: 22 ms -> a few, issue 17)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count

        def rows() -> QuerySet:
            keys = self.query.values("pk")[bottom:top]
            return self.query.filter(pk__in=keys).values_list(*CARD_KEY)

        if self.question is None:  # nothing kept for a question not understood
            found = [Row(*row) for row in rows()]
        else:
            where = (self.scope, self.question, self.per_page, bottom, top)
            found = kept.kept(
                f"prisoners:rows:{ROWS_VERSION}:{generation()}:{_scope_name(self.scope)}:"
                f"{self.question}"
                f":{bottom}:{top}",
                lambda: tuple(page_rows(where, rows)),  # shared: never changed
                COUNT_SECONDS,
            )
        return self._get_page(found, number, self)


def _scope_name(scope) -> str:
    """The coverage's name in a key shared by processes (a module or an object): its
    class's, one coverage per class (campaigns.figures.coverage, or a test's own)."""
    return getattr(scope, "__name__", type(scope).__qualname__)


def page_rows(key: tuple, build: Callable[[], QuerySet]) -> list[Row]:
    """The rows of `build()` (values_list of CARD_KEY), its SQL compiled once per `key`
    (advocacy.compiled; not prepared on the server: there are thousands of them)."""
    with _sql_lock:
        compiled = _sql.get(key)
        if compiled is not None:
            _sql.move_to_end(key)
    if compiled is None:
        compiled = Compiled(build, prepare=False)
        with _sql_lock:
            _sql[key] = compiled
            while len(_sql) > SQL_SIZE:
                _sql.popitem(last=False)
    return [Row(*row) for row in compiled.run()]


def forget() -> None:
    """Compile every page again (tests that change what a query reads)."""
    with _sql_lock:
        _sql.clear()


def content_version() -> str:
    """What the content is drawn with: the cards' code version, and its templates."""
    return f"{fragments.code_version()}{_templates_version()}"


@lru_cache(maxsize=1)
def _templates_version() -> str:
    return code_digest(CONTENT_TEMPLATES)


def content_key(context: dict, language: str, asked) -> str | None:
    """The key of the list's content for `context` and the query string `asked`, or None:
    not kept. A search with errors or a long search is not (nor are its search fields),
    nor one with a parameter the list does not read or read twice: made-up query strings
    fill no cache (as advocacy/pagecache.py)."""
    if any(name not in PARAMETERS or len(asked.getlist(name)) > 1 for name in asked):
        return None
    fields = fragments.filter_key(context["filter"])
    if fields is None:
        return None
    page = context["page"]
    shown = (
        [fragments.card_key(row, "h2", language) for row in context["prisoners"]],
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        context["query_without_page"],
        context["is_filtered"],
        fields,
    )
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()[:32]
    return f"prisoners:listhtml:{content_version()}:{language}:{digest}"


def seconds(params) -> int:
    """How long a list is kept in Redis: a week, but a search (of which anyone can make
    up millions, each rarely asked twice) only as long as the search fields it shows, so
    that made-up searches cannot fill the cache and push out what it must keep."""
    return fragments.FILTER_SECONDS if params.get("q", "").strip() else fragments.SECONDS


def content(
    context: dict, cards: Callable[[], list], key: str | None, seconds: int = fragments.SECONDS
) -> SafeString:
    """The list's content (CONTENT_TEMPLATE) for `context`, kept under `key` (content_key)
    unless None for `seconds`; its `cards()` read only to draw it."""

    def draw() -> str:
        return get_template(CONTENT_TEMPLATE).render({**context, "cards": cards()})

    if key is None:
        return mark_safe(draw())  # noqa: S308 (our own template's output)
    return mark_safe(fragments.kept_part(key, draw, seconds))  # noqa: S308 (our own template's output)
