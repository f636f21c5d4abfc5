"""A SAML 2.0 identity provider for the tests: pysaml2's own IdP (saml2.server.Server) behind
a small HTTP front, run as a process of its own on a free port with throw-away keys.

It signs in the users of its configuration with a login page, checks the signature of the
service provider's AuthnRequest (redirect binding), and posts a signed assertion back (POST
binding), like pysaml2's example IdP. A login post may name a ``variant`` so the tests can
ask for the answers a broken or hostile provider sends: ``unsigned``, ``wrong-audience``,
``expired``, ``wrong-recipient``.

    python -m tests.saml_idp CONFIG.json
"""

from __future__ import annotations

import html
import json
import shutil
import sys
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.assertion import Policy
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import AUTHN_PASSWORD_PROTECTED, NAMEID_FORMAT_PERSISTENT, SCM_BEARER, NameID
from saml2.server import Server
from saml2.time_util import in_a_while

LOGIN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Test identity provider</title></head><body><main><h1>Test identity provider</h1>
{error}<form method="post" action="/login">
{hidden}<label for="username">Username</label> <input id="username" name="username">
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Sign in</button></form></main></body></html>"""
OTHER_SERVICE = "https://another-service.example/saml"
OTHER_ACS = "https://another-service.example/saml/acs"
SIGNED_REQUEST = ("SAMLRequest", "RelayState", "SigAlg", "Signature")


class _ExpiredPolicy(Policy):  # type: ignore[misc]  # pysaml2 has no type hints
    """Assertions valid from twenty minutes ago until ten minutes ago: expired on arrival."""

    def __init__(self, metadata: Any) -> None:
        super().__init__({"default": {"lifetime": {"minutes": -10}}}, metadata)

    def conditions(self, sp_entity_id: str) -> Any:
        conditions = super().conditions(sp_entity_id)
        conditions.not_before = in_a_while(minutes=-20)
        return conditions


@dataclass(frozen=True)
class IdpSetup:
    """Where the provider listens, its keys, the users it knows, the SP metadata it trusts."""

    port: int
    key_file: str
    cert_file: str
    users: dict[str, dict[str, Any]]
    sp_metadata_file: str = ""

    @property
    def base_url(self) -> str:
        """Return the provider's address."""
        return f"http://127.0.0.1:{self.port}"


def idp_config(setup: IdpSetup) -> IdPConfig:
    """Return pysaml2's configuration of the provider."""
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{setup.base_url}/metadata",
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": setup.key_file,
            "cert_file": setup.cert_file,
            "metadata": {"local": [setup.sp_metadata_file]} if setup.sp_metadata_file else {},
            "service": {
                "idp": {
                    "name": "Test identity provider",
                    "endpoints": {
                        "single_sign_on_service": [
                            (f"{setup.base_url}/sso/redirect", BINDING_HTTP_REDIRECT)
                        ]
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                    "policy": {"default": {"lifetime": {"minutes": 5}}},
                }
            },
        }
    )
    return config


def idp_metadata(setup: IdpSetup) -> str:
    """Return the provider's metadata (its entity id, sign-on address and signing cert)."""
    return str(create_metadata_string(None, config=idp_config(setup), sign=False).decode())


class _Front(BaseHTTPRequestHandler):
    server_version = "test-saml-idp"
    idp: Server
    provider: IdpSetup

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        if url.path == "/metadata":
            self._answer(200, idp_metadata(self.provider), "application/samlmetadata+xml")
            return
        if url.path != "/sso/redirect":
            self._answer(404, "not here", "text/plain")
            return
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        try:
            self.idp.parse_authn_request(
                query["SAMLRequest"],
                BINDING_HTTP_REDIRECT,
                relay_state=query.get("RelayState"),
                sigalg=query.get("SigAlg"),
                signature=query.get("Signature"),
            )
        except Exception as exc:  # an unsigned or forged request is shown, not served
            self._answer(400, f"bad AuthnRequest: {type(exc).__name__}: {exc}", "text/plain")
            return
        self._login_page(query)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        user = self.provider.users.get(form.get("username", ""))
        if user is None or user["password"] != form.get("password"):
            self._login_page(form, "Wrong password")
            return
        # The login page carried the request and its signature along: checked again here.
        request = self.idp.parse_authn_request(
            form["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=form.get("RelayState"),
            sigalg=form.get("SigAlg"),
            signature=form.get("Signature"),
        )
        args = self.idp.response_args(request.message, [BINDING_HTTP_POST])
        variant = form.get("variant", "")
        # The assertion's bearer confirmation names another service's address as recipient.
        recipient = OTHER_ACS if variant == "wrong-recipient" else args["destination"]
        confirmation = {
            "method": SCM_BEARER,
            "subject_confirmation_data": {
                "in_response_to": args["in_response_to"],
                "recipient": recipient,
            },
        }
        answer = self.idp.create_authn_response(
            user["attributes"],
            args["in_response_to"],
            args["destination"],
            OTHER_SERVICE if variant == "wrong-audience" else args["sp_entity_id"],
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user["subject"]),
            authn={"class_ref": AUTHN_PASSWORD_PROTECTED, "authn_auth": self.provider.base_url},
            farg={"assertion": {"subject": {"subject_confirmation": confirmation}}},
            sign_assertion=variant != "unsigned",
            sign_response=False,
            release_policy=_ExpiredPolicy(self.idp.metadata)
            if variant == "expired"
            else Policy({"default": {"lifetime": {"minutes": 5}}}, self.idp.metadata),
        )
        posted = self.idp.apply_binding(
            BINDING_HTTP_POST,
            str(answer),
            args["destination"],
            form.get("RelayState", ""),
            response=True,
        )
        self._answer(200, posted["data"], "text/html")

    def _login_page(self, signed_request: dict[str, str], error: str = "") -> None:
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(signed_request[name])}">\n'
            for name in SIGNED_REQUEST
            if name in signed_request
        )
        self._answer(
            200,
            LOGIN_PAGE.format(hidden=hidden, error=f"<p role='alert'>{error}</p>" if error else ""),
            "text/html",
        )

    def _answer(self, status: int, body: str, media_type: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", f"{media_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


def main(config_file: str) -> None:
    """Serve the provider until killed."""
    setup = IdpSetup(**json.loads(Path(config_file).read_text()))
    _Front.provider = setup
    _Front.idp = Server(config=idp_config(setup))
    ThreadingHTTPServer(("127.0.0.1", setup.port), _Front).serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
