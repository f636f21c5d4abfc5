"""Calendar addresses cannot reach the server's own network (SSRF), and fail cleanly."""

from __future__ import annotations

import ipaddress
import time
from datetime import UTC, datetime, timedelta

import pytest

from growpath.adapters.busy_calendars import BusySource, fetch_busy
from growpath.adapters.safe_fetch import AllowList, FetchFailed, FetchRefused, fetch, refusal
from growpath.domain.errors import DomainError
from tests.calendar_servers import IcsServer, RadicaleServer, event_ics, ics_server, radicale

__all__ = ["ics_server", "radicale"]  # fixtures, used by name below

NOTHING = AllowList.parse("")
LOCAL = AllowList.parse("127.0.0.1")
START = datetime(2026, 3, 2, tzinfo=UTC)
END = START + timedelta(days=7)
CALENDAR = event_ics(START + timedelta(hours=9), START + timedelta(hours=10)).encode()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "only http and https addresses may be fetched, not file"),
        ("ftp://calendar.example.com/cal.ics", "only http and https addresses may be fetched"),
        ("gopher://127.0.0.1:70/", "only http and https"),
        ("//no-scheme.example.com/cal.ics", "not no scheme"),
        ("http:///cal.ics", "names no host"),
        ("http://10.1.2.3/cal.ics", "10.1.2.3 is a private address"),
        ("http://192.168.0.1/cal.ics", "private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://[::1]/cal.ics", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/cal.ics", "127.0.0.1 is a loopback address"),
        ("http://[::ffff:a9fe:a9fe]/", "169.254.169.254 is a link-local address"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[fd00::1]/", "private"),
        ("http://0.0.0.0/", "0.0.0.0 is a"),
        ("http://224.0.0.1/", "multicast"),
        ("http://100.64.0.1/", "not public"),
        ("http://127.0.0.1:1/cal.ics", "127.0.0.1 is a loopback address"),
        ("http://user:secret@calendar.example.com/", "carries a user name or password"),
    ],
)
def test_fetching_a_scheme_or_address_of_the_servers_own_network_is_refused(
    url: str, reason: str
) -> None:
    with pytest.raises(FetchRefused, match=reason) as refused:
        fetch(url, allow=NOTHING, timeout=2)
    assert isinstance(refused.value, DomainError)
    assert "secret" not in refused.value.message


def test_a_host_name_that_resolves_to_a_loopback_address_is_refused(
    ics_server: IcsServer,
) -> None:
    ics_server.files["/cal.ics"] = CALENDAR

    with pytest.raises(FetchRefused, match="localhost leads to 127.0.0.1 is a loopback address"):
        fetch(ics_server.url("/cal.ics", host="localhost"), allow=NOTHING)
    assert ics_server.requests == []


def test_the_allow_list_lets_a_named_address_through(ics_server: IcsServer) -> None:
    ics_server.files["/cal.ics"] = CALENDAR

    assert fetch(ics_server.url("/cal.ics"), allow=LOCAL) == CALENDAR
    assert fetch(ics_server.url("/cal.ics"), allow=AllowList.parse("127.0.0.0/8")) == CALENDAR
    assert fetch(ics_server.url("/cal.ics", "localhost"), allow=AllowList.parse("LOCALHOST"))


def test_a_redirect_to_a_loopback_address_is_refused_when_not_allowed(
    ics_server: IcsServer,
) -> None:
    # The person's address is allowed by name; its redirect leads somewhere that is not.
    ics_server.files["/internal/admin"] = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    ics_server.redirects["/cal.ics"] = ics_server.url("/internal/admin")

    with pytest.raises(FetchRefused, match="127.0.0.1 is a loopback address"):
        fetch(ics_server.url("/cal.ics", "localhost"), allow=AllowList.parse("localhost"))
    assert ics_server.requests == ["/cal.ics"]


def test_redirects_are_followed_three_times_and_no_more(ics_server: IcsServer) -> None:
    ics_server.files["/cal.ics"] = CALENDAR
    for hop in range(1, 5):
        ics_server.redirects[f"/r{hop}"] = f"/r{hop + 1}" if hop < 4 else "/cal.ics"
    ics_server.redirects["/r5"] = "/cal.ics"

    assert fetch(ics_server.url("/r2"), allow=LOCAL) == CALENDAR
    with pytest.raises(FetchFailed, match="more than 3 redirects"):
        fetch(ics_server.url("/r1"), allow=LOCAL)


def test_an_oversized_calendar_is_refused_while_it_streams(ics_server: IcsServer) -> None:
    ics_server.files["/big.ics"] = b"X" * 200_000
    ics_server.files["/big-unannounced.ics"] = b"X" * 200_000
    ics_server.unannounced.add("/big-unannounced.ics")

    for path in ("/big.ics", "/big-unannounced.ics"):
        with pytest.raises(FetchFailed, match="sent more than 100000 bytes"):
            fetch(ics_server.url(path), allow=LOCAL, max_bytes=100_000)
    assert len(fetch(ics_server.url("/big-unannounced.ics"), allow=LOCAL)) == 200_000


def test_a_server_that_dribbles_its_answer_is_cut_off_at_the_time_limit(
    ics_server: IcsServer,
) -> None:
    ics_server.slow.add("/slow.ics")
    began = time.monotonic()

    with pytest.raises(FetchFailed, match="did not answer within the time limit"):
        fetch(ics_server.url("/slow.ics"), allow=LOCAL, timeout=1.0)
    assert time.monotonic() - began < 3


def test_a_closed_port_fails_with_a_clear_reason() -> None:
    with pytest.raises(FetchFailed, match="the connection to 127.0.0.1 failed"):
        fetch("http://127.0.0.1:1/cal.ics", allow=LOCAL)


def test_an_unknown_host_fails_with_a_clear_reason() -> None:
    with pytest.raises(FetchFailed, match="cannot be found"):
        fetch("https://no-such-host.invalid/cal.ics", allow=NOTHING)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.2",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.1.1",
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "240.0.0.1",
        "::ffff:10.0.0.1",
        "2002:a00:1::",
        "100.64.1.1",
        "192.0.2.1",
    ],
)
def test_every_kind_of_non_public_address_has_a_reason(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("setting", ["http://x", "10.0.0.0/33", "bad host", "a..b"])
def test_a_bad_allow_list_entry_is_named(setting: str) -> None:
    with pytest.raises(ValueError, match="GROWPATH_CALENDAR_FETCH_ALLOW"):
        AllowList.parse(setting)


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.7/dav/", "http://169.254.169.254/", "http://[::1]/dav/", "ftp://x.example/"],
)
def test_a_caldav_address_of_the_servers_own_network_is_refused(url: str) -> None:
    with pytest.raises(FetchRefused):
        fetch_busy(BusySource("caldav", url, "u", "p"), START, END, NOTHING)


def test_a_caldav_server_on_loopback_is_refused_unless_allowed(radicale: RadicaleServer) -> None:
    source = BusySource("caldav", radicale.calendar_url, radicale.username, radicale.password)

    with pytest.raises(FetchRefused, match="127.0.0.1 is a loopback address"):
        fetch_busy(source, START, END, NOTHING)
    assert fetch_busy(source, START, END, LOCAL) == []


def test_a_caldav_redirect_to_a_loopback_address_is_refused_when_not_allowed(
    ics_server: IcsServer, radicale: RadicaleServer
) -> None:
    # Allowed by name, the first server sends the CalDAV client on to 127.0.0.1 (Radicale).
    ics_server.redirects["/dav/"] = radicale.calendar_url
    source = BusySource(
        "caldav", ics_server.url("/dav/", "localhost"), radicale.username, radicale.password
    )

    with pytest.raises(FetchRefused, match="127.0.0.1 is a loopback address"):
        fetch_busy(source, START, END, AllowList.parse("localhost"))
    assert ics_server.requests == ["/dav/"]
