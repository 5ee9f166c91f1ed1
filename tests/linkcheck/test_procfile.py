"""`make run` (honcho + Procfile) consumes both queues, each with its own worker, and
runs one beat: link checks waiting on slow foreign servers never hold up a reminder."""

import shlex
from pathlib import Path

from django.conf import settings

PROCFILE = Path(settings.BASE_DIR) / "Procfile"


def processes() -> dict[str, list[str]]:
    entries = (line.split(":", 1) for line in PROCFILE.read_text().splitlines() if line)
    return {name: shlex.split(command) for name, command in entries}


def queues(argv: list[str]) -> set[str]:
    return set(argv[argv.index("--queues") + 1].split(","))


def test_each_queue_has_its_own_worker_and_there_is_one_beat():
    workers = {name: queues(argv) for name, argv in processes().items() if argv[3:4] == ["worker"]}
    consumed = [q for qs in workers.values() for q in qs]
    assert sorted(consumed) == ["celery", "links"]  # both, each exactly once
    assert all(len(qs) == 1 for qs in workers.values())
    beats = [argv for argv in processes().values() if argv[3:4] == ["beat"]]
    assert len(beats) == 1


def test_the_beat_schedules_the_link_checks():
    entries = [key for key in settings.CELERY_BEAT_SCHEDULE if key.startswith("link-check")]
    assert entries
    tasks = {settings.CELERY_BEAT_SCHEDULE[key]["task"] for key in entries}
    assert tasks == {"campaigns.linkcheck.tasks.check_due"}
