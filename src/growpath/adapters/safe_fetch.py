"""Fetch a URL a person gave us, without letting it reach the server's own network (SSRF)."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from growpath.domain.errors import DomainError

MAX_REDIRECTS = 3
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
USER_AGENT = "growpath-calendar-fetch/1"
ALLOW_SETTING = "GROWPATH_CALENDAR_FETCH_ALLOW"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class FetchError(DomainError):
    """A calendar address could not be read; the message never holds the address's path."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FetchRefused(FetchError):
    """The address is not one growpath may fetch: a scheme or a network it must not reach."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"calendar address refused: {reason}")
        self.reason = reason


class FetchFailed(FetchError):
    """The address was allowed but reading it failed: timeout, size, status or connection."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"calendar address could not be read: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class AllowList:
    """Host names and networks that may be fetched even though they are not public."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, setting_text: str) -> AllowList:
        """Return the allow list a comma-separated setting names; ValueError names a bad entry."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for raw in setting_text.split(","):
            entry = raw.strip().lower().strip("[]")
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            if not _is_host_name(entry):
                raise ValueError(
                    f"{ALLOW_SETTING}: {raw.strip()!r} is neither a host name, an address "
                    "nor a network such as 10.0.0.0/8"
                )
            hosts.add(entry.rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def names_host(self, host: str) -> bool:
        """Say whether the host name itself is on the list."""
        return host.lower().rstrip(".") in self.hosts

    def covers(self, address: IPAddress) -> bool:
        """Say whether the address lies in a network on the list."""
        return any(address.version == n.version and address in n for n in self.networks)


def _is_host_name(text: str) -> bool:
    labels = text.rstrip(".").split(".")
    return all(
        0 < len(label) <= 63
        and label.replace("-", "").isalnum()
        and label.isascii()
        and not label.startswith("-")
        for label in labels
    )


def refusal(address: IPAddress) -> str | None:
    """Return why an address is not public (loopback, private...), or None if it is."""
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address carried inside IPv6 reaches that IPv4 host: judge the IPv4 one.
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None:
            return refusal(inner)
    kinds = [
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        # Shared (carrier-grade NAT), documentation and other special-purpose ranges.
        ("not public", not address.is_global),
    ]
    return next((f"{address} is a {kind} address" for kind, hit in kinds if hit), None)


def checked_addresses(host: str, port: int, allow: AllowList) -> list[IPAddress]:
    """Resolve a host once and return its addresses if every one may be reached, else refuse."""
    try:
        literal: IPAddress | None = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            records = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchFailed(f"the host {host} cannot be found") from exc
        addresses = list(dict.fromkeys(ipaddress.ip_address(r[4][0]) for r in records))
    if not addresses:
        raise FetchFailed(f"the host {host} cannot be found")
    if allow.names_host(host):
        return addresses
    for address in addresses:
        reason = refusal(address)
        # One bad address refuses the host: a DNS name that mixes public and private
        # answers is how rebinding tricks a checker that looks at only the first.
        if reason is not None and not allow.covers(address):
            raise FetchRefused(
                f"{host} leads to {reason}; only the hosts and networks {ALLOW_SETTING} "
                "names may be fetched there"
            )
    return addresses


@dataclass(frozen=True)
class Target:
    """Where one request goes: scheme, host, port and the path with its query."""

    scheme: str
    host: str
    port: int
    path: str


def target(url: str) -> Target:
    """Split a URL into where to connect, refusing anything but http(s) with a host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchRefused("the address is not a valid URL") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = scheme or "no scheme"
        raise FetchRefused(f"only http and https addresses may be fetched, not {shown}")
    if not parts.hostname:
        raise FetchRefused("the address names no host")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("the address carries a user name or password; give them apart")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, parts.hostname, port or (443 if scheme == "https" else 80), path)


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP connection to an address already checked, never to a second DNS answer."""

    def __init__(self, host: str, port: int, addresses: list[IPAddress], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self) -> None:
        """Connect to the first checked address that answers."""
        failure: OSError | None = None
        for address in self._addresses:
            try:
                self.sock = socket.create_connection((str(address), self.port), self.timeout)
                return
            except OSError as exc:
                failure = exc
        raise failure or OSError("no address to connect to")


class _PinnedTLSConnection(_PinnedConnection):
    """The same over TLS, with SNI and the certificate checked against the host name."""

    def __init__(self, host: str, port: int, addresses: list[IPAddress], timeout: float) -> None:
        super().__init__(host, port, addresses, timeout)
        self._context = ssl.create_default_context()

    def connect(self) -> None:
        """Connect to a checked address, then speak TLS to the host the URL names."""
        super().connect()
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.host)


def fetch(
    url: str,
    *,
    allow: AllowList,
    timeout: float = 10.0,
    max_bytes: int = 5_000_000,
    headers: Mapping[str, str] | None = None,
) -> bytes:
    """Return the body of a GET on a public http(s) URL, within a time and a size limit."""
    deadline = time.monotonic() + timeout
    first = target(url)
    for _ in range(MAX_REDIRECTS + 1):
        where = target(url)
        # Headers (perhaps a password) go only to the host the person named.
        sent = dict(headers or {}) if where.host == first.host else {}
        status, location, body = _get(where, allow, deadline, max_bytes, sent)
        if status in REDIRECTS:
            if not location:
                raise FetchFailed(f"{where.host} redirected without saying where")
            url = urljoin(url, location)
            continue
        if status != 200:
            raise FetchFailed(f"{where.host} answered HTTP {status}")
        return body
    raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")


def _get(
    where: Target, allow: AllowList, deadline: float, max_bytes: int, headers: dict[str, str]
) -> tuple[int, str | None, bytes]:
    addresses = checked_addresses(where.host, where.port, allow)
    kind = _PinnedTLSConnection if where.scheme == "https" else _PinnedConnection
    connection = kind(where.host, where.port, addresses, _left(deadline, where.host))
    try:
        connection.request(
            "GET",
            where.path,
            headers={"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5", **headers},
        )
        # Kept: the connection lets go of its socket when the answer will close it.
        sock = connection.sock
        response = connection.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.getheader("Location"), b""
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchFailed(f"{where.host} sent more than {max_bytes} bytes")
        return response.status, None, _read(response, sock, where, deadline, max_bytes)
    except TimeoutError as exc:
        raise FetchFailed(f"{where.host} did not answer within the time limit") from exc
    except ssl.SSLError as exc:
        raise FetchFailed(f"the TLS connection to {where.host} failed: {exc.reason}") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchFailed(f"the connection to {where.host} failed ({type(exc).__name__})") from exc
    finally:
        connection.close()


def _read(
    response: http.client.HTTPResponse,
    sock: socket.socket | None,
    where: Target,
    deadline: float,
    max_bytes: int,
) -> bytes:
    """Read the body in chunks, stopping at the size limit or the deadline."""
    body = bytearray()
    while True:
        # A server dribbling one byte at a time must not stretch the time limit.
        left = _left(deadline, where.host)
        if sock is not None:
            sock.settimeout(left)
        chunk = response.read1(CHUNK)
        if not chunk:
            return bytes(body)
        body.extend(chunk)
        if len(body) > max_bytes:
            raise FetchFailed(f"{where.host} sent more than {max_bytes} bytes")


def _left(deadline: float, host: str) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchFailed(f"{host} did not answer within the time limit")
    return left
