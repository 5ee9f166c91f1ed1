"""A signed-in page through gunicorn, straight to PostgreSQL and through PgBouncer.

    DATABASE_URL=postgres:///advocacy_bench .venv/bin/python bench/pgbouncer.py

Not part of `make bench`: it needs Debian's pgbouncer (/usr/sbin/pgbouncer), which this
script starts itself on a free port (transaction mode, a pool of 4 server connections),
as `nobody` when run as root. gunicorn (2 sync workers) serves /me/ to a defender made by
bench/fanout.py, with CONN_MAX_AGE 60 and 0, each way; BENCH_CLIENTS threads ask at once
for BENCH_SECONDS, in BENCH_ROUNDS rounds that take the four in turn. Printed: the
median requests per second and the ratio to the first line.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import bootstrap

bootstrap.setup()

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from bench.fanout import PREFIX, ensure_defenders

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PGBOUNCER = "/usr/sbin/pgbouncer"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{what} exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{what} did not listen on {port}")


def start_pgbouncer(directory: Path, database: str, user: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    (directory / "userlist.txt").write_text(f'"{user}" ""\n')
    (directory / "pgbouncer.ini").write_text(
        f"[databases]\n{database} = host=127.0.0.1 port=5432 dbname={database}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {directory}/userlist.txt\n"
        "pool_mode = transaction\ndefault_pool_size = 4\nmax_client_conn = 100\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    directory.chmod(0o755)
    for path in directory.iterdir():
        path.chmod(0o644)
    as_nobody = {"user": "nobody", "group": "nogroup", "extra_groups": []}
    process = subprocess.Popen(  # noqa: S603 - Debian's pgbouncer, our arguments
        [PGBOUNCER, "-q", str(directory / "pgbouncer.ini")],
        **(as_nobody if os.geteuid() == 0 else {}),
    )
    wait_for_port(port, process, "pgbouncer")
    return process, port


def hammer(port: int, cookie: str) -> float:
    """Requests per second for /me/ from CLIENTS threads during SECONDS."""
    counts = [0] * CLIENTS
    stop = time.monotonic() + SECONDS

    def run(i: int) -> None:
        while time.monotonic() < stop:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/me/", headers={"Host": "localhost", "Cookie": cookie})
            response = conn.getresponse()
            response.read()
            conn.close()
            assert response.status == 200, response.status
            counts[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - start)


def start_web(database_url: str, conn_max_age: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": str(conn_max_age),
        "DISABLE_SERVER_SIDE_CURSORS": "true",
        "ALLOWED_HOSTS": "localhost",
        "DEBUG": "false",
    }
    web = subprocess.Popen(  # noqa: S603 - our own gunicorn, our arguments
        [GUNICORN, "advocacy.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        cwd=bootstrap.ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, web, "gunicorn")
    return web, port


def measure(setups: list[tuple[str, str, int]], cookie: str) -> list[tuple[str, float]]:
    """Every setup's gunicorn runs at once; the rounds take them in turn, so that a
    busy moment of the machine falls on all of them alike. The median of the rounds."""
    webs = [(label, *start_web(url, age)) for label, url, age in setups]
    try:
        rates: dict[str, list[float]] = {label: [] for label, _web, _port in webs}
        for _label, _web, port in webs:
            hammer(port, cookie)  # warm up: imports, templates, connections
        for _round in range(ROUNDS):
            for label, _web, port in webs:
                rates[label].append(hammer(port, cookie))
        return [(label, statistics.median(values)) for label, values in rates.items()]
    finally:
        for _label, web, _port in webs:
            web.terminate()
            web.wait()


def main() -> None:
    ensure_defenders(100)
    defender = get_user_model().objects.filter(email__startswith=PREFIX).order_by("pk").first()
    client = Client()
    client.force_login(defender)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    s = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (user,) = cursor.fetchone()
    direct = f"postgres://{user}@127.0.0.1:5432/{s['NAME']}"
    with tempfile.TemporaryDirectory(prefix="bench-pgbouncer-") as tmp:
        bouncer, port = start_pgbouncer(Path(tmp), s["NAME"], user)
        pooled = f"postgres://{user}@127.0.0.1:{port}/{s['NAME']}"
        try:
            results = measure(
                [
                    ("direct, CONN_MAX_AGE=60", direct, 60),
                    ("direct, CONN_MAX_AGE=0", direct, 0),
                    ("PgBouncer (transaction), CONN_MAX_AGE=60", pooled, 60),
                    ("PgBouncer (transaction), CONN_MAX_AGE=0", pooled, 0),
                ],
                cookie,
            )
        finally:
            bouncer.terminate()
            bouncer.wait()
    base = results[0][1]
    print(
        f"\nGET /me/ signed in, gunicorn 2 workers, {CLIENTS} clients;"
        f" median of {ROUNDS} rounds of {SECONDS:.0f} s"
    )
    for label, rate in results:
        print(f"  {label:<44} {rate:6,.0f} req/s  {rate / base:4.2f} x")


if __name__ == "__main__":
    main()
