"""Property-based fuzzing of every public form (QUALITY.md, "Bad input (A)").

Hypothesis posts adversarial data to each form through the Django test client: NUL
bytes, bidi overrides, zero-width characters, homoglyphs, script tags, very long
strings, numbers out of range, wrong types, repeated and made-up field names. Two
properties hold for every example:

* never a 500 (the test client re-raises a view's exception, so a crash fails too);
* a form that is refused (any answer but the form's own success) writes no row and
  changes none.

Each example runs in a transaction that is rolled back, so that every example starts
from the same world; Redis (rate limits, cached pages and counts) is cleared too.
"""

import contextlib
import datetime
import string
import zoneinfo
from urllib.parse import quote, urlencode

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from campaigns import tokens
from campaigns.models import Adoption, AuditEntry, OutgoingEmail, Post, VolunteerSettings
from prisoners.models import CaseEvent, Prisoner, Status

from .conftest import PASSWORD, reauthenticate

User = get_user_model()

# The whole file stays well under a minute: a few dozen requests per form.
EXAMPLES = 40

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    print_blob=True,
)

# Every table a public form could write to.
WATCHED = [
    User,
    EmailAddress,
    Post,
    Adoption,
    VolunteerSettings,
    CaseEvent,
    AuditEntry,
    OutgoingEmail,
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WATCHED}


@contextlib.contextmanager
def rolled_back():
    """One example: its writes are undone, its cache starts empty."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# -- Adversarial values ---------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "DELETE\x00",
    "\x00DELETE",
    "ＤＥＬＥＴＥ",  # fullwidth
    "DЕLЕTЕ",  # Cyrillic Е
    "delete ",
    "\u202eETELED",  # right-to-left override
    "\u200bDELETE\u200b",  # zero-width space
    "\ufeff",
    "\u2066\u2067\u2068\u2069",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://example.org/",
    "https://example.org/" + "a" * 600,
    "https://exa\u200bmple.org/",
    "https://еxample.org/",  # homoglyph host
    "https://[::1",
    "https://%00/",
    "https:///",
    '=HYPERLINK("http://x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "'; DROP TABLE campaigns_post; --",
    "%(name)s",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "\r\nBcc: victim@example.org",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "9" * 40,
    "-" + "9" * 40,
    str(2**31),
    str(2**63),
    "0x10",
    "١٢",  # Arabic-Indic digits
    "true",
    "on",
    "None",
    "null",
    "[]",
    "{}",
    "0000-00-00",
    "0001-01-01",
    "0001-01-01T00:00",
    "9999-12-31",
    "9999-12-31T23:59",
    "10000-01-01",
    "2024-02-30",
    "2024-13",
    "-2024",
    "2024-1-1",
    "1970-01-01T00:00:00+14:00",
    "Mars/Olympus_Mons",
    "../../etc/passwd",
    "UTC\x00",
    "Europe/Paris",
    "zh-hans",
    "zz",
]

# Text without surrogates (they cannot be sent as UTF-8), with the odd characters above.
odd_characters = st.sampled_from(
    ["\x00", "\u202e", "\u202d", "\u200b", "\u200d", "\ufeff", "\u0430", "\u0435", "<", ">", '"']
)
plain_text = st.text(st.characters(codec="utf-8") | odd_characters, max_size=60)
long_text = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "字", "\x00", "\u200b", "<b>", "é"]),
    st.integers(1, 12_000),
)
numbers = st.integers(-(2**70), 2**70).map(str) | st.floats().map(str)
value = st.sampled_from(NASTY) | plain_text | numbers | long_text
# A field may also come several times (a list of values).
field_value = value | st.lists(value, min_size=2, max_size=3)

field_name = st.text(string.ascii_letters + "_-[]", min_size=1, max_size=20) | st.sampled_from(
    ["volunteer", "volunteer_id", "is_staff", "is_superuser", "prisoner_id", "id", "pk", "role"]
)
extra_fields = st.dictionaries(field_name, field_value, max_size=4)


def maybe(good) -> st.SearchStrategy:
    """One field: a well-formed value, or (drawn by `fields_of`) a hostile or missing one."""
    return good


@st.composite
def fields_of(draw, fields: dict[str, st.SearchStrategy]) -> dict:
    """A form's fields: well formed, but for a drawn few that are hostile or left out.

    About a third of the examples break no field at all, so the valid path is fuzzed
    too (with the made-up extra fields), not only the refusals.
    """
    data = draw(st.fixed_dictionaries(fields))
    names = sorted(fields)
    broken = draw(st.just([]) | st.lists(st.sampled_from(names), min_size=1, unique=True))
    for name in broken:
        data[name] = draw(field_value | st.none())
    return data


def form_data(fields: dict, extra: dict) -> dict:
    """The POST body: the form's fields (None: left out) and made-up ones."""
    data = {k: v for k, v in extra.items() if k not in fields}
    data.update({k: v for k, v in fields.items() if v is not None})
    return data


def is_server_error(response) -> bool:
    event(f"status {response.status_code}")  # --hypothesis-show-statistics
    return response.status_code >= 500


# -- Worlds ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def defended(make_user, prisoner):
    """A volunteer who defends a prisoner, with their settings row."""
    from campaigns import services

    # East of UTC, like most volunteers: local dates near year 1 fall before it in UTC.
    volunteer = make_user(display_name="Lotus", timezone="Asia/Shanghai")
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    services.settings_for(volunteer)
    return volunteer


def signed_in(client, user):
    client.force_login(user)
    return client


def today_local(user) -> str:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(user.timezone)).date().isoformat()


post_fields = {
    "platform": maybe(st.sampled_from([c for c, _ in Post.Platform.choices])),
    "link": maybe(
        st.sampled_from(
            ["", "https://example.org/post/1", "https://x.com/a/status/1", "https://x.com/a"]
        )
    ),
    "text": maybe(st.sampled_from(["", "Free them!", "自由"])),
    "description": maybe(
        st.sampled_from(["", "A letter", "I wrote to the prison today.", "我今天给监狱写了一封信"])
    ),
    "submission": maybe(
        st.sampled_from(["", "not a uuid", "9b2f4a4e-5d1c-4f6e-9a43-2f7d0f3c1b8e"])
    ),
    # "today" is filled in by the test: a good date must not be in the future.
    "posted_on": maybe(
        st.sampled_from(["today", "2024-05-01", "2024-05-01T10:00"])
        # The ends of the calendar, as seen from east and west of UTC.
        | st.sampled_from(["0001-01-01", "9999-12-31"])
        | st.dates().map(lambda day: day.isoformat())
    ),
}


def fill_post(fields: dict, volunteer, prisoner_field) -> dict:
    fields = dict(fields)
    if fields.get("posted_on") == "today":
        fields["posted_on"] = today_local(volunteer)
    fields["prisoner"] = prisoner_field
    return fields


# -- Sign-up --------------------------------------------------------------------------


@fuzz
@given(
    fields=fields_of(
        {
            "display_name": maybe(st.sampled_from(["Lotus", "莲花", " Lotus "])),
            "email": maybe(st.sampled_from(["new@example.org", "NEW@EXAMPLE.ORG"])),
            "password1": maybe(st.just(PASSWORD)),
            "password2": maybe(st.just(PASSWORD)),
            "timezone": maybe(st.sampled_from(["Asia/Shanghai", "UTC", ""])),
        }
    ),
    extra=extra_fields,
)
def test_signup(client, db, fields, extra):
    with rolled_back():
        before = counts()
        response = client.post("/accounts/signup/", form_data(fields, extra))
        assert not is_server_error(response)
        after = counts()
        if response.status_code != 302:
            assert after == before
        else:
            # A new account, or (ACCOUNT_PREVENT_ENUMERATION) nothing at all.
            assert after["User"] - before["User"] in (0, 1)
            for user in User.objects.all():
                assert "\x00" not in user.display_name
                assert user.display_name == user.display_name.strip()
                assert user.timezone in zoneinfo.available_timezones()


# -- Log a post -----------------------------------------------------------------------


@fuzz
@given(
    fields=fields_of(post_fields),
    prisoner_field=st.sampled_from(["own", "own", "own", None]) | field_value,
    extra=extra_fields,
)
def test_log_post(client, defended, prisoner, fields, prisoner_field, extra):
    if prisoner_field == "own":
        prisoner_field = str(prisoner.pk)
    data = form_data(fill_post(fields, defended, prisoner_field), extra)
    with rolled_back():
        signed_in(client, defended)
        before = counts()
        response = client.post("/me/posts/", data)
        assert not is_server_error(response)
        after = counts()
        if response.status_code == 302:
            assert after["Post"] == before["Post"] + 1
            post = Post.objects.latest("pk")
            assert post.volunteer == defended
            assert post.prisoner == prisoner
            assert post.posted_at <= timezone.now() + datetime.timedelta(minutes=1)
            assert not post.link or post.link.startswith("https://")
            assert post.counts()
        else:
            assert response.status_code == 400
            assert after == before


# -- Settings -------------------------------------------------------------------------


def settings_snapshot(volunteer):
    return (
        list(User.objects.filter(pk=volunteer.pk).values()),
        list(VolunteerSettings.objects.filter(volunteer=volunteer).values()),
    )


@fuzz
@given(
    fields=fields_of(
        {
            "profile-display_name": maybe(st.sampled_from(["Lotus", "莲花", " x "])),
            "profile-language": maybe(st.sampled_from(["en", "zh-hans", "fr"])),
            "profile-timezone": maybe(
                st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York"])
            ),
            "settings-email_reminders": maybe(st.sampled_from(["on", ""])),
            "settings-reminder_weekday": maybe(st.integers(0, 8).map(str)),
            "settings-reminder_hour": maybe(st.integers(-1, 24).map(str)),
            "settings-paused_until": maybe(st.sampled_from(["", "2030-01-01", "2020-01-01"])),
            "settings-supporter_digest": maybe(st.sampled_from(["on", ""])),
            "settings-public_credit": maybe(st.sampled_from(["on", ""])),
        }
    ),
    extra=extra_fields,
)
def test_settings(client, defended, fields, extra):
    with rolled_back():
        signed_in(client, defended)
        before, snapshot = counts(), settings_snapshot(defended)
        response = client.post("/me/settings/", form_data(fields, extra))
        assert not is_server_error(response)
        # Turning reminders off is on record (S11); nothing else writes a row.
        written = counts()["AuditEntry"] - before["AuditEntry"]
        assert {**counts(), "AuditEntry": 0} == {**before, "AuditEntry": 0}
        unsubscribed = AuditEntry.objects.filter(action="unsubscribe", actor=defended)
        assert written == unsubscribed.count()
        assert written == 0 or (
            response.status_code == 302 and not fields.get("settings-email_reminders")
        )
        if response.status_code != 302:
            assert response.status_code == 400
            assert settings_snapshot(defended) == snapshot
        else:
            defended.refresh_from_db()
            assert "\x00" not in defended.display_name
            assert defended.display_name.strip()
            assert not defended.is_staff
            assert 0 <= VolunteerSettings.objects.get(volunteer=defended).reminder_hour <= 23


# -- Hand back and account deletion ---------------------------------------------------


@fuzz
@given(
    fields=fields_of({"reason": maybe(st.sampled_from(["", "Too busy.", "忙"]))}),
    extra=extra_fields,
)
def test_hand_back(client, defended, fields, extra):
    data = form_data(fields, extra)
    with rolled_back():
        signed_in(client, defended)
        before = counts()
        response = client.post("/me/hand-back/", data)
        assert not is_server_error(response)
        active = Adoption.objects.active().filter(volunteer=defended).exists()
        if response.status_code == 302:
            assert not active
            assert counts()["Adoption"] == before["Adoption"]
        else:
            assert active
            assert counts() == before


@fuzz
@given(
    fields=fields_of({"confirm": maybe(st.sampled_from(["DELETE", " delete "]))}),
    extra=extra_fields,
)
def test_delete_account(client, defended, fields, extra):
    data = form_data(fields, extra)
    with rolled_back():
        signed_in(client, defended)
        reauthenticate(client)
        before = counts()
        response = client.post("/me/settings/delete/", data)
        assert not is_server_error(response)
        if response.status_code == 302:
            assert not User.objects.filter(pk=defended.pk).exists()
        else:
            assert User.objects.filter(pk=defended.pk, is_active=True).exists()
            assert counts() == before


# -- Public pages' query strings ------------------------------------------------------


def query_string(params: list[tuple[str, str]]) -> str:
    return urlencode(params)


list_params = st.lists(
    st.tuples(
        st.sampled_from(["q", "status", "region", "needs_defender", "page"]) | field_name,
        st.sampled_from(["", "吴淦", "wu gan", "福建", "1", "2", "last", "on", "sentenced"])
        | value,
    ),
    max_size=6,
)


@pytest.fixture
def some_prisoners(make_prisoner, prisoner):
    make_prisoner(name="Liu Xiaobo", status=Status.DIED, region="北京")
    make_prisoner(native_name="許志永", status=Status.DETAINED, region="北京")
    return Prisoner.objects.count()


@pytest.mark.filterwarnings("ignore::django.core.cache.CacheKeyWarning")
@fuzz
@given(params=list_params, page_cache=st.booleans())
def test_prisoner_list_query_string(client, some_prisoners, settings, params, page_cache):
    settings.PAGE_CACHE_SECONDS = 60 if page_cache else 0
    with rolled_back():
        before = counts()
        response = client.get("/prisoners/?" + query_string(params))
        assert not is_server_error(response)
        assert response.status_code == 200
        assert counts() == before


@fuzz
@given(
    skip=st.integers(-(2**80), 2**80).map(str)
    | st.sampled_from([str(2**31), str(2**63 - 1), str(2**63), "9" * 30])
    | value,
    params=st.lists(st.tuples(field_name, value), max_size=2),
    signed=st.booleans(),
)
def test_find_page(client, some_prisoners, defended, skip, params, signed):
    with rolled_back():
        if signed:
            signed_in(client, defended)
        before = counts()
        response = client.get("/find/?" + query_string([("skip", skip), *params]))
        assert not is_server_error(response)
        assert response.status_code == 200
        assert counts() == before


# -- Signed links from reminder emails ------------------------------------------------


@fuzz
@given(
    fields=fields_of(post_fields),
    prisoner_field=st.sampled_from(["own", "own", "own", None]) | field_value,
    extra=extra_fields,
)
def test_log_post_by_link(client, defended, prisoner, fields, prisoner_field, extra):
    if prisoner_field == "own":
        prisoner_field = str(prisoner.pk)
    token = tokens.make(tokens.LOG_POST, defended, p=prisoner.pk)
    data = form_data(fill_post(fields, defended, prisoner_field), extra)
    with rolled_back():
        before = counts()
        response = client.post(f"/r/post/{token}/", data)
        assert not is_server_error(response)
        after = counts()
        if response.status_code == 302:
            assert after["Post"] == before["Post"] + 1
            assert Post.objects.latest("pk").volunteer == defended
            assert Post.objects.latest("pk").counts()
        else:
            assert response.status_code == 400
            assert after == before


token_text = (
    st.text(string.ascii_letters + string.digits + ":-_.=", max_size=200)
    | plain_text.filter(lambda t: t.strip("./"))
    | long_text
)


@fuzz
@given(
    token=token_text,
    kind=st.sampled_from(["post", "pause", "unsubscribe"]),
    method=st.sampled_from(["get", "post"]),
    data=extra_fields,
)
def test_email_links_with_random_tokens(client, defended, token, kind, method, data):
    url = f"/r/{kind}/{quote(token, safe='')}/"
    with rolled_back():
        before = counts()
        snapshot = settings_snapshot(defended)
        response = getattr(client, method)(url, data)
        assert not is_server_error(response)
        assert response.status_code in (400, 404)
        assert counts() == before
        assert settings_snapshot(defended) == snapshot


@fuzz
@given(
    forged=st.fixed_dictionaries(
        {"v": st.integers() | value, "p": st.integers() | value | st.none()}
    ),
    salt=st.sampled_from([tokens.PAUSE, tokens.UNSUBSCRIBE, "other"]),
)
def test_log_post_link_with_a_token_for_another_purpose(client, defended, forged, salt):
    # Signed with the right key, but for another purpose: refused like any bad link.
    from django.core import signing

    token = signing.dumps(forged, salt=salt, compress=True)
    with rolled_back():
        before = counts()
        response = client.post(f"/r/post/{token}/", {"text": "x"})
        assert not is_server_error(response)
        assert response.status_code == 400
        assert counts() == before


# -- Organizers' actions --------------------------------------------------------------


@pytest.fixture
def organizer_world(client, organizer, defended, make_user, prisoner):
    other = make_user(display_name="Bamboo", email="bamboo@example.org")
    current = Adoption.objects.active().get(prisoner=prisoner)
    return {"organizer": organizer, "current": current, "other": other}


def adoption_snapshot():
    return sorted(Adoption.objects.values_list("pk", "volunteer_id", "ended_at", "end_reason"))


def expected_values(world):
    return st.sampled_from([str(world["current"].pk), "", None]) | field_value


def organizer_post(client, world, url, data):
    with rolled_back():
        signed_in(client, world["organizer"])
        before, adoptions = counts(), adoption_snapshot()
        response = client.post(url, data)
        assert not is_server_error(response)
        if response.status_code != 302:
            assert response.status_code in (400, 409)
            assert counts() == before
            assert adoption_snapshot() == adoptions
        else:
            assert counts()["AuditEntry"] == before["AuditEntry"] + 1


@fuzz
@given(data=st.data())
def test_organizer_reassign(client, organizer_world, prisoner, data):
    fields = data.draw(
        fields_of(
            {
                "volunteer": maybe(
                    st.sampled_from(
                        [
                            str(organizer_world["other"].pk),
                            str(organizer_world["current"].volunteer_id),
                            "999999",
                            "bamboo@example.org",
                        ]
                    )
                    | field_value
                ),
                "reason": maybe(st.sampled_from(["Thank you.", "谢谢你"]) | field_value),
                "note": maybe(st.sampled_from(["Quiet.", "走了"]) | field_value),
                "query": maybe(st.sampled_from(["bam", "Bamboo", ""]) | field_value),
                "expected": maybe(expected_values(organizer_world)),
            }
        )
    )
    extra = data.draw(extra_fields)
    url = f"/organize/prisoners/{prisoner.slug}/reassign/"
    organizer_post(client, organizer_world, url, form_data(fields, extra))


@fuzz
@given(data=st.data())
def test_organizer_end_adoption(client, organizer_world, prisoner, data):
    fields = data.draw(
        fields_of(
            {
                "reason": maybe(st.sampled_from([c for c, _ in Adoption.EndReason.choices])),
                "note": maybe(st.sampled_from(["Moved on.", "走了"])),
                "expected": maybe(expected_values(organizer_world)),
            }
        )
    )
    extra = data.draw(extra_fields)
    url = f"/organize/prisoners/{prisoner.slug}/end/"
    organizer_post(client, organizer_world, url, form_data(fields, extra))


@fuzz
@given(
    fields=fields_of(
        {
            "when": maybe(st.sampled_from(["2024", "2024-05", "2024-05-01", "2099-01-01"])),
            "kind": maybe(st.sampled_from([c for c, _ in CaseEvent.Kind.choices])),
            "text": maybe(st.sampled_from(["Trial held.", "开庭"])),
            "source_url": maybe(st.sampled_from(["", "https://example.org/news"])),
            "is_published": maybe(st.sampled_from(["on", ""])),
        }
    ),
    extra=extra_fields,
)
def test_organizer_add_event(client, organizer_world, prisoner, fields, extra):
    url = f"/organize/prisoners/{prisoner.slug}/event/"
    organizer_post(client, organizer_world, url, form_data(fields, extra))
