"""Each dashboard list shows its first rows with the total, and its own page goes
through all of it, 50 a page."""

import datetime

from django.utils import timezone

from campaigns.models import Adoption, OutgoingEmail
from tests.conftest import defend


def test_the_uncovered_list_shows_20_of_its_total_and_pages_through_all(org, make_prisoner):
    for n in range(55):
        make_prisoner(name=f"Waiting {n:02d}")

    dashboard = org.get("/organize/")
    assert len(dashboard.context["uncovered"].rows) == 20
    assert "Showing 20 of 55." in dashboard.content.decode()
    assert 'href="/organize/uncovered/" aria-describedby="uncovered-heading"' in (
        dashboard.content.decode()
    )
    first = org.get("/organize/uncovered/")
    assert "55 prisoners still held have no defender" in first.content.decode()
    assert len(first.context["page"].object_list) == 50
    second = org.get("/organize/uncovered/", {"page": 2}).content.decode()
    shown = {n for n in range(55) if f">Waiting {n:02d}</a>" in second}
    assert len(shown) == 5
    assert org.get("/organize/uncovered/", {"page": "x"}).status_code == 200  # not a 500


def test_the_quiet_failed_and_vetting_lists_have_their_own_pages(
    org, make_user, make_prisoner, settings
):
    settings.VOLUNTEERS_NEED_APPROVAL = True
    quiet = make_user(display_name="Quiet Pine")
    adoption = defend(quiet, make_prisoner())
    Adoption.objects.filter(pk=adoption.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=30)
    )
    OutgoingEmail.objects.create(
        volunteer=make_user(display_name="Bounced Reed"),
        kind="reminder",
        period="2026-W48",
        status="failed",
    )

    dashboard = org.get("/organize/").content.decode()
    for name in ("quiet", "failed", "vetting"):
        assert f'href="/organize/{name}/" aria-describedby="{name}-heading"' in dashboard
    quiet_page = org.get("/organize/quiet/").content.decode()
    assert "1 defender has not posted for two weeks or more" in quiet_page
    assert "Quiet Pine" in quiet_page and "/end/" in quiet_page
    failed_page = org.get("/organize/failed/").content.decode()
    assert "1 email could not be delivered" in failed_page and "Bounced Reed" in failed_page
    vetting_page = org.get("/organize/vetting/").content.decode()
    assert "volunteers are waiting for approval" in vetting_page
    assert "Quiet Pine" in vetting_page and "/approve/" in vetting_page
