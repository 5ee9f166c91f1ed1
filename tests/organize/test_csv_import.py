"""Organizers' CSV import: a preview that saves nothing and explains each line, then a
confirmation, by the uploader only and only once, that saves the good rows and audits;
bad files refused clearly. The worker's tasks run in this process (`imports_inline`)."""

import pytest
from django.urls import reverse

from campaigns.models import AuditEntry
from campaigns.organize.data_forms import MAX_UPLOAD_BYTES
from prisoners.models import ImportJob, Prisoner

from .conftest import HEADER, IMPORT_URL, confirm, job_url, organizer_client, upload

GOOD_AND_BAD = "\r\n".join(
    [
        HEADER,
        "王丹,male,1969,,北京,2030-05,https://example.org/1",
        "乙,male,,北京,life,https://example.org/2",  # line 3: six columns
        "丙,robot,,,上海,detention,https://example.org/3",  # line 4: gender warned
        ",,,,,,",  # line 5: names no one
    ]
)


def test_preview_shows_errors_by_line_and_saves_nothing(org_client):
    response = upload(org_client, "\ufeff" + GOOD_AND_BAD)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == job_url(ImportJob.objects.get())
    assert Prisoner.objects.count() == 0
    assert not AuditEntry.objects.exists()
    problems = [(p["line"], p["refused"]) for p in response.context["problems"]]
    assert problems == [(3, True), (4, False), (5, True)]
    page = response.content.decode()
    assert "expected 7 columns, found 6" in page
    assert "names no one" in page
    assert "<td>3</td>" in page and "<td>5</td>" in page
    assert response.context["job"].created == 2
    assert "Save these 2 prisoners" in page
    assert ImportJob.objects.get().status == "previewed"


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


def test_confirm_saves_the_good_rows_and_audits(org_client, organizer):
    preview = upload(org_client, "\ufeff" + GOOD_AND_BAD, draft="on")

    response = confirm(org_client, preview)

    assert response.status_code == 200
    assert sorted(Prisoner.objects.values_list("native_name", "is_published")) == [
        ("丙", False),
        ("王丹", False),
    ]
    job = response.context["job"]
    assert (job.status, job.created, job.refused) == ("done", 2, 2)
    assert "Saved: 2 created, 0 updated, 0 unchanged." in response.content.decode()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target) == (organizer, "import", "prisoners.csv")
    assert entry.after["created"] == 2 and entry.after["refused"] == 2
    assert entry.after["draft"] is True
    # A second click on the same button imports nothing more.
    again = confirm(org_client, preview)
    assert again.status_code == 409
    assert "Nothing more was saved" in again.content.decode()
    assert Prisoner.objects.count() == 2 and AuditEntry.objects.count() == 1


def test_another_organizer_sees_the_job_but_only_the_uploader_confirms(org_client, make_organizer):
    preview = upload(org_client, GOOD_AND_BAD)
    other = organizer_client(make_organizer(display_name="Other Organizer"))

    page = other.get(job_url(preview.context["job"]))
    assert page.status_code == 200
    assert "Only the organizer who uploaded this file" in page.content.decode()
    assert "Save these" not in page.content.decode()
    assert other.post(job_url(preview.context["job"])).status_code == 409
    assert Prisoner.objects.count() == 0
    assert ImportJob.objects.get().status == "previewed"


def test_an_unknown_job_is_a_404(org_client):
    assert org_client.get("/organize/import/999999/").status_code == 404
    assert org_client.get("/organize/import/999999/progress.json").status_code == 404


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
def test_bad_files_get_a_clear_message_and_nothing_is_saved(org_client, name, content, message):
    response = upload(org_client, content, name=name)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "nothing was saved" in page
    assert Prisoner.objects.count() == 0
    assert not ImportJob.objects.exists()  # refused at the door: no job for a worker


def test_the_import_page_needs_an_organizer_with_a_second_factor(
    client, volunteer, organizer_without_mfa
):
    client.force_login(volunteer)
    assert client.get(IMPORT_URL).status_code == 404
    client.force_login(organizer_without_mfa)
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_upload_page_lists_the_latest_jobs(org_client):
    job = upload(org_client, GOOD_AND_BAD).context["job"]

    page = org_client.get(IMPORT_URL).content.decode()

    assert f'href="{job_url(job)}">prisoners.csv</a>' in page
    assert "Waiting for your confirmation" in page
