"""A defender who claims a second prisoner is refused with the name of the one they
defend, whichever of the two cases was created first."""

import pytest

from campaigns import services
from campaigns.models import Adoption


@pytest.mark.parametrize("defended", ["created first", "created second"])
def test_a_second_claim_is_refused_naming_the_first(volunteer, make_prisoner, defended):
    first, second = make_prisoner(name="First Case"), make_prisoner(name="Second Case")
    mine, wanted = (first, second) if defended == "created first" else (second, first)
    services.claim_prisoner(volunteer=volunteer, prisoner=mine)

    with pytest.raises(services.Refused) as refused:
        services.claim_prisoner(volunteer=volunteer, prisoner=wanted)

    assert refused.value.status == 409
    assert refused.value.message == (
        f"You already defend {mine.primary_name()}: hand them back first."
    )
    assert not Adoption.objects.filter(prisoner=wanted).exists()
