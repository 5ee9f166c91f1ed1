"""A stand-in for Sentry's ingest endpoint on 127.0.0.1: keeps every envelope POSTed.

`SENTRY_DSN=ingest.dsn` points a process at it. Sentry's SDK POSTs to
/api/<project>/envelope/, gzip-compressed: each envelope is kept as its text, and
`events()` parses the items of type "event" (one JSON header line, one JSON body line).
"""

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests import smtp


class Ingest:
    def __init__(self):
        self.port = smtp.free_port()
        self.dsn = f"http://public@127.0.0.1:{self.port}/1"
        self.envelopes: list[str] = []
        self.paths: list[str] = []
        self._lock = threading.Lock()
        ingest = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                with ingest._lock:
                    ingest.paths.append(self.path)
                    ingest.envelopes.append(body.decode("utf-8", errors="replace"))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def text(self) -> str:
        with self._lock:
            return "\n".join(self.envelopes)

    def events(self) -> list[dict]:
        found = []
        with self._lock:
            envelopes = list(self.envelopes)
        for envelope in envelopes:
            lines = envelope.split("\n")
            for header, body in zip(lines[1::2], lines[2::2], strict=False):
                if header.strip() and json.loads(header).get("type") == "event":
                    found.append(json.loads(body))
        return found

    def wait_for_event(self, predicate, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events():
                if predicate(event):
                    return event
            time.sleep(0.1)
        raise AssertionError(f"no such event within {timeout}s; received:\n{self.text()[:3000]}")


def exception_types(event: dict) -> list[str]:
    return [value.get("type") for value in event.get("exception", {}).get("values", [])]
