"""Every email the project sends, made by the project's own code paths, for checks that
read their HTML (layout on a phone, the Nu Html Checker, axe-core).

    from tests.email_catalogue import EMAIL_NAMES, html_of

    @pytest.mark.parametrize("name", EMAIL_NAMES)
    def test_something(email_catalogue, name):
        html = html_of(email_catalogue[name])  # the text/html alternative

`every_email(languages=LANGUAGES)` returns `(name, EmailMessage)` pairs, named
`"<language>/<kind>"` (`"zh-hant/account/password_reset_key"`, `"en/reminder"`), in
the order of `EMAIL_NAMES`, for each of English, Simplified and Traditional Chinese:

- the campaign's own emails, one outbox row of each kind (`OutgoingEmail.Kind`, the
  thanks twice: after a release and after a death; the replaced defender's with the
  reason an organizer wrote for them; the supporters' digest twice: with news, and
  with only older events added to the timeline) built by
  `campaigns.outbox.emails.build_message`, exactly as a worker builds them;
- allauth's account emails through `advocacy.adapter.AccountAdapter`, each caused by the
  request that causes it in real use, made with Django's test client: sign-up (a new
  address and a known one), password reset (known and unknown address, then done),
  password change and first password, adding an address, withdrawing it, changing the
  address, and the second-factor notices (authenticator on and off, new recovery codes).
  Login by code and reset by code are off in our settings, so they are never sent.

The data is long on purpose: long prisoner and volunteer names, news, addresses, and a
long `SITE_URL` (`CATALOGUE_SITE_URL`), so that every link is long and unbreakable.
While it runs, rate limits are off (it sends more than a person would), passwords are
hashed fast, and Celery runs tasks inline, so that a mail sent from a task is caught
too. If a flow stops sending its email, the catalogue raises instead of leaving it out.

Some emails are sent when the request's transaction commits (allauth's second-factor
notices), so `every_email()` needs a database whose transactions commit: pytest's
`transactional_db`, or the module-scoped `email_catalogue` fixture below, which builds
the catalogue once per test module (as a dict name -> message) and empties the tables
afterwards, as `transactional_db` does. tests/conftest.py imports the fixtures, so any
test may ask for `email_catalogue`.
"""

import datetime
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client, override_settings
from django.utils import timezone, translation

from advocacy import account_mail
from advocacy.management.commands.create_organizer import organizers_group
from campaigns import weeks
from campaigns.models import AccountSuspension, Adoption, CensorshipDay, OutgoingEmail, Post
from campaigns.outbox.emails import build_message
from prisoners.models import CaseEvent, Priority, Prisoner, Status

from .conftest import PASSWORD, send_account_mail_now, totp_code

LANGUAGES = ("en", "zh-hans", "zh-hant")
CATALOGUE_SITE_URL = (
    "https://one-person-one-prisoner.campaign-for-the-defenders-of-political-prisoners.example.org"
)
# What a volunteer's phone says it is (allauth's notices quote it).
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro Build/AP2A.240805.005) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/127.0.6533.103 Mobile Safari/537.36"
)
NEW_PASSWORD = "another long passphrase, typed twice"
# Display names as volunteers choose them: long, a pseudonym.
DISPLAY_NAMES = {
    "en": "Plum Blossom of the Kowloon Evening Reading Circle",
    "zh-hans": "九龙夜读会的梅花与竹子小组",
    "zh-hant": "九龍夜讀會的梅花與竹子小組",
}
# Long names (Uyghur and Tibetan names are long in any script); one prisoner a language,
# since a prisoner has one defender.
PRISONERS = {
    "en": ("Gulbahar Abdurehim Muhemmetimin", "古丽巴哈尔·阿不都热依木·穆罕默德伊明"),
    "zh-hans": ("Tenzin Lhundrup Gyaltsen Norbu Tsering", "丹增伦珠·坚赞·诺布次仁"),
    "zh-hant": (
        "Abdurahman Memtimin Qurbanjan Ablikim",
        "阿卜杜拉合曼·买买提明·库尔班江·阿不力克木",
    ),
}
# The news, as organizers write it: in English and in Chinese (Traditional is converted).
NEWS = (
    (
        "His lawyer was refused a visit at the Xinjiang No. 3 Prison for the fourth time this "
        "year; the prison said the visiting room was being renovated and gave no new date.",
        "他的律师今年第四次在新疆第三监狱被拒绝会见；监狱称会见室正在装修，没有给出新的日期。",
    ),
    (
        "His family was told that he had been moved to another prison; the authorities gave "
        "no reason and no new visiting arrangements.",
        "家属收到通知：他已被转移到另一所监狱，但当局没有说明原因，也没有告知新的探视安排。",
    ),
)
SETTINGS = {
    "SITE_URL": CATALOGUE_SITE_URL,
    "CELERY_TASK_ALWAYS_EAGER": True,
    "CELERY_TASK_EAGER_PROPAGATES": True,
    "ACCOUNT_RATE_LIMITS": False,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}

# What each language's catalogue holds, in order: allauth's emails, then the outbox's.
ACCOUNT_EMAILS = (
    "account/email_confirmation_signup",
    "account/account_already_exists",
    "account/password_reset_key",
    "account/unknown_account",
    "account/password_reset",
    "account/password_changed",
    "account/password_set",
    "account/email_confirmation",
    "account/email_deleted",
    "account/email_changed",
    "account/mfa/totp_activated",
    "account/mfa/recovery_codes_generated",
    "account/mfa/totp_deactivated",
)
CAMPAIGN_EMAILS = (
    "reminder",
    "nudge",
    "lapsed",
    "thanks/released",
    "thanks/died",
    "assigned",
    "replaced",
    "digest",
    "digest/added",
    "organizer_alert",
    "organizer_digest",
)
# allauth's email templates that our settings never send, and why.
NOT_SENT = {
    "account/email/login_code": "signing in by a mailed code is off",
    "account/email/password_reset_code": "resetting by a mailed code is off (links instead)",
    "account/email/email_confirm": "no code of allauth 65 sends it",
    "mfa/email/webauthn_added": "security keys are not offered (MFA_SUPPORTED_TYPES)",
    "mfa/email/webauthn_removed": "security keys are not offered (MFA_SUPPORTED_TYPES)",
}
EMAIL_NAMES = tuple(
    f"{language}/{email}" for language in LANGUAGES for email in ACCOUNT_EMAILS + CAMPAIGN_EMAILS
)

Email = tuple[str, EmailMessage]


def every_email(languages=LANGUAGES) -> list[Email]:
    """Every email the project sends, in each of `languages` (see the module's doc), made
    in a database without the catalogue's people (an empty test database)."""
    if connection.in_atomic_block:
        raise RuntimeError("every_email() needs transactions that commit (transactional_db)")
    saved = getattr(mail, "outbox", None)
    try:
        with override_settings(**SETTINGS):
            shared = _shared_prisoners()
            emails = []
            for language in languages:
                emails += _account_emails(language)
                emails += _campaign_emails(language, shared)
            return emails
    finally:
        translation.deactivate()
        if saved is None:
            del mail.outbox
        else:
            mail.outbox = saved


def html_of(message: EmailMessage) -> str:
    """The text/html alternative of `message`."""
    (html,) = [content for content, kind in message.alternatives if kind == "text/html"]
    return html


@pytest.fixture(scope="module")
def email_catalogue_built(django_db_setup, django_db_blocker) -> dict[str, EmailMessage]:
    """Every email in every language, by name, built once for the test module."""
    # Built before the tests' own fixtures: account emails are sent in this process here
    # too (see _account_mail_in_process in tests/conftest.py), not left in the broker.
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(account_mail, "send_later", send_account_mail_now)
        try:
            yield dict(every_email())
        finally:
            call_command("flush", interactive=False, verbosity=0)
            # Under Playwright's event loop this may be a connection of its own, which
            # nothing else would close before the test database is dropped.
            connections.close_all()


@pytest.fixture(name="email_catalogue")
def email_catalogue_fixture(email_catalogue_built, db) -> dict[str, EmailMessage]:
    """Every email in every language, by name (`db`: pytest-django makes the test
    database only for tests that ask for it)."""
    return email_catalogue_built


def _sending(name: str, action: Callable[[], object]) -> list[Email]:
    """The one email `action` sends, named `name`."""
    mail.outbox = []
    action()
    if len(mail.outbox) != 1:
        subjects = [message.subject for message in mail.outbox]
        raise AssertionError(f"{name}: expected one email, got {subjects}")
    return [(name, mail.outbox[0])]


# People and clients


def _address(language: str, role: str) -> str:
    return f"{role}.of.the.kowloon.evening.reading.circle.{language}@mail.example.org"


def _member(language: str, role: str, **fields):
    """A volunteer of `language` with a confirmed address and the shared password."""
    user = get_user_model().objects.create_user(
        email=_address(language, role),
        password=PASSWORD,
        display_name=DISPLAY_NAMES[language],
        language=language,
        timezone="Asia/Hong_Kong",
        **fields,
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def _client(language: str, user=None) -> Client:
    """A browser showing pages in `language`, signed in as `user` if given."""
    client = Client(headers={"user-agent": USER_AGENT})
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def _expect(response, status: int = 302):
    if response.status_code != status:
        raise AssertionError(f"{response.request['PATH_INFO']} answered {response.status_code}")
    return response


def _reauthenticated(language: str, user) -> Client:
    """Signed in, with the password typed again (for the address and second factor)."""
    client = _client(language, user)
    _expect(client.post("/accounts/reauthenticate/", {"password": PASSWORD}))
    return client


def _path(url: str) -> str:
    return url.removeprefix(CATALOGUE_SITE_URL)


def _link(message: EmailMessage, part: str) -> str:
    (link,) = [word for word in message.body.split() if part in word]
    return _path(link)


# allauth's emails


def _account_emails(language: str) -> list[Email]:
    prefix = f"{language}/account/"
    return (
        _sign_up_emails(language, prefix)
        + _password_emails(language, prefix)
        + _address_emails(language, prefix)
        + _second_factor_emails(language, prefix)
    )


def _sign_up(client: Client, email: str, language: str):
    form = {
        "display_name": DISPLAY_NAMES[language],
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "timezone": "Asia/Hong_Kong",
    }
    return _expect(client.post("/accounts/signup/", form))


def _sign_up_emails(language: str, prefix: str) -> list[Email]:
    known = _member(language, "known")
    return _sending(
        prefix + "email_confirmation_signup",
        lambda: _sign_up(_client(language), _address(language, "newcomer"), language),
    ) + _sending(
        prefix + "account_already_exists",
        lambda: _sign_up(_client(language), known.email, language),
    )


def _reset(email: str, language: str):
    return _expect(_client(language).post("/accounts/password/reset/", {"email": email}))


def _finish_reset(message: EmailMessage, language: str):
    client = _client(language)
    form = client.get(_link(message, "/password/reset/key/"), follow=True)
    new = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return _expect(client.post(form.redirect_chain[-1][0], new))


def _change_password(user, language: str):
    change = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return _expect(_client(language, user).post("/accounts/password/change/", change))


def _set_first_password(user, language: str):
    user.set_unusable_password()
    user.save(update_fields=["password"])
    first = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return _expect(_client(language, user).post("/accounts/password/set/", first))


def _password_emails(language: str, prefix: str) -> list[Email]:
    forgetful = _member(language, "forgetful")
    emails = _sending(prefix + "password_reset_key", lambda: _reset(forgetful.email, language))
    reset_key = emails[0][1]
    emails += _sending(
        prefix + "unknown_account", lambda: _reset(_address(language, "stranger"), language)
    )
    emails += _sending(prefix + "password_reset", lambda: _finish_reset(reset_key, language))
    changer = _member(language, "changer")
    emails += _sending(prefix + "password_changed", lambda: _change_password(changer, language))
    setter = _member(language, "setter")
    emails += _sending(prefix + "password_set", lambda: _set_first_password(setter, language))
    return emails


def _add_address(client: Client, email: str):
    return _expect(client.post("/accounts/email/", {"action_add": "", "email": email}))


def _withdraw_address(client: Client, email: str):
    return _expect(client.post("/accounts/email/", {"action_remove": "", "email": email}))


def _confirm(message: EmailMessage, client: Client):
    return _expect(client.post(_link(message, "/accounts/confirm-email/")))


def _address_emails(language: str, prefix: str) -> list[Email]:
    mover = _member(language, "mover")
    client = _reauthenticated(language, mover)
    new_address = _address(language, "moved")
    emails = _sending(prefix + "email_confirmation", lambda: _add_address(client, new_address))
    emails += _sending(prefix + "email_deleted", lambda: _withdraw_address(client, new_address))
    _add_address(client, new_address)
    confirmation = mail.outbox[-1]
    emails += _sending(prefix + "email_changed", lambda: _confirm(confirmation, client))
    return emails


def _activate_totp(client: Client):
    _expect(client.get("/accounts/2fa/totp/activate/"), 200)
    code = totp_code(client.session[SECRET_SESSION_KEY])
    return _expect(client.post("/accounts/2fa/totp/activate/", {"code": code}))


def _second_factor_emails(language: str, prefix: str) -> list[Email]:
    careful = _member(language, "careful", is_staff=True)
    careful.groups.add(organizers_group())
    client = _reauthenticated(language, careful)
    return (
        _sending(f"{prefix}mfa/totp_activated", lambda: _activate_totp(client))
        + _sending(
            f"{prefix}mfa/recovery_codes_generated",
            lambda: _expect(client.post("/accounts/2fa/recovery-codes/generate/")),
        )
        + _sending(
            f"{prefix}mfa/totp_deactivated",
            lambda: _expect(client.post("/accounts/2fa/totp/deactivate/")),
        )
    )


# The campaign's emails


def _shared_prisoners() -> dict[str, Prisoner]:
    """Prisoners every language's emails share: one released, one dead, two urgent cases
    without a defender (for the organizers' digest), the first with only events of long
    ago entered this week (for the digest that tells only those)."""
    long_ago = datetime.date(2017, 7, 9)
    shared = {
        "released": Prisoner.objects.create(
            name="Mehmet Tursun Abdukerim Yasin",
            native_name="麦麦提·吐尔逊·阿不都克热木·亚森",
            status=Status.RELEASED,
            detained_on=long_ago,
            is_published=True,
        ),
        "died": Prisoner.objects.create(
            name="Tashi Dorje Rinchen Wangmo Lhamo",
            native_name="扎西多杰·仁钦旺姆·拉姆",
            status=Status.DIED,
            detained_on=long_ago,
            is_published=True,
        ),
        **{
            f"uncovered{n}": Prisoner.objects.create(
                name=f"Nurmemet Abdurehim Qeyyum Tursun {n}",
                native_name=f"努尔麦麦提·阿不都热依木·克尤木·吐尔逊{n}",
                status=Status.SENTENCED,
                detained_on=long_ago,
                priority=Priority.URGENT,
                is_published=True,
            )
            for n in (1, 2)
        },
    }
    _added_to_the_timeline(shared["uncovered1"])
    return shared


def _defended_prisoner(language: str, defender) -> Prisoner:
    """A held prisoner with a photo and news, defended by `defender` for five weeks."""
    name, native_name = PRISONERS[language]
    prisoner = Prisoner.objects.create(
        name=name,
        native_name=native_name,
        status=Status.SENTENCED,
        detained_on=datetime.date(2014, 1, 15),
        hashtag="Free" + name.replace(" ", ""),
        photo="prisoners/0123456789abcdef0123456789abcdef.jpg",
        is_published=True,
    )
    adoption = Adoption.objects.create(volunteer=defender, prisoner=prisoner, role="defender")
    five_weeks_ago = timezone.now() - datetime.timedelta(weeks=5)
    Adoption.objects.filter(pk=adoption.pk).update(started_at=five_weeks_ago)
    today = timezone.now().date()
    for n, (text, text_zh) in enumerate(NEWS):
        CaseEvent.objects.create(
            prisoner=prisoner,
            date=today - datetime.timedelta(days=3 + n),
            kind="family",
            text=text,
            text_zh_hans=text_zh,
        )
    _added_to_the_timeline(prisoner)
    _taken_down(defender, prisoner)
    return prisoner


# What an organizer wrote for a replaced defender, long, as organizers write it.
REASONS = {
    "en": "You told us in October that work and family leave you no time for a while; "
    "thank you for two years of posts. Write to us whenever you want to come back.",
    "zh-hans": "你十月份告诉我们，工作和家庭让你暂时没有时间；感谢你两年来的每一条帖子。"
    "什么时候想回来，随时给我们写信。",
    "zh-hant": "你十月份告訴我們，工作和家庭讓你暫時沒有時間；感謝你兩年來的每一則貼文。"
    "什麼時候想回來，隨時給我們寫信。",
}


def _added_to_the_timeline(prisoner: Prisoner) -> None:
    """Events of long ago entered this week: the emails name them in one line, apart
    from the news (campaigns/outbox/news.py)."""
    for year, kind in ((2014, "detention"), (2015, "verdict")):
        CaseEvent.objects.create(
            prisoner=prisoner,
            date=datetime.date(year, 1, 1),
            date_precision="year",
            kind=kind,
            text=f"Recorded late: the {kind} of {year}.",
        )


# What the defender wrote in the post that was taken down, in their language.
WORDS = {
    "en": "Held for years for what they wrote, and not forgotten. ",
    "zh-hans": "因言获罪，已被关押多年，我们没有忘记。",
    "zh-hant": "因言獲罪，已被關押多年，我們沒有忘記。",
}


def _taken_down(defender, prisoner: Prisoner) -> None:
    """The defender's posts the censorship watch found gone this week, one of each kind
    (removed, on a suspended account, never seen online), with long links and words:
    the weekly emails say them with the links to post them again."""
    now = timezone.now()
    gone = {"link_gone_at": now - datetime.timedelta(hours=6), "posted_at": now}
    seen = now - datetime.timedelta(days=5)
    status = "https://x.com/a_rather_long_handle_for_a_volunteer/status/1861234567890123456"
    Post.objects.bulk_create(
        [
            Post(
                volunteer=defender,
                prisoner=prisoner,
                platform="x",
                link=status,
                text=WORDS[defender.language] * 3,
                link_status="removed",
                link_live_at=seen,
                **gone,
            ),
            Post(
                volunteer=defender,
                prisoner=prisoner,
                platform="weibo",
                link="https://weibo.com/7654321098/" + "Nabcdefgh" * 4,
                link_status="account_suspended",
                link_live_at=seen,
                **gone,
            ),
            Post(
                volunteer=defender,
                prisoner=prisoner,
                platform="x",
                link=status + "0",
                link_status="removed",
                **gone,
            ),
        ]
    )


def _censored_last_week(volunteer, prisoner: Prisoner) -> None:
    """Posts about `prisoner` removed last week, and `volunteer`'s account reported
    suspended then, as the organizers' digest tells them."""
    friday = weeks.week_start(weeks.campaign_now()) - datetime.timedelta(days=3)
    for platform, removed, suspended in (("x", 2, 1), ("weibo", 1, 0)):
        CensorshipDay.objects.create(
            day=friday.date(),
            platform=platform,
            prisoner=prisoner,
            removed=removed,
            suspended=suspended,
        )
    AccountSuspension.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="weibo", reported_at=friday
    )


def _campaign_emails(language: str, shared: dict[str, Prisoner]) -> list[Email]:
    defender = _member(language, "defender")
    prisoner = _defended_prisoner(language, defender)
    supporter = _member(language, "supporter")
    Adoption.objects.create(volunteer=supporter, prisoner=prisoner, role="supporter")
    late_reader = _member(language, "late_reader")
    Adoption.objects.create(volunteer=late_reader, prisoner=shared["uncovered1"], role="supporter")
    organizer = _member(language, "organizer", is_staff=True)
    organizer.groups.add(organizers_group())
    _censored_last_week(defender, prisoner)
    rows = [
        ("reminder", "reminder", defender, prisoner, "2026-W10", 0),
        ("nudge", "nudge", defender, prisoner, "2026-W11", 3),
        ("lapsed", "lapsed", defender, prisoner, "2026-W12", 4),
        ("thanks/released", "thanks", defender, shared["released"], "2026-03-20", 0),
        ("thanks/died", "thanks", defender, shared["died"], "2026-03-21", 0),
        ("assigned", "assigned", defender, prisoner, "2026-03-22", 0),
        ("replaced", "replaced", defender, prisoner, "2026-03-23", 0),
        ("digest", "digest", supporter, None, "2026-W10", 0),
        ("digest/added", "digest", late_reader, None, "2026-W10", 0),
        ("organizer_alert", "organizer_alert", organizer, None, "2026-03-19", 0),
        ("organizer_digest", "organizer_digest", organizer, None, "2026-W12", 0),
    ]
    emails = []
    for name, kind, volunteer, about, period, weeks_quiet in rows:
        row = OutgoingEmail.objects.create(
            kind=kind,
            volunteer=volunteer,
            prisoner=about,
            period=period,
            weeks_quiet=weeks_quiet,
            reason=REASONS[language] if kind == "replaced" else "",
        )
        emails.append((f"{language}/{name}", build_message(row)))
    return emails
