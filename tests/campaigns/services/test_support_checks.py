"""Supporting asks what claiming asks: a confirmed address and, when organizers vet
volunteers, their approval."""

import pytest

from campaigns import services
from campaigns.models import Adoption, VolunteerSettings


def test_an_unconfirmed_address_cannot_support(make_user, prisoner):
    unconfirmed = make_user(verified=False)
    with pytest.raises(services.Refused) as refused:
        services.support_prisoner(volunteer=unconfirmed, prisoner=prisoner)
    assert refused.value.status == 403
    assert not Adoption.objects.filter(volunteer=unconfirmed).exists()


def test_a_volunteer_waiting_for_approval_cannot_support_then_can(
    settings, volunteer, organizer, prisoner
):
    settings.VOLUNTEERS_NEED_APPROVAL = True
    with pytest.raises(services.Refused) as refused:
        services.support_prisoner(volunteer=volunteer, prisoner=prisoner)
    assert refused.value.status == 403
    VolunteerSettings.objects.update_or_create(
        volunteer=volunteer, defaults={"approved_at": "2026-11-20T10:00Z"}
    )
    adoption = services.support_prisoner(volunteer=volunteer, prisoner=prisoner)
    assert adoption.role == Adoption.Role.SUPPORTER
