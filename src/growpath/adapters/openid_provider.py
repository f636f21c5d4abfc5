"""An OpenID Connect provider as growpath's relying party talks to it: discovery, the
authorization URL (PKCE S256, state and nonce), the code exchange, ID token verification
(signature against the provider's JWKS, issuer, audience, expiry, nonce) and RP-initiated
logout. Authlib validates the claims; joserfc (Authlib's JOSE layer) checks the signature.
"""

from __future__ import annotations

import base64
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

# Asymmetric algorithms only: "none" and the HMAC family (keyed with the client secret, which
# the provider's published keys cannot check) are never accepted, whatever discovery says.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")
CLOCK_SKEW_SECONDS = 60
TIMEOUT_SECONDS = 10
MAX_RESPONSE_BYTES = 1_000_000


class ProviderUnavailable(Exception):
    """The provider did not answer, or answered something that is not its protocol."""


class ProviderRefused(Exception):
    """The provider answered, and its answer does not let this person in; says why."""


@dataclass(frozen=True)
class ProviderMetadata:
    """What discovery tells about the provider."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None
    algorithms: tuple[str, ...]


@dataclass(frozen=True)
class VerifiedLogin:
    """The ID token's claims, once every check passed, and the token for logout's hint."""

    claims: dict[str, Any]
    id_token: str


def code_challenge(verifier: str) -> str:
    """Return the PKCE S256 challenge of a code verifier."""
    return str(create_s256_code_challenge(verifier))


class OpenIdProvider:
    """One provider, discovered on first use; its metadata and keys are kept between logins."""

    def __init__(self, issuer: str, client_id: str, client_secret: str | None, scopes: str) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.scopes = scopes
        self._metadata: ProviderMetadata | None = None
        self._keys: KeySet | None = None
        self._lock = threading.Lock()

    def metadata(self) -> ProviderMetadata:
        """Return the provider's metadata, discovering it on first use."""
        with self._lock:
            if self._metadata is None:
                self._metadata = self._discover()
            return self._metadata

    def authorization_url(self, redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
        """Return where to send the browser to sign in."""
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": self.scopes,
                "state": state,
                "nonce": nonce,
                "code_challenge": code_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        endpoint = self.metadata().authorization_endpoint
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def exchange(self, code: str, redirect_uri: str, verifier: str) -> dict[str, Any]:
        """Exchange an authorization code (and the PKCE verifier) for the provider's tokens."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if self._client_secret:
            # client_secret_basic: RFC 6749 2.3.1 form-encodes both parts before joining them.
            pair = ":".join(
                urllib.parse.quote(part, safe="") for part in (self.client_id, self._client_secret)
            )
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        else:
            form["client_id"] = self.client_id
        try:
            answer = self._fetch_json(
                self.metadata().token_endpoint, urllib.parse.urlencode(form).encode(), headers
            )
        except _ErrorAnswer as exc:
            error = exc.body.get("error", "an error") if isinstance(exc.body, dict) else "an error"
            raise ProviderRefused(
                f"the identity provider refused the sign-in code ({error}); it may have been "
                "used already or have expired"
            ) from None
        if not isinstance(answer.get("id_token"), str):
            raise ProviderRefused("the identity provider sent no ID token")
        return answer

    def verify(self, tokens: dict[str, Any], nonce: str, now: datetime) -> VerifiedLogin:
        """Check the ID token's signature and its issuer, audience, expiry and nonce."""
        id_token = str(tokens["id_token"])
        metadata = self.metadata()
        registry = JWSRegistry(algorithms=list(metadata.algorithms))
        try:
            try:
                decoded = jwt.decode(id_token, self._key_set(), registry=registry)
            except InvalidKeyIdError:
                # The provider may have rotated its keys since they were fetched.
                decoded = jwt.decode(id_token, self._key_set(refresh=True), registry=registry)
        except (BadSignatureError, InvalidKeyIdError):
            raise ProviderRefused(
                "the ID token's signature does not verify with the identity provider's keys"
            ) from None
        except JoseError as exc:
            raise ProviderRefused(f"the ID token cannot be read ({exc.error})") from None
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": metadata.issuer},
                "aud": {"essential": True, "value": self.client_id},
                "sub": {"essential": True},
                "exp": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            },
            {
                "nonce": nonce,
                "client_id": self.client_id,
                "access_token": tokens.get("access_token"),
            },
        )
        try:
            claims.validate(now=int(now.timestamp()), leeway=CLOCK_SKEW_SECONDS)
        except ExpiredTokenError:
            raise ProviderRefused("the ID token has expired") from None
        except ClaimError as exc:
            claim = getattr(exc, "claim", "") or exc.description
            raise ProviderRefused(f"the ID token's {_claim_name(claim)} is not right") from None
        return VerifiedLogin(dict(claims), id_token)

    def end_session_url(self, id_token_hint: str, post_logout_redirect_uri: str) -> str | None:
        """Return the provider's logout address for this session, when it has one."""
        try:
            endpoint = self.metadata().end_session_endpoint
        except ProviderUnavailable:
            return None
        if not endpoint:
            return None
        query = urllib.parse.urlencode(
            {
                "id_token_hint": id_token_hint,
                "client_id": self.client_id,
                "post_logout_redirect_uri": post_logout_redirect_uri,
            }
        )
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def _discover(self) -> ProviderMetadata:
        found = self._fetch_json(f"{self.issuer}/.well-known/openid-configuration")
        try:
            metadata = ProviderMetadata(
                issuer=str(found["issuer"]),
                authorization_endpoint=str(found["authorization_endpoint"]),
                token_endpoint=str(found["token_endpoint"]),
                jwks_uri=str(found["jwks_uri"]),
                end_session_endpoint=(
                    str(found["end_session_endpoint"])
                    if found.get("end_session_endpoint")
                    else None
                ),
                algorithms=tuple(
                    a
                    for a in found.get("id_token_signing_alg_values_supported", ["RS256"])
                    if a in SIGNING_ALGORITHMS
                )
                or ("RS256",),
            )
        except (KeyError, TypeError) as exc:
            raise ProviderUnavailable(f"the provider's discovery document lacks {exc}") from None
        # OpenID Connect Discovery 1.0, 4.3: the document must name the issuer it came from.
        if metadata.issuer.rstrip("/") != self.issuer:
            raise ProviderUnavailable(
                f"the provider's discovery document names issuer {metadata.issuer}, "
                f"not {self.issuer}"
            )
        return metadata

    def _key_set(self, refresh: bool = False) -> KeySet:
        with self._lock:
            keys = self._keys
        if keys is None or refresh:
            document = self._fetch_json(self.metadata().jwks_uri)
            try:
                keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
            except (JoseError, ValueError, KeyError, TypeError):
                raise ProviderUnavailable("the provider's key set cannot be read") from None
            with self._lock:
                self._keys = keys
        return keys

    def _fetch_json(
        self, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        if not url.startswith(("https://", "http://")):
            raise ProviderUnavailable(f"the provider named a non-HTTP address: {url}")
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked just above
            url, data=body, headers={"Accept": "application/json", **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
                raw = answer.read(MAX_RESPONSE_BYTES)
        except urllib.error.HTTPError as exc:
            raise _ErrorAnswer(exc.code, _json_or_none(exc.read(MAX_RESPONSE_BYTES))) from None
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ProviderUnavailable(
                f"the identity provider is not answering ({reason})"
            ) from None
        found = _json_or_none(raw)
        if not isinstance(found, dict):
            raise ProviderUnavailable(f"the identity provider's answer from {url} is not JSON")
        return found


class _ErrorAnswer(ProviderUnavailable):
    def __init__(self, status: int, body: object) -> None:
        super().__init__(f"the identity provider answered with status {status}")
        self.body = body


def _json_or_none(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _claim_name(claim: str) -> str:
    names = {"iss": "issuer", "aud": "audience", "nonce": "nonce", "sub": "subject"}
    return names.get(claim, claim)
