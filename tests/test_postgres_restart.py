"""R8 for real: PostgreSQL stopped dead and started again under a running web server.

A private PostgreSQL cluster (initdb in a temporary directory, its own port) holds the
app's database, so that it can be killed without touching the cluster every other test
uses. The app runs as in production: gunicorn with two workers, persistent connections
with health checks. Volunteers (threads, real HTTP) claim prisoners and hand them back
while the cluster is stopped with `pg_ctl -m immediate` (a crash: no shutdown
checkpoint, recovery from the WAL at start) and started again a moment later.

Shown: during the outage every answer is the site's own error page and /health/ says
503 naming the database; nothing is half applied (each claim or end is counted in the
weekly rollup exactly when its row exists, the R1 constraints hold); afterwards the
same gunicorn workers answer normally again, without a restart of their own.
"""

import contextlib
import getpass
import glob
import http.client
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
import pytest

from tests.smtp import free_port

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
VOLUNTEERS = 8
PRISONERS = 5  # fewer than volunteers: claims compete
ERROR_PAGE = "Something went wrong on our side"


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL's server programs are missing (Debian package postgresql).")
    return Path(found[-1]).parent


class PrivatePostgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1, run by the `postgres` system user
    when the tests run as root (the server refuses to run as root)."""

    def __init__(self):
        self.bin = _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="advocacy-r8-"))
        self.dir.chmod(0o755)
        self.run_as = "postgres" if os.geteuid() == 0 else None
        if self.run_as:
            shutil.chown(self.dir, self.run_as)
        self.superuser = "root" if os.geteuid() == 0 else getpass.getuser()
        self.port = free_port()
        self.url = f"postgres://{self.superuser}@127.0.0.1:{self.port}/advocacy"

    def _pg(self, program: str, *args: str) -> None:
        subprocess.run(
            [str(self.bin / program), *args],
            user=self.run_as,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=self.dir,
        )

    def create(self) -> None:
        self._pg(
            "initdb",
            *("-D", str(self.dir / "data"), "-A", "trust", "-U", self.superuser),
            *("-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
        )
        self.start()
        self._pg(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.superuser, "advocacy"
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off"
        self._pg(
            "pg_ctl",
            "-D",
            str(self.dir / "data"),
            "-o",
            options,
            "-w",
            "-l",
            str(self.dir / "log"),
            "start",
        )

    def crash(self) -> None:
        """Stop at once, as a power cut would: the next start recovers from the WAL."""
        self._pg("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.crash()
        shutil.rmtree(self.dir, ignore_errors=True)

    def query(self, sql: str):
        with contextlib.closing(psycopg2.connect(self.url)) as conn, conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advocacy.settings",
        "SECRET_KEY": "insecure-key-for-tests-only",
        "DATABASE_URL": database_url,
        # A Redis database of its own: the other tests empty theirs between tests.
        "CACHE_URL": "redis://localhost:6379/10",
        "REDIS_URL": "redis://localhost:6379/10",
        "EMAIL_URL": "memorymail://",
        "SITE_URL": "http://127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DEBUG": "false",
        "PAGE_CACHE_SECONDS": "0",
        "VOLUNTEERS_NEED_APPROVAL": "false",
        "PYTHONUNBUFFERED": "1",
    }


SETUP = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from prisoners.models import Prisoner, Status

User = get_user_model()
sessions = []
for n in range({volunteers}):
    user = User.objects.create_user(email=f"r8-{{n}}@example.org", display_name=f"R8 {{n}}")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    sessions.append(client.cookies["sessionid"].value)
slugs = []
for n in range({prisoners}):
    prisoner = Prisoner.objects.create(
        name=f"R8 Prisoner {{n}}", status=Status.DETAINED, is_published=True
    )
    slugs.append(prisoner.slug)
print(json.dumps({{"sessions": sessions, "slugs": slugs}}))
"""


@pytest.fixture
def cluster():
    postgres = PrivatePostgres()
    try:
        postgres.create()
        yield postgres
    finally:
        postgres.destroy()


@pytest.fixture
def web(cluster):
    env = _env(cluster.url)
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=PROJECT, env=env, check=True)
    made = subprocess.run(
        [*manage, "shell", "-c", SETUP.format(volunteers=VOLUNTEERS, prisoners=PRISONERS)],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    people = json.loads(made.stdout.strip().splitlines()[-1])
    port = free_port()
    log = (cluster.dir / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [GUNICORN, "advocacy.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError):
                if _request(port, "GET", "/health/")[0] == 200:
                    break
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
        yield port, people
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _request(port, method, path, *, session="", csrf="", body=""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if session:
        headers["Cookie"] = f"sessionid={session}; csrftoken={csrf}"
        headers["X-CSRFToken"] = csrf
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_a_crash_and_restart_of_postgresql_under_load(cluster, web):
    port, people = web
    phase = {"now": "before"}
    answers: list[tuple[str, str, int, str]] = []  # (phase, what, status, body)
    failures: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def volunteer(session: str) -> None:
        csrf = "".join(random.choices(string.ascii_letters + string.digits, k=32))
        rng = random.Random(session)
        while not stop.is_set():
            if rng.random() < 0.5:
                what, path, body = "claim", f"/prisoners/{rng.choice(people['slugs'])}/defend/", ""
            else:
                what, path, body = "hand back", "/me/hand-back/", "reason=r8"
            started = phase["now"]
            try:
                status, text = _request(port, "POST", path, session=session, csrf=csrf, body=body)
            except OSError as exc:  # the server itself must never drop a request
                with lock:
                    failures.append(f"{what}: {exc!r}")
                continue
            with lock:
                answers.append((during(started), what, status, text))

    def during(started: str) -> str:
        """The phase a request belongs to; one that spans a change belongs to none."""
        return started if phase["now"] == started else "in between"

    def health() -> None:
        while not stop.is_set():
            started = phase["now"]
            status, text = _request(port, "GET", "/health/")
            with lock:
                answers.append((during(started), "health", status, text))
            time.sleep(0.05)

    threads = [threading.Thread(target=volunteer, args=(s,)) for s in people["sessions"]]
    threads.append(threading.Thread(target=health))
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.5)
        phase["now"] = "crashing"
        cluster.crash()
        phase["now"] = "down"  # only once the server is gone for sure
        time.sleep(1.5)
        phase["now"] = "restarting"
        cluster.start()
        time.sleep(1.5)  # connections that died are replaced at the next request
        phase["now"] = "after"
        time.sleep(2.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    assert failures == []
    counts = {}
    for row in answers:
        counts[row[:3]] = counts.get(row[:3], 0) + 1
    print("answers by phase, action and status:", sorted(counts.items()))
    by_phase = {name: [a for a in answers if a[0] == name] for name in ("before", "down", "after")}
    assert all(by_phase.values()), {name: len(rows) for name, rows in by_phase.items()}

    # Before and after: the app works (302 done, 409 refused, 404 nothing to hand back).
    for name in ("before", "after"):
        for _phase, what, status, text in by_phase[name]:
            assert status in (200, 302, 404, 409), (name, what, status, text[:300])
    assert any(what == "claim" and status == 302 for _p, what, status, _t in by_phase["after"])

    # During the outage: the site's own error page, or the health check naming the database.
    for _phase, what, status, text in by_phase["down"]:
        if what == "health":
            assert status == 503 and "database" in json.loads(text)["down"]
        else:
            assert status == 500 and ERROR_PAGE in text, text[:300]

    # Nothing half applied: every claim and every end counted exactly when its row exists.
    ((claims, ends),) = cluster.query(
        "SELECT COALESCE(SUM(claims), 0), COALESCE(SUM(lapses + other_ends), 0) "
        "FROM campaigns_campaignweek"
    )
    ((started, ended),) = cluster.query(
        "SELECT COUNT(*), COUNT(ended_at) FROM campaigns_adoption WHERE role = 'defender'"
    )
    assert started > 0
    assert (claims, ends) == (started, ended)
    # R1 still holds (the database's constraints say so; this reads it back).
    assert (
        cluster.query(
            "SELECT prisoner_id FROM campaigns_adoption WHERE role = 'defender' "
            "AND ended_at IS NULL GROUP BY prisoner_id HAVING COUNT(*) > 1"
        )
        == []
    )
    assert (
        cluster.query(
            "SELECT volunteer_id FROM campaigns_adoption WHERE role = 'defender' "
            "AND ended_at IS NULL GROUP BY volunteer_id HAVING COUNT(*) > 1"
        )
        == []
    )
