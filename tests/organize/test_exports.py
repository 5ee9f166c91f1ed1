"""Organizers' CSV exports: formulas neutralised, a file the import reads back, no
volunteer identities where none belong, a fresh login, audited, constant cost."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from campaigns.models import Adoption, AuditEntry, Post
from campaigns.organize import exports, imports
from prisoners.models import Priority, Prisoner, Source, Status
from tests.conftest import PASSWORD, reauthenticate

from .conftest import HEADER, confirm, upload

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)"]


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 only with a BOM
    return list(csv.reader(io.StringIO(body[1:], newline="")))


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
    job = preview.context["job"]
    assert (job.created, job.updated, job.refused) == (len(FORMULAS), 0, 0)
    assert job.unchanged == 1


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
        Post.objects.create(
            volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
        )


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


def test_the_prisoners_export_carries_the_case_in_both_languages_back_in(org_client, make_prisoner):
    reauthenticate(org_client)
    upload_text = "\n".join([HEADER, "王丹,male,1969,,北京,2030-05,https://example.org/wd"])
    confirm(org_client, upload(org_client, upload_text))
    wang = Prisoner.objects.get(native_name="王丹")
    wang.summary, wang.summary_zh_hans = "A student leader of 1989.", "1989年的学生领袖。"
    wang.charges_zh_hans = "反革命宣传煽动罪"
    wang.save()

    rows = read_csv(org_client.get(reverse("organize:export_prisoners")))
    row = dict(zip(rows[0], next(r for r in rows if r[0] == "王丹"), strict=True))
    assert row["Summary"] == "A student leader of 1989."
    assert row["Summary (Chinese)"] == "1989年的学生领袖。"
    assert row["Charges (Chinese)"] == "反革命宣传煽动罪"

    # Lost here, the texts come back from the export.
    Prisoner.objects.filter(pk=wang.pk).update(summary_zh_hans="", charges_zh_hans="")
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    confirm(org_client, upload(org_client, "\ufeff" + out.getvalue()))
    wang.refresh_from_db()
    assert (wang.summary_zh_hans, wang.charges_zh_hans) == (
        "1989年的学生领袖。",
        "反革命宣传煽动罪",
    )
