"""A prisoner the site does not show cannot be claimed or supported: a 404, as if the
page did not exist, whoever asks."""

import pytest

from campaigns import services
from campaigns.models import Adoption


@pytest.mark.parametrize("action", [services.claim_prisoner, services.support_prisoner])
def test_an_unpublished_prisoner_is_a_404(volunteer, make_prisoner, action):
    hidden = make_prisoner(is_published=False)

    with pytest.raises(services.Refused) as refused:
        action(volunteer=volunteer, prisoner=hidden)

    assert (refused.value.status, refused.value.message) == (404, "This prisoner cannot be chosen.")
    assert not Adoption.objects.filter(prisoner=hidden).exists()
