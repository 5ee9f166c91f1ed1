import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Prisoner, Status
from .names import to_simplified

REGION_SUGGESTIONS = 300


def region_suggestions() -> list[str]:
    """The commonest regions and places of published prisoners, to suggest as one types.

    Cached: one GROUP BY every ten minutes, not on every page view.
    """

    def load():
        published = Prisoner.objects.published()
        counts: dict[str, int] = {}
        for column in ("region", "place"):
            rows = (
                published.exclude(**{column: ""})
                .values_list(column)
                .annotate(n=Count("pk"))
                .order_by("-n")[:REGION_SUGGESTIONS]
            )
            for value, n in rows:
                counts[value] = counts.get(value, 0) + n
        return sorted(counts, key=lambda v: -counts[v])[:REGION_SUGGESTIONS]

    return cache.get_or_set("prisoners:region-suggestions", load, 600)


class PrisonerFilter(django_filters.FilterSet):
    """Search and filters of /prisoners/. `coverage` answers "needs a defender"."""

    q = django_filters.CharFilter(
        label=_("Name"),
        method="filter_search",
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("刘晓波, Liu Xiaobo or liuxiaobo"), "type": "search"}
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any status")
    )
    region = django_filters.CharFilter(
        label=_("Region or place"),
        method="filter_region",
        max_length=100,
        widget=forms.TextInput(attrs={"list": "region-suggestions", "placeholder": _("e.g. 北京")}),
    )
    needs_defender = django_filters.BooleanFilter(
        label=_("Only those who need a defender"),
        method="filter_needs_defender",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Prisoner
        fields = ["q", "status", "region", "needs_defender"]

    def __init__(self, *args, coverage, **kwargs):
        self.coverage = coverage
        super().__init__(*args, **kwargs)

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_region(self, queryset, name, value):
        value = to_simplified(value.strip())
        return queryset.filter(Q(region=value) | Q(place=value)) if value else queryset

    def filter_needs_defender(self, queryset, name, value):
        return self.coverage.needing_defender(queryset) if value else queryset
