"""Who may open the organizers' pages (S3, S4): every /organize/ URL name and the admin,
as a visitor, a volunteer, an organizer without a second factor and one with it.

Everybody but an organizer gets 404, so that the pages do not even reveal themselves;
an organizer without a second factor is sent to set one up first; an organizer with
one reaches the pages, and the exports only after a recent re-authentication (S3).
"""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import resolve, reverse

from campaigns.models import Adoption
from campaigns.organize import urls as organize_urls
from prisoners.models import ImportJob
from tests.conftest import PASSWORD, totp_code

from .conftest import CONFIRM, EXPORT, JSON, MATRIX, PAGE, PERSONAL_EXPORT

ADMIN = {
    "admin:index": ("/admin/", PAGE),
    "admin:prisoners_prisoner_changelist": ("/admin/prisoners/prisoner/", PAGE),
    "admin:campaigns_adoption_changelist": ("/admin/campaigns/adoption/", PAGE),
    "admin:advocacy_user_changelist": ("/admin/advocacy/user/", PAGE),
}
EVERY = {**{f"organize:{name}": row for name, row in MATRIX.items()}, **ADMIN}
REAUTHENTICATE = ("account_reauthenticate", "mfa_reauthenticate")


def test_every_organize_url_is_in_the_matrix():
    names = {pattern.name for pattern in organize_urls.urlpatterns}
    assert names == set(MATRIX)


@pytest.fixture
def objects(other_volunteer, prisoner, organizer) -> dict:
    """A volunteer to approve or suspend, a prisoner they defend, an import's job."""
    Adoption.objects.create(volunteer=other_volunteer, prisoner=prisoner, role="defender")
    job = ImportJob.objects.create(uploaded_by=organizer, filename="a.csv", text="Name\n")
    return {"volunteer": other_volunteer.pk, "prisoner": prisoner.slug, "job": job.pk}


def url_of(name: str, objects: dict) -> str:
    path = EVERY[name][0].format(**objects)
    match = resolve(path)
    assert f"{match.namespace}:{match.url_name}" == name, "the matrix names the wrong path"
    return path


@pytest.mark.parametrize("name", sorted(EVERY))
def test_visitors_volunteers_and_other_staff_get_404(client, volunteer, make_user, objects, name):
    url = url_of(name, objects)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(volunteer)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    # Staff status alone (say, left over from an earlier role) opens nothing either.
    client.force_login(make_user(is_staff=True))
    assert client.get(url).status_code == 404


def test_the_admin_also_needs_staff_status(client, make_organizer):
    client.force_login(make_organizer(is_staff=False))
    assert client.get("/admin/").status_code == 404
    assert client.get("/organize/").status_code == 200


@pytest.mark.parametrize("method", ["add", "change", "delete"])
def test_adoptions_are_read_only_in_the_admin(rf, organizer, method):
    from django.contrib import admin

    model_admin = admin.site._registry[Adoption]
    request = rf.get("/admin/")
    request.user = organizer
    assert not getattr(model_admin, f"has_{method}_permission")(request)


@pytest.mark.parametrize("name", sorted(EVERY))
def test_an_organizer_without_a_second_factor_is_sent_to_set_one_up(
    client, organizer_without_mfa, objects, name
):
    url = url_of(name, objects)
    client.force_login(organizer_without_mfa)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        target = urlsplit(response["Location"])
        assert target.path == reverse("mfa_activate_totp")
        assert parse_qs(target.query) == {"next": [url]}


def test_an_organizer_sets_up_an_authenticator_and_then_gets_in(client, organizer_without_mfa):
    client.force_login(organizer_without_mfa)
    with time_machine.travel(time.time(), tick=False):  # one TOTP period throughout
        response = client.get("/organize/", follow=True)
        # Signed in without typing the password in this session (force_login): the
        # set-up asks for it first (right after a sign-in it does not: test_totp_setup).
        assert urlsplit(response.redirect_chain[-1][0]).path == reverse("account_reauthenticate")
        assert "Organizers need a second factor first" in response.content.decode()
        response = client.post(response.redirect_chain[-1][0], {"password": PASSWORD})
        assert urlsplit(response["Location"]).path == reverse("mfa_activate_totp")

        assert client.get(response["Location"]).status_code == 200
        secret = client.session["mfa.totp.secret"]  # shown as a QR code to scan
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        assert response.status_code == 302
    assert organizer_without_mfa.authenticator_set.filter(type="totp").exists()
    # ...and recovery codes for the day the phone is lost, shown to be kept.
    assert organizer_without_mfa.authenticator_set.filter(type="recovery_codes").exists()
    assert urlsplit(response["Location"]).path == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response["Location"]).content.decode()
    assert 'id="recovery_codes"' in codes_page  # allauth's page, with the codes
    assert 'href="/organize/"' in codes_page.split("<main", 1)[1]  # and the way on
    assert client.get("/organize/").status_code == 200


@pytest.mark.parametrize("name", sorted(EVERY))
def test_an_organizer_with_a_second_factor_gets_in(client, organizer, objects, name):
    url = url_of(name, objects)
    kind = EVERY[name][1]
    client.force_login(organizer)
    response = client.get(url)
    if kind in (PAGE, CONFIRM):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
    if kind == JSON:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
    if kind == CONFIRM:
        # Nothing changes without the CSRF token of the confirmation page (A).
        csrf_client = Client(enforce_csrf_checks=True)
        csrf_client.force_login(organizer)
        assert csrf_client.post(url).status_code == 403
    if kind == EXPORT:
        # A session alone, without a password or code typed in the last minutes,
        # exports nothing.
        assert_reauthentication(response, url)
    if kind == PERSONAL_EXPORT:
        # Neither the page nor the file.
        assert_reauthentication(response, url)
        assert_reauthentication(client.post(url), url)


def assert_reauthentication(response, url: str) -> None:
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path in [reverse(name) for name in REAUTHENTICATE]
    assert parse_qs(target.query) == {"next": [url]}


def assert_csv(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("name", sorted(n for n, row in MATRIX.items() if "export" in row[1]))
def test_exports_download_after_a_recent_reauthentication(client, organizer, objects, name):
    url = url_of(f"organize:{name}", objects)
    client.force_login(organizer)
    response = client.get(url)
    assert_reauthentication(response, url)
    step = urlsplit(response["Location"]).path
    if step == reverse("account_reauthenticate"):
        data = {"password": PASSWORD}
    else:
        data = {"code": organizer.totp_code()}
    done = client.post(response["Location"], data)
    assert done.status_code == 302
    assert done["Location"] == url
    response = client.get(url)
    if MATRIX[name][1] == PERSONAL_EXPORT:
        assert response.status_code == 200  # the page that asks what to include
        response = client.post(url, {})
    assert_csv(response)
    content = b"".join(response.streaming_content if response.streaming else [response.content])
    assert content


def test_an_organizer_signs_in_with_password_and_authenticator_code(client, organizer):
    with time_machine.travel(time.time(), tick=False):  # one TOTP period throughout
        response = client.post(
            reverse("account_login") + "?next=/organize/",
            {"login": organizer.email, "password": PASSWORD},
        )
        # The password is right, but that is not enough: allauth asks for the code.
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == reverse("mfa_authenticate")
        assert client.get("/organize/").status_code == 404  # not signed in yet

        code = organizer.totp_code()
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        response = client.post(reverse("mfa_authenticate"), {"code": wrong})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
        assert client.get("/organize/").status_code == 404

        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302
        assert response["Location"] == "/organize/"
        assert client.get("/organize/").status_code == 200
        assert client.session["_auth_user_id"] == str(organizer.pk)


def test_an_organizer_who_lost_the_phone_signs_in_with_a_recovery_code_once(client, organizer):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(organizer).get_unused_codes()

    def sign_in_with(code):
        client.logout()
        response = client.post(
            reverse("account_login") + "?next=/organize/",
            {"login": organizer.email, "password": PASSWORD},
        )
        assert urlsplit(response["Location"]).path == reverse("mfa_authenticate")
        return client.post(reverse("mfa_authenticate"), {"code": code})

    response = sign_in_with(codes[0])
    assert (response.status_code, response["Location"]) == (302, "/organize/")
    assert client.get("/organize/").status_code == 200

    # Each code works once: the same one again is refused, another one works.
    response = sign_in_with(codes[0])
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get("/organize/").status_code == 404
    response = sign_in_with(codes[1])
    assert (response.status_code, response["Location"]) == (302, "/organize/")


def test_organizers_land_on_the_dashboard_volunteers_on_me(
    client, organizer_without_mfa, volunteer
):
    response = client.post(
        reverse("account_login"), {"login": organizer_without_mfa.email, "password": PASSWORD}
    )
    assert response["Location"] == "/organize/"  # whose gate then asks for a second factor
    assert urlsplit(client.get("/organize/")["Location"]).path == reverse("mfa_activate_totp")
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": volunteer.email, "password": PASSWORD}
    )
    assert response["Location"] == "/me/"
