"""Organizers' CSV import (preview, then confirm) and exports (formulas neutralised,
no volunteer identities where none belong, re-authentication, audit, constant cost)."""

import csv
import datetime
import io
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from allauth.mfa.utils import is_mfa_enabled
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.models import Adoption, AuditEntry, Post
from campaigns.organize import exports, imports
from campaigns.organize.data_forms import MAX_UPLOAD_BYTES
from prisoners.models import Priority, Prisoner, Source, Status
from tests.conftest import PASSWORD

HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"
IMPORT_URL = "/organize/import/"
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)"]


@pytest.fixture
def org_client(client, organizer):
    """An organizer with a TOTP authenticator (the gate wants a second factor)."""
    assert is_mfa_enabled(organizer)  # the shared `organizer` fixture has one
    client.force_login(organizer)
    return client


def upload(client, text, name="prisoners.csv", *, encoding="utf-8", **fields):
    content = text if isinstance(text, bytes) else text.encode(encoding)
    return client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, content, "text/csv"), **fields}
    )


def confirm(client, response):
    token = response.context["confirm_form"].initial["token"]
    return client.post(IMPORT_URL, {"token": token})


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 only with a BOM
    return list(csv.reader(io.StringIO(body[1:], newline="")))


def stashed_files(settings=None) -> list[str]:
    """The names of the previews kept in the shared cache."""
    client = cache._cache.get_client(None)
    return sorted(k.decode().rsplit(":", 1)[1] for k in client.scan_iter("*import-preview:*"))


def reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


# Import --------------------------------------------------------------------------------

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
        ("zh-hans", "应有 7 列，实有 6 列", "性别“robot”不是男或女；留空"),
        ("zh-hant", "應有 7 欄，實有 6 欄", "性別「robot」不是男或女；留空"),
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
    # Well signed (someone with the key) but for another account: still refused.
    forged = signing.dumps(
        {"f": name, "u": 999999, "d": False, "n": "x"}, salt=imports._SIGNING_SALT
    )
    assert org_client.post(IMPORT_URL, {"token": forged}).status_code == 400
    traversal = signing.dumps(
        {"f": "../x", "u": organizer.pk, "d": False, "n": "x"},
        salt=imports._SIGNING_SALT,
    )
    assert org_client.post(IMPORT_URL, {"token": traversal}).status_code == 400
    assert Prisoner.objects.count() == 0


def test_an_expired_preview_is_refused_and_the_kept_file_expires(org_client):
    preview = upload(org_client, GOOD_AND_BAD)
    (name,) = stashed_files()
    ttl = cache._cache.get_client(None).ttl(cache.make_key(imports.STASH_PREFIX + name))
    assert 0 < ttl <= imports.IMPORT_MAX_AGE  # Redis forgets it on its own
    later = timezone.now() + datetime.timedelta(seconds=imports.IMPORT_MAX_AGE + 10)
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


# Exports -------------------------------------------------------------------------------


def test_neutralise():
    for formula in [*FORMULAS, "\tx", "\rx", "＝1+1"]:
        assert exports.neutralise(formula) == "'" + formula
        assert imports.unneutralise(exports.neutralise(formula)) == formula
    assert exports.neutralise("王丹") == "王丹"
    assert exports.neutralise("a=b") == "a=b"
    assert exports.neutralise(3) == 3
    assert exports.neutralise(None) == ""


def no_cell_is_a_formula(rows):
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_prisoners_export_neutralises_formulas_and_round_trips(org_client, make_prisoner):
    reauthenticate(org_client)
    upload_text = "\n".join(
        [HEADER, "王丹,male,1969,,北京,2030-05,https://example.org/1 https://example.org/2"]
    )
    confirm(org_client, upload(org_client, upload_text))
    for formula in FORMULAS:
        make_prisoner(name=formula, summary=formula, place=formula)

    response = org_client.get(reverse("organize:export_prisoners"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == exports.PRISONER_COLUMNS
    no_cell_is_a_formula(rows)
    cells = {cell for row in rows for cell in row}
    assert {"'" + f for f in FORMULAS} <= cells
    wang = next(row for row in rows if row[0] == "王丹")
    sources = "https://example.org/1 https://example.org/2"
    assert wang[:7] == ["王丹", "male", "1969", "", "北京", "2030-05", sources]
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.after) == ("export", {"export": "prisoners"})

    # The export is a file the import page reads: nothing new, nothing changed.
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    preview = upload(org_client, "\ufeff" + out.getvalue())
    report = preview.context["report"]
    assert (report.created, report.updated, report.refused) == (len(FORMULAS), 0, [])
    assert report.unchanged == 1


@pytest.fixture
def campaign(make_prisoner, make_user):
    """A defended prisoner with a supporter and posts; a volunteer named like a formula."""
    defended = make_prisoner(name="=cmd|' /C calc'!A0", summary="@SUM(1)")
    make_prisoner(name="Nobody Yet")
    formula_volunteer = make_user(display_name='=HYPERLINK("x")', email="secret1@example.org")
    supporter = make_user(display_name="+Supporter", email="secret2@example.org")
    Adoption.objects.create(volunteer=formula_volunteer, prisoner=defended, role="defender")
    Adoption.objects.create(volunteer=supporter, prisoner=defended, role="supporter")
    for n in range(3):
        Post.objects.create(
            volunteer=formula_volunteer,
            prisoner=defended,
            platform="x",
            link=f"https://x.com/a/{n}",
        )
    return {"defended": defended, "defender": formula_volunteer, "supporter": supporter}


def test_coverage_export_has_counts_and_no_volunteer_identities(org_client, campaign):
    reauthenticate(org_client)
    response = org_client.get(reverse("organize:export_coverage"))

    rows = read_csv(response)
    no_cell_is_a_formula(rows)
    body = repr(rows)
    for user in (campaign["defender"], campaign["supporter"]):
        assert user.email not in body
        assert user.display_name not in body
    assert "@example.org" not in body
    by_name = {row[0]: row for row in rows[1:]}
    defended = by_name["'=cmd|' /C calc'!A0"]
    assert defended[6] == "yes" and defended[7] and defended[8] == "1"
    assert by_name["Nobody Yet"][6:] == ["no", "", "0"]
    assert AuditEntry.objects.get().after == {"export": "coverage"}
    # A report: statuses and priorities as words, in the organizer's language.
    assert {row[3] for row in rows[1:]} <= {str(label) for label in Status.labels}
    assert {row[4] for row in rows[1:]} <= {str(label) for label in Priority.labels}
    org_client.cookies["django_language"] = "zh-hant"
    chinese = read_csv(org_client.get(reverse("organize:export_coverage")))
    with translation.override("zh-hant"):
        words = {str(label) for label in (*Status.labels, *Priority.labels)}
    assert {row[3] for row in chinese[1:]} | {row[4] for row in chinese[1:]} <= words
    assert chinese[1][6] in ("是", "否")


@pytest.mark.parametrize("name", ["export_prisoners", "export_coverage"])
def test_every_export_needs_a_fresh_login(org_client, campaign, name):
    # S3: a session alone, without a password typed in the last minutes, exports
    # nothing, not even the lists that hold no volunteer's data.
    url = reverse(f"organize:{name}")
    response = org_client.get(url)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.path, parse_qs(target.query)) == (
        reverse("account_reauthenticate"),
        {"next": [url]},
    )
    assert not AuditEntry.objects.exists()

    reauthenticate(org_client)

    assert org_client.get(url)["Content-Type"].startswith("text/csv")
    assert AuditEntry.objects.count() == 1


def test_volunteers_export_needs_a_fresh_login(org_client):
    url = reverse("organize:export_volunteers")
    for response in (org_client.get(url), org_client.post(url, {"include_emails": "on"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEntry.objects.exists()

    reauthenticate(org_client)

    page = org_client.get(url)
    assert page.status_code == 200
    checkbox = page.content.decode().split('name="include_emails"')[0].rsplit("<input", 1)[1]
    assert "checked" not in checkbox  # off unless the organizer ticks it


def test_volunteers_export_pseudonyms_and_counts_without_emails(org_client, campaign):
    reauthenticate(org_client)

    response = org_client.post(reverse("organize:export_volunteers"))

    rows = read_csv(response)
    assert "@" not in repr(rows)  # no address at all
    no_cell_is_a_formula(rows)
    assert rows[0] == ["Pseudonym", "Joined", "Role now", "Prisoner defended", "Posts", "Last post"]
    by_name = {row[0]: row for row in rows[1:]}
    defender = by_name['\'=HYPERLINK("x")']
    assert defender[2:5] == ["Defender", "'=cmd|' /C calc'!A0", "3"]
    assert defender[5]  # the last post's day
    assert by_name["'+Supporter"][2:5] == ["Supporter", "", "0"]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target) == ("export", "volunteers.csv")
    assert entry.after == {"export": "volunteers", "emails": False}


def test_volunteers_export_with_emails_only_when_chosen(org_client, campaign):
    reauthenticate(org_client)

    response = org_client.post(reverse("organize:export_volunteers"), {"include_emails": "on"})

    rows = read_csv(response)
    assert rows[0][-1] == "Email address"
    assert "secret1@example.org" in {row[-1] for row in rows}
    assert AuditEntry.objects.get().after == {"export": "volunteers", "emails": True}


def test_exports_are_for_organizers_only(client, volunteer):
    client.force_login(volunteer)
    for name in ("export_prisoners", "export_coverage", "export_volunteers"):
        assert client.get(reverse(f"organize:{name}")).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()
    # Each knock at the organizers' door is on record as refused (S11).
    denied = AuditEntry.objects.filter(action="denied", actor=volunteer)
    assert sorted(denied.values_list("target", "outcome")) == [
        ("/organize/export/coverage.csv", "refused"),
        ("/organize/export/prisoners.csv", "refused"),
        ("/organize/export/volunteers.csv", "refused"),
    ]


def grow(make_prisoner, make_user, start, end):
    for n in range(start, end):
        prisoner = make_prisoner(summary=f"=S{n}")
        Source.objects.create(prisoner=prisoner, url=f"https://example.org/{n}")
        volunteer = make_user(display_name=f"-V{n}")
        role = "defender" if n % 2 else "supporter"
        Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role=role)
        Post.objects.create(volunteer=volunteer, prisoner=prisoner, platform="x")


def count_queries(client, method, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
        rows = read_csv(response)
    return len(queries), len(rows)


def test_export_query_counts_do_not_grow_with_rows(org_client, make_prisoner, make_user):
    reauthenticate(org_client)
    exports = [
        ("get", reverse("organize:export_prisoners"), {}),
        ("get", reverse("organize:export_coverage"), {}),
        ("post", reverse("organize:export_volunteers"), {"data": {"include_emails": "on"}}),
    ]
    grow(make_prisoner, make_user, 0, 10)
    small = [count_queries(org_client, m, url, **kw) for m, url, kw in exports]
    grow(make_prisoner, make_user, 10, 200)
    large = [count_queries(org_client, m, url, **kw) for m, url, kw in exports]

    assert [rows for _, rows in small] == [11, 11, 12]  # header + prisoners; + organizer
    assert [rows for _, rows in large] == [201, 201, 202]
    assert [n for n, _ in small] == [n for n, _ in large]


def test_a_stale_download_resumes_after_reauthentication(org_client, campaign):
    url = reverse("organize:export_volunteers")
    stale = org_client.post(url)
    assert stale.status_code == 302
    assert not AuditEntry.objects.exists()

    # allauth keeps the POST and replays it once the password is typed again.
    response = org_client.post(stale["Location"], {"password": PASSWORD, "next": url})

    rows = read_csv(response)
    assert rows[0][0] == "Pseudonym" and "@" not in repr(rows)
    assert AuditEntry.objects.get().after == {"export": "volunteers", "emails": False}
