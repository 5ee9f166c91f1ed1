"""Organizers' CSV import: a preview that saves nothing and explains each line, then a
confirmation that saves the good rows and audits; tokens and kept files that cannot be
tampered with or outlive their time; bad files refused clearly."""

import datetime
import uuid

import pytest
import time_machine
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from campaigns.models import AuditEntry
from campaigns.organize import importing
from campaigns.organize.data_forms import MAX_UPLOAD_BYTES
from prisoners.models import Prisoner

from .conftest import HEADER, IMPORT_URL, confirm, upload


def stashed_files(settings=None) -> list[str]:
    """The names of the previews kept in the shared cache."""
    client = cache._cache.get_client(None)
    return sorted(k.decode().rsplit(":", 1)[1] for k in client.scan_iter("*import-preview:*"))


GOOD_AND_BAD = "\r\n".join(
    [
        HEADER,
        "王丹,male,1969,,北京,2030-05,https://example.org/1",
        "乙,male,,北京,life,https://example.org/2",  # line 3: six columns
        "丙,robot,,,上海,detention,https://example.org/3",  # line 4: gender warned
        ",,,,,,",  # line 5: names no one
    ]
)


def test_preview_shows_errors_by_line_and_saves_nothing(org_client, settings):
    response = upload(org_client, "\ufeff" + GOOD_AND_BAD)

    assert response.status_code == 200
    assert Prisoner.objects.count() == 0
    assert not AuditEntry.objects.exists()
    problems = [(p["line"], p["refused"]) for p in response.context["problems"]]
    assert problems == [(3, True), (4, False), (5, True)]
    page = response.content.decode()
    assert "expected 7 columns, found 6" in page
    assert "names no one" in page
    assert "<td>3</td>" in page and "<td>5</td>" in page
    assert response.context["report"].created == 2
    assert "Save these 2 prisoners" in page
    assert len(stashed_files(settings)) == 1


@pytest.mark.parametrize(
    ("language", "refusal", "warning"),
    [
        ("zh-hans", "应有7列，实有6列", "性别“robot”不是男或女；留空"),
        ("zh-hant", "應有7欄，實有6欄", "性別「robot」不是男或女；留空"),
    ],
)
def test_the_preview_explains_each_line_in_the_organizers_language(
    org_client, language, refusal, warning
):
    org_client.cookies["django_language"] = language

    page = upload(org_client, GOOD_AND_BAD).content.decode()

    assert refusal in page
    assert warning in page
    assert "expected 7 columns" not in page


def test_confirm_saves_the_good_rows_and_audits(org_client, organizer, settings):
    preview = upload(org_client, "\ufeff" + GOOD_AND_BAD, draft="on")

    response = confirm(org_client, preview)

    assert response.status_code == 200
    assert sorted(Prisoner.objects.values_list("native_name", "is_published")) == [
        ("丙", False),
        ("王丹", False),
    ]
    assert response.context["saved"] and response.context["refused_count"] == 2
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target) == (organizer, "import", "prisoners.csv")
    assert entry.after["created"] == 2 and entry.after["refused"] == 2
    assert entry.after["draft"] is True
    assert stashed_files(settings) == []  # the kept file is gone
    # A second click on the same button imports nothing more.
    again = confirm(org_client, preview)
    assert again.status_code == 400
    assert Prisoner.objects.count() == 2 and AuditEntry.objects.count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps({"f": "../../etc/passwd", "u": 1, "d": False, "n": "x"}),
        lambda token: "",
    ],
    ids=["bad-signature", "unsigned-path", "empty"],
)
def test_a_tampered_confirm_token_is_refused(org_client, tamper):
    preview = upload(org_client, GOOD_AND_BAD)
    token = preview.context["confirm_form"].initial["token"]

    response = org_client.post(IMPORT_URL, {"token": tamper(token)})

    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert Prisoner.objects.count() == 0 and not AuditEntry.objects.exists()


def test_a_token_pointing_to_another_stash_or_user_is_refused(org_client, organizer, settings):
    upload(org_client, GOOD_AND_BAD)
    name = stashed_files(settings)[0]
    # Well signed (someone with the key) but for another account, or naming this one
    # by primary key as tokens did before link ids: still refused.
    for someone in (uuid.uuid4().hex, organizer.pk):
        forged = signing.dumps(
            {"f": name, "u": someone, "d": False, "n": "x"}, salt=importing._SIGNING_SALT
        )
        assert org_client.post(IMPORT_URL, {"token": forged}).status_code == 400
    traversal = signing.dumps(
        {"f": "../x", "u": organizer.link_id.hex, "d": False, "n": "x"},
        salt=importing._SIGNING_SALT,
    )
    assert org_client.post(IMPORT_URL, {"token": traversal}).status_code == 400
    assert Prisoner.objects.count() == 0


def test_an_expired_preview_is_refused_and_the_kept_file_expires(org_client):
    preview = upload(org_client, GOOD_AND_BAD)
    (name,) = stashed_files()
    ttl = cache._cache.get_client(None).ttl(cache.make_key(importing.STASH_PREFIX + name))
    assert 0 < ttl <= importing.IMPORT_MAX_AGE  # Redis forgets it on its own
    later = timezone.now() + datetime.timedelta(seconds=importing.IMPORT_MAX_AGE + 10)
    with time_machine.travel(later):
        assert confirm(org_client, preview).status_code == 400
    assert Prisoner.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.csv", HEADER.encode() + b"\n" + b"x" * (MAX_UPLOAD_BYTES + 1), "the limit is"),
        ("sheet.xlsx", b"PK\x03\x04" + b"\x00" * 100, "Only .csv files"),
        ("binary.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "not a UTF-8 text"),
        ("latin1.csv", (HEADER + "\nJosé,male,,,,,\n").encode("latin-1"), "not UTF-8"),
        ("utf16.csv", (HEADER + "\n").encode("utf-16"), "not a UTF-8 text"),
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\r\n\r\n", "empty"),
        ("columns.csv", b"Name,Born\n\xe7\x8e\x8b,1969\n", "header must be exactly"),
    ],
    ids=["big", "xlsx", "binary", "latin1", "utf16", "empty", "blank", "columns"],
)
def test_bad_files_get_a_clear_message_and_nothing_is_saved(
    org_client, settings, name, content, message
):
    response = upload(org_client, content, name=name)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "nothing was saved" in page
    assert Prisoner.objects.count() == 0
    assert stashed_files(settings) == []
    assert "confirm_form" not in response.context


def test_the_import_page_needs_an_organizer_with_a_second_factor(
    client, volunteer, organizer_without_mfa
):
    client.force_login(volunteer)
    assert client.get(IMPORT_URL).status_code == 404
    client.force_login(organizer_without_mfa)
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_a_confirmation_while_the_cache_is_down_is_refused_not_a_500(org_client, monkeypatch):
    """The preview waits in Redis; with Redis unreachable at the confirmation, the
    organizer is asked to upload again and nothing is saved."""
    from redis.exceptions import ConnectionError as RedisDown

    preview = upload(org_client, GOOD_AND_BAD)

    def down(*args, **kwargs):
        raise RedisDown("Connection refused")

    monkeypatch.setattr(importing.cache, "get", down)
    response = confirm(org_client, preview)
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert Prisoner.objects.count() == 0 and not AuditEntry.objects.exists()
