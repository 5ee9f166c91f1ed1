"""A fake platform for B8: a threaded HTTP server on 127.0.0.1 that answers 200 to all.

`python bench/link_server.py` listens on a port the system picks and prints it once it
listens; `running()` starts it, yields the port and stops it. `ceiling(url, clients,
seconds)` measures what the server itself can answer: `clients` processes, each asking
one request after the other on a new connection, as the checkers do. Bench code never
imports tests/, so B8 has this server instead of the tests' fake platform.
"""

import contextlib
import http.client
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

BODY = b"<!doctype html><title>A post</title><p>Still here.</p>\n"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(BODY)

    do_HEAD = do_GET

    def log_message(self, format, *args):  # one line per request would be the bottleneck
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def serve() -> None:
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


@contextlib.contextmanager
def running() -> Iterator[int]:
    """The port of a server that runs until the block ends."""
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and this file
        [sys.executable, __file__], stdout=subprocess.PIPE, text=True
    )
    try:
        yield int(process.stdout.readline())
    finally:
        process.terminate()
        process.wait()


def hammer(url: str, seconds: float) -> int:
    """Requests answered in `seconds`, one after the other, each on a new connection."""
    parts = urlsplit(url)
    n, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        connection.request("GET", f"{parts.path}/{n}", headers={"Connection": "close"})
        response = connection.getresponse()
        response.read()
        connection.close()
        assert response.status == 200
        n += 1
    return n


def ceiling(url: str, clients: int, seconds: float) -> float:
    """The server's own requests per second with `clients` processes asking at once."""
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and this file
            [sys.executable, __file__, "--hammer", url, str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(clients)
    ]
    answered = sum(int(process.communicate()[0]) for process in processes)
    return answered / seconds


if __name__ == "__main__":
    if sys.argv[1:2] == ["--hammer"]:
        print(hammer(sys.argv[2], float(sys.argv[3])), flush=True)
    else:
        serve()
