"""With the broker down (nothing listens where Celery publishes), the import's upload
and confirmation are clear messages (503), never a 500; nothing is saved, and a
previewed file waits to be confirmed again. Decided: no import runs in the web request,
whatever its size, so that no request can meet gunicorn's time limit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.organize import importing
from prisoners.models import ImportJob, Prisoner
from tests import smtp
from tests.organize.conftest import organizer_client

from .processes import publishing_to

FILE = (
    "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source\n"
    "王丹,男,1969,,北京,life,https://example.org/1\n"
)


@pytest.fixture
def broker_down():
    with publishing_to(f"redis://127.0.0.1:{smtp.free_port()}/0"):
        yield


def test_an_upload_with_the_broker_down_is_a_clear_message(organizer, broker_down):
    client = organizer_client(organizer)
    file = SimpleUploadedFile("prisoners.csv", FILE.encode(), "text/csv")

    response = client.post("/organize/import/", {"file": file})

    assert response.status_code == 503
    page = response.content.decode()
    assert "The import queue cannot be reached right now" in page
    assert "Nothing was saved: try again in a few minutes." in page
    assert Prisoner.objects.count() == 0
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert "cannot be reached" in job.error


def test_a_confirmation_with_the_broker_down_leaves_the_preview_to_confirm_again(
    organizer, broker_down
):
    client = organizer_client(organizer)
    job = importing.start(
        organizer=organizer, text=FILE, filename="prisoners.csv", draft=False, language="en"
    )
    importing.check(job.pk)  # what the worker did before the broker went down

    response = client.post(f"/organize/import/{job.pk}/")

    assert response.status_code == 503
    assert "Confirm again in a few minutes." in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.created, job.confirmed_at) == ("previewed", 1, None)
    assert "Save this prisoner" in response.content.decode()
    assert Prisoner.objects.count() == 0
