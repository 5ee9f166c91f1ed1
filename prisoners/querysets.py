"""Prisoners as the pages ask for them: published, held, searched, most urgent first."""

from django.db import models
from django.db.models import Q

from . import names
from .choices import CLOSED_STATUSES


class PrisonerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def held(self):
        """Cases still open: the prisoner is not known to be free or dead."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def search(self, query: str):
        """Prisoners any of whose spellings contains the query, best matches ranked first."""
        key = names.normalize_for_search(query)
        if not key:
            return self
        starts_a_name = Q(search_key__startswith=key) | Q(search_key__contains=f"|{key}")
        return self.filter(search_key__contains=key).annotate(
            search_rank=models.Case(
                models.When(starts_a_name, then=0), default=1, output_field=models.IntegerField()
            )
        )

    def most_urgent_first(self):
        """Priority, then longest detained; after a search, names that start with it first."""
        order = ["-priority", models.F("detained_on").asc(nulls_last=True), "name", "pk"]
        if "search_rank" in self.query.annotations:
            order.insert(0, "search_rank")
        return self.order_by(*order)
