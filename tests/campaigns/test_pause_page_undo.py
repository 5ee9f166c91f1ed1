"""The "Reminders paused" page has a way back to /me/ and an undo."""

from campaigns import tokens
from campaigns.models import VolunteerSettings


def test_the_paused_page_leads_back_and_undoes_the_pause(client, defender):
    url = f"/r/pause/{tokens.make(tokens.PAUSE, defender)}/"
    page = client.post(url).content.decode()
    assert "Reminders paused" in page
    assert 'href="/me/"' in page
    assert 'name="action" value="resume"' in page
    assert VolunteerSettings.objects.get(volunteer=defender).paused_until is not None

    page = client.post(url, {"action": "resume"}).content.decode()

    assert "Reminders are on again" in page
    assert 'href="/me/"' in page
    assert VolunteerSettings.objects.get(volunteer=defender).paused_until is None


def test_the_question_page_changes_nothing_and_leads_back(client, defender):
    page = client.get(f"/r/pause/{tokens.make(tokens.PAUSE, defender)}/").content.decode()
    assert 'href="/me/"' in page
    assert not VolunteerSettings.objects.filter(paused_until__isnull=False).exists()
