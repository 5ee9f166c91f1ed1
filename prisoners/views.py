"""Public pages about prisoners.

The views take a `coverage` object (see campaigns.coverage) from the URL
configuration: this app shows whether a prisoner has a defender without knowing
what a volunteer is, and an organizer's controls (`controls_template`) without knowing
what they do.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from advocacy.access import is_organizer
from advocacy.compiled import Compiled
from advocacy.pagecache import generation

from . import card, fragments, kept, profile
from .filters import PrisonerFilter
from .models import FormerSlug, Prisoner

# What a list card shows; the long texts stay in the database.
CARD_FIELDS = [
    "name",
    "native_name",
    "pinyin",
    "non_han",
    "slug",
    "status",
    "place",
    "region",
    "province",
    "photo",
    "priority",
    "detained_on",
    "detained_on_precision",
    "death_date",
    "death_date_precision",
    "updated_at",  # the version in the card's fragment key (fragments.py)
]
# What a page reads of its rows: what a card's key needs (fragments.card_key), and the
# address and name that say who is listed (the context's `prisoners`); the full rows
# (CARD_FIELDS) only for the cards kept nowhere.
CARD_KEY = ("pk", "slug", "name", "updated_at", "defended_since")
DETAIL_TEMPLATE = "prisoners/detail.html"
# Where the address goes in the profile's query compiled once (no address has spaces).
SLUG_MARK = "compiled slug mark"
# How long a count of the list may be kept when no change moved the generation.
COUNT_SECONDS = 60


class CachedCountPaginator(Paginator):
    """Counting tens of thousands of rows is the list's slowest query: the count of each
    question is kept (prisoners/kept.py) under the public pages' generation, which every
    change to a prisoner, claim or end moves, and for at most COUNT_SECONDS. `question`
    names what was asked (the filters' cleaned values); None counts every time."""

    def __init__(self, object_list, per_page, *, question: str | None):
        super().__init__(object_list, per_page)
        self.question = question

    @cached_property
    def count(self) -> int:
        if self.question is None:
            return self.object_list.count()
        key = f"prisoners:count:{generation()}:{self.question}"
        return kept.kept(key, self.object_list.count, COUNT_SECONDS)

    def page(self, number):
        """The page's rows picked by key first, in one query: a deep page then walks the
        urgency index over the rows it skips, and works out the coverage (a subquery
        per row) for its own rows only (page 400 of 50,000: 22 ms -> a few, issue 17)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def prisoner_list(request, *, coverage):
    prisoners = coverage.annotate(Prisoner.objects.published().only(*CARD_FIELDS))
    filterset = PrisonerFilter(request.GET, queryset=prisoners, coverage=coverage)
    if filterset.is_valid():
        found = filterset.qs.most_urgent_first()
        asked = sorted(filterset.form.cleaned_data.items())
        question = hashlib.sha256(repr(asked).encode()).hexdigest()[:32]
    else:
        found, question = prisoners.none(), None  # nothing found: no query, nothing kept
    page = CachedCountPaginator(found, settings.PRISONERS_PER_PAGE, question=question).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list.values_list(*CARD_KEY, named=True))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "prisoners/list.html",
        {
            "filter": filterset,
            "page": page,
            "prisoners": rows,
            "cards": fragments.cards_of_rows(
                rows, "h2", load=lambda missing: prisoners.filter(pk__in=[r.pk for r in missing])
            ),
            "query_without_page": query.urlencode(),
            "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


def prisoner_detail(request, slug, *, coverage):
    """The prisoner's kept parts (profile.py) around the reader's own: three queries for a
    signed-in volunteer when the parts are kept (the prisoner, their own adoptions, and
    base.html's), a timeline and sources only to draw them."""
    everyone = is_organizer(request.user)
    found = _profiles(coverage, everyone)
    prisoner = found.first(slug)
    if prisoner is None:
        return _to_current_address(request, slug, _visible(everyone))
    language = get_language()
    context = {"prisoner": prisoner, "actions_template": coverage.actions_template}
    if not request.user.is_authenticated and not settings.DEBUG and not get_messages(request):
        # Nothing of the reader but their address: the whole page is kept (profile.py).
        def draw_page(next_mark):
            context["profile"] = profile.parts(prisoner, found.annotations, language)
            context["chrome_next"] = next_mark
            return render_to_string(DETAIL_TEMPLATE, context, request)

        templates = (coverage.actions_template,) if coverage.actions_template else ()
        return HttpResponse(
            profile.anonymous_page(
                request, prisoner, found.annotations, language, draw_page, templates
            )
        )
    context["profile"] = profile.parts(prisoner, found.annotations, language)
    context.update(coverage.detail_context(request, prisoner))
    response = render(request, DETAIL_TEMPLATE, context)
    if context.get("controls_template"):
        # An organizer's controls (the coverage hands them over): no cache may keep them.
        patch_cache_control(response, private=True, no_store=True)
    return response


def _visible(everyone: bool):
    return Prisoner.objects.all() if everyone else Prisoner.objects.published()


@functools.cache
def _profiles(coverage, everyone: bool) -> Compiled:
    """The profile's annotated query, built and compiled once per process
    (advocacy/compiled.py): compiling its subqueries cost four times running them."""
    profiles = profile.with_version(coverage.annotate_detail(_visible(everyone)))
    return Compiled(lambda slug: profiles.filter(slug=slug).order_by()[:1], SLUG_MARK)


def _to_current_address(request, slug, visible):
    """A former address (the prisoner was renamed) answers 301 with the current one, the
    query string kept; one the reader may not see is a 404 like any other."""
    current = (
        FormerSlug.objects.filter(slug=slug, prisoner__in=visible)
        .values_list("prisoner__slug", flat=True)
        .first()
    )
    if current is None:
        raise Http404
    url = Prisoner(slug=current).get_absolute_url()
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@require_safe
def prisoner_card(request, slug):
    """The profile's card as a PNG (prisoners/card.py), for link previews and to attach
    to a post (`?download=1`); `?lang=` picks its language, by default the reader's."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    served = card.served_card(slug, language)
    if served is None:
        raise Http404
    response = get_conditional_response(
        request, etag=served.etag, last_modified=served.last_modified
    )
    if response is None:
        response = HttpResponse(served.png, content_type="image/png")
    response["ETag"] = served.etag
    response["Last-Modified"] = http_date(served.last_modified)
    # Shared caches may keep it until the day's count changes, at most a day.
    patch_cache_control(response, public=True, max_age=card.seconds_left_today())
    if "lang" not in request.GET:
        patch_vary_headers(response, ["Cookie"])  # the language came from the cookie
    if request.GET.get("download"):
        response["Content-Disposition"] = content_disposition_header(True, f"{slug}.png")
    return response
