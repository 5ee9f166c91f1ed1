"""The signed links of reminder emails name the volunteer by a random link id, never by
the sequential primary key (issue 11, point 9), and links made before, with the key,
keep working until they expire."""

import datetime
import json
import re
import zlib

import pytest
from django.core import signing

from campaigns import tokens
from campaigns.models import OutgoingEmail, Post, VolunteerSettings
from campaigns.outbox import emails

from .conftest import NOW
from .test_reminder_links import URLS, csrf_post, no_csrf, no_session, state, tampered

TOKEN = re.compile(r"/r/(post|pause|unsubscribe)/([^/\s\"'<>]+)/")
PURPOSES = {"post": tokens.LOG_POST, "pause": tokens.PAUSE, "unsubscribe": tokens.UNSUBSCRIBE}
ONE_CLICK = {
    "data": "List-Unsubscribe=One-Click",
    "content_type": "application/x-www-form-urlencoded",
}


def reminder_tokens(volunteer, prisoner) -> dict[str, set[str]]:
    """The tokens of this week's reminder as the email builder writes it: text and HTML
    parts and the List-Unsubscribe header, by kind of link."""
    row = OutgoingEmail.objects.create(
        volunteer=volunteer, prisoner=prisoner, kind="reminder", period="2026-W48"
    )
    message = emails.build_message(row)
    found: dict[str, set[str]] = {}
    for part in (
        message.body,
        message.alternatives[0][0],
        message.extra_headers["List-Unsubscribe"],
    ):
        for kind, token in TOKEN.findall(part):
            found.setdefault(kind, set()).add(token)
    return found


def readable_payload(token: str):
    """What anyone holding the link reads in it without the key: a signed value is
    base64 JSON, zlib-compressed when that is shorter (then with a leading dot)."""
    data = token.split(":")[0]
    raw = signing.b64_decode(data.removeprefix(".").encode())
    return json.loads(zlib.decompress(raw) if data.startswith(".") else raw)


def old_style(purpose: str, volunteer, **extra) -> str:
    """A token as tokens.make wrote it before link ids: the primary key in the payload."""
    return signing.dumps({"v": volunteer.pk, **extra}, salt=purpose, compress=True)


def test_no_link_of_a_reminder_names_the_volunteer_by_number(defender, prisoner):
    found = reminder_tokens(defender, prisoner)
    assert set(found) == set(PURPOSES)
    for kind, tokens_of_kind in found.items():
        for token in tokens_of_kind:
            payload = readable_payload(token)
            # The link id, and for "log a post" the prisoner (public): nothing else.
            expected = {"v": defender.link_id.hex}
            if kind == "post":
                expected["p"] = prisoner.pk
            assert payload == expected, kind
            assert signing.loads(token, salt=PURPOSES[kind]) == payload


def test_every_link_of_a_reminder_works_from_the_email(defender, prisoner):
    found = {kind: next(iter(t)) for kind, t in reminder_tokens(defender, prisoner).items()}
    paths = {kind: URLS[PURPOSES[kind]].format(token) for kind, token in found.items()}
    for path in paths.values():
        assert no_session().get(path).status_code == 200, path

    logged = csrf_post(paths["post"], {"link": "https://x.com/lotus/status/1"})
    assert logged.status_code == 302
    assert Post.objects.get().volunteer == defender

    assert csrf_post(paths["pause"], {}).status_code == 200
    assert VolunteerSettings.objects.get(volunteer=defender).paused_until is not None

    assert no_session().post(paths["unsubscribe"], **ONE_CLICK).status_code == 200
    assert VolunteerSettings.objects.get(volunteer=defender).unsubscribed_at == NOW


def test_an_old_log_post_link_works_until_it_expires(defender, prisoner, settings, clock):
    path = URLS[tokens.LOG_POST].format(old_style(tokens.LOG_POST, defender, p=prisoner.pk))
    clock.shift(datetime.timedelta(days=settings.REMINDER_LINK_MAX_AGE_DAYS - 1))
    response = csrf_post(path, {"link": "https://x.com/lotus/status/1"})
    assert response.status_code == 302
    assert Post.objects.get().volunteer == defender
    clock.shift(datetime.timedelta(days=2))
    assert no_session().get(path).status_code == 400


def test_an_old_pause_link_works_until_it_expires(defender, other_volunteer, settings, clock):
    path = URLS[tokens.PAUSE].format(old_style(tokens.PAUSE, defender))
    expiring = URLS[tokens.PAUSE].format(old_style(tokens.PAUSE, other_volunteer))
    clock.shift(datetime.timedelta(days=settings.REMINDER_LINK_MAX_AGE_DAYS - 1))
    assert csrf_post(path, {}).status_code == 200
    assert VolunteerSettings.objects.get(volunteer=defender).paused_until is not None
    clock.shift(datetime.timedelta(days=2))
    assert no_csrf().post(expiring).status_code == 400
    assert not VolunteerSettings.objects.filter(volunteer=other_volunteer).exists()


def test_an_old_unsubscribe_link_works_for_a_year(defender, other_volunteer, clock):
    within = URLS[tokens.UNSUBSCRIBE].format(old_style(tokens.UNSUBSCRIBE, defender))
    beyond = URLS[tokens.UNSUBSCRIBE].format(old_style(tokens.UNSUBSCRIBE, other_volunteer))
    clock.shift(tokens.LEGACY_MAX_AGE - datetime.timedelta(days=1))
    assert no_session().post(within, **ONE_CLICK).status_code == 200
    assert VolunteerSettings.objects.get(volunteer=defender).unsubscribed_at is not None
    clock.shift(datetime.timedelta(days=2))
    assert no_session().post(beyond, **ONE_CLICK).status_code == 400
    assert not VolunteerSettings.objects.filter(volunteer=other_volunteer).exists()


@pytest.mark.parametrize("purpose", list(URLS))
def test_a_tampered_old_link_is_refused(purpose, defender, other_volunteer, prisoner):
    good = old_style(purpose, defender, p=prisoner.pk)
    before = state(defender)
    # Another volunteer's number under this link's signature: the signature does not fit.
    other = old_style(purpose, other_volunteer, p=prisoner.pk)
    forged = other.rsplit(":", 1)[0] + ":" + good.rsplit(":", 1)[1]
    for token in (tampered(good), forged):
        response = no_csrf().post(
            URLS[purpose].format(token),
            {"List-Unsubscribe": "One-Click", "platform": "x", "posted_at": "2026-11-26T18:00"},
        )
        assert response.status_code == 400, token
    assert state(defender) == before
    assert not VolunteerSettings.objects.filter(volunteer=other_volunteer).exists()


def test_a_link_id_no_account_has_is_a_bad_link(django_user_model, volunteer):
    """A well-formed link id of no account (a deleted one, say) names no one."""
    token = tokens.make(tokens.PAUSE, django_user_model(email="gone@example.org"))
    assert no_csrf().post(URLS[tokens.PAUSE].format(token)).status_code == 400
    assert not VolunteerSettings.objects.exists()
