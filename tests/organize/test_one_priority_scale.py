"""One priority scale, one wording (prisoners.choices.Priority) on the dashboard, the
public pages, the organizers' digest and the admin, in English and Chinese."""

import pytest
from django.conf import settings as django_settings

from campaigns.models import OutgoingEmail
from campaigns.outbox import emails
from prisoners.models import Priority

WORDS = {
    "en": {Priority.HIGH: "High", Priority.URGENT: "Urgent"},
    "zh-hans": {Priority.HIGH: "高", Priority.URGENT: "紧急"},
    "zh-hant": {Priority.HIGH: "高", Priority.URGENT: "緊急"},
}


def badges(html: str) -> list[str]:
    """The words of the priority badges on a page (after their hidden "Priority:")."""
    found = []
    for piece in html.split('<span class="visually-hidden">')[1:]:
        hidden, rest = piece.split("</span>", 1)
        if hidden.strip().rstrip(":：").strip() in ("Priority", "优先级", "優先級"):
            found.append(rest.split("</span>", 1)[0].strip())
    return found


@pytest.mark.parametrize("language", WORDS)
def test_every_page_names_a_priority_with_the_same_word(
    org, client, organizer, make_prisoner, language
):
    high = make_prisoner(name="High Case", priority=Priority.HIGH)
    urgent = make_prisoner(name="Urgent Case", priority=Priority.URGENT)
    make_prisoner(name="Normal Case")  # no badge at all
    words = WORDS[language]
    for browser in (org, client):
        browser.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language

    dashboard = org.get("/organize/").content.decode()
    assert badges(dashboard) == [words[Priority.URGENT], words[Priority.HIGH]]
    assert badges(org.get("/organize/uncovered/").content.decode()) == badges(dashboard)
    for prisoner in (high, urgent):
        profile = client.get(prisoner.get_absolute_url()).content.decode()
        assert badges(profile) == [words[prisoner.priority]]
    listing = client.get("/prisoners/").content.decode()
    assert sorted(badges(listing)) == sorted(words.values())
    if language == "en":
        assert "urgent</span>" not in dashboard  # the old word for every priority above normal
        assert "High priority" not in listing


def test_the_digest_and_the_admin_use_the_same_words(organizer, make_prisoner, org):
    make_prisoner(name="High Case", priority=Priority.HIGH)
    row = OutgoingEmail.objects.create(
        volunteer=organizer, kind="organizer_digest", period="2026-W48"
    )
    message = emails.build_message(row)
    assert "High Case (High)" in message.body
    changelist = org.get("/admin/prisoners/prisoner/").content.decode()
    assert '<option value="1" selected>High</option>' in changelist
