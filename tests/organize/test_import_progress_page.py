"""While a worker checks or imports a file, the job's page shows a progress bar that
follows it: without JavaScript the page refreshes itself (a <noscript> refresh, CSP
allows no inline script); with it, static/js/import-progress.js polls the progress JSON."""

import pytest

from prisoners.models import ImportJob

from .conftest import job_url


@pytest.fixture
def running_job(organizer):
    return ImportJob.objects.create(
        uploaded_by=organizer,
        filename="big.csv",
        text="Name\n",
        status=ImportJob.Status.IMPORTING,
        total=5000,
        processed=1500,
        created=1400,
        unchanged=100,
    )


def test_a_running_job_shows_a_progress_bar_that_refreshes_without_javascript(
    org_client, running_job
):
    page = org_client.get(job_url(running_job)).content.decode()

    head = page.split("</head>", 1)[0]
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in head
    assert '<progress id="import-progress"' in page
    assert 'max="5000" value="1500"' in page
    assert f'data-progress-url="/organize/import/{running_job.pk}/progress.json"' in page
    assert "1,500 of 5,000 rows read" in page
    assert '<script src="/static/js/import-progress.js"></script>' in page
    assert "<script>" not in page  # no inline script


def test_the_progress_json_counts_the_rows(org_client, running_job, django_assert_num_queries):
    # Polled every second: the user with their second factor (the session is cached), the
    # job. (3 before the second factor came with the user.)
    with django_assert_num_queries(2):
        response = org_client.get(f"/organize/import/{running_job.pk}/progress.json")

    assert response.status_code == 200
    assert response.json() == {
        "status": "importing",
        "running": True,
        "processed": 1500,
        "total": 5000,
        "percent": 30,
        "created": 1400,
        "updated": 0,
        "unchanged": 100,
        "refused": 0,
        "text": "1,500 of 5,000 rows read",
    }


def test_the_progress_text_is_in_the_organizers_language(org_client, running_job):
    org_client.cookies["django_language"] = "zh-hans"

    data = org_client.get(f"/organize/import/{running_job.pk}/progress.json").json()

    assert data["text"] == "已读取5000行中的1500行"


def test_a_finished_job_neither_refreshes_nor_polls(org_client, running_job):
    running_job.status = ImportJob.Status.DONE
    running_job.save()

    page = org_client.get(job_url(running_job)).content.decode()

    assert 'http-equiv="refresh"' not in page
    assert "import-progress.js" not in page
    assert "<progress" not in page


def test_a_failed_job_says_why(org_client, running_job):
    running_job.status = ImportJob.Status.FAILED
    running_job.error = "The import stopped on an unexpected error, which was logged."
    running_job.save()

    page = org_client.get(job_url(running_job)).content.decode()

    assert "The import stopped on an unexpected error, which was logged." in page
    assert "Rows saved before the error stay as they are" not in page  # never confirmed
