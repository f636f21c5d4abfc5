"""The CalDAV client's HTTP transport keeps safe_fetch's promises (a real local HTTP server)."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import requests
from growpath.adapters.checked_http import checked_session
from growpath.adapters.safe_fetch import AllowList, FetchFailed, FetchRefused
from tests.calendar_servers import IcsServer, ics_handler, ics_server

__all__ = ["ics_server"]  # a fixture, used by name below

LOCAL = AllowList.parse("127.0.0.1")


def _session(
    allow: AllowList, *, seconds: float = 5.0, max_bytes: int = 100_000
) -> requests.Session:
    session = requests.Session()
    checked_session(session, allow, seconds=seconds, max_bytes=max_bytes)
    return session


def test_an_answer_is_read_whole_and_sent_with_the_host_name(ics_server: IcsServer) -> None:
    ics_server.files["/cal.ics"] = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"

    with _session(AllowList.parse("localhost")) as session:
        answer = session.get(ics_server.url("/cal.ics", "localhost"))

    assert answer.content == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert ics_server.hosts == [f"localhost:{ics_server.port}"]


def test_a_host_name_that_resolves_to_a_loopback_address_is_refused(
    ics_server: IcsServer,
) -> None:
    ics_server.files["/cal.ics"] = b"x"

    with _session(AllowList()) as session, pytest.raises(FetchRefused, match="loopback"):
        session.get(ics_server.url("/cal.ics", "localhost"))
    assert ics_server.requests == []


def test_a_redirect_to_a_loopback_address_or_another_scheme_is_refused(
    ics_server: IcsServer,
) -> None:
    ics_server.redirects["/to-loopback"] = ics_server.url("/inside")
    ics_server.redirects["/to-file"] = "file:///etc/passwd"
    allowed = AllowList.parse("localhost")

    with _session(allowed) as session, pytest.raises(FetchRefused, match="127.0.0.1 is a loop"):
        session.get(ics_server.url("/to-loopback", "localhost"))
    with _session(allowed) as session, pytest.raises(FetchRefused, match="not file"):
        session.get(ics_server.url("/to-file", "localhost"))
    assert ics_server.requests == ["/to-loopback", "/to-file"]


def test_a_refusal_ends_the_exchange(ics_server: IcsServer) -> None:
    ics_server.files["/cal.ics"] = b"x"
    ics_server.redirects["/to-loopback"] = ics_server.url("/cal.ics")

    with _session(AllowList.parse("localhost")) as session:
        with pytest.raises(FetchRefused):
            session.get(ics_server.url("/to-loopback", "localhost"))
        with pytest.raises(FetchRefused):
            session.get(ics_server.url("/cal.ics", "localhost"))
    assert ics_server.requests == ["/to-loopback"]


def test_redirects_are_followed_three_times_and_no_more(ics_server: IcsServer) -> None:
    ics_server.files["/cal.ics"] = b"x"
    for hop in range(1, 5):
        ics_server.redirects[f"/r{hop}"] = f"/r{hop + 1}" if hop < 4 else "/cal.ics"
    ics_server.redirects["/r5"] = "/cal.ics"

    with _session(LOCAL) as session:
        assert session.get(ics_server.url("/r2")).content == b"x"
        with pytest.raises(requests.TooManyRedirects):
            session.get(ics_server.url("/r1"))


def test_an_oversized_answer_is_refused_while_it_streams(ics_server: IcsServer) -> None:
    ics_server.files["/big.ics"] = b"X" * 200_000
    ics_server.files["/big-unannounced.ics"] = b"X" * 200_000
    ics_server.unannounced.add("/big-unannounced.ics")

    for path in ("/big.ics", "/big-unannounced.ics"):
        with _session(LOCAL) as session, pytest.raises(FetchFailed, match="more than 100000"):
            session.get(ics_server.url(path))
    with _session(LOCAL, max_bytes=300_000) as session:
        assert len(session.get(ics_server.url("/big-unannounced.ics")).content) == 200_000


def test_a_server_that_dribbles_is_cut_off_at_the_deadline(ics_server: IcsServer) -> None:
    ics_server.slow.add("/slow.ics")
    began = time.monotonic()

    with _session(LOCAL, seconds=1.0) as session, pytest.raises(FetchFailed, match="time limit"):
        session.get(ics_server.url("/slow.ics"))
    assert time.monotonic() - began < 3


def test_proxies_from_the_environment_are_ignored(
    ics_server: IcsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy would see the request instead of the checked address: nobody listens there.
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:1")
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:1")
    ics_server.files["/cal.ics"] = b"x"

    with _session(LOCAL) as session:
        assert session.get(ics_server.url("/cal.ics")).content == b"x"


def _certificate(folder: Path, name: str) -> tuple[Path, Path]:
    """Write a self-signed certificate for one host name and its key; return both paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@contextmanager
def _tls_server(cert: Path, key: Path, state: IcsServer) -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ics_handler(state))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


def test_tls_names_and_checks_the_host_name_while_connecting_to_the_checked_address(
    tmp_path: Path,
) -> None:
    state = IcsServer(port=0, files={"/cal.ics": b"x"})
    good_cert, good_key = _certificate(tmp_path, "localhost")
    other_cert, other_key = _certificate(tmp_path, "calendar.example.com")
    allowed = AllowList.parse("localhost")

    with _tls_server(good_cert, good_key, state) as port, _session(allowed) as session:
        answer = session.get(f"https://localhost:{port}/cal.ics", verify=str(good_cert))
    assert answer.content == b"x"
    assert state.hosts == [f"localhost:{port}"]

    # The same checked address, a certificate for another name: refused, nothing asked.
    with _tls_server(other_cert, other_key, state) as port, _session(allowed) as session:
        with pytest.raises(requests.exceptions.SSLError):
            session.get(f"https://localhost:{port}/cal.ics", verify=str(other_cert))
    assert state.requests == ["/cal.ics"]
