"""Supporting, like defending, is for a prisoner still held: the page shows no Support
button on a closed case, and a direct POST is refused as well."""

import pytest

from campaigns import services
from campaigns.models import Adoption
from prisoners.models import CLOSED_STATUSES, Prisoner, Status
from tests.campaigns.conftest import support_url


@pytest.mark.parametrize("status", CLOSED_STATUSES)
def test_supporting_a_closed_case_is_refused(volunteer_client, volunteer, make_prisoner, status):
    closed = make_prisoner(status=status)
    with pytest.raises(services.Refused) as refused:
        services.support_prisoner(volunteer=volunteer, prisoner=closed)
    assert refused.value.status == 409
    assert volunteer_client.post(support_url(closed)).status_code == 409
    assert not Adoption.objects.filter(volunteer=volunteer).exists()


def test_a_case_closed_while_supporting_is_seen_under_the_lock(volunteer, prisoner):
    """The page was read while the prisoner was held; the row says otherwise now."""
    Prisoner.objects.filter(pk=prisoner.pk).update(status=Status.RELEASED)
    with pytest.raises(services.Refused):
        services.support_prisoner(volunteer=volunteer, prisoner=prisoner)  # stale: held
    assert not Adoption.objects.filter(volunteer=volunteer).exists()
