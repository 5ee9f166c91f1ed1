"""Released, exiled and dead prisoners lose their priority badge everywhere and are in
no list of prisoners who need a defender (prisoners.querysets `held`)."""

import pytest

from campaigns.models import OutgoingEmail
from campaigns.organize import lists
from campaigns.outbox import emails
from prisoners.models import Priority, Status

CLOSED = [Status.RELEASED, Status.DIED, Status.EXILED]


@pytest.mark.parametrize("status", CLOSED)
def test_a_closed_case_shows_no_urgency_and_needs_no_defender(
    org, client, organizer, make_prisoner, status
):
    closed = make_prisoner(name="Closed Case", priority=Priority.URGENT, status=status)
    held = make_prisoner(name="Held Case", priority=Priority.URGENT)

    profile = client.get(closed.get_absolute_url()).content.decode()
    assert "Urgent" not in profile and "text-bg-danger" not in profile
    assert "Urgent" in client.get(held.get_absolute_url()).content.decode()
    listing = client.get("/prisoners/").content.decode()
    assert listing.count(">Urgent</span>") == 1  # the held one's badge only
    needing = client.get("/prisoners/", {"needs_defender": "1"}).content.decode()
    assert "Held Case" in needing and "Closed Case" not in needing
    assert "Closed Case" not in client.get("/").content.decode()

    assert lists.uncovered() == [held]
    for url in ("/organize/", "/organize/uncovered/"):
        page = org.get(url).content.decode()
        assert "Held Case" in page and "Closed Case" not in page
    row = OutgoingEmail.objects.create(
        volunteer=organizer, kind="organizer_digest", period="2026-W48"
    )
    body = emails.build_message(row).body
    assert "Held Case (Urgent)" in body and "Closed Case" not in body
    assert "Without a defender: 1" in body
