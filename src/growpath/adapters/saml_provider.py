"""growpath as a SAML 2.0 service provider, through pysaml2 (signatures checked by xmlsec1)."""

from __future__ import annotations

import base64
import binascii
import calendar
import logging
import shutil
import threading
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from growpath.adapters.saml_keys import load_or_create_pair
from growpath.settings import Settings

# pysaml2 is imported where it is used: its XML schema modules cost every process that builds
# the app (each command, each web worker) 0.4 s and 30 MB at start, SAML or not.
if TYPE_CHECKING:
    from saml2.client import Saml2Client
    from saml2.config import SPConfig

log = logging.getLogger(__name__)
METADATA_TIMEOUT_SECONDS = 10
METADATA_MAX_BYTES = 5_000_000
# Clocks of the provider and growpath may drift apart this much.
ACCEPTED_CLOCK_SKEW = timedelta(seconds=60)


class SamlRefused(Exception):
    """A SAML answer, or the provider's metadata, that growpath does not accept."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SamlUnavailable(Exception):
    """SAML sign-in cannot work here now: the metadata, keys or xmlsec1 are not usable."""


@dataclass(frozen=True)
class VerifiedAssertion:
    """What a signed, current assertion meant for growpath says about its subject."""

    assertion_id: str
    subject: str
    subject_format: str
    attributes: dict[str, list[str]]
    expires_at: datetime


class ServiceProvider:
    """Sends AuthnRequests and checks the answers; the provider's metadata is read once."""

    def __init__(self, settings: Settings, folder: Path) -> None:
        self._settings = settings
        self._folder = folder
        self._config: SPConfig | None = None
        self._idp: str = ""
        self._lock = threading.Lock()
        # pysaml2 logs whole answers, attributes included, below WARNING.
        logging.getLogger("saml2").setLevel(logging.WARNING)

    @property
    def acs_url(self) -> str:
        """Return the address the provider posts its answers to."""
        return self._settings.page_url("/auth/saml/acs")

    def start(self) -> tuple[str, str]:
        """Return a new AuthnRequest's id and the provider address that carries it (signed)."""
        from saml2 import BINDING_HTTP_REDIRECT

        client = self._client()
        request_id, info = client.prepare_for_authenticate(
            entityid=self._idp, binding=BINDING_HTTP_REDIRECT, sign=True
        )
        location = dict(info["headers"])["Location"]
        return str(request_id), str(location)

    def metadata(self) -> str:
        """Return growpath's service provider metadata (XML)."""
        from saml2.metadata import create_metadata_string

        config = self._loaded()
        return str(create_metadata_string(None, config=config, valid=None, sign=False).decode())

    def verify(self, saml_response: str, request_id: str) -> VerifiedAssertion:
        """Check an answer to the request: signed assertion, audience, recipient, time."""
        from saml2 import BINDING_HTTP_POST

        client = self._client()
        try:
            answer = client.parse_authn_request_response(
                saml_response, BINDING_HTTP_POST, outstanding={request_id: ""}
            )
        except Exception as exc:  # pysaml2 raises bare Exceptions for bad answers
            log.info("SAML answer refused: %s: %s", type(exc).__name__, exc)
            raise SamlRefused(_reason(exc)) from None
        if answer is None or answer.assertion is None or answer.name_id is None:
            raise SamlRefused("the identity provider's answer holds no usable assertion")
        if answer.issuer() != self._idp:
            raise SamlRefused("the answer comes from another identity provider")
        assertion = answer.assertion
        # pysaml2 checks a bearer confirmation's Recipient only when given conversation info;
        # each one it kept must name growpath's ACS, or the assertion was for somewhere else.
        recipients = {
            c.subject_confirmation_data.recipient
            for c in assertion.subject.subject_confirmation or []
            if c.subject_confirmation_data is not None
        }
        if recipients != {self.acs_url}:
            raise SamlRefused("the assertion was addressed to another service")
        return VerifiedAssertion(
            assertion_id=str(assertion.id),
            subject=str(answer.name_id.text or "").strip(),
            subject_format=str(answer.name_id.format or ""),
            attributes=_attributes(assertion),
            expires_at=_expiry(assertion),
        )

    def _client(self) -> Saml2Client:
        from saml2.client import Saml2Client

        # A client per use: it caches every identity it parses, and nothing needs it to.
        return Saml2Client(config=self._loaded())

    def _loaded(self) -> SPConfig:
        with self._lock:
            if self._config is None:
                try:
                    self._config = self._build()
                except Exception as exc:  # pysaml2 raises many kinds for bad metadata
                    # The reason (a path, a TLS error) is for the operator's log, not visitors.
                    log.error("SAML sign-in is unavailable: %s: %s", type(exc).__name__, exc)
                    raise SamlUnavailable(
                        "SAML sign-in is unavailable: growpath cannot use the identity "
                        "provider's metadata or its own key pair; the server log says why"
                    ) from exc
            return self._config

    def _build(self) -> SPConfig:
        from saml2 import BINDING_HTTP_POST
        from saml2.config import SPConfig

        settings = self._settings
        source = settings.saml_idp_metadata
        if not source:
            raise ValueError("SAML sign-in is not set up (GROWPATH_SAML_IDP_METADATA)")
        if settings.saml_sp_key_file and settings.saml_sp_cert_file:
            key, cert = settings.saml_sp_key_file, settings.saml_sp_cert_file
        else:
            key, cert = load_or_create_pair(self._folder)
        xmlsec = shutil.which("xmlsec1")
        if xmlsec is None:
            raise ValueError("the xmlsec1 program is missing (Debian package xmlsec1)")
        config = SPConfig()
        config.load(
            {
                "entityid": settings.saml_entity_id(),
                "xmlsec_binary": xmlsec,
                "key_file": str(key),
                "cert_file": str(cert),
                "encryption_keypairs": [{"key_file": str(key), "cert_file": str(cert)}],
                "metadata": {"inline": [_read_metadata(source)]},
                "allow_unknown_attributes": True,
                "accepted_time_diff": int(ACCEPTED_CLOCK_SKEW.total_seconds()),
                "service": {
                    "sp": {
                        "name": "growpath",
                        "endpoints": {
                            "assertion_consumer_service": [(self.acs_url, BINDING_HTTP_POST)]
                        },
                        "allow_unsolicited": False,
                        "authn_requests_signed": True,
                        "want_assertions_signed": True,
                        "want_response_signed": False,
                    }
                },
            }
        )
        providers = list(config.metadata.identity_providers())
        if len(providers) != 1:
            raise ValueError(
                f"the identity provider metadata names {len(providers)} identity providers; "
                "growpath needs exactly one"
            )
        self._idp = providers[0]
        return config


def in_response_to(saml_response: str) -> str:
    """Return the request id an answer names, before anything about it is trusted."""
    from saml2 import samlp

    try:
        xml = base64.b64decode(saml_response, validate=False)
        parsed = samlp.response_from_string(xml)
    except (binascii.Error, ValueError, SyntaxError, TypeError) as exc:
        raise SamlRefused("the SAMLResponse field is not a SAML answer") from exc
    except Exception as exc:  # defusedxml refuses entities and the like with its own errors
        raise SamlRefused("the SAMLResponse field is not a SAML answer") from exc
    if parsed is None or not parsed.in_response_to:
        raise SamlRefused("the answer names no request: sign-ins start at growpath")
    return str(parsed.in_response_to)


def _read_metadata(source: str) -> str:
    if source.startswith("https://"):
        try:
            # The scheme is https (settings refuse anything else): S310 warns about file: URLs.
            with urllib.request.urlopen(source, timeout=METADATA_TIMEOUT_SECONDS) as answer:  # noqa: S310
                body: bytes = answer.read(METADATA_MAX_BYTES)
        except OSError as exc:
            raise OSError(f"the identity provider metadata cannot be fetched: {exc}") from exc
        return body.decode("utf-8")
    try:
        return Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise OSError(f"the identity provider metadata cannot be read: {exc}") from exc


def _attributes(assertion: Any) -> dict[str, list[str]]:
    # Read as the provider names them (Name and FriendlyName), not through pysaml2's own
    # renaming, so the settings hold the names the provider's console shows.
    found: dict[str, list[str]] = {}
    for statement in assertion.attribute_statement or []:
        for attribute in statement.attribute or []:
            values = [str(v.text).strip() for v in attribute.attribute_value or [] if v.text]
            for name in {attribute.name, attribute.friendly_name} - {None, ""}:
                found.setdefault(str(name), []).extend(values)
    return found


def _expiry(assertion: Any) -> datetime:
    # The bearer confirmation's NotOnOrAfter is required by the SAML profile; pysaml2 has
    # checked it is still ahead. After it (and the skew) nobody accepts the assertion.
    from saml2 import time_util

    moments = [
        confirmation.subject_confirmation_data.not_on_or_after
        for confirmation in assertion.subject.subject_confirmation or []
        if confirmation.subject_confirmation_data is not None
    ]
    if assertion.conditions is not None:
        moments.append(assertion.conditions.not_on_or_after)
    stamps = [calendar.timegm(time_util.str_to_time(m)) for m in moments if m]
    if not stamps:
        raise SamlRefused("the assertion has no NotOnOrAfter: it would never expire")
    return datetime.fromtimestamp(max(stamps), UTC) + ACCEPTED_CLOCK_SKEW


def _reason(exc: Exception) -> str:
    text = str(exc)
    kind = type(exc).__name__
    if "Signature missing" in text or kind in ("SignatureError", "IncorrectlySigned"):
        return "the assertion is not signed by the identity provider"
    if "AudienceRestrictions" in text:
        return "the assertion is meant for another service, not growpath"
    if kind == "ResponseLifetimeExceed" or "too old" in text:
        return "the assertion has expired"
    if kind == "UnsolicitedResponse" or "don't recall" in text:
        return "the answer does not belong to the sign-in growpath started"
    if "recipient" in text.lower() or "destination" in text.lower():
        return "the answer was sent to another address"
    if kind.startswith("Status"):
        return f"the identity provider refused the sign-in ({kind.removeprefix('Status')})"
    return "the identity provider's answer could not be verified"
