"""Who may be made a defender (issue 15): the service refuses, whatever the form sent,
a volunteer whose address was never confirmed, one not approved while approval is
required, a suspended one (400), and one who defends someone already (409); nothing
changes, no email is written."""

import pytest
from django.utils import timezone

from campaigns.models import AuditEntry, VolunteerSettings
from campaigns.organize.assignment import reassign_prisoner
from campaigns.services import Refused
from tests.conftest import defend

from .conftest import url, world


@pytest.fixture
def needs_approval(settings):
    settings.VOLUNTEERS_NEED_APPROVAL = True


def _approved(person):
    VolunteerSettings.objects.create(volunteer=person, approved_at=timezone.now())
    return person


def _unverified(make_user, make_prisoner):
    return _approved(make_user(display_name="Unconfirmed", verified=False))


def _unapproved(make_user, make_prisoner):
    return make_user(display_name="Waiting")


def _suspended(make_user, make_prisoner):
    return _approved(make_user(display_name="Suspended", is_active=False))


def _defending(make_user, make_prisoner):
    person = _approved(make_user(display_name="Busy"))
    defend(person, make_prisoner())
    return person


def _name(value):
    return getattr(value, "__name__", None)


CASES = [
    (_unverified, 400, "has not confirmed their email address"),
    (_unapproved, 400, "is not approved yet"),
    (_suspended, 400, "is suspended"),
    (_defending, 409, "already defends someone"),
]


@pytest.mark.usefixtures("needs_approval")
@pytest.mark.parametrize(("make", "status", "message"), CASES, ids=_name)
def test_the_service_refuses_and_changes_nothing(
    organizer, volunteer, prisoner, make_user, make_prisoner, make, status, message
):
    old = defend(volunteer, prisoner)
    person = make(make_user, make_prisoner)
    before = world()

    with pytest.raises(Refused) as refusal:
        reassign_prisoner(
            organizer=organizer, prisoner=prisoner, volunteer=person, expected_id=old.pk
        )

    assert (refusal.value.status, message in refusal.value.message) == (status, True)
    assert world() == before
    assert not AuditEntry.objects.exists()


@pytest.mark.usefixtures("needs_approval")
@pytest.mark.parametrize(("make", "status", "message"), CASES, ids=_name)
def test_the_page_refuses_with_the_message_and_changes_nothing(
    org, volunteer, prisoner, make_user, make_prisoner, make, status, message
):
    old = defend(volunteer, prisoner)
    person = make(make_user, make_prisoner)
    before = world()

    response = org.post(
        url("reassign", prisoner.slug), {"volunteer": person.pk, "expected": old.pk}
    )

    assert response.status_code == status
    assert message in response.content.decode()
    assert world() == before
    assert not AuditEntry.objects.exists()


def test_without_approval_required_a_confirmed_volunteer_is_assigned(
    org, prisoner, make_user, settings
):
    settings.VOLUNTEERS_NEED_APPROVAL = False
    person = make_user(display_name="Fresh")

    response = org.post(url("reassign", prisoner.slug), {"volunteer": person.pk})

    assert response.status_code == 302
    assert person.adoptions.active().defenders().get().prisoner == prisoner
