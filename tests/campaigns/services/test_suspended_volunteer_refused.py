"""A suspended volunteer can neither claim nor support: the check is made under the
share lock, so a suspension committed before the claim is always seen."""

import pytest

from campaigns import services
from campaigns.models import Adoption


@pytest.mark.parametrize("action", [services.claim_prisoner, services.support_prisoner])
def test_a_suspended_volunteer_is_refused(volunteer, prisoner, action):
    volunteer.is_active = False
    volunteer.save(update_fields=["is_active"])

    with pytest.raises(services.Refused) as refused:
        action(volunteer=volunteer, prisoner=prisoner)

    assert refused.value.status == 403
    assert "suspended" in refused.value.message
    assert not Adoption.objects.filter(volunteer=volunteer).exists()
