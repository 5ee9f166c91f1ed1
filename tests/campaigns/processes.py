"""Real processes for the outbox tests: a private Redis broker, Celery workers and beats.

Workers and beats are subprocesses started as `celery -A advocacy ...` from the project
directory, each in its own session (process group) so that `kill -9` takes the parent
and its pool children together, as when a container dies. They use the pytest test
database, a Redis server of their own as broker, and send to an aiosmtpd sink that
runs in the test process.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import redis
from aiosmtpd.controller import Controller
from django.db import connection
from redis.backoff import NoBackoff
from redis.retry import Retry

from tests import smtp

PROJECT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def wait_until(predicate, timeout: float, what: str, interval: float = 0.05):
    """Poll `predicate` until it returns something true; fail naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


class Broker:
    """A private, non-persistent redis-server: stopping it loses every message."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = smtp.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def client(self) -> redis.Redis:
        # No retries: a server that is gone (or going) should say so at once.
        return redis.Redis(
            host="127.0.0.1", port=self.port, socket_timeout=2, retry=Retry(NoBackoff(), 0)
        )

    def start(self) -> "Broker":
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def answers():
            with contextlib.suppress(redis.RedisError):
                return self.client().ping()

        wait_until(answers, 10, f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        """SHUTDOWN NOSAVE: whatever was queued is gone."""
        if self.process is None:
            return
        with contextlib.suppress(redis.RedisError):
            self.client().shutdown(nosave=True)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def queued_messages(self, queue: str = "celery") -> int:
        return self.client().llen(queue)


def database_url() -> str:
    """The URL of the database the tests use (the test database, once created)."""
    s = connection.settings_dict
    user = quote(s["USER"] or "", safe="")
    if user and s["PASSWORD"]:
        user += ":" + quote(s["PASSWORD"], safe="")
    host = quote(s["HOST"] or "", safe="")
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{user + '@' if user else ''}{host}{port}/{s['NAME']}"


def process_env(broker: Broker, smtp_port: int, **extra) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advocacy.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "insecure-key-for-tests-only"),
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker.url,
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://localhost:6379/15"),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SITE_URL": "http://testserver",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "DEBUG": "false",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CELERY_BROKER_URL", None)
    env.update({key: str(value) for key, value in extra.items()})
    return env


class CeleryProcess:
    """`celery -A advocacy <args>`, logging to a file, in a process group of its own."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], directory: Path):
        self.name = name
        self.log_path = directory / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [CELERY, "-A", "advocacy", *args],
            cwd=PROJECT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.log()))

    def wait_for_log(self, pattern: str, count: int = 1, timeout: float = 30) -> None:
        def seen():
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited:\n{self.log()[-3000:]}")
            return self.count(pattern) >= count

        try:
            wait_until(seen, timeout, f"{count} x {pattern!r} in the log of {self.name}")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- {self.name} log ---\n{self.log()[-3000:]}") from None

    def kill(self) -> None:
        """`kill -9` the whole process group: the worker and its pool children."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()


TASK_DONE = r"Task campaigns\.tasks\.{task}\[[0-9a-f-]+\] succeeded"


class Processes:
    """Starts workers and beats; `stop_all()` kills whatever is left (fixture teardown)."""

    def __init__(self, broker: Broker, smtp_port: int, directory: Path, **env):
        self.broker = broker
        self.smtp_port = smtp_port
        self.directory = directory
        self.env = env
        self.started: list[CeleryProcess] = []

    def _start(self, name, args, env) -> CeleryProcess:
        process = CeleryProcess(
            name, args, process_env(self.broker, self.smtp_port, **self.env, **env), self.directory
        )
        self.started.append(process)
        return process

    def worker(
        self, name: str, concurrency: int = 1, wait: bool = True, queues: str = "celery", **env
    ) -> CeleryProcess:
        worker = self._start(
            name,
            [
                *("worker", "--pool", "prefork", "--concurrency", str(concurrency)),
                *("--queues", queues),
                *("-n", f"{name}@%h", "-l", "INFO"),
                *("--without-mingle", "--without-gossip", "--without-heartbeat"),
            ],
            env,
        )
        if wait:
            worker.wait_for_log(r"\bready\.")
        return worker

    def beat(self, name: str, **env) -> CeleryProcess:
        schedule = self.directory / f"{name}-schedule"
        return self._start(name, ["beat", "-l", "INFO", "--schedule", str(schedule)], env)

    def stop_all(self) -> None:
        for process in self.started:
            process.kill()


@contextlib.contextmanager
def publishing_to(url: str):
    """Make this process's Celery app publish to `url` (its pools are rebuilt)."""
    from kombu import pools

    from advocacy.celery import app

    def forget_connections():
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        # kombu keeps producer pools per connection in a global registry: a later
        # publish in this process (a post's link check) must not meet a closed one.
        pools.reset()

    previous = app.conf.broker_url
    forget_connections()
    app.conf.broker_url = url
    try:
        yield app
    finally:
        forget_connections()
        app.conf.broker_url = previous


class Sink(smtp.Sink):
    """The test sink, with a hook called after each message is accepted, before the
    server answers 250: the moment when the mail is out but the sender does not know."""

    def __init__(self):
        super().__init__()
        self.on_message = None

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if self.on_message is not None:
            self.on_message(len(self.messages))
        return reply

    def message_ids(self) -> Counter:
        return Counter(message["Message-ID"] for message in list(self.messages))

    def recipients(self) -> Counter:
        return Counter(message["To"] for message in list(self.messages))


class SMTPServer:
    def __init__(self):
        self.sink = Sink()
        self.port = smtp.free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
