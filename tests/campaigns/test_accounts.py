"""Accounts with django-allauth: sign-up under a pseudonym, verification, privacy."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from tests.conftest import PASSWORD

from .conftest import defend_url

User = get_user_model()

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site_url")]


def sign_up(client, email="new@example.org", **extra):
    data = {
        "display_name": "Plum Blossom",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "timezone": "Asia/Hong_Kong",
    }
    data.update(extra)
    return client.post("/accounts/signup/", data)


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def test_sign_up_asks_no_real_name(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'name="display_name"' in page
    assert "first_name" not in page and "last_name" not in page
    assert "pseudonym" in page


def test_sign_up_then_confirm_then_claim(client, prisoner):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert (user.display_name, user.timezone) == ("Plum Blossom", "Asia/Hong_Kong")
    assert not EmailAddress.objects.get(user=user).verified

    # Not verified: no claim.
    client.force_login(user)
    assert client.post(defend_url(prisoner)).status_code == 403

    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    assert "Confirm your email address" in message.subject
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    (link,) = [u for u in links_in(message.body) if "/accounts/confirm-email/" in u]
    assert link.startswith("https://campaign.example/accounts/confirm-email/")
    assert link in html
    assert "Plum Blossom" in message.body

    path = link.removeprefix("https://campaign.example")
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.post(defend_url(prisoner)).status_code == 302


def test_an_unconfirmed_account_cannot_sign_in_yet(client):
    sign_up(client)
    client.logout()
    mail.outbox.clear()
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_sign_up_answers_the_same_for_a_known_address(client, volunteer):
    new = sign_up(client, email="fresh@example.org")
    client.logout()
    known = sign_up(client, email=volunteer.email.upper())
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert User.objects.filter(email__iexact=volunteer.email).count() == 1
    # The owner of the known address is told, with links from SITE_URL.
    told = [m for m in mail.outbox if m.to == [volunteer.email]]
    assert told and all(u.startswith("https://campaign.example") for u in links_in(told[0].body))


def test_password_reset_answers_the_same_for_unknown_addresses(client, volunteer):
    known = client.post("/accounts/password/reset/", {"email": volunteer.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    reset = next(m for m in mail.outbox if m.to == [volunteer.email])
    (link,) = [u for u in links_in(reset.body) if "/password/reset/key/" in u]
    assert link.startswith("https://campaign.example/accounts/password/reset/key/")
    assert reset.alternatives


def test_password_reset_then_sign_in_with_the_new_password(client, volunteer):
    client.post("/accounts/password/reset/", {"email": volunteer.email})
    (link,) = [u for u in links_in(mail.outbox[0].body) if "/password/reset/key/" in u]
    form = client.get(link.removeprefix("https://campaign.example"), follow=True)
    new_password = "another long passphrase"
    response = client.post(
        form.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.check_password(new_password)


def test_sign_in_and_out(client, volunteer):
    response = client.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert client.get("/me/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/").status_code == 302


def test_failed_sign_ins_are_rate_limited(client, volunteer):
    for _ in range(5):
        client.post("/accounts/login/", {"login": volunteer.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    # The campaign's 429 page (more in tests/test_sign_in_limits.py).
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_sign_ups_from_one_address_are_rate_limited(client):
    # allauth's limit, counted in Redis: 20 a minute from one IP address.
    answers = [sign_up(client, email=f"flood{n}@example.org").status_code for n in range(21)]
    assert answers[:20] == [302] * 20
    assert answers[20] == 429
    assert get_user_model().objects.count() == 20
    # The site's own page, in the reader's language, not a bare "Too Many Requests".
    client.cookies["django_language"] = "zh-hans"
    page = sign_up(client, email="flood-again@example.org")
    assert page.status_code == 429
    assert "尝试次数过多" in page.content.decode()
    assert 'href="/prisoners/"' in page.content.decode()  # the site's menu


def test_password_resets_for_one_address_are_rate_limited(client, volunteer):
    answers = [
        client.post("/accounts/password/reset/", {"email": volunteer.email}).status_code
        for _ in range(6)
    ]
    assert answers == [302] * 5 + [429]
    assert len(mail.outbox) == 5
    # An unknown address is limited the same way: the limit tells nothing either.
    answers = [
        client.post("/accounts/password/reset/", {"email": "nobody@example.org"}).status_code
        for _ in range(6)
    ]
    assert answers == [302] * 5 + [429]


def test_change_email_page_works(volunteer_client):
    page = volunteer_client.get("/accounts/email/")
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()


def test_changing_the_email_address_asks_for_the_password_again(volunteer_client, volunteer):
    # S3: a stolen session alone cannot move the account to another address.
    response = volunteer_client.post(
        "/accounts/email/", {"action_add": "", "email": "elsewhere@example.org"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="elsewhere@example.org").exists()
    assert mail.outbox == []

    fresh = volunteer_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert fresh.status_code == 302
    response = volunteer_client.post(
        "/accounts/email/", {"action_add": "", "email": "elsewhere@example.org"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=volunteer, email="elsewhere@example.org").exists()
    (message,) = [m for m in mail.outbox if m.to == ["elsewhere@example.org"]]
    assert "/accounts/confirm-email/" in message.body
    # Written for someone who has an account already, not as a sign-up.
    assert "If you did not sign up" not in message.body
    assert "Until it is confirmed, nothing changes" in message.body
    volunteer.refresh_from_db()
    assert volunteer.email != "elsewhere@example.org"  # until the new address is confirmed


@pytest.mark.parametrize(
    ("language", "ours"), [("zh-hans", "电子邮件地址"), ("zh-hant", "電子郵件地址")]
)
def test_the_address_page_speaks_chinese_without_latin_email(volunteer_client, language, ours):
    # allauth's own catalogues say "Email地址", "更改Email"; the project's take precedence.
    volunteer_client.cookies["django_language"] = language
    page = volunteer_client.get("/accounts/email/").content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert ours in main
    visible = re.sub(r"<[^>]+>", " ", main)
    assert "Email" not in visible
    # Django's own message for a bad address too.
    volunteer_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    refused = volunteer_client.post("/accounts/email/", {"action_add": "", "email": "nope"})
    assert refused.status_code == 200
    assert f"请输入有效的{ours}" in refused.content.decode() or f"請輸入有效的{ours}" in (
        refused.content.decode()
    )
    assert "Email 地址" not in refused.content.decode()


def test_emails_are_in_the_language_of_the_page(client):
    client.cookies["django_language"] = "zh-hans"
    sign_up(client)
    (message,) = mail.outbox
    assert "确认" in message.subject
    assert User.objects.get(email="new@example.org").language == "zh-hans"


def test_a_script_in_a_display_name_is_escaped(client):
    sign_up(client, display_name="<script>alert(1)</script>")
    user = User.objects.get(email="new@example.org")
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>alert(1)</script>" not in html


def test_header_injection_through_a_display_name_goes_nowhere(client):
    sign_up(client, display_name="Eve\r\nBcc: victim@example.org")
    for message in mail.outbox:
        assert "victim@example.org" not in message.recipients()
        assert "Bcc" not in message.extra_headers


def test_new_passwords_are_hashed_with_argon2(settings, make_user):
    import advocacy.settings as production

    # conftest switches tests to a fast hasher; put the production list back.
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = make_user()
    assert user.password.startswith("argon2")


EVIL_NAME = "act now: https://evil.example/verify"


@pytest.mark.parametrize("name", ["act now: https://evil.example/verify", "Lo\u202etus"])
def test_sign_up_refuses_a_link_or_hidden_text_as_a_display_name(client, name):
    response = sign_up(client, display_name=name)
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()
    assert mail.outbox == []
    assert "cannot contain" in response.content.decode()


def assert_the_name_is_no_link(message):
    html = message.alternatives[0][0]
    anchors = re.findall(r"<a\b[^>]*>.*?</a>", html, flags=re.DOTALL)
    assert anchors  # the confirmation link itself is still there
    assert not [a for a in anchors if "evil.example" in a]
    assert "evil.example" not in html
    assert "evil.example" not in message.body
    assert "Hello," in message.body


def test_a_name_stored_before_validation_is_left_out_of_the_sign_up_email(client, make_user):
    # Signing up with a known address mails its owner, greeted by their stored name.
    victim = make_user(email="victim@example.org")
    User.objects.filter(pk=victim.pk).update(display_name=EVIL_NAME)  # no validation
    sign_up(client, email="victim@example.org")
    (message,) = [m for m in mail.outbox if m.to == ["victim@example.org"]]
    assert_the_name_is_no_link(message)


def test_an_attacker_adding_a_victims_address_cannot_plant_a_link(client, make_user):
    attacker = make_user()
    User.objects.filter(pk=attacker.pk).update(display_name=EVIL_NAME)  # no validation
    client.force_login(attacker)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.post("/accounts/email/", {"action_add": "", "email": "victim@example.org"})
    (message,) = [m for m in mail.outbox if m.to == ["victim@example.org"]]
    assert "/accounts/confirm-email/" in message.body
    assert_the_name_is_no_link(message)
