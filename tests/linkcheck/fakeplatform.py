"""A fake of every platform the censorship watch asks, on loopback, counting its hits.

One `FakePlatform` serves, on 127.0.0.1 (and [::1] when the machine has IPv6):

- X oEmbed, `/x/oembed?url=…`: a link containing "deleted" or "withheld" → 404,
  "suspended" → 403, anything else → 200.
- Bluesky AppView, `/xrpc/app.bsky.feed.getPostThread?uri=at://<handle>/…/<rkey>`:
  rkey "gone" → 400 NotFound, "notfound" → 200 notFoundPost, "blocked" → 200
  blockedPost, else a thread; handle "takendown.test" → AccountTakedown,
  "deactivated.test" → AccountDeactivated, "nobody.invalid" → unresolvable handle.
- Mastodon, `/api/v1/statuses/<id>`: ids in STATUSES; `/api/v1/accounts/lookup?acct=`:
  "alice" → 200, "suspended" → 200 with "suspended": true, "gone" → 404.
- YouTube oEmbed, `/youtube/oembed?url=…`: "deleted" → 404, "noembed" → 401,
  "private" → 403, else 200.
- Pages: `/page/<status>` answers that status; `/busy` 429 (Retry-After: 1) then 200;
  `/error/503`; `/slow` sleeps 2 s before answering; `/drip` sends a byte every 0.2 s for
  3 s, `/stall` one at 0.7 s then nothing for 3 s, `/drip-headers` a header's byte
  every 0.2 s; `/big` 5 MB; `/cookie` sets a cookie and redirects to `/echo` (200, to
  read what was sent).
- Redirects: `/redirect/metadata` → 169.254.169.254, `/redirect/private` → 10.0.0.1,
  `/redirect/loopback6` → [::1] of this fake, `/redirect/localhost` → localhost of this
  fake, `/redirect/broken` → an unreadable address, `/redirect/chain/<n>` → n
  redirects, then `/page/200`.

`hits` counts requests per path (no query string); `requests` keeps (path, query,
headers) of each, to assert on what was sent.
"""

import collections
import contextlib
import datetime
import json
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

BIG = 5 * 1024 * 1024
# Mastodon status id -> (HTTP status, the account's acct)
STATUSES = {"1": (200, "alice"), "2": (404, "alice"), "3": (404, "suspended"), "4": (410, "gone")}


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class FakePlatform:
    def __init__(self, tls: ssl.SSLContext | None = None):
        self.hits = collections.Counter()
        self.requests = []
        self._lock = threading.Lock()
        self._servers = [_Server(("127.0.0.1", 0), self._handler())]
        if tls is not None:  # HTTPS on 127.0.0.1 only
            self._servers[0].socket = tls.wrap_socket(self._servers[0].socket, server_side=True)
        self.port = self._servers[0].server_address[1]
        self.port6 = None
        try:
            if tls is not None:
                raise OSError
            server6 = _Server6(("::1", 0), self._handler())
        except OSError:
            pass  # no IPv6 here: tests that need it skip
        else:
            self._servers.append(server6)
            self.port6 = server6.server_address[1]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base6(self) -> str | None:
        return f"http://[::1]:{self.port6}" if self.port6 else None

    def start(self) -> "FakePlatform":
        for server in self._servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.hits.clear()
            self.requests.clear()

    def _record(self, path: str, query: str, headers) -> int:
        with self._lock:
            self.hits[path] += 1
            self.requests.append((path, query, dict(headers)))
            return self.hits[path]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                count = fake._record(parts.path, parts.query, self.headers)
                query = {name: values[0] for name, values in parse_qs(parts.query).items()}
                # The checker stops reading past its cap, as it should.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    _route(self, fake, parts.path, query, count)

        return Handler


def _send(handler, status: int, body: bytes = b"", headers: dict | None = None) -> None:
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _json(handler, status: int, data: dict) -> None:
    _send(handler, status, json.dumps(data).encode(), {"Content-Type": "application/json"})


def _redirect(handler, location: str) -> None:
    _send(handler, 302, headers={"Location": location})


def _x(handler, query):
    url = query.get("url", "")
    if "deleted" in url or "withheld" in url:
        return _send(handler, 404)
    if "suspended" in url:
        return _send(handler, 403)
    _json(handler, 200, {"html": "<blockquote>…</blockquote>", "url": url})


def _bluesky(handler, query):
    uri = query.get("uri", "")
    handle, _, rkey = uri.removeprefix("at://").partition("/app.bsky.feed.post/")
    accounts = {"takendown.test": "AccountTakedown", "deactivated.test": "AccountDeactivated"}
    if handle in accounts:
        return _json(handler, 400, {"error": accounts[handle], "message": "Account gone"})
    if handle == "nobody.invalid":
        return _json(
            handler, 400, {"error": "InvalidRequest", "message": "Unable to resolve handle"}
        )
    if rkey == "gone":
        return _json(handler, 400, {"error": "NotFound", "message": f"Post not found: {uri}"})
    kinds = {"notfound": "notFoundPost", "blocked": "blockedPost"}
    kind = kinds.get(rkey, "threadViewPost")
    _json(handler, 200, {"thread": {"$type": f"app.bsky.feed.defs#{kind}", "uri": uri}})


def _youtube(handler, query):
    url = query.get("url", "")
    for word, status in (("deleted", 404), ("noembed", 401), ("private", 403)):
        if word in url:
            return _send(handler, status)
    _json(handler, 200, {"title": "A video", "type": "video"})


def _mastodon(handler, path, query):
    if path.startswith("/api/v1/statuses/"):
        status, acct = STATUSES.get(path.rpartition("/")[2], (404, ""))
        return _json(
            handler, status, {"id": "1", "account": {"acct": acct}} if status == 200 else {}
        )
    acct = query.get("acct", "")
    if acct in ("alice", "suspended"):
        return _json(handler, 200, {"acct": acct, "suspended": acct == "suspended"})
    _json(handler, 404, {"error": "Record not found"})


def _slow(handler, path):
    if path == "/slow":
        time.sleep(2)
        return _send(handler, 200, b"late")
    handler.send_response(200)
    handler.send_header("Content-Length", "15")
    handler.end_headers()
    handler.wfile.flush()
    # /drip: a byte every 0.2 s; /stall: a byte at 0.7 s, then nothing for 3 s.
    pauses = [0.2] * 15 if path == "/drip" else [0.7, 3]
    for pause in pauses:
        time.sleep(pause)
        handler.wfile.write(b".")
        handler.wfile.flush()


def _drip_headers(handler):
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(15):
        handler.wfile.flush()
        time.sleep(0.2)
        handler.wfile.write(b".")
    handler.wfile.write(b"\r\nContent-Length: 0\r\n\r\n")
    handler.close_connection = True


def _big(handler):
    handler.send_response(200)
    handler.send_header("Content-Length", str(BIG))
    handler.end_headers()
    chunk = b"x" * 65536
    for _ in range(BIG // len(chunk)):
        handler.wfile.write(chunk)


def _redirects(handler, fake, path):
    name = path.removeprefix("/redirect/")
    targets = {
        "metadata": "http://169.254.169.254/latest/meta-data/",
        "private": "http://10.0.0.1/",
        "loopback6": f"{fake.base6}/page/200" if fake.base6 else "http://[::1]:9/page/200",
        "localhost": f"http://localhost:{fake.port}/page/200",
        "broken": "http://[::1/",
    }
    if name in targets:
        return _redirect(handler, targets[name])
    left = int(name.removeprefix("chain/"))
    _redirect(handler, f"/redirect/chain/{left - 1}" if left > 1 else "/page/200")


def _route(handler, fake, path, query, count):
    if path == "/x/oembed":
        return _x(handler, query)
    if path == "/xrpc/app.bsky.feed.getPostThread":
        return _bluesky(handler, query)
    if path.startswith("/api/v1/"):
        return _mastodon(handler, path, query)
    if path == "/youtube/oembed":
        return _youtube(handler, query)
    if path.startswith("/page/"):
        return _send(handler, int(path.rpartition("/")[2]), b"<html>a page</html>")
    if path == "/busy":
        if count == 1:
            return _send(handler, 429, headers={"Retry-After": "1"})
        return _send(handler, 200, b"ok now")
    if path == "/error/503":
        return _send(handler, 503)
    if path in ("/slow", "/drip", "/stall"):
        return _slow(handler, path)
    if path == "/drip-headers":
        return _drip_headers(handler)
    if path == "/big":
        return _big(handler)
    if path == "/cookie":
        return _send(handler, 302, headers={"Set-Cookie": "id=1", "Location": "/echo"})
    if path.startswith("/redirect/"):
        return _redirects(handler, fake, path)
    _send(handler, 200 if path == "/echo" else 404)


def certificate_for(name: str, folder) -> tuple[ssl.SSLContext, str]:
    """A server TLS context with a certificate for `name` (only the name, no address),
    and the path of the authority that signed it, for the client to trust."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)  # its own authority
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context, str(cert_path)
