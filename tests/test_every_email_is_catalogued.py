"""The email catalogue (tests/email_catalogue.py) holds every email the project sends, so
that the checks over it (phone width, links, HTML validity, accessibility) miss none.

A new kind of outbox email, or an allauth email that a change of settings turns on,
fails here until the catalogue makes it too.
"""

from pathlib import Path

import allauth
from allauth.account import app_settings as account_settings
from allauth.mfa import app_settings as mfa_settings

from campaigns.models import OutgoingEmail
from tests.email_catalogue import (
    ACCOUNT_EMAILS,
    CAMPAIGN_EMAILS,
    EMAIL_NAMES,
    LANGUAGES,
    NOT_SENT,
    html_of,
)

ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"


def _allauth_emails() -> set[str]:
    """Every email allauth's installed apps can send: "account/email/password_changed"."""
    return {
        str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
        for app in ("account", "mfa")
        for path in (ALLAUTH_TEMPLATES / app / "email").glob("*_subject.txt")
    }


def _catalogue_name(template_prefix: str) -> str:
    app, _email, name = template_prefix.split("/")
    return f"account/{name}" if app == "account" else f"account/{app}/{name}"


def test_every_allauth_email_is_catalogued_or_never_sent():
    sent = _allauth_emails() - set(NOT_SENT)
    assert {_catalogue_name(prefix) for prefix in sent} == set(ACCOUNT_EMAILS)


def test_the_allauth_emails_left_out_are_really_off():
    assert not account_settings.LOGIN_BY_CODE_ENABLED
    assert not account_settings.PASSWORD_RESET_BY_CODE_ENABLED
    assert "webauthn" not in mfa_settings.SUPPORTED_TYPES


def test_every_kind_of_outbox_email_is_catalogued():
    kinds = {name.split("/")[0] for name in CAMPAIGN_EMAILS}
    assert kinds == set(OutgoingEmail.Kind.values)


def test_the_catalogue_makes_every_email_in_every_language(email_catalogue):
    assert list(email_catalogue) == list(EMAIL_NAMES)
    assert len(EMAIL_NAMES) == len(LANGUAGES) * (len(ACCOUNT_EMAILS) + len(CAMPAIGN_EMAILS))
    for message in email_catalogue.values():
        assert message.body.strip() and html_of(message).startswith("<!DOCTYPE html>")


def test_the_catalogue_has_the_digest_with_news_and_the_one_with_only_old_events(
    email_catalogue,
):
    """Both states of the supporters' digest (campaigns/outbox/news.py): news and a line of
    old events added to the timeline, or only that line, under another subject."""
    for language in LANGUAGES:
        with_news = email_catalogue[f"{language}/digest"]
        only_added = email_catalogue[f"{language}/digest/added"]
        assert with_news.subject != only_added.subject
        for message in (with_news, only_added):
            assert "2014" in message.body and "2015" in message.body  # the timeline line
            assert "Recorded late" not in message.body  # never told as news
        assert "2014" in html_of(only_added)
