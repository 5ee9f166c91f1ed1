"""A safe GET of an address a volunteer typed.

Our servers fetch what volunteers type, so a link must never reach our own network (the
cloud's metadata service at 169.254.169.254, a database on 10.0.0.5, Redis on
localhost). Each hop: http(s) only, no credentials in the URL, the host resolved once and
refused if ANY of its addresses is not a public one, then a connection to the very
address that was checked (no second lookup a DNS rebinding could answer differently),
with the name only in the Host header and TLS's SNI and certificate check. Redirects are
followed by hand, each hop checked the same way. One deadline for the whole fetch, a
capped body, a plain User-Agent, no cookies, no Referer: nothing about the volunteer.
"""

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.utils import translation
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError, NewConnectionError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util.ssl_match_hostname import CertificateError

from . import politeness
from .watchdog import watch

REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
# NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits: judged by that address.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# What a path or a query may hold unescaped (RFC 3986), "%" to keep existing escapes.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


class Refused(Exception):
    """Not an address we fetch; it was not contacted."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Failed(Exception):
    """The fetch was tried and failed (timeout, connection error...)."""

    def __init__(self, reason: str, *, transient: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


class Resting(Exception):
    """The host is over its budget for the minute, or resting after a 429/5xx."""

    def __init__(self, host: str, retry_after: float):
        super().__init__(f"{host} resting {retry_after:.0f} s")
        self.host = host
        self.retry_after = retry_after


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes
    url: str  # after redirects
    truncated: bool = False  # the body went past LINK_CHECK_MAX_BYTES and was cut
    retry_after: float | None = None  # 429 or 5xx: the host now rests this long


def address_allowed(address: str, *, allow_loopback: bool = False) -> bool:
    """Is `address` (an IP address) one we may connect to? Only global unicast is.

    `allow_loopback` (LINK_CHECK_ALLOW_PRIVATE) opens 127.0.0.0/8 and ::1, nothing else.
    """
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_allowed(str(embedded), allow_loopback=allow_loopback)
    if ip.is_loopback:
        return allow_loopback
    return ip.is_global and not (
        ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (ip.version == 6 and ip.is_site_local)
    )


def user_agent() -> str:
    with translation.override("en"):
        name = str(settings.CAMPAIGN_SHORT_NAME)
    agent = f"{name} link checker (+{settings.SITE_URL})"
    return agent.encode("ascii", "ignore").decode()


def fetch(url: str) -> Response:
    """GET `url`, following at most LINK_CHECK_MAX_REDIRECTS redirects, each checked.

    Raises Refused (not contacted), Resting (host over budget or resting, not contacted)
    or Failed (timeout, connection error).
    """
    deadline = time.monotonic() + settings.LINK_CHECK_TIMEOUT_SECONDS
    for _hop in range(settings.LINK_CHECK_MAX_REDIRECTS + 1):
        response = _get(url, deadline)
        location = response.headers.get("location")
        if response.status not in REDIRECTS or not location:
            return response
        try:
            url = urljoin(url, location.strip())
        except ValueError:
            raise Refused("not a valid redirect") from None
    raise Refused("too many redirects")


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str  # ASCII (IDNA), lower case; an IPv6 address without brackets
    port: int
    request_uri: str
    host_header: str


def _target(url: str) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("not a valid address") from None
    if parts.scheme not in ("http", "https"):
        raise Refused("not http or https")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise Refused("credentials in the address")
    if not parts.hostname:
        raise Refused("no host")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise Refused("not a valid host name") from None
    default = 443 if parts.scheme == "https" else 80
    port = port or default
    shown = f"[{host}]" if ":" in host else host
    uri = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        uri += "?" + quote(parts.query, safe=_PATH_SAFE + "?")
    host_header = shown if port == default else f"{shown}:{port}"
    return _Target(parts.scheme, host, port, uri, host_header)


def resolve(host: str, port: int) -> str:
    """The host's address to connect to; Refused if any of its addresses is not allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        # No such name is an answer; anything else (resolver down) may pass.
        gone = error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None))
        raise Failed("host not found", transient=not gone) from None
    except UnicodeError:
        raise Refused("not a valid host name") from None
    allow_loopback = settings.LINK_CHECK_ALLOW_PRIVATE
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        if not address_allowed(address, allow_loopback=allow_loopback):
            raise Refused(f"{address} is not a public address")
    if not addresses:
        raise Failed("host not found")
    return addresses[0]


def _get(url: str, deadline: float) -> Response:
    target = _target(url)
    address = resolve(target.host, target.port)
    wait = politeness.wait_for(target.host)
    if wait is not None:
        raise Resting(target.host, wait)
    status, headers, body, truncated = _request(target, address, deadline)
    retry_after = None
    if status == 429 or status >= 500:
        retry_after = politeness.failed(target.host, headers.get("retry-after"))
    else:
        politeness.succeeded(target.host)
    return Response(status, headers, body, url, truncated, retry_after)


# Certificates are checked (tests add their own authority here).
_TLS = {"cert_reqs": "CERT_REQUIRED"}


def _connection(target: _Target, address: str, remaining: float) -> HTTPConnection:
    if target.scheme == "http":
        return HTTPConnection(address, target.port, timeout=remaining)
    # Connected to the checked address; SNI and the certificate check use the name.
    return HTTPSConnection(
        address,
        target.port,
        timeout=remaining,
        server_hostname=target.host,
        assert_hostname=target.host,
        **_TLS,
    )


def _request(target: _Target, address: str, deadline: float):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Failed("timeout")
    headers = {
        "Host": target.host_header,
        "User-Agent": user_agent(),
        "Accept": "*/*",
        # No compression: the size cap is on what crosses the wire, no zip bombs.
        "Accept-Encoding": "identity",
    }
    connection = _connection(target, address, remaining)
    watchdog = watch(connection, remaining)
    try:
        connection.request(
            "GET", target.request_uri, headers=headers, preload_content=False, decode_content=False
        )
        response = connection.getresponse()
        body, truncated = _read(response, deadline)
        if watchdog.fired:  # the body may have ended because the watchdog cut it
            raise Failed("timeout")
        found = {name.lower(): value for name, value in response.headers.items()}
        return response.status, found, body, truncated
    except (Urllib3Timeout, TimeoutError):
        raise Failed("timeout") from None
    except (ssl.SSLError, SSLError, CertificateError):
        raise Failed("TLS error", transient=False) from None
    except NewConnectionError:
        raise Failed("connection failed") from None
    except (HTTPError, HTTPException, OSError):
        raise Failed("timeout" if watchdog.fired else "connection error") from None
    finally:
        watchdog.cancel()
        connection.close()


def _read(response, deadline: float) -> tuple[bytes, bool]:
    """The body up to LINK_CHECK_MAX_BYTES, within the deadline (not per read)."""
    cap = settings.LINK_CHECK_MAX_BYTES
    chunks, size = [], 0
    while size < cap:
        if time.monotonic() >= deadline:
            raise Failed("timeout")
        # read1: one read from the socket at a time, up to the cap.
        chunk = response.read1(min(_CHUNK, cap - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks), True
