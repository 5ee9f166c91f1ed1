"""A big import file goes from the upload page through a real Celery worker: checked
(the preview), confirmed, imported in batches, with the progress counted as it goes, and
a result page at the end. No web request waits for the rows (issue 15: 6,000 rows ran
past gunicorn's 30 s and the organizer got a 500).

IMPORT_TEST_ROWS sets the file's length (5,000 by default to keep the suite quick);
the 50,000-row check is `IMPORT_TEST_ROWS=50000 pytest -s tests/campaigns/test_import_worker.py`.
"""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import AuditEntry
from prisoners.models import ImportJob, Prisoner
from tests import smtp
from tests.organize.conftest import organizer_client

from .processes import Processes, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = int(os.environ.get("IMPORT_TEST_ROWS", "5000"))
HEADER = "Name,Gender,Date of Birth,Date of Death,Place,Sentence,Source"
FAMILY = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞"
GENDERS = ["男", "女", "M", "f", "male", "FEMALE", "男性", "女性"]


def generated_csv(rows: int) -> str:
    lines = [HEADER]
    for n in range(rows):
        name = FAMILY[n % 20] + GIVEN[n // 20 % 20] + GIVEN[n // 400 % 20]
        born = f"19{40 + n % 60}-{1 + n % 12:02d}"
        gender = GENDERS[n % len(GENDERS)]
        lines.append(f"{name},{gender},{born},,北京,2030-05,https://example.org/bulk/{n}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def worker(broker, tmp_path, transactional_db):
    processes = Processes(broker, smtp.free_port(), tmp_path)
    yield processes.worker("import-worker", queues="celery")
    processes.stop_all()


def follow(client, job: ImportJob, until: str, timeout: float) -> list[int]:
    """Poll the progress JSON as the page's script does; the rows read, poll by poll."""
    seen = []

    def finished():
        data = client.get(f"/organize/import/{job.pk}/progress.json").json()
        assert data["status"] != "failed", ImportJob.objects.get(pk=job.pk).error
        seen.append(data["processed"])
        return data["status"] == until

    wait_until(finished, timeout, f"the import job to be {until}", interval=0.02)
    return seen


def test_a_big_file_is_checked_and_imported_by_a_worker_with_progress(worker, organizer):
    client = organizer_client(organizer)
    content = generated_csv(ROWS).encode()
    started = time.monotonic()
    response = client.post(
        "/organize/import/", {"file": SimpleUploadedFile("big.csv", content, "text/csv")}
    )
    upload_seconds = time.monotonic() - started
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/organize/import/{job.pk}/"
    assert (job.status, job.total) == ("checking", ROWS)  # the request did not wait

    seen = follow(client, job, "previewed", timeout=60 + ROWS / 50)
    check_seconds = time.monotonic() - started
    assert seen == sorted(seen)
    assert any(0 < n < ROWS for n in seen), f"no progress seen between 0 and {ROWS}: {seen}"
    preview = client.get(f"/organize/import/{job.pk}/").content.decode()
    assert f"Save these {ROWS:,} prisoners".replace(",", "") in preview.replace(",", "")
    assert Prisoner.objects.count() == 0

    started = time.monotonic()
    assert client.post(f"/organize/import/{job.pk}/").status_code == 302
    seen = follow(client, job, "done", timeout=60 + ROWS / 30)
    import_seconds = time.monotonic() - started
    assert seen == sorted(seen)
    assert any(0 < n < ROWS for n in seen), f"no progress seen between 0 and {ROWS}: {seen}"

    assert Prisoner.objects.count() == ROWS
    assert set(Prisoner.objects.values_list("gender", flat=True)) == {"male", "female"}
    result = client.get(f"/organize/import/{job.pk}/").content.decode()
    assert f"Saved: {ROWS} created, 0 updated, 0 unchanged." in result
    assert AuditEntry.objects.get(action="import").after["created"] == ROWS
    print(
        f"\n{ROWS} rows: upload {upload_seconds:.2f} s; check {check_seconds:.1f} s "
        f"({check_seconds * 1000 / ROWS:.2f} ms/row); import {import_seconds:.1f} s "
        f"({import_seconds * 1000 / ROWS:.2f} ms/row)"
    )
