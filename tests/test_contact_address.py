"""Pages that say "if the email never comes" name a way to reach the organizers: the
CONTACT_EMAIL as a mailto link when set, otherwise who to ask; never a bare "contact us"."""

import pytest

# /accounts/confirm-email/ without a key: "we sent you a link", shown after signing up.
PAGES = ["/accounts/confirm-email/", "/accounts/password/reset/", "/accounts/password/reset/done/"]


@pytest.mark.parametrize("path", PAGES)
def test_the_contact_address_is_a_mailto_link_when_set(client, db, settings, path):
    settings.CONTACT_EMAIL = "organizers@campaign.example"
    page = client.get(path).content.decode()
    assert 'href="mailto:organizers@campaign.example"' in page
    assert "contact us" not in page.lower()


@pytest.mark.parametrize("path", PAGES)
def test_without_an_address_the_page_says_who_to_ask(client, db, settings, path):
    settings.CONTACT_EMAIL = ""
    page = client.get(path).content.decode()
    assert "ask the person who told you about the campaign" in page
    assert "mailto:" not in page
    assert "contact us" not in page.lower()
