"""A SAML world for the tests: throw-away keys, growpath's SAML settings, and the test identity
provider (tests/saml_idp.py) running as a process of its own on a free port."""

from __future__ import annotations

import html
import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from growpath.adapters.saml_keys import self_signed_pair
from growpath.adapters.saml_provider import ServiceProvider
from growpath.settings import Settings
from tests.factories import free_port
from tests.saml_idp import IdpSetup, idp_metadata

ROOT = Path(__file__).resolve().parents[1]
IDP_PASSWORD = "idp-password-1"  # noqa: S105 - the test provider's only password
# People of tests/factories.org_rows, as the provider knows them.
IDP_USERS: dict[str, dict[str, Any]] = {
    f"person{n}": {
        "password": IDP_PASSWORD,
        "subject": f"idp-subject-{n}",
        "attributes": {
            "email": [f"person{n}@example.com"],
            "groups": ["engineering"],
        },
    }
    for n in range(20)
}
IDP_USERS["stranger"] = {
    "password": IDP_PASSWORD,
    "subject": "idp-subject-stranger",
    "attributes": {"email": ["stranger@elsewhere.example"]},
}


@dataclass(frozen=True)
class SamlWorld:
    """A running test identity provider, and the settings that make growpath trust it."""

    idp_url: str
    saml_settings: dict[str, Any]

    def settings(self, **others: Any) -> Settings:
        """Return growpath settings with SAML pointed at the provider, plus others."""
        return Settings(**{**self.saml_settings, **others})


def _key_pair(folder: Path, name: str) -> tuple[str, str]:
    key, cert = self_signed_pair(name)
    (folder / f"{name}.key").write_bytes(key)
    (folder / f"{name}.crt").write_bytes(cert)
    return str(folder / f"{name}.key"), str(folder / f"{name}.crt")


@contextmanager
def saml_world(folder: Path, base_url: str) -> Iterator[SamlWorld]:
    """Start the test identity provider for a growpath reached at base_url."""
    port = free_port()
    idp_key, idp_cert = _key_pair(folder, "idp")
    sp_key, sp_cert = _key_pair(folder, "sp")
    setup = IdpSetup(port=port, key_file=idp_key, cert_file=idp_cert, users=IDP_USERS)
    (folder / "idp-metadata.xml").write_text(idp_metadata(setup))
    saml_settings: dict[str, Any] = {
        "environment": "test",
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
        "base_url": base_url,
        "auth": "both",
        "saml_idp_metadata": str(folder / "idp-metadata.xml"),
        "saml_sp_key_file": Path(sp_key),
        "saml_sp_cert_file": Path(sp_cert),
        "saml_name": "Test IdP",
    }
    # The provider trusts growpath's own metadata, as an operator would upload it.
    sp_metadata = ServiceProvider(Settings(**saml_settings), folder).metadata()
    (folder / "sp-metadata.xml").write_text(sp_metadata)
    config = folder / "idp.json"
    config.write_text(
        json.dumps(
            {
                "port": port,
                "key_file": idp_key,
                "cert_file": idp_cert,
                "users": IDP_USERS,
                "sp_metadata_file": str(folder / "sp-metadata.xml"),
            }
        )
    )
    log = folder / "idp.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
            [sys.executable, "-m", "tests.saml_idp", str(config)],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_listening(port, process, log)
        yield SamlWorld(idp_url=setup.base_url, saml_settings=saml_settings)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    # Generous: pysaml2 and cryptography take long to import on a busy machine.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test identity provider stopped: {log.read_text()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the test identity provider did not start: {log.read_text()[-2000:]}")


def sign_in_at_idp(
    location: str, username: str, password: str = IDP_PASSWORD, variant: str = ""
) -> dict[str, str]:
    """Follow growpath's redirect to the provider, sign in there, and return the form the
    provider's page would post to growpath (its action, SAMLResponse and RelayState)."""
    page = httpx.get(location, timeout=60)
    assert page.status_code == 200, page.text
    fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page.text))
    answer = httpx.post(
        location.split("/sso/")[0] + "/login",
        data={
            **{k: html.unescape(v) for k, v in fields.items()},
            "username": username,
            "password": password,
            "variant": variant,
        },
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    posted = dict(re.findall(r'name="(SAMLResponse|RelayState)" value="([^"]*)"', answer.text))
    action = re.search(r'action="([^"]+)"', answer.text)
    assert action is not None and "SAMLResponse" in posted, answer.text
    return {
        "action": html.unescape(action.group(1)),
        **{k: html.unescape(v) for k, v in posted.items()},
    }
