"""Who is covered: the campaign's answer to "does this prisoner have a defender?".

The prisoners app knows nothing about volunteers; its list and detail views take a
coverage object, and the URL configuration hands them this one. On a profile it also
adds the Defend / Support buttons (`actions_template` with `detail_context`).
"""

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Adoption


def _active_defence():
    return Adoption.objects.active().defenders().filter(prisoner=OuterRef("pk"))


class AdoptionCoverage:
    actions_template = "campaigns/_actions.html"

    def annotate(self, prisoners: QuerySet) -> QuerySet:
        """Add `defended_since`: when the active defence began, or None."""
        return prisoners.annotate(
            defended_since=Subquery(_active_defence().values("started_at")[:1])
        )

    @staticmethod
    def supporter_count():
        """An expression: the prisoner's number of active supporters (0 for none)."""
        supporters = (
            Adoption.objects.active()
            .filter(prisoner=OuterRef("pk"), role=Adoption.Role.SUPPORTER)
            .order_by()
            .values("prisoner")
            .annotate(n=Count("*"))
            .values("n")
        )
        return Coalesce(Subquery(supporters, output_field=IntegerField()), 0)

    def annotate_detail(self, prisoners: QuerySet) -> QuerySet:
        """Also the number of supporters, and the defender's name if they opted in."""
        credited = _active_defence().filter(volunteer__campaign_settings__public_credit=True)
        return self.annotate(prisoners).annotate(
            supporter_count=self.supporter_count(),
            credited_defender=Subquery(credited.values("volunteer__display_name")[:1]),
        )

    def needing_defender(self, prisoners: QuerySet) -> QuerySet:
        return prisoners.published().held().filter(~Exists(_active_defence()))

    def most_in_need(self, prisoners: QuerySet) -> QuerySet:
        """Who most needs a defender: highest priority, then longest without one.

        "Longest without one" is since the last defence ended, or since the prisoner
        was added when nobody ever defended them; the pk breaks ties so that the order
        is stable for "another".
        """
        last_ended = (
            Adoption.objects.defenders()
            .filter(prisoner=OuterRef("pk"))
            .order_by("-ended_at")
            .values("ended_at")[:1]
        )
        return (
            self.needing_defender(prisoners)
            .annotate(uncovered_since=Coalesce(Subquery(last_ended), F("created_at")))
            .order_by("-priority", F("uncovered_since").asc(nulls_first=True), "pk")
        )

    def detail_context(self, request, prisoner) -> dict:
        """The visitor's own relation to this prisoner, for the buttons (one query)."""
        if not request.user.is_authenticated:
            return {}
        mine = list(
            Adoption.objects.active()
            .filter(volunteer=request.user)
            .filter(Q(prisoner=prisoner) | Q(role=Adoption.Role.DEFENDER))
            .select_related("prisoner")
        )
        defender, supporter = Adoption.Role.DEFENDER, Adoption.Role.SUPPORTER
        here = {a.role for a in mine if a.prisoner_id == prisoner.pk}
        return {
            "i_defend": defender in here,
            "i_support": supporter in here,
            "my_defended": next((a.prisoner for a in mine if a.role == defender), None),
        }


coverage = AdoptionCoverage()
