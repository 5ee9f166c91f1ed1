"""The list's FilterSet copies its filters one level deep and its choice fields share
their pairs (prisoners/filters.py, issue 17): what each request may change must still be
its own."""

import pytest
from django.http import QueryDict

from campaigns.figures import coverage
from prisoners.filters import PrisonerFilter
from prisoners.models import Prisoner


def filterset(query: str, which=coverage):
    return PrisonerFilter(QueryDict(query), queryset=Prisoner.objects.all(), coverage=which)


@pytest.mark.django_db
def test_each_filterset_has_filters_of_its_own():
    first, second = filterset("region=65"), filterset("region=11")
    base = PrisonerFilter.base_filters
    for name, own in first.filters.items():
        assert own is not base[name] and own is not second.filters[name]
        assert own.extra is not base[name].extra
        assert own.parent is first and own.model is Prisoner
    # Each request's region choices are its own; the class's filter has none.
    assert "choices" not in base["region"].extra
    first.filters["region"].extra["choices"].append(("xx", "made up"))
    assert ("xx", "made up") not in second.filters["region"].extra["choices"]


class OtherCoverage:
    """A coverage that says who needs a defender its own way."""

    def __init__(self):
        self.asked = []

    def needing_defender(self, queryset):
        self.asked.append(queryset)
        return queryset.none()


@pytest.mark.django_db
def test_a_filter_method_runs_on_its_own_filterset():
    other = OtherCoverage()
    mine = filterset("needs_defender=true", which=other)
    filterset("needs_defender=true")  # made after: must not take the method over
    assert mine.is_valid()
    assert list(mine.qs) == []
    assert len(other.asked) == 1


@pytest.mark.django_db
def test_forms_share_no_list_of_choices():
    first, second = filterset("status=detained").form, filterset("status=detained").form
    mine, theirs = first.fields["status"], second.fields["status"]
    assert mine is not theirs and mine.choices == theirs.choices
    mine.choices.append(("xx", "only this form"))  # the list itself changed
    assert ("xx", "only this form") not in theirs.choices
    assert ("detained", theirs.choices[1][1]) in theirs.choices
