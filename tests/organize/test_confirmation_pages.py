"""The organizers' confirmation pages (S11) show what an action will change, and change
nothing themselves."""

from campaigns.models import Adoption, AuditEntry
from tests.conftest import defend

from .conftest import url, world


def test_confirmation_pages_show_what_will_change_and_change_nothing(org, volunteer, prisoner):
    adoption = defend(volunteer, prisoner)
    before = world()

    pages = [
        (url("approve", volunteer.pk), "Approve Lotus?"),
        (url("suspend", volunteer.pk), "Suspend Lotus?"),
        (url("reassign", prisoner.slug), "Current defender"),
        (url("end_adoption", prisoner.slug), "End the adoption of"),
        (url("add_event", prisoner.slug), "Add an event to the timeline"),
        (url("mark_released", prisoner.slug), "send them an email of thanks"),
        (url("mark_died", prisoner.slug), "the date of death"),
    ]
    for page, promise in pages:
        response = org.get(page)
        assert response.status_code == 200, page
        assert promise in response.content.decode(), page

    assert world() == before
    assert not AuditEntry.objects.exists()
    assert Adoption.objects.get(pk=adoption.pk).ended_at is None
