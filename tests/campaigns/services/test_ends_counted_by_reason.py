"""An ended defence counts in its week's figures as a lapse when the reason is "lapsed"
(as a constant or as the plain value an organizer's form gives) and as another end
otherwise; an ended support counts in neither."""

import pytest
from django.utils import timezone

from campaigns import services, weeks
from campaigns.models import Adoption, CampaignWeek

LAPSED = Adoption.EndReason.LAPSED


def _ends_this_week(adoption, reason) -> tuple[int, int]:
    services.end_adoptions(Adoption.objects.filter(pk=adoption.pk), reason=reason)
    row = CampaignWeek.objects.filter(week=weeks.week_of(timezone.now())).first()
    return (row.lapses, row.other_ends) if row else (0, 0)


@pytest.mark.parametrize(
    ("reason", "counts"),
    [
        (LAPSED, (1, 0)),
        (str(LAPSED.value), (1, 0)),
        (Adoption.EndReason.HANDED_BACK, (0, 1)),
        (Adoption.EndReason.PRISONER_RELEASED, (0, 1)),
    ],
)
def test_an_ended_defence_is_a_lapse_or_another_end(volunteer, prisoner, reason, counts):
    adoption = services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    assert _ends_this_week(adoption, reason) == counts


@pytest.mark.parametrize("reason", [LAPSED, Adoption.EndReason.HANDED_BACK])
def test_an_ended_support_counts_as_no_end(volunteer, prisoner, reason):
    adoption = services.support_prisoner(volunteer=volunteer, prisoner=prisoner)
    assert _ends_this_week(adoption, reason) == (0, 0)
