"""A requests session that connects only where safe_fetch's rules allow (the CalDAV client's)."""

from __future__ import annotations

import socket
import time

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError, ReadTimeoutError

import requests
from growpath.adapters.safe_fetch import (
    CHUNK,
    AllowList,
    FetchFailed,
    FetchRefused,
    IPAddress,
    checked_addresses,
    target,
)

MAX_REDIRECTS = 3


def _connect(
    addresses: list[IPAddress],
    port: int,
    timeout: float | None,
    source_address: tuple[str, int] | None,
) -> socket.socket:
    """Connect to the first checked address that answers."""
    failure: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((str(address), port), timeout, source_address)
        except OSError as exc:
            failure = exc
    raise failure or OSError("no address to connect to")


def _pool_classes(adapter: CheckedAdapter) -> dict[str, type[HTTPConnectionPool]]:
    """Return connection pools whose every new connection is resolved and checked once."""

    def new_socket(connection: HTTPConnection) -> socket.socket:
        # The addresses checked are the ones connected to: no second lookup for a rebinding
        # DNS server to answer. The host name itself stays for Host, TLS SNI and the
        # certificate check.
        try:
            addresses = checked_addresses(connection.host, connection.port, adapter.allow)
        except FetchRefused as refused:
            # Kept aside too: the CalDAV library may retry or wrap what it sees.
            adapter.refused = refused
            raise
        return _connect(addresses, connection.port, connection.timeout, connection.source_address)

    class Checked(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return new_socket(self)

    class CheckedTLS(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return new_socket(self)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Checked

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = CheckedTLS

    return {"http": Pool, "https": TLSPool}


class CheckedAdapter(HTTPAdapter):
    """Send requests to checked addresses only, within a deadline and a size limit."""

    def __init__(self, allow: AllowList, *, seconds: float, max_bytes: int) -> None:
        self.allow = allow
        self.max_bytes = max_bytes
        # One deadline for the whole exchange, however many requests and redirects it takes.
        self.deadline = time.monotonic() + seconds
        self.refused: FetchRefused | None = None
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: object
    ) -> None:
        """Make the pool manager open only checked connections."""
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        """Send one request (redirects come here too) and read its whole answer, within limits."""
        if self.refused is not None:
            # The CalDAV library retries a failed request once: a refusal ends the exchange.
            raise self.refused
        where = target(request.url or "")
        # No proxy, ever: the checked address must be the one the request reaches.
        response = super().send(
            request, stream=True, timeout=self._left(where.host), verify=verify, cert=cert
        )
        try:
            response._content = self._body(response, where.host)
        except BaseException:
            response.close()
            raise
        response._content_consumed = True
        return response

    def _body(self, response: requests.Response, host: str) -> bytes:
        """Read the answer in chunks, stopping at the size limit or the deadline."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchFailed(f"{host} sent more than {self.max_bytes} bytes")
        raw = response.raw
        body = bytearray()
        while True:
            # A server dribbling one byte at a time must not stretch the time limit: the
            # deadline is checked between reads, and each read waits at most what is left
            # (once the server said it will close, http.client keeps the socket out of
            # reach: a read then waits at most the time left when the request was sent).
            left = self._left(host)
            connection = raw.connection
            if connection is not None and connection.sock is not None:
                connection.sock.settimeout(left)
            try:
                chunk = raw.read1(CHUNK, decode_content=True)
            except (ReadTimeoutError, TimeoutError) as exc:
                raise FetchFailed(f"{host} did not answer within the time limit") from exc
            except (HTTPError, OSError) as exc:
                raise FetchFailed(f"the answer from {host} broke off") from exc
            if not chunk:
                return bytes(body)
            body.extend(chunk)
            if len(body) > self.max_bytes:
                raise FetchFailed(f"{host} sent more than {self.max_bytes} bytes")

    def _left(self, host: str) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise FetchFailed(f"{host} did not answer within the time limit")
        return left


class RefusingAdapter(HTTPAdapter):
    """Answer any address that is not http(s) with safe_fetch's refusal."""

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        """Refuse, naming the scheme (target raises for anything but http and https)."""
        target(request.url or "")
        raise FetchRefused("only http and https addresses may be fetched")


def checked_session(
    session: requests.Session, allow: AllowList, *, seconds: float, max_bytes: int
) -> CheckedAdapter:
    """Make a session reach checked addresses only, with no proxy or .netrc from the environment."""
    session.trust_env = False
    session.proxies.clear()
    session.max_redirects = MAX_REDIRECTS
    adapter = CheckedAdapter(allow, seconds=seconds, max_bytes=max_bytes)
    for prefix in list(session.adapters):
        session.adapters.pop(prefix).close()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    # Redirects to any other scheme land here rather than on requests' own error.
    session.mount("", RefusingAdapter())
    return adapter
