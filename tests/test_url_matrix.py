"""S4: every URL name of the project, as anonymous, volunteer, other volunteer and organizer.

The campaign's and the organizers' own URLs have their matrices in the conftest.py next
to their tests (tests/campaigns/, tests/organize/: test_access.py); this file holds the
rest (public pages, allauth's account pages) and checks that no URL name is left out of
every matrix: a new URL without a row fails here.
"""

import re

import pytest
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from tests.campaigns.conftest import MATRIX as CAMPAIGN_MATRIX
from tests.organize.conftest import MATRIX as ORGANIZE_MATRIX

SIGN_IN = "/accounts/login/"
REAUTH = "/accounts/reauthenticate/"

# name -> (path, anonymous, volunteer, organizer); each answer is a status code, or
# "302 <prefix>" for a redirect whose target starts with <prefix>. Another volunteer
# sees these pages exactly as the volunteer does: nothing here belongs to anyone.
PUBLIC = {
    "home": ("/", 200, 200, 200),
    "health": ("/health/", 200, 200, 200),
    "manifest": ("/manifest.webmanifest", 200, 200, 200),
    "service_worker": ("/sw.js", 200, 200, 200),
    "offline": ("/offline/", 200, 200, 200),
    "prisoners:list": ("/prisoners/", 200, 200, 200),
    "prisoners:detail": ("/prisoners/{prisoner}/", 200, 200, 200),
    "prisoners:card": ("/prisoners/{prisoner}/card.png", 200, 200, 200),
    # Case news (prisoners/feeds.py): public, and the same for everybody.
    "feeds:updates": ("/feeds/updates.atom", 200, 200, 200),
    "feeds:prisoner": ("/feeds/prisoners/{prisoner}.atom", 200, 200, 200),
    "set_language": ("/i18n/setlang/", "302 /", "302 /", "302 /"),  # GET changes nothing
    # The censorship watch's monthly figures (campaigns/public_record/feed.py); its page
    # and CSV are in the campaign matrix (tests/campaigns/conftest.py).
    "feeds:censorship": ("/feeds/censorship.atom", 200, 200, 200),
}
ACCOUNTS = {
    # Signed in already: volunteers go to /me/, organizers to their dashboard.
    "account_signup": ("/accounts/signup/", 200, "302 /me/", "302 /organize/"),
    "account_login": ("/accounts/login/", 200, "302 /me/", "302 /organize/"),
    "account_logout": ("/accounts/logout/", "302 /", 200, 200),  # GET asks first
    "account_inactive": ("/accounts/inactive/", 200, 200, 200),
    "account_email_verification_sent": ("/accounts/confirm-email/", 200, 200, 200),
    "account_confirm_email": ("/accounts/confirm-email/not-a-key/", 200, 200, 200),
    "account_confirm_login_code": (
        "/accounts/login/code/confirm/",
        f"302 {SIGN_IN}",
        "302 /me/",
        "302 /organize/",
    ),
    "account_reset_password": ("/accounts/password/reset/", 200, 200, 200),
    "account_reset_password_done": ("/accounts/password/reset/done/", 200, 200, 200),
    "account_reset_password_from_key": ("/accounts/password/reset/key/1-bad/", 200, 200, 200),
    "account_reset_password_from_key_done": ("/accounts/password/reset/key/done/", 200, 200, 200),
    "account_change_password": ("/accounts/password/change/", f"302 {SIGN_IN}", 200, 200),
    "account_set_password": (
        "/accounts/password/set/",
        f"302 {SIGN_IN}",
        "302 /accounts/password/change/",
        "302 /accounts/password/change/",
    ),
    "account_email": ("/accounts/email/", f"302 {SIGN_IN}", 200, 200),
    "account_reauthenticate": ("/accounts/reauthenticate/", f"302 {SIGN_IN}", 200, 200),
    # Second factors: volunteers may protect their accounts too.
    "mfa_index": ("/accounts/2fa/", f"302 {SIGN_IN}", 200, 200),
    "mfa_authenticate": (
        "/accounts/2fa/authenticate/",
        f"302 {SIGN_IN}",
        "302 /me/",
        "302 /organize/",
    ),
    "mfa_reauthenticate": (
        "/accounts/2fa/reauthenticate/",
        f"302 {SIGN_IN}",
        f"302 {REAUTH}",  # no second factor: the password is the way
        200,
    ),
    "mfa_activate_totp": (
        "/accounts/2fa/totp/activate/",
        f"302 {SIGN_IN}",
        f"302 {REAUTH}",
        f"302 {REAUTH}",  # force_login: no password typed at sign-in (test_totp_setup)
    ),
    "mfa_deactivate_totp": (
        "/accounts/2fa/totp/deactivate/",
        f"302 {SIGN_IN}",
        404,  # nothing to deactivate
        f"302 {REAUTH}",
    ),
    "mfa_generate_recovery_codes": (
        "/accounts/2fa/recovery-codes/generate/",
        f"302 {SIGN_IN}",
        f"302 {REAUTH}",
        f"302 {REAUTH}",
    ),
    "mfa_view_recovery_codes": ("/accounts/2fa/recovery-codes/", f"302 {SIGN_IN}", 404, 404),
    "mfa_download_recovery_codes": (
        "/accounts/2fa/recovery-codes/download/",
        f"302 {SIGN_IN}",
        404,
        404,
    ),
}


def _named_urls(patterns, namespace=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from _named_urls(pattern.url_patterns, inner)
        elif pattern.name:
            yield ":".join((*namespace, pattern.name))


def test_every_url_name_of_the_project_is_in_a_matrix():
    names = set(_named_urls(get_resolver().url_patterns))
    covered = (
        {f"campaigns:{name}" for name in CAMPAIGN_MATRIX}
        | {f"organize:{name}" for name in ORGANIZE_MATRIX}
        | set(PUBLIC)
        | set(ACCOUNTS)
    )
    admin = {name for name in names if name.startswith("admin:")}
    assert names - admin - covered == set(), "add these URL names to a matrix"
    assert covered - names == set(), "these rows name URLs that no longer exist"


def _check(response, expected):
    if isinstance(expected, int):
        assert response.status_code == expected
        if expected == 200 and response["Content-Type"].startswith("text/html"):
            # allauth's pages too wear the site's layout: its menu, language switcher
            # and stylesheet, never allauth's bare default templates.
            page = response.content.decode()
            assert 'class="d-flex flex-nowrap gap-1 language-switcher"' in page
            assert "/static/css/site." in page
    else:
        code, prefix = expected.split(" ", 1)
        assert response.status_code == int(code)
        assert response["Location"].startswith(prefix), response["Location"]


@pytest.mark.parametrize("name", sorted(PUBLIC) + sorted(ACCOUNTS))
def test_public_and_account_pages(client, volunteer, other_volunteer, organizer, prisoner, name):
    path, anonymous, as_volunteer, as_organizer = {**PUBLIC, **ACCOUNTS}[name]
    url = path.format(prisoner=prisoner.slug)
    _check(client.get(url), anonymous)
    for who in (volunteer, other_volunteer):
        client.force_login(who)
        _check(client.get(url), as_volunteer)
    client.force_login(organizer)
    _check(client.get(url), as_organizer)


def _admin_urls():
    """Every admin URL name, with made-up arguments where it takes some."""
    resolver = get_resolver()
    for name in sorted(n for n in _named_urls(resolver.url_patterns) if n.startswith("admin:")):
        for args in ((), ("1",), ("1", "1"), ("advocacy",), ("1", "x")):
            try:
                yield name, reverse(name, args=args)
                break
            except NoReverseMatch:
                continue  # try the next shape of arguments
        else:
            raise AssertionError(f"cannot build a URL for {name}")


def test_every_admin_url_is_404_for_anyone_but_organizers(client, volunteer, db):
    urls = list(_admin_urls())
    assert len(urls) > 20
    for _name, url in urls:
        assert re.match(r"^/admin/", url)
        assert client.get(url).status_code == 404, url
    client.force_login(volunteer)
    for _name, url in urls:
        assert client.get(url).status_code == 404, url
