"""The production stack of deploy/, run for real: Debian's nginx with deploy/nginx.conf in
Debian's own /etc/nginx/nginx.conf, in front of gunicorn started by the ExecStart of
deploy/advocacy-web.service with the settings of deploy/env.example.

Only what cannot be the same on a test machine is changed, by replacing the exact text
of the shipped files (each replacement must find its text, so that a file that changes
shape fails here rather than being tested half): ports 80/443 become free ports on
127.0.0.1, the certificate a self-signed one made with openssl, the paths temporary
directories, the database, Redis and mail those of the tests.
"""

import contextlib
import http.client
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

from tests.smtp import free_port

PROJECT = Path(__file__).resolve().parents[2]
DEPLOY = PROJECT / "deploy"
NGINX = "/usr/sbin/nginx"
DEBIAN_NGINX_CONF = Path("/etc/nginx/nginx.conf")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SITE = "campaign.example.org"  # the placeholder name of deploy/
APP = "/srv/advocacy/app"
SOCKET = "/run/advocacy/gunicorn.sock"
CERT = f"/etc/letsencrypt/live/{SITE}/fullchain.pem"
KEY = f"/etc/letsencrypt/live/{SITE}/privkey.pem"


def replace(text: str, old: str, new: str, where: str) -> str:
    assert old in text, f"{where} no longer contains {old!r}: update tests/deploy/stack.py"
    return text.replace(old, new)


def read_env_file(path: Path) -> dict[str, str]:
    """NAME=value lines as systemd's EnvironmentFile= reads them (and deploy/manage)."""
    values = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith(("#", ";")):
            continue
        name, value = line.split("=", 1)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name.strip()] = value
    return values


def unit_lines(name: str, key: str) -> list[str]:
    text = (DEPLOY / name).read_text()
    return [line.split("=", 1)[1] for line in text.splitlines() if line.startswith(key + "=")]


def unit_command(name: str) -> list[str]:
    (command,) = unit_lines(name, "ExecStart")
    # systemd replaces %h, %n… (its specifiers) itself: a % meant for the program is %%.
    assert "%" not in command.replace("%%", ""), f"{name}: a systemd specifier in {command}"
    return shlex.split(command.replace("%%", "%"))


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-subj", f"/CN={SITE}", "-addext", f"subjectAltName=DNS:{SITE}"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


class Stack:
    """nginx and gunicorn in `directory`; `start()`, then requests, then `stop()`."""

    def __init__(self, directory: Path, database_url: str):
        self.dir = directory
        self.database_url = database_url
        self.http_port, self.https_port = free_port(), free_port()
        self.socket = directory / "gunicorn.sock"
        self.var = directory / "var"  # static/ (the collected files) and media/
        self.acme = directory / "acme"
        self.gunicorn_log = directory / "gunicorn-access.log"
        self.processes: list[subprocess.Popen] = []
        self.cert, self.key = self_signed_certificate(directory)

    # --- the shipped files, rendered ---
    def site_conf(self) -> str:
        text, where = (DEPLOY / "nginx.conf").read_text(), "deploy/nginx.conf"
        text = "\n".join(line for line in text.splitlines() if "listen [::]:" not in line)
        for port, ours in ((443, self.https_port), (80, self.http_port)):
            text, found = re.subn(rf"listen {port}\b", f"listen 127.0.0.1:{ours}", text)
            assert found, f"{where} listens on {port} no more"
        text = replace(text, f"unix:{SOCKET}", f"unix:{self.socket}", where)
        text = replace(text, CERT, str(self.cert), where)
        text = replace(text, KEY, str(self.key), where)
        text = replace(text, f"root {APP}/var;", f"root {self.var};", where)
        return replace(text, "root /var/www/html;", f"root {self.acme};", where)

    def main_conf(self) -> str:
        """Debian's nginx.conf, the site in place of sites-enabled/, files in the tmp dir."""
        text, where = DEBIAN_NGINX_CONF.read_text(), str(DEBIAN_NGINX_CONF)
        # As root, the workers may read the test's files; otherwise there is no user.
        user = "user root;" if os.geteuid() == 0 else ""
        text = replace(text, "user www-data;", f"daemon off;\n{user}", where)
        text = replace(text, "pid /run/nginx.pid;", f"pid {self.dir}/nginx.pid;", where)
        text = replace(text, "/var/log/nginx/", f"{self.dir}/", where)
        temp = "".join(
            f"\t{kind}_temp_path {self.dir}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        text = replace(text, "http {\n", "http {\n" + temp, where)
        return replace(
            text, "include /etc/nginx/sites-enabled/*;", f"include {self.dir}/site.conf;", where
        )

    def web_env(self) -> dict[str, str]:
        env = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1"}
        for assignment in unit_lines("advocacy-web.service", "Environment"):
            name, value = assignment.split("=", 1)
            env[name] = value
        env.update(read_env_file(DEPLOY / "env.example"))
        env.update(
            SECRET_KEY="t" * 50,
            DATABASE_URL=self.database_url,
            REDIS_URL=os.environ["REDIS_URL"],
            CACHE_URL=os.environ["CACHE_URL"],
            EMAIL_URL="memorymail://",
            MEDIA_ROOT=str(self.var / "media"),
            # No connection left open to the test database when the tests drop it.
            CONN_MAX_AGE="0",
            WEB_CONCURRENCY="2",
            # Which requests reached gunicorn (production keeps no access log).
            GUNICORN_CMD_ARGS=f"--access-logfile {self.gunicorn_log}",
        )
        return env

    def web_command(self) -> list[str]:
        command = unit_command("advocacy-web.service")
        assert command[0] == f"{APP}/.venv/bin/gunicorn", command
        bind = command.index("--bind")
        assert command[bind + 1] == f"unix:{SOCKET}", command
        # The socket and the control socket: in /run/advocacy, made by systemd.
        run = str(Path(SOCKET).parent)
        return [GUNICORN, *(arg.replace(run, str(self.dir)) for arg in command[1:])]

    # --- processes ---
    def start(self) -> "Stack":
        static = PROJECT / "var" / "static"
        assert (static / "staticfiles.json").exists(), "collectstatic first (make test does)"
        (self.var / "media").mkdir(parents=True)
        (self.var / "static").symlink_to(static)
        self.acme.mkdir()
        (self.dir / "site.conf").write_text(self.site_conf())
        (self.dir / "nginx.conf").write_text(self.main_conf())
        self._spawn("gunicorn", self.web_command(), self.web_env(), cwd=PROJECT)
        nginx = [NGINX, "-p", f"{self.dir}/", "-c", str(self.dir / "nginx.conf")]
        nginx += ["-e", str(self.dir / "error.log")]
        checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True, check=False)
        assert checked.returncode == 0 and "[warn]" not in checked.stderr, checked.stderr
        self._spawn("nginx", nginx, {"PATH": os.environ["PATH"]}, cwd=self.dir)
        self._wait_until_healthy()
        return self

    def _spawn(self, name: str, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        log = (self.dir / f"{name}.out").open("wb")
        self.processes.append(
            subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        )

    def _wait_until_healthy(self) -> None:
        deadline, answer = time.monotonic() + 30, None
        while True:
            with contextlib.suppress(OSError, ssl.SSLError):
                answer = self.get("/health/")
                if answer.status == 200:
                    return
            for process in self.processes:
                assert process.poll() is None, self.logs()
            if time.monotonic() > deadline:
                said = f"{answer.status} {answer.body[:300]!r}" if answer else "nothing"
                raise AssertionError(f"/health/ said {said}\n{self.logs()}")
            time.sleep(0.2)

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.dir.glob("*.out")) + sorted(self.dir.glob("*.log"))
        )

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.var, ignore_errors=True)

    # --- clients ---
    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def connect(self, *, tls: bool = True, source: str = "127.0.0.1", name: str = SITE):
        """An HTTP connection from `source` (any 127.x address is this machine's own) to
        nginx's HTTPS port (or its plain port), asking for the site `name`."""
        port = self.https_port if tls else self.http_port
        sock = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0))
        if tls:
            sock = self.tls_context().wrap_socket(sock, server_hostname=name)
        connection = http.client.HTTPConnection(name, port, timeout=30)
        connection.sock = sock
        return connection

    def request(self, method: str, path: str, *, body=None, headers=None, **connect):
        connection = self.connect(**connect)
        headers = {"Host": connect.get("name", SITE), **(headers or {})}
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.body = response.read()
            return response
        finally:
            connection.close()

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def _logged(self, path: str) -> bool:
        return self.gunicorn_log.exists() and f" {path} " in self.gunicorn_log.read_text()

    def reached_gunicorn(self, path: str, timeout: float = 5) -> bool:
        """Whether gunicorn logged a request for `path`; it logs once the answer is
        sent, so the line may come a moment after the client has the answer."""
        deadline = time.monotonic() + timeout
        while not self._logged(path):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def never_reached_gunicorn(self, path: str) -> bool:
        """No request for `path` logged, even once a later request's line is in."""
        marker = f"/health/?after={time.monotonic_ns()}"
        self.get(marker)
        assert self.reached_gunicorn(marker), "gunicorn logs no request"
        time.sleep(0.2)
        return not self._logged(path)
