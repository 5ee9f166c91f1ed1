import copy

import django_filters
from django import forms
from django.db.models import Count
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from advocacy.pagecache import generation
from advocacy.typography import bracketed
from advocacy.widgets import PlainSelect

from . import chinese, kept, regions
from .models import Prisoner, Status

# How long the per-province counts of the region select are kept at most; any change to
# the public pages (advocacy.pagecache.pages_changed) retires them sooner.
PROVINCE_COUNTS_SECONDS = 300
# Form classes kept (PrisonerFilter.get_form_class): per language and region choices.
FORM_CLASSES = 30
_form_classes: dict[tuple, type] = {}


def province_counts() -> dict[str, int]:
    """Published prisoners per province code, for the region select.

    Kept (prisoners/kept.py): one GROUP BY every few minutes for every language, not one
    per page view, and no round trip to Redis for most pages.
    """

    def load():
        rows = (
            Prisoner.objects.published()
            .exclude(province="")
            .values_list("province")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return dict(rows)

    key = f"prisoners:province-counts:{generation()}"
    return kept.kept(key, load, PROVINCE_COUNTS_SECONDS)


def region_choices(language: str | None, counts: dict[str, int]) -> list[tuple[str, str]]:
    """("65", "Xinjiang (61)"), ("65", "新疆（61）") for each province with prisoners, in
    the reader's language and its brackets.

    English readers get them in alphabetical order (a select finds "X" as one types);
    Chinese readers in the order of the names' pinyin.
    """
    labelled = [(code, regions.province_name(code, language), n) for code, n in counts.items()]
    if chinese.is_chinese(language):
        labelled.sort(key=lambda item: regions.sort_key(item[0]))
    else:
        labelled.sort(key=lambda item: item[1])
    return [(code, f"{name}{bracketed(n, language)}") for code, name, n in labelled]


class SharedChoicesField(django_filters.fields.ChoiceField):
    """A choice field whose copy in each form shares its choices' pairs: Django copies
    every pair of them, deeply, for every form made (a sixth of a filtered list's Python,
    issue 17). The pairs are never changed, only replaced (`region_choices` makes new
    ones), and a label is a string or a lazy translation, neither ever changed."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = list(self._choices)
        return result


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = SharedChoicesField


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
    status = ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any status"), widget=PlainSelect
    )
    # A select of provinces; the query string may spell one any way (see __init__).
    region = ChoiceFilter(
        label=_("Region"),
        method="filter_region",
        empty_label=_("Any region"),
        widget=PlainSelect,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a region we know: choose one from the list.")
        },
    )
    needs_defender = django_filters.BooleanFilter(
        label=_("Only those who need a defender"),
        method="filter_needs_defender",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Prisoner
        fields = ["q", "status", "region", "needs_defender"]

    def __init__(self, data=None, queryset=None, *, coverage, request=None, prefix=None):
        # django-filter's own __init__, but each request's filters copied one level deep
        # instead of deeply: a filter's own attributes and its `extra` (this request's
        # region choices go there) are its own, what they hold (widgets, labels, choices)
        # is shared and never changed. Its deep copy was a fifth of a filtered list's
        # Python (issue 17); tests/prisoners/test_filter_copies.py holds what is shared.
        self.coverage = coverage
        data = normal_region(data)
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {
            name: _own_copy(f, self, queryset.model) for name, f in self.base_filters.items()
        }
        counts = province_counts()
        chosen = (data or {}).get("region", "")
        if chosen in regions.PROVINCES and chosen not in counts:
            counts = {**counts, chosen: 0}  # a region with nobody: shown chosen, with (0)
        self.filters["region"].extra["choices"] = region_choices(get_language(), counts)

    def get_form_class(self):
        """The form class for these choices, made once: django-filter would make a class
        and its four fields on every request (~0.2 ms of the list's time, issue 17)."""
        key = (get_language(), tuple(self.filters["region"].extra["choices"]))
        form_class = _form_classes.get(key)
        if form_class is None:
            if len(_form_classes) >= FORM_CLASSES:
                _form_classes.clear()  # the counts moved on many times: start afresh
            form_class = _form_classes[key] = super().get_form_class()
        return form_class

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_region(self, queryset, name, value):
        return queryset.filter(province=value) if value else queryset

    def filter_needs_defender(self, queryset, name, value):
        return self.coverage.needing_defender(queryset) if value else queryset


def _own_copy(base, filterset, model):
    """`base` copied for one FilterSet (as django-filter's deep copy and its __init__ make
    it): its attributes and `extra` its own, its `method` bound to this copy."""
    own = copy.copy(base)
    own.extra = dict(base.extra)
    if base.method is not None:
        own.method = base.method  # a new FilterMethod, for this copy and its parent
    own.model, own.parent = model, filterset
    return own


def normal_region(data):
    """The query string with its region as a province code: `Xinjiang`, `新疆維吾爾自治區`
    and `65` are one filter, and the select shows it chosen. Unknown names stay as typed,
    for the form to say so."""
    if not data or not data.get("region"):
        return data
    code = regions.code_for(data["region"])
    if not code or code == data["region"]:
        return data
    data = data.copy()
    data["region"] = code
    return data
