"""Public pages about prisoners.

The views take a `coverage` object (see campaigns.coverage) from the URL
configuration: this app shows whether a prisoner has a defender without knowing
what a volunteer is, and an organizer's controls (`controls_template`) without knowing
what they do.
"""

import functools
import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from advocacy.access import is_organizer
from advocacy.compiled import Compiled

from . import card, fragments, listing, profile, wholepage
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
LIST_TEMPLATE = "prisoners/list.html"
# Where the address goes in the profile's query compiled once (no address has spaces).
SLUG_MARK = "compiled slug mark"


def prisoner_list(request, *, coverage):
    """The rows' SQL compiled once per question and page, the content kept per question
    and rows (listing.py), for a reader not signed in the whole page (wholepage.py): one
    query when all is kept, the page's rows."""
    prisoners = _listed(coverage)
    filterset = PrisonerFilter(request.GET, queryset=prisoners, coverage=coverage)
    if filterset.is_valid():
        found = lambda: filterset.qs.most_urgent_first()  # noqa: E731
        asked = sorted(filterset.form.cleaned_data.items())
        question = hashlib.sha256(repr(asked).encode()).hexdigest()[:32]
    else:
        found, question = prisoners.none, None  # nothing found: no query, nothing kept
    paginator = listing.CachedCountPaginator(
        found, settings.PRISONERS_PER_PAGE, question=question, scope=coverage
    )
    page = paginator.get_page(request.GET.get("page"))
    rows = page.object_list
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "prisoners": rows,
        "query_without_page": query.urlencode(),
        "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
    }

    def cards():
        load = lambda missing: prisoners.filter(pk__in=[r.pk for r in missing])  # noqa: E731
        return fragments.cards_of_rows(rows, "h2", load=load)

    key = listing.content_key(context, get_language(), request.GET)
    seconds = listing.seconds(request.GET)
    if key is not None and wholepage.may_keep(request):
        # Nothing of the reader but their address: the whole page is kept (wholepage.py).
        def draw_page(next_mark):
            context["content"] = listing.content(context, cards, key, seconds)
            context["chrome_next"] = next_mark
            return render_to_string(LIST_TEMPLATE, context, request)

        page_key = key.replace(":listhtml:", ":listwhole:", 1)
        html = wholepage.kept_page(request, page_key, draw_page, (LIST_TEMPLATE,), seconds)
        return HttpResponse(html)
    context["content"] = listing.content(context, cards, key, seconds)
    return render(request, LIST_TEMPLATE, context)


@functools.cache
def _listed(coverage):
    """The published prisoners as cards show them, built once per process: each request
    filters a copy (django-filter's `qs`); this one is never run."""
    return coverage.annotate(Prisoner.objects.published().only(*CARD_FIELDS))


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
    readers = coverage.detail_context(request, prisoner)  # nothing for someone not signed in
    if not readers and wholepage.may_keep(request):
        # Nothing of the reader but their address: the whole page is kept (wholepage.py).
        def draw_page(next_mark):
            context["profile"] = profile.parts(prisoner, found.annotations, language)
            context["chrome_next"] = next_mark
            return render_to_string(profile.DETAIL_TEMPLATE, context, request)

        templates = (coverage.actions_template,) if coverage.actions_template else ()
        return HttpResponse(
            profile.anonymous_page(
                request, prisoner, found.annotations, language, draw_page, templates
            )
        )
    context["profile"] = profile.parts(prisoner, found.annotations, language)
    context.update(readers)
    response = render(request, profile.DETAIL_TEMPLATE, context)
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
