"""allauth's emailed links carry no sequential id (issue 11, point 9): a password reset
names the user by link id, an email confirmation key is random; links sent before the
change work until they expire; the link id itself shows on no page."""

import datetime
import re

import pytest
import time_machine
from allauth.account import app_settings as allauth_settings
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmation, EmailConfirmationHMAC
from django.core import mail, signing
from django.utils.http import int_to_base36

from tests.conftest import PASSWORD, SITE, defend, reauthenticate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site_url")]

NEW_PASSWORD = "another long passphrase"


def emailed_path(fragment: str) -> str:
    """The path of the one link containing `fragment` in the last email sent."""
    (url,) = [u for u in re.findall(r"https?://[^\s\"<>]+", mail.outbox[-1].body) if fragment in u]
    assert url.startswith(SITE + "/")
    return url.removeprefix(SITE)


def reset_with(client, path: str) -> bool:
    """Follow a reset link and set a new password, as the person would; whether it took."""
    opened = client.get(path)
    if opened.status_code != 302:  # allauth's "bad token" page
        return False
    set_password = client.post(
        opened["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    return set_password.status_code == 302


def old_reset_path(user, token: str | None = None) -> str:
    """A reset link as allauth made it before link ids: the primary key in base 36."""
    token = token or default_token_generator.make_token(user)
    return f"/accounts/password/reset/key/{int_to_base36(user.pk)}-{token}/"


# -- Password reset ---------------------------------------------------------------------


def test_a_reset_link_names_the_user_by_link_id_and_works(client, volunteer):
    client.post("/accounts/password/reset/", {"email": volunteer.email})
    path = emailed_path("/password/reset/key/")
    uid = path.removeprefix("/accounts/password/reset/key/").split("-", 1)[0]
    assert uid == volunteer.link_id.hex
    assert f"/{int_to_base36(volunteer.pk)}-" not in path
    assert reset_with(client, path)
    volunteer.refresh_from_db()
    assert volunteer.check_password(NEW_PASSWORD)


def test_an_old_reset_link_works_until_the_reset_timeout(client, volunteer, settings):
    path = old_reset_path(volunteer)
    late = datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + late):
        assert not reset_with(client, path)
    assert reset_with(client, path)
    volunteer.refresh_from_db()
    assert volunteer.check_password(NEW_PASSWORD)


def test_a_tampered_reset_link_is_refused(client, volunteer, other_volunteer):
    token = default_token_generator.make_token(volunteer)
    flipped = token[:-1] + ("a" if token[-1] != "a" else "b")
    for path in (
        old_reset_path(volunteer, flipped),
        old_reset_path(other_volunteer, token),  # another's number, this token
        f"/accounts/password/reset/key/{other_volunteer.link_id.hex}-{token}/",
        f"/accounts/password/reset/key/{volunteer.link_id.hex}-{flipped}/",
    ):
        assert not reset_with(client, path), path
    for person in (volunteer, other_volunteer):
        person.refresh_from_db()
        assert person.check_password(PASSWORD)


# -- Email confirmation -----------------------------------------------------------------


def test_a_confirmation_key_is_random_and_confirms(client):
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Plum Blossom",
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    path = emailed_path("/accounts/confirm-email/")
    key = path.removeprefix("/accounts/confirm-email/").rstrip("/")
    assert re.fullmatch(r"[a-z0-9]{64}", key)
    with pytest.raises(signing.BadSignature):  # not a signed id, as allauth's HMAC keys are
        signing.loads(key, salt=allauth_settings.SALT)
    assert EmailConfirmation.objects.get(key=key).email_address.email == "new@example.org"
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(email="new@example.org").verified


def old_confirmation_path(address) -> str:
    """A confirmation link as allauth made it before: the address's number, signed."""
    return f"/accounts/confirm-email/{EmailConfirmationHMAC(address).key}/"


def test_an_old_confirmation_link_confirms_until_it_expires(client, make_user):
    kept = EmailAddress.objects.get(user=make_user(verified=False))
    late = EmailAddress.objects.get(user=make_user(verified=False))
    path, late_path = old_confirmation_path(kept), old_confirmation_path(late)
    assert client.get(path).context["confirmation"] is not None
    assert client.post(path).status_code == 302
    kept.refresh_from_db()
    assert kept.verified

    days = datetime.timedelta(days=allauth_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS + 1)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + days):
        assert client.get(late_path).context["confirmation"] is None
        assert client.post(late_path).status_code == 404
    late.refresh_from_db()
    assert not late.verified


def test_a_tampered_confirmation_link_is_refused(client, make_user):
    address = EmailAddress.objects.get(user=make_user(verified=False))
    key = EmailConfirmationHMAC(address).key
    flipped = key[:-1] + ("a" if key[-1] != "a" else "b")
    for path in (f"/accounts/confirm-email/{flipped}/", f"/accounts/confirm-email/{'a' * 64}/"):
        assert client.get(path).context["confirmation"] is None
        assert client.post(path).status_code == 404
    address.refresh_from_db()
    assert not address.verified


# -- The link id is for links only ------------------------------------------------------


def test_the_link_id_shows_on_no_page(client, volunteer, prisoner):
    """Not on the public pages, nor the volunteer's own pages and data export: only
    the signed links of their emails carry it."""
    defend(volunteer, prisoner)
    shown = {volunteer.link_id.hex, str(volunteer.link_id)}
    public = ["/", "/prisoners/", prisoner.get_absolute_url(), "/find/"]
    own = ["/me/", "/me/posts/", "/me/settings/", "/me/settings/export/"]

    def pages():
        for path in public if not client.session.get("_auth_user_id") else public + own:
            response = client.get(path)
            assert response.status_code == 200, path
            yield path, response.content.decode()

    for path, body in pages():
        assert not any(value in body for value in shown), path
    client.force_login(volunteer)
    reauthenticate(client)
    for path, body in pages():
        assert not any(value in body for value in shown), path
