"""Who is covered: the campaign's answer to "does this prisoner have a defender?".

The prisoners app knows nothing about volunteers; its list and detail views take a
coverage object, and the URL configuration hands them this one.
"""

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from .models import Adoption


def _active_defence():
    return Adoption.objects.active().defenders().filter(prisoner=OuterRef("pk"))


class AdoptionCoverage:
    def annotate(self, prisoners: QuerySet) -> QuerySet:
        """Add `defended_since`: when the active defence began, or None."""
        return prisoners.annotate(
            defended_since=Subquery(_active_defence().values("started_at")[:1])
        )

    def needing_defender(self, prisoners: QuerySet) -> QuerySet:
        return prisoners.published().held().filter(~Exists(_active_defence()))


coverage = AdoptionCoverage()
