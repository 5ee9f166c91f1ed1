"""The systemd units of deploy/ are valid, run the Procfile's commands, and `make run`
starts every Procfile process but `release` (honcho would stop all the others once the
migration ends)."""

import re
import shlex
import shutil
import subprocess

from tests.deploy.stack import APP, DEPLOY, PROJECT, unit_command

UNITS = [
    "advocacy-web.service",
    "advocacy-worker.service",
    "advocacy-links.service",
    "advocacy-beat.service",
    "advocacy.target",
    "advocacy-backup.service",
    "advocacy-backup.timer",
]
CELERY_UNITS = {
    "worker": "advocacy-worker.service",
    "links": "advocacy-links.service",
    "beat": "advocacy-beat.service",
}


def procfile() -> dict[str, list[str]]:
    entries = (line.split(":", 1) for line in (PROJECT / "Procfile").read_text().splitlines())
    return {name: shlex.split(command) for name, command in entries}


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    # The checkout's path made this one's, so that the programs named in ExecStart exist.
    for unit in UNITS:
        (tmp_path / unit).write_text((DEPLOY / unit).read_text().replace(APP, str(PROJECT)))
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze (Debian's systemd) is missing"
    result = subprocess.run(
        [analyze, "verify", *(str(tmp_path / unit) for unit in UNITS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_workers_and_beat_run_the_procfile_commands():
    for name, unit in CELERY_UNITS.items():
        command = unit_command(unit)
        assert command[0] == f"{APP}/.venv/bin/celery"
        assert command[1:] == procfile()[name][1:], unit


def test_the_web_unit_serves_the_procfile_application():
    command = unit_command("advocacy-web.service")
    assert command[0] == f"{APP}/.venv/bin/gunicorn"
    assert command[1] == procfile()["web"][1] == "advocacy.wsgi:application"


def test_make_run_starts_the_long_running_processes_only():
    assert procfile()["release"] == ["python", "manage.py", "migrate", "--noinput"]
    makefile = (PROJECT / "Makefile").read_text()
    (started,) = re.findall(r"honcho start -p \$\(PORT\) (.+)", makefile)
    assert sorted(started.split()) == sorted(set(procfile()) - {"release"})


def test_the_backup_unit_backs_up_then_checks_the_restore():
    commands = [
        shlex.split(line.split("=", 1)[1])
        for line in (DEPLOY / "advocacy-backup.service").read_text().splitlines()
        if line.startswith("ExecStart=")
    ]
    python = f"{APP}/.venv/bin/python"
    assert commands == [[python, "manage.py", "backup"], [python, "manage.py", "restore_check"]]
    timer = (DEPLOY / "advocacy-backup.timer").read_text()
    assert "\nOnCalendar=*-*-* 03:15:00 UTC\n" in timer
    assert "\nPersistent=true\n" in timer
