"""Safe fetching: what a volunteer typed never reaches our own network."""

import datetime
import socket
import time

import pytest
import time_machine
import urllib3

from campaigns.linkcheck import fetch as fetch_module
from campaigns.linkcheck import politeness
from campaigns.linkcheck.fetch import Failed, Refused, Resting, address_allowed, fetch

from .fakeplatform import BIG, FakePlatform, certificate_for

# Ten seconds into a minute: a test's requests all fall in the same politeness window.
MINUTE = datetime.datetime(2026, 11, 28, 4, 30, 10, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("address", "off", "on"),
    [
        ("93.184.216.34", True, True),
        ("2606:4700::1111", True, True),
        ("127.0.0.1", False, True),
        ("127.1.2.3", False, True),
        ("::1", False, True),
        ("::ffff:127.0.0.1", False, True),  # IPv4-mapped: judged by the IPv4 address
        ("::ffff:10.0.0.1", False, False),
        ("::ffff:93.184.216.34", True, True),
        ("0.0.0.0", False, False),  # noqa: S104 (refused, not bound)
        ("::", False, False),
        ("10.0.0.1", False, False),
        ("172.16.0.1", False, False),
        ("192.168.1.1", False, False),
        ("169.254.169.254", False, False),  # the cloud's metadata service
        ("100.64.0.1", False, False),  # shared address space (carrier NAT)
        ("224.0.0.1", False, False),  # multicast
        ("240.0.0.1", False, False),  # reserved
        ("255.255.255.255", False, False),
        ("fe80::1", False, False),  # link-local
        ("fc00::1", False, False),  # unique local
        ("fec0::1", False, False),  # site-local
        ("ff02::1", False, False),  # multicast
        ("2002:a00:1::", False, False),  # 6to4 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", False, False),  # NAT64 of 169.254.169.254
        ("2001:db8::1", False, False),  # documentation
    ],
)
def test_address_policy(address, off, on):
    assert address_allowed(address, allow_loopback=False) is off
    assert address_allowed(address, allow_loopback=True) is on


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/file", "not http or https"),
        ("file:///etc/passwd", "not http or https"),
        ("javascript:alert(1)", "not http or https"),
        ("http://user:secret@example.org/", "credentials in the address"),
        ("http://user@example.org/", "credentials in the address"),
        ("http:///nohost", "no host"),
        ("http://example.org:99999/", "not a valid address"),
    ],
)
def test_addresses_we_do_not_fetch(url, reason):
    with pytest.raises(Refused) as refused:
        fetch(url)
    assert refused.value.reason == reason


def _hosts(fake):
    # The last three: 127.0.0.1 written as one number, in hexadecimal, shortened.
    urls = [
        f"{fake.base}/page/200",
        f"http://localhost:{fake.port}/page/200",
        f"http://2130706433:{fake.port}/page/200",
        f"http://0x7f.0.0.1:{fake.port}/page/200",
        f"http://127.1:{fake.port}/page/200",
    ]
    return urls + ([f"{fake.base6}/page/200"] if fake.base6 else [])


def test_loopback_is_never_contacted_when_private_is_off(fake_platform, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    for url in _hosts(fake_platform):
        with pytest.raises(Refused, match="is not a public address"):
            fetch(url)
    assert fake_platform.hits == {}


def test_a_name_resolving_to_loopback_is_refused(fake_platform, settings, monkeypatch):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    _resolve(monkeypatch, {"blog.example": ["127.0.0.1"]})
    with pytest.raises(Refused, match=r"127\.0\.0\.1 is not a public address"):
        fetch(f"http://blog.example:{fake_platform.port}/page/200")
    assert fake_platform.hits == {}


def test_loopback_is_reached_when_private_is_on(fake_platform):
    for url in _hosts(fake_platform):
        assert fetch(url).status == 200
    assert fake_platform.hits["/page/200"] == len(_hosts(fake_platform))


def test_one_private_address_among_a_names_addresses_refuses_it(fake_platform, monkeypatch):
    _resolve(monkeypatch, {"mixed.example": ["127.0.0.1", "10.0.0.1"]})
    with pytest.raises(Refused, match=r"10\.0\.0\.1"):
        fetch(f"http://mixed.example:{fake_platform.port}/page/200")
    assert fake_platform.hits == {}


def test_the_checked_address_is_the_one_connected_to(fake_platform, monkeypatch):
    # DNS rebinding: a second lookup would answer 10.0.0.1; there is no second lookup.
    lookups = _resolve(monkeypatch, {"rebind.example": ["127.0.0.1"], "again": ["10.0.0.1"]})
    response = fetch(f"http://rebind.example:{fake_platform.port}/echo")
    assert response.status == 200
    assert lookups == ["rebind.example"]
    [(_path, _query, headers)] = fake_platform.requests
    assert headers["Host"] == f"rebind.example:{fake_platform.port}"


def _resolve(monkeypatch, names):
    """Names resolve to the given addresses (the first lookup only, for "rebind")."""
    real = socket.getaddrinfo
    lookups = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in names:
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        addresses = names["again"] if len(lookups) > 1 and "again" in names else names[host]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


@pytest.mark.parametrize(
    ("path", "refused"),
    [("metadata", r"169\.254\.169\.254"), ("private", r"10\.0\.0\.1")],
)
def test_redirects_to_private_addresses_are_refused(fake_platform, monkeypatch, path, refused):
    connections = []
    real = urllib3.util.connection.create_connection

    def create_connection(address, *args, **kwargs):
        connections.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    with pytest.raises(Refused, match=refused):
        fetch(f"{fake_platform.base}/redirect/{path}")
    assert fake_platform.hits[f"/redirect/{path}"] == 1
    assert connections == [("127.0.0.1", fake_platform.port)]


def test_a_redirect_to_ipv6_loopback_follows_the_setting(fake_platform, settings):
    if fake_platform.base6 is None:
        pytest.skip("no IPv6 on this machine")
    assert fetch(f"{fake_platform.base}/redirect/loopback6").url.startswith(fake_platform.base6)
    assert fake_platform.hits["/page/200"] == 1
    fake_platform.reset()
    # Off, the first hop is refused already: loopback too is not public.
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    with pytest.raises(Refused):
        fetch(f"{fake_platform.base}/redirect/loopback6")
    assert fake_platform.hits == {}


def test_an_unreadable_redirect_is_refused(fake_platform):
    with pytest.raises(Refused, match="not a valid"):
        fetch(f"{fake_platform.base}/redirect/broken")


def test_three_redirects_are_followed_a_fourth_is_refused(fake_platform):
    assert fetch(f"{fake_platform.base}/redirect/chain/3").status == 200
    fake_platform.reset()
    with pytest.raises(Refused, match="too many redirects"):
        fetch(f"{fake_platform.base}/redirect/chain/4")
    assert fake_platform.hits["/page/200"] == 0
    assert sum(fake_platform.hits.values()) == 4


@pytest.mark.parametrize("path", ["/slow", "/drip", "/stall", "/drip-headers"])
def test_one_deadline_for_the_whole_fetch(fake_platform, path):
    # /drip sends a byte every 0.2 s: each read is quick, the whole is not. /stall's
    # last read starts at 0.7 s: it may wait 0.3 s, not a whole timeout. /drip-headers
    # drips its headers.
    started = time.monotonic()
    with pytest.raises(Failed) as failed:
        fetch(f"{fake_platform.base}{path}")
    assert failed.value.reason == "timeout"
    assert failed.value.transient
    assert time.monotonic() - started < 1.6


def test_a_big_body_is_read_only_up_to_the_cap(fake_platform, settings):
    settings.LINK_CHECK_MAX_BYTES = 100_000
    response = fetch(f"{fake_platform.base}/big")
    assert response.status == 200
    assert len(response.body) == 100_000 < BIG
    assert response.truncated


def test_what_is_sent_names_the_campaign_and_nothing_else(fake_platform):
    fetch(f"{fake_platform.base}/cookie")
    [(_, _, first), (path, _, second)] = fake_platform.requests
    assert path == "/echo"
    assert second["User-Agent"] == "One Prisoner link checker (+http://testserver)"
    assert first["User-Agent"] == second["User-Agent"]
    # The cookie set by the first hop is not sent back; no Referer.
    assert "Cookie" not in second and "Referer" not in second


def test_a_connection_refused_is_transient(fake_platform):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(Failed) as failed:
        fetch(f"http://127.0.0.1:{port}/")
    assert failed.value.transient


@pytest.mark.parametrize(
    ("error", "transient"), [(socket.EAI_NONAME, False), (socket.EAI_AGAIN, True)]
)
def test_a_name_that_does_not_resolve(monkeypatch, error, transient):
    def getaddrinfo(*args, **kwargs):
        raise socket.gaierror(error, "lookup failed")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(Failed) as failed:
        fetch("https://no-such-blog.example/post")
    assert (failed.value.reason, failed.value.transient) == ("host not found", transient)


def test_at_most_n_requests_a_minute_to_a_host(fake_platform, settings):
    settings.LINK_CHECK_PER_HOST_PER_MINUTE = 3
    with time_machine.travel(MINUTE, tick=False) as clock:
        for _ in range(3):
            fetch(f"{fake_platform.base}/page/200")
        with pytest.raises(Resting) as resting:
            fetch(f"{fake_platform.base}/page/200")
        assert resting.value.retry_after == 50
        assert fake_platform.hits["/page/200"] == 3
        clock.shift(50)
        assert fetch(f"{fake_platform.base}/page/200").status == 200
    assert fake_platform.hits["/page/200"] == 4


def test_redirect_hops_count_against_the_budget(fake_platform, settings):
    settings.LINK_CHECK_PER_HOST_PER_MINUTE = 2
    with time_machine.travel(MINUTE, tick=False), pytest.raises(Resting):
        fetch(f"{fake_platform.base}/redirect/chain/3")
    assert sum(fake_platform.hits.values()) == 2


def test_a_host_answering_5xx_rests_doubling(fake_platform, settings):
    settings.LINK_CHECK_BACKOFF_SECONDS = 60
    with time_machine.travel(MINUTE, tick=False) as clock:
        assert fetch(f"{fake_platform.base}/error/503").retry_after == 60
        with pytest.raises(Resting) as resting:
            fetch(f"{fake_platform.base}/page/200")
        assert resting.value.retry_after == 60
        clock.shift(61)
        assert fetch(f"{fake_platform.base}/error/503").retry_after == 120
        clock.shift(121)
        assert fetch(f"{fake_platform.base}/page/200").status == 200
        # An answer resets the doubling.
        assert fetch(f"{fake_platform.base}/error/503").retry_after == 60
    assert fake_platform.hits == {"/error/503": 3, "/page/200": 1}


def test_retry_after_is_read_and_capped_at_an_hour():
    assert politeness.parse_retry_after("120") == 120
    assert politeness.parse_retry_after("soon") is None
    with time_machine.travel(MINUTE, tick=False):
        in_two_minutes = "Sat, 28 Nov 2026 04:32:10 GMT"
        assert politeness.parse_retry_after(in_two_minutes) == 120
        assert politeness.failed("example.org", "86400") == politeness.MAX_REST_SECONDS
        assert politeness.wait_for("example.org") == politeness.MAX_REST_SECONDS


@pytest.fixture
def tls_platform(tmp_path, settings, monkeypatch):
    """The fake over HTTPS with a certificate for fake.test (trusted), on 127.0.0.1."""
    context, authority = certificate_for("fake.test", tmp_path)
    fake = FakePlatform(tls=context).start()
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    settings.LINK_CHECK_TIMEOUT_SECONDS = 2
    _resolve(monkeypatch, {"fake.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]})
    yield fake, authority
    fake.stop()


def test_https_checks_the_certificate_against_the_name(tls_platform, monkeypatch):
    fake, authority = tls_platform
    monkeypatch.setitem(fetch_module._TLS, "ca_certs", authority)
    # Connected to 127.0.0.1, yet the certificate (fake.test only) is valid: SNI and
    # the check used the name.
    assert fetch(f"https://fake.test:{fake.port}/echo").status == 200
    [(_, _, headers)] = fake.requests
    assert headers["Host"] == f"fake.test:{fake.port}"
    with pytest.raises(Failed) as failed:
        fetch(f"https://other.test:{fake.port}/echo")
    assert (failed.value.reason, failed.value.transient) == ("TLS error", False)


def test_https_refuses_a_certificate_no_authority_signed(tls_platform):
    fake, _authority = tls_platform
    with pytest.raises(Failed) as failed:
        fetch(f"https://fake.test:{fake.port}/echo")
    assert (failed.value.reason, failed.value.transient) == ("TLS error", False)
    assert fake.requests == []
