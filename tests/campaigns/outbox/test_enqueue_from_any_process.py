"""The outbox rings the send task by name, so it never imports campaigns.tasks; the task
must then be known in every process that enqueues, web processes included, where
Celery's autodiscovery does not run."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import django
django.setup()
from advocacy.celery import app
from campaigns.outbox.send import SEND_TASK
print(app.tasks[SEND_TASK].name)
"""


def test_a_fresh_django_process_knows_the_send_task():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "campaigns.tasks.send_reminders"
