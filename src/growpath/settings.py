"""Typed settings, read from GROWPATH_* environment variables."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from growpath.adapters.safe_fetch import AllowList
from growpath.domain.reporting import DEFAULT_MIN_GROUP, MIN_GROUP_FLOOR

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-change-me"  # noqa: S105 - refused outside development
# The right-hand side of a Message-ID: letters, digits, hyphens and dots (RFC 5322 dot-atom).
MAIL_DOMAIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*$")
SMTP_DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
# A path prefix such as /mentoring or /apps/mentoring: segments of URL-safe characters.
ROOT_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)*$")


class Settings(BaseSettings):
    """Every setting growpath reads; each is documented in docs/settings.md."""

    # Errors name the setting, never its value: an error printed at start-up would otherwise
    # carry the SMTP password or the secret key along with every other setting.
    model_config = SettingsConfigDict(
        env_prefix="GROWPATH_", extra="ignore", hide_input_in_errors=True
    )

    environment: Literal["development", "test", "production"] = Field(
        default="development",
        description="development allows the built-in secret key; production refuses it.",
    )
    database_url: str = Field(
        default="sqlite:///growpath.db",
        description="SQLAlchemy URL; a SQLite file in the working directory by default, "
        "postgresql+psycopg://user@host/db for production.",
    )
    secret_key: str = Field(
        default=DEVELOPMENT_SECRET_KEY,
        description="Signs session cookies; set a long random value outside development.",
    )
    notes_key: str | None = Field(
        default=None,
        description="Base64 32-byte key that wraps the keys of encrypted notes; "
        "derived from the secret key when unset.",
    )
    notes_previous_keys: str = Field(
        default="",
        description="Comma-separated earlier notes keys, still accepted for reading while "
        "`growpath keys rotate` re-wraps their records under the current key.",
    )
    session_max_age_seconds: int = Field(
        default=8 * 3600, ge=60, description="How long a login session stays valid."
    )
    mail_backend: Literal["file", "smtp"] = Field(
        default="file", description="file writes e-mails to mail_dir; smtp sends them."
    )
    mail_dir: Path = Field(
        default=Path("growpath-mail"), description="Folder for the file mail backend."
    )
    mail_from: str = Field(
        default="growpath@localhost", description="Sender address of every e-mail."
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        pattern=r"^https?://[^\s/]+(/[^\s]*)?$",
        description="Where people reach growpath; links in e-mails start with it.",
    )
    root_path: str = Field(
        default="",
        description="The path prefix growpath is served under behind a proxy that strips it, "
        "such as /mentoring; empty when served at the root.",
    )
    trusted_proxies: str = Field(
        default="127.0.0.1,::1",
        description="Comma-separated addresses or networks of the proxies whose "
        "X-Forwarded-For, -Proto and -Prefix headers are believed; * trusts every client.",
    )
    topic_ranking: Literal["keyword", "embeddings"] = Field(
        default="keyword",
        description="How conversation topics are ranked: keyword matches, or closeness in "
        "meaning with the offline sentence-embedding model of the embeddings extra.",
    )
    mail_domain: str | None = Field(
        default=None,
        description="Domain of every Message-ID; the host of GROWPATH_BASE_URL when unset.",
    )
    smtp_host: str = Field(default="127.0.0.1", description="SMTP server for the smtp backend.")
    smtp_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="SMTP port; 587 for starttls, 465 for tls and 25 for none when unset.",
    )
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="starttls upgrades the connection before anything is sent; tls speaks TLS "
        "from the first byte (port 465); none sends in clear, for a relay on this machine.",
    )
    smtp_username: str | None = Field(default=None, description="SMTP AUTH user name.")
    smtp_password: SecretStr | None = Field(
        default=None, description="SMTP AUTH password; never logged."
    )
    smtp_password_file: Path | None = Field(
        default=None,
        description="A file holding the SMTP AUTH password (a container secret), read at start.",
    )
    smtp_ca_file: Path | None = Field(
        default=None,
        description="PEM file of the certificate authorities trusted for the relay's "
        "certificate (a private relay); the system's store when unset.",
    )
    smtp_allow_cleartext_auth: bool = Field(
        default=False,
        description="Allow AUTH with GROWPATH_SMTP_SECURITY=none to a relay on another "
        "machine, which sends the password in clear.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Lowest level of log records written."
    )
    log_format: Literal["json", "text"] = Field(
        default="json", description="json writes one structured record per line."
    )
    database_pool_size: int = Field(
        default=10,
        ge=1,
        le=500,
        description="PostgreSQL connections each app process keeps open (ignored for SQLite).",
    )
    database_max_overflow: int = Field(
        default=10,
        ge=0,
        le=500,
        description="Further PostgreSQL connections a process may open under load, closed "
        "again when returned (ignored for SQLite).",
    )
    worker_threads: int = Field(
        default=8,
        ge=1,
        le=200,
        description="Requests each app process handles at once; the others wait their turn.",
    )
    calendar_fetch_allow: str = Field(
        default="",
        description="Comma-separated host names, addresses or networks that calendar "
        "addresses (iCal, CalDAV) may reach although they are not public, such as a CalDAV "
        "server on the intranet; loopback, private and link-local addresses are refused "
        "otherwise.",
    )
    jitsi_base_url: str = Field(
        default="https://meet.jit.si",
        pattern=r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$",
        description="The Jitsi Meet server of programs whose pairs meet in a Jitsi room: "
        "each engagement gets a room there with an unguessable name.",
    )
    report_min_group: int = Field(
        default=DEFAULT_MIN_GROUP,
        description="The fewest distinct people a report figure may aggregate; smaller "
        f"groups are suppressed. May be raised, never set below {MIN_GROUP_FLOOR}.",
    )

    default_locale: Literal["en", "de", "fr", "es", "pt_BR"] = Field(
        default="en",
        description="The language of pages and mail for people who chose none and whose "
        "browser asks for none growpath ships (en, de, fr, es, pt_BR).",
    )
    auth: Literal["local", "sso", "both"] = Field(
        default="local",
        description="How people log in: local passwords only, single sign-on only (passwords, "
        "resets and invitations off but for the break-glass path), or both.",
    )
    oidc_issuer: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/]+(/[^\s]*)?$",
        description="The OpenID Connect provider's issuer URL; its settings are discovered "
        "from <issuer>/.well-known/openid-configuration.",
    )
    oidc_client_id: str | None = Field(
        default=None, description="growpath's client id at the OpenID Connect provider."
    )
    oidc_client_secret: SecretStr | None = Field(
        default=None,
        description="growpath's client secret at the OpenID Connect provider; never logged. "
        "Unset for a public client (PKCE only).",
    )
    oidc_client_secret_file: Path | None = Field(
        default=None,
        description="A file holding the OpenID Connect client secret (a container secret).",
    )
    oidc_scopes: str = Field(
        default="openid email profile",
        description="Space-separated scopes asked of the OpenID Connect provider.",
    )
    oidc_name: str = Field(
        default="single sign-on",
        max_length=60,
        description="The provider's name on the login page: Sign in with <name>.",
    )
    oidc_email_claim: str = Field(
        default="email", description="The ID token claim holding the person's e-mail."
    )
    oidc_employee_id_claim: str = Field(
        default="",
        description="The ID token claim holding the HRIS employee id; empty when none.",
    )
    oidc_groups_claim: str = Field(
        default="groups", description="The ID token claim listing the person's groups."
    )
    saml_idp_metadata: str | None = Field(
        default=None,
        description="The SAML identity provider's metadata: a file path or an https URL "
        "(fetched once, at the first SAML sign-in); SAML sign-in is offered when set.",
    )
    saml_sp_key_file: Path | None = Field(
        default=None,
        description="PEM private key growpath signs its SAML requests with; with "
        "GROWPATH_SAML_SP_CERT_FILE. Unset outside production: a self-signed pair is created "
        "in the working folder on first use.",
    )
    saml_sp_cert_file: Path | None = Field(
        default=None,
        description="PEM certificate of GROWPATH_SAML_SP_KEY_FILE, published in the SAML "
        "service provider metadata.",
    )
    saml_sp_entity_id: str | None = Field(
        default=None,
        max_length=1024,
        description="growpath's SAML entity id; the address of /auth/saml/metadata when unset.",
    )
    saml_name: str = Field(
        default="SAML",
        min_length=1,
        max_length=60,
        description='The identity provider\'s name on the login page ("Sign in with ...").',
    )
    saml_email_attribute: str = Field(
        default="email",
        min_length=1,
        description="Name (or friendly name) of the SAML attribute holding the e-mail; an "
        "e-mail-format NameID is used when the attribute is missing.",
    )
    saml_employee_id_attribute: str = Field(
        default="employeeNumber",
        min_length=1,
        description="Name (or friendly name) of the SAML attribute holding the employee id.",
    )
    saml_groups_attribute: str = Field(
        default="groups",
        min_length=1,
        description="Name (or friendly name) of the SAML attribute listing the person's groups.",
    )
    sso_create_people: bool = Field(
        default=False,
        description="Let single sign-on create a directory entry for someone the identity "
        "provider vouches for but the directory does not know; refused when false.",
    )
    sso_admin_groups: str = Field(
        default="",
        description="Comma-separated identity-provider groups whose members are organisation "
        "admins; when set, each single sign-on grants or withdraws the role by membership.",
    )

    @field_validator("report_min_group")
    @classmethod
    def _report_min_group_not_below_floor(cls, value: int) -> int:
        if value < MIN_GROUP_FLOOR:
            raise ValueError(
                f"GROWPATH_REPORT_MIN_GROUP must be at least {MIN_GROUP_FLOOR}: smaller groups "
                "would let a report single people out"
            )
        return value

    @field_validator("calendar_fetch_allow")
    @classmethod
    def _calendar_fetch_allow_parses(cls, value: str) -> str:
        AllowList.parse(value)  # raises a ValueError naming the bad entry
        return value

    def calendar_fetch_allow_list(self) -> AllowList:
        """Return the hosts and networks calendar addresses may reach although not public."""
        return AllowList.parse(self.calendar_fetch_allow)

    @field_validator("notes_key", "notes_previous_keys")
    @classmethod
    def _notes_keys_are_32_bytes(cls, value: str | None) -> str | None:
        for key in (value or "").split(","):
            if not key.strip():
                continue
            try:
                decoded = base64.urlsafe_b64decode(key.strip().encode())
            except (ValueError, binascii.Error) as exc:
                raise ValueError("a notes key is not valid URL-safe base64") from exc
            if len(decoded) != 32:
                raise ValueError("a notes key must encode exactly 32 bytes")
        return value

    @field_validator("root_path")
    @classmethod
    def _root_path_is_a_prefix(cls, value: str) -> str:
        prefix = value.rstrip("/")
        if not ROOT_PATH.match(prefix):
            raise ValueError(
                "GROWPATH_ROOT_PATH must be a path prefix such as /mentoring: it starts with / "
                "and holds letters, digits, '.', '_', '~', '-' and further '/' segments"
            )
        return prefix

    @model_validator(mode="after")
    def _base_url_ends_in_root_path(self) -> Settings:
        base_path = urlsplit(self.base_url).path.rstrip("/")
        if self.root_path and base_path and base_path != self.root_path:
            raise ValueError(
                "GROWPATH_BASE_URL's path must be GROWPATH_ROOT_PATH (or empty), since links "
                "in e-mails lead to the pages served there"
            )
        return self

    @field_validator("mail_domain")
    @classmethod
    def _mail_domain_is_a_domain(cls, value: str | None) -> str | None:
        if value is not None and not MAIL_DOMAIN.match(value):
            raise ValueError("GROWPATH_MAIL_DOMAIN must be a domain name such as mail.example.com")
        return value

    @model_validator(mode="after")
    def _smtp_settings_fit_together(self) -> Settings:
        if self.smtp_password is not None and self.smtp_password_file is not None:
            raise ValueError("set GROWPATH_SMTP_PASSWORD or GROWPATH_SMTP_PASSWORD_FILE, not both")
        if self.smtp_password_file is not None:
            self.smtp_password = SecretStr(
                _password_from(self.smtp_password_file, "GROWPATH_SMTP_PASSWORD_FILE")
            )
        if self.smtp_password is not None and not self.smtp_username:
            raise ValueError("GROWPATH_SMTP_PASSWORD is set but GROWPATH_SMTP_USERNAME is not")
        if self.smtp_username and self.smtp_password is None:
            raise ValueError(
                "GROWPATH_SMTP_USERNAME is set but neither GROWPATH_SMTP_PASSWORD nor "
                "GROWPATH_SMTP_PASSWORD_FILE is"
            )
        if self.smtp_security == "none":
            if self.smtp_ca_file is not None:
                raise ValueError(
                    "GROWPATH_SMTP_CA_FILE has no effect with GROWPATH_SMTP_SECURITY=none"
                )
            if (
                self.smtp_username
                and not _is_loopback(self.smtp_host)
                and not self.smtp_allow_cleartext_auth
            ):
                raise ValueError(
                    "GROWPATH_SMTP_SECURITY=none would send the SMTP password in clear to "
                    f"{self.smtp_host}: use starttls or tls, or set "
                    "GROWPATH_SMTP_ALLOW_CLEARTEXT_AUTH=true if the network is yours"
                )
        if self.smtp_ca_file is not None and not self.smtp_ca_file.is_file():
            raise ValueError(f"GROWPATH_SMTP_CA_FILE {self.smtp_ca_file} is not a readable file")
        return self

    @model_validator(mode="after")
    def _oidc_settings_fit_together(self) -> Settings:
        if self.oidc_client_secret is not None and self.oidc_client_secret_file is not None:
            raise ValueError(
                "set GROWPATH_OIDC_CLIENT_SECRET or GROWPATH_OIDC_CLIENT_SECRET_FILE, not both"
            )
        if self.oidc_client_secret_file is not None:
            self.oidc_client_secret = SecretStr(
                _password_from(self.oidc_client_secret_file, "GROWPATH_OIDC_CLIENT_SECRET_FILE")
            )
        if self.oidc_issuer and not self.oidc_client_id:
            raise ValueError("GROWPATH_OIDC_ISSUER is set but GROWPATH_OIDC_CLIENT_ID is not")
        if self.oidc_issuer and "openid" not in self.oidc_scopes.split():
            raise ValueError("GROWPATH_OIDC_SCOPES must include openid")
        if (
            self.environment == "production"
            and self.oidc_issuer
            and not self.oidc_issuer.startswith("https://")
        ):
            raise ValueError("GROWPATH_OIDC_ISSUER must be an https:// URL in production")
        if self.auth != "local" and not self.sso_configured():
            raise ValueError(
                f"GROWPATH_AUTH={self.auth} needs single sign-on set up: "
                "GROWPATH_OIDC_ISSUER or GROWPATH_SAML_IDP_METADATA"
            )
        return self

    def sso_configured(self) -> bool:
        """Whether any single sign-on provider is set up."""
        return bool(self.oidc_issuer or self.saml_idp_metadata)

    def sso_offered(self) -> bool:
        """Whether the login page offers single sign-on (GROWPATH_AUTH sso or both)."""
        return self.auth != "local" and self.sso_configured()

    def oidc_offered(self) -> bool:
        """Whether OpenID Connect sign-in is on: set up, and GROWPATH_AUTH sso or both."""
        return self.auth != "local" and bool(self.oidc_issuer)

    def saml_offered(self) -> bool:
        """Whether SAML sign-in is on: set up, and GROWPATH_AUTH sso or both."""
        return self.auth != "local" and bool(self.saml_idp_metadata)

    def passwords_offered(self) -> bool:
        """Whether passwords, their resets and invitations are on (GROWPATH_AUTH local or both)."""
        return self.auth != "sso"

    def smtp_port_or_default(self) -> int:
        """Return the SMTP port: the one set, or the usual one for the security chosen."""
        return self.smtp_port or SMTP_DEFAULT_PORTS[self.smtp_security]

    def message_id_domain(self) -> str:
        """Return the domain of Message-IDs: GROWPATH_MAIL_DOMAIN, or the base URL's host."""
        if self.mail_domain:
            return self.mail_domain
        host = urlsplit(self.base_url).hostname or "localhost"
        # An IPv6 host is no dot-atom; RFC 5322 writes it as a domain literal.
        return host if MAIL_DOMAIN.match(host) else f"[{host}]"

    def page_url(self, path: str) -> str:
        """Return the full address of a page, for links in e-mails."""
        base = self.base_url.rstrip("/")
        # The root path is implied when the base URL names only the host.
        return (base if urlsplit(base).path else base + self.root_path) + path

    def previous_note_keys(self) -> list[str]:
        """Return the earlier notes keys still accepted for reading."""
        return [k.strip() for k in self.notes_previous_keys.split(",") if k.strip()]

    @model_validator(mode="after")
    def _saml_key_pair_fits_together(self) -> Settings:
        if (self.saml_sp_key_file is None) != (self.saml_sp_cert_file is None):
            raise ValueError("set both GROWPATH_SAML_SP_KEY_FILE and GROWPATH_SAML_SP_CERT_FILE")
        for name, path in (
            ("GROWPATH_SAML_SP_KEY_FILE", self.saml_sp_key_file),
            ("GROWPATH_SAML_SP_CERT_FILE", self.saml_sp_cert_file),
        ):
            if path is not None and not path.is_file():
                raise ValueError(f"{name} {path} is not a readable file")
        # Replicas that each made their own pair would publish different metadata.
        if (
            self.environment == "production"
            and self.saml_idp_metadata
            and self.saml_sp_key_file is None
        ):
            raise ValueError(
                "GROWPATH_SAML_IDP_METADATA is set: in production also set "
                "GROWPATH_SAML_SP_KEY_FILE and GROWPATH_SAML_SP_CERT_FILE"
            )
        metadata = self.saml_idp_metadata or ""
        if metadata.startswith("http://"):
            raise ValueError(
                "GROWPATH_SAML_IDP_METADATA must be an https URL or a file: metadata fetched "
                "in clear could be swapped for an attacker's signing key"
            )
        if metadata and not metadata.startswith("https://") and not Path(metadata).is_file():
            raise ValueError(f"GROWPATH_SAML_IDP_METADATA {metadata} is not a readable file")
        return self

    def saml_entity_id(self) -> str:
        """Return growpath's SAML entity id: the setting, or the address of its metadata."""
        return self.saml_sp_entity_id or self.page_url("/auth/saml/metadata")

    @model_validator(mode="after")
    def _refuse_default_secret_outside_development(self) -> Settings:
        if self.environment != "development" and self.secret_key == DEVELOPMENT_SECRET_KEY:
            raise ValueError(
                "GROWPATH_SECRET_KEY is left at its development default; "
                f"set it to a long random value when GROWPATH_ENVIRONMENT={self.environment}"
            )
        if self.environment == "production" and len(self.secret_key) < 32:
            raise ValueError("GROWPATH_SECRET_KEY must be at least 32 characters in production")
        return self


def _password_from(path: Path, setting: str) -> str:
    """Return the password a secret file holds, without the line break editors add."""
    try:
        password = path.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        # The reason (missing, permission) helps; the content never appears in the message.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise ValueError(f"{setting} {path} cannot be read: {reason}") from None
    if not password:
        raise ValueError(f"{setting} {path} is empty")
    return password


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
