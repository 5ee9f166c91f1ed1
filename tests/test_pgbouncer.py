"""PgBouncer in transaction mode in front of PostgreSQL, as README "Scaling" advises.

A real pgbouncer (Debian's /usr/sbin/pgbouncer) on a free port of 127.0.0.1, with a pool
of two server connections for the test database, and the app's own code run through it
in another process (tests/pgbouncer_client.py): the organizers' streamed CSV export,
which reads with QuerySet.iterator(), and volunteers racing to defend one prisoner.

In transaction mode each transaction may get another server connection. A server-side
cursor (what iterator() uses unless DISABLE_SERVER_SIDE_CURSORS) is declared on one and
fetched on the next, where it does not exist. Under light load PgBouncer often hands
back the same connection, so in production the failure comes and goes; here
`server_round_robin` makes it certain, so that the export without the setting fails
every time and the test shows that the setting is what makes the export work.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from campaigns.models import Adoption
from campaigns.organize.exports import CHUNK_SIZE
from prisoners.models import Prisoner, Status
from tests.smtp import free_port

pytestmark = pytest.mark.django_db(transaction=True)

PGBOUNCER = "/usr/sbin/pgbouncer"
PROJECT = Path(__file__).resolve().parents[1]
CLIENT = PROJECT / "tests" / "pgbouncer_client.py"
POOL_SIZE = 2
RACERS = 20

CONFIG = """\
[databases]
{name} = host={host} port={port} dbname={name}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {directory}/userlist.txt
admin_users = {user}
pool_mode = transaction
default_pool_size = {pool}
max_client_conn = 200
server_round_robin = 1
ignore_startup_parameters = extra_float_digits
"""


class PgBouncer:
    """pgbouncer in the foreground, logging to a file; as `nobody` when the tests run as
    root, which pgbouncer refuses to be."""

    def __init__(self, database: str, user: str, host: str, port: str):
        # Not pytest's tmp_path: its folders are root's alone, and `nobody` reads these.
        self.directory = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
        self.directory.chmod(0o755)
        self.database, self.user, self.port = database, user, free_port()
        (self.directory / "pgbouncer.ini").write_text(
            CONFIG.format(
                name=database,
                host=host,
                port=port,
                listen=self.port,
                directory=self.directory,
                user=user,
                pool=POOL_SIZE,
            )
        )
        (self.directory / "userlist.txt").write_text(f'"{user}" ""\n')
        for path in self.directory.iterdir():
            path.chmod(0o644)
        self.log_path = self.directory / "pgbouncer.log"
        self.process: subprocess.Popen | None = None

    def url(self, database: str | None = None) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database or self.database}"

    def start(self) -> "PgBouncer":
        as_nobody = {"user": "nobody", "group": "nogroup", "extra_groups": []}
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [PGBOUNCER, str(self.directory / "pgbouncer.ini")],
                stdout=log,
                stderr=subprocess.STDOUT,
                **(as_nobody if os.geteuid() == 0 else {}),
            )
        deadline = time.monotonic() + 10
        while "listening on 127.0.0.1" not in self.log():
            assert self.process.poll() is None, f"pgbouncer exited:\n{self.log()}"
            assert time.monotonic() < deadline, f"pgbouncer did not listen:\n{self.log()}"
            time.sleep(0.05)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def admin(self, command: str) -> list[dict]:
        """A SHOW command on PgBouncer's admin console, rows as dicts."""
        conn = psycopg2.connect(self.url("pgbouncer"))
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(command)
                names = [column.name for column in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            conn.close()

    def open_every_server_connection(self) -> None:
        """As many transactions at once as the pool holds: PgBouncer opens them all, and
        from then on hands them out in turn (server_round_robin)."""
        clients = [psycopg2.connect(self.url()) for _ in range(POOL_SIZE)]
        try:
            for client in clients:
                client.cursor().execute("SELECT 1")  # psycopg2 opens a transaction first
            for client in clients:
                client.commit()
        finally:
            for client in clients:
                client.close()
        (pool,) = [row for row in self.admin("SHOW POOLS") if row["database"] == self.database]
        assert pool["sv_idle"] + pool["sv_used"] == POOL_SIZE, pool

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def pgbouncer(transactional_db):
    s = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (user,) = cursor.fetchone()
    bouncer = PgBouncer(s["NAME"], user, s["HOST"] or "127.0.0.1", s["PORT"] or "5432")
    try:
        yield bouncer.start()
    finally:
        bouncer.stop()
        # Its server connections end with it; wait, so that the test database can be
        # emptied and dropped after this test.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0] == 0:
                    break
            time.sleep(0.05)


def run_client(bouncer: PgBouncer, *args: str, disable_server_side_cursors: bool) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": bouncer.url(),
        "DISABLE_SERVER_SIDE_CURSORS": "true" if disable_server_side_cursors else "false",
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "false",
    }
    done = subprocess.run(
        [sys.executable, str(CLIENT), *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\n{bouncer.log()[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def many_prisoners():
    """More prisoners than the export fetches in one round trip, so that it takes several."""
    count = CHUNK_SIZE + 500
    Prisoner.objects.bulk_create(
        Prisoner(name=f"Pooled Prisoner {n}", slug=f"pooled-{n:05d}", status=Status.DETAINED)
        for n in range(count)
    )
    return [f"pooled-{n:05d}" for n in range(count)]


def test_the_export_streams_through_transaction_pooling_with_the_setting(pgbouncer, many_prisoners):
    pgbouncer.open_every_server_connection()

    result = run_client(pgbouncer, "export", disable_server_side_cursors=True)

    assert "error" not in result, result
    assert result["rows"] == len(many_prisoners)
    assert result["slugs"] == many_prisoners


def test_without_the_setting_the_export_breaks_under_transaction_pooling(pgbouncer, many_prisoners):
    # What the setting prevents: the cursor declared in one transaction is fetched from
    # in the next, on the pool's other server connection.
    pgbouncer.open_every_server_connection()

    result = run_client(pgbouncer, "export", disable_server_side_cursors=False)

    assert "error" in result, result
    assert "_django_curs_" in result["error"], result
    assert "does not exist" in result["error"], result


def test_racing_claims_through_two_server_connections_make_one_defender(
    pgbouncer, make_user, make_prisoner
):
    prisoner = make_prisoner(name="Contested Prisoner", status=Status.SENTENCED)
    volunteers = [make_user() for _ in range(RACERS)]

    result = run_client(
        pgbouncer,
        "claim",
        prisoner.slug,
        *(str(v.pk) for v in volunteers),
        disable_server_side_cursors=True,
    )

    codes = result["codes"]
    assert codes.count(302) == 1, codes
    assert codes.count(409) == RACERS - 1, codes
    assert Adoption.objects.active().defenders().filter(prisoner=prisoner).count() == 1
    (pool,) = [
        row for row in pgbouncer.admin("SHOW POOLS") if row["database"] == pgbouncer.database
    ]
    assert pool["pool_mode"] == "transaction"
    (stats,) = [
        row for row in pgbouncer.admin("SHOW STATS") if row["database"] == pgbouncer.database
    ]
    # Twenty volunteers' sign-ins and claims went through, on at most two connections.
    assert stats["total_xact_count"] >= 2 * RACERS, stats
    servers = [
        row for row in pgbouncer.admin("SHOW SERVERS") if row["database"] == pgbouncer.database
    ]
    assert 1 <= len(servers) <= POOL_SIZE, servers
