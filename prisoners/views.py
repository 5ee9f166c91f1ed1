"""Public pages about prisoners.

The views take a `coverage` object (see campaigns.coverage) from the URL
configuration: this app shows whether a prisoner has a defender without knowing
what a volunteer is.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property

from advocacy.access import is_organizer

from .filters import PrisonerFilter
from .models import CaseEvent, Prisoner

# What a list card shows; the long texts stay in the database.
CARD_FIELDS = [
    "name",
    "native_name",
    "pinyin",
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
]


class CachedCountPaginator(Paginator):
    """Counting tens of thousands of rows is the list's slowest query; a count up to a
    minute old is good enough for "N found" and the page links."""

    @cached_property
    def count(self) -> int:
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # e.g. .none() after an invalid filter
            return 0
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return cache.get_or_set(f"prisoners:count:{digest}", self.object_list.count, 60)


def prisoner_list(request, *, coverage):
    prisoners = coverage.annotate(Prisoner.objects.published().only(*CARD_FIELDS))
    filterset = PrisonerFilter(request.GET, queryset=prisoners, coverage=coverage)
    found = filterset.qs.most_urgent_first() if filterset.is_valid() else prisoners.none()
    page = CachedCountPaginator(found, settings.PRISONERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "prisoners/list.html",
        {
            "filter": filterset,
            "page": page,
            "prisoners": page.object_list,
            "query_without_page": query.urlencode(),
            "is_filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


def prisoner_detail(request, slug, *, coverage):
    visible = Prisoner.objects.all() if is_organizer(request.user) else Prisoner.objects.published()
    events = CaseEvent.objects.published().order_by("-date", "-pk")
    prisoner = get_object_or_404(
        coverage.annotate_detail(visible).prefetch_related(
            Prefetch("events", queryset=events, to_attr="timeline"), "sources"
        ),
        slug=slug,
    )
    context = {"prisoner": prisoner, "actions_template": coverage.actions_template}
    context.update(coverage.detail_context(request, prisoner))
    return render(request, "prisoners/detail.html", context)
