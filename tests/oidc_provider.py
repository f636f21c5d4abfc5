"""A real OpenID Connect provider (PyPI oidc-provider-mock, built on Authlib) on a free port.

Its sign-in page takes a subject and issues real codes and RS256-signed ID tokens from its own
key, published at its JWKS address. For the attacks the relying party must refuse, the test
may ask it to misbehave at its token endpoint: name another audience or nonce in the ID token
(re-signed with its own key, so only the claim is wrong), or sign with a key it never
published.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import flask
import oidc_provider_mock
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import BaseWSGIServer, make_server

from tests.factories import free_port


@dataclass
class RunningProvider:
    """The running provider: its issuer URL, and how it should misbehave (nothing by default)."""

    issuer: str
    claims_override: dict[str, Any] = field(default_factory=dict)
    sign_with_stranger_key: bool = False

    def set_user(self, subject: str, claims: dict[str, Any]) -> None:
        """Give a subject the claims its ID tokens carry (e-mail, name, groups ...)."""
        request = urllib.request.Request(  # noqa: S310 - the test's own provider
            f"{self.issuer}/users/{urllib.parse.quote(subject)}",
            data=json.dumps(claims).encode(),
            headers={"Content-Type": "application/json"},
            method="PUT",
        )
        with urllib.request.urlopen(request, timeout=10):  # noqa: S310
            pass

    def sign_in(self, authorization_url: str, subject: str) -> str:
        """Submit the provider's sign-in page as the subject; return where it redirects."""
        request = urllib.request.Request(  # noqa: S310
            authorization_url, data=urllib.parse.urlencode({"sub": subject}).encode()
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(request, timeout=10)
        except urllib.error.HTTPError as answer:
            if answer.code in (301, 302, 303):
                return str(answer.headers["Location"])
            raise
        raise AssertionError("the provider did not redirect back")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _tamper(provider: RunningProvider, response: flask.Response) -> flask.Response:
    # Runs inside the provider's own request, where its signing key is at hand.
    if flask.request.path != "/oauth2/token" or response.status_code != 200:
        return response
    if not provider.claims_override and not provider.sign_with_stranger_key:
        return response
    tokens = json.loads(response.get_data())
    own = RSAKey.import_key(
        flask.g.oidc_provider_mock_storage.jwk.as_dict(is_private=True)  # the provider's key
    )
    decoded = jwt.decode(tokens["id_token"], own)
    claims = {**decoded.claims, **provider.claims_override}
    key = RSAKey.generate_key(2048) if provider.sign_with_stranger_key else own
    header = {"alg": "RS256", **({"kid": decoded.header["kid"]} if "kid" in decoded.header else {})}
    tokens["id_token"] = jwt.encode(header, claims, key)
    response.set_data(json.dumps(tokens))
    return response


@contextmanager
def running_provider() -> Iterator[RunningProvider]:
    """Start the provider on a free port of localhost; stop it afterwards."""
    port = free_port()
    app = oidc_provider_mock.app(require_nonce=True)
    provider = RunningProvider(issuer=f"http://localhost:{port}")
    app.after_request(lambda response: _tamper(provider, response))
    server: BaseWSGIServer = make_server("localhost", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
