"""Helpers for the organizers' pages: who may open which URL; the world an action may
change, compared before and after; an organizer signed in with a second factor; the CSV
import's upload and confirmation."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from campaigns.models import Adoption, AuditEntry, OutgoingEmail, Post, VolunteerSettings
from prisoners.models import CaseEvent, Prisoner
from tests.conftest import defend

# Who may open which organizer URL (test_access.py; tests/test_url_matrix.py checks that
# every URL name is in some matrix).
PAGE = "page"  # GET shows a page: 200
CONFIRM = "confirm"  # GET shows what will change; the POST that does it needs a CSRF token
EXPORT = "export"  # GET downloads a CSV file, after re-authentication (S3)
PERSONAL_EXPORT = "personal export"  # volunteers' data: a page asks what to include first
JSON = "json"  # GET answers 200 with JSON (an import's progress)

# URL name -> (path template, kind)
MATRIX = {
    "dashboard": ("/organize/", PAGE),
    "approve": ("/organize/volunteers/{volunteer}/approve/", CONFIRM),
    "suspend": ("/organize/volunteers/{volunteer}/suspend/", CONFIRM),
    "reassign": ("/organize/prisoners/{prisoner}/reassign/", CONFIRM),
    "end_adoption": ("/organize/prisoners/{prisoner}/end/", CONFIRM),
    "add_event": ("/organize/prisoners/{prisoner}/event/", CONFIRM),
    "mark_released": ("/organize/prisoners/{prisoner}/released/", CONFIRM),
    "mark_died": ("/organize/prisoners/{prisoner}/died/", CONFIRM),
    "posts": ("/organize/posts/", PAGE),
    "uncovered": ("/organize/uncovered/", PAGE),
    "quiet": ("/organize/quiet/", PAGE),
    "failed": ("/organize/failed/", PAGE),
    "vetting": ("/organize/vetting/", PAGE),
    "removals": ("/organize/removals/", PAGE),
    "suspended": ("/organize/suspended/", PAGE),
    "suspended_posts": ("/organize/suspended/posts/", PAGE),
    "audit": ("/organize/audit/", PAGE),
    "import": ("/organize/import/", PAGE),
    "import_job": ("/organize/import/{job}/", CONFIRM),
    "import_progress": ("/organize/import/{job}/progress.json", JSON),
    "export_prisoners": ("/organize/export/prisoners.csv", EXPORT),
    "export_coverage": ("/organize/export/coverage.csv", EXPORT),
    "export_volunteers": ("/organize/export/volunteers.csv", PERSONAL_EXPORT),
}

# What an action could touch, row by row; every test compares the world before and after.
TRACKED = {
    Adoption: ["volunteer_id", "prisoner_id", "role", "ended_at", "end_reason", "end_message"],
    Prisoner: ["status", "death_date", "death_date_precision", "is_published"],
    CaseEvent: ["prisoner_id", "kind", "date", "date_precision", "text", "is_published"],
    OutgoingEmail: ["volunteer_id", "prisoner_id", "kind", "status"],
    VolunteerSettings: ["approved_at", "unsubscribed_at"],
    get_user_model(): ["is_active"],
}


def world() -> dict:
    return {
        (model.__name__, pk): values
        for model, fields in TRACKED.items()
        for pk, *values in model.objects.values_list("pk", *fields)
    }


def changed(before: dict, after: dict) -> set:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def new_rows(before: dict, after: dict, model) -> set:
    return {pk for name, pk in after.keys() - before.keys() if name == model.__name__}


def organizer_client(organizer) -> Client:
    if not is_mfa_enabled(organizer):
        TOTP.activate(organizer, generate_totp_secret())
    client = Client()
    client.force_login(organizer)
    return client


@pytest.fixture
def org(organizer) -> Client:
    return organizer_client(organizer)


def the_audit_row(action: str) -> AuditEntry:
    (entry,) = AuditEntry.objects.all()
    assert entry.action == action
    return entry


def url(name: str, arg) -> str:
    from django.urls import reverse

    return reverse(f"organize:{name}", args=[arg])


# The CSV import's header and page, for the import's tests and the exports read back.
HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"
IMPORT_URL = "/organize/import/"


@pytest.fixture
def org_client(client, organizer):
    """An organizer with a TOTP authenticator (the gate wants a second factor)."""
    assert is_mfa_enabled(organizer)  # the shared `organizer` fixture has one
    client.force_login(organizer)
    return client


@pytest.fixture(autouse=True)
def _imports_inline(imports_inline):
    """The organizers' tests run the import's worker tasks in the test's own process."""


def upload(client, text, name="prisoners.csv", *, encoding="utf-8", **fields):
    """Upload a file; the worker's check runs at once (`imports_inline`), so a good file
    answers with the job's page and its preview."""
    content = text if isinstance(text, bytes) else text.encode(encoding)
    file = SimpleUploadedFile(name, content, "text/csv")
    return client.post(IMPORT_URL, {"file": file, **fields}, follow=True)


def confirm(client, response):
    """Confirm the previewed job of `response`; the import runs at once."""
    return client.post(job_url(response.context["job"]), follow=True)


def job_url(job) -> str:
    return f"/organize/import/{job.pk}/"


def quiet_defender(make_user, make_prisoner, name="Quiet Plum", posts=1, words="Old words"):
    """A defender five weeks in with `posts` posts, all five weeks old (the quiet list)."""
    volunteer = make_user(display_name=name)
    prisoner = make_prisoner(name=f"Quietly Defended {volunteer.pk}")
    adoption = defend(volunteer, prisoner)
    long_ago = timezone.now() - datetime.timedelta(weeks=5)
    Adoption.objects.filter(pk=adoption.pk).update(started_at=long_ago)
    for n in range(posts):
        Post.objects.create(
            volunteer=volunteer,
            prisoner=prisoner,
            platform="x",
            link=f"https://x.com/{volunteer.pk}/status/{n + 1}",
            text=f"{words} {n}",
            posted_at=long_ago + datetime.timedelta(hours=n),
        )
    VolunteerSettings.objects.update_or_create(
        volunteer=volunteer, defaults={"last_posted_at": long_ago if posts else None}
    )
    return volunteer
