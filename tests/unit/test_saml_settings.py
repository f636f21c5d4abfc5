"""SAML settings refuse set-ups an operator would regret, and the key pair made on first use."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pydantic import ValidationError

from growpath.adapters.saml_keys import load_or_create_pair
from growpath.settings import Settings

SECRET = "a-production-secret-that-is-long-enough-0123456789"


def test_a_key_without_its_certificate_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sp.key").write_text("key")
    with pytest.raises(ValidationError, match="GROWPATH_SAML_SP_CERT_FILE"):
        Settings(saml_sp_key_file=tmp_path / "sp.key")


def test_a_missing_key_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "sp.crt").write_text("cert")
    with pytest.raises(ValidationError, match="GROWPATH_SAML_SP_KEY_FILE .* is not a readable"):
        Settings(saml_sp_key_file=tmp_path / "nowhere.key", saml_sp_cert_file=tmp_path / "sp.crt")


def test_production_with_saml_needs_its_own_key_pair() -> None:
    with pytest.raises(ValidationError, match="in production also set GROWPATH_SAML_SP_KEY_FILE"):
        Settings(
            environment="production",
            secret_key=SECRET,
            saml_idp_metadata="https://idp.example.com/metadata",
        )


def test_metadata_fetched_in_clear_is_refused() -> None:
    with pytest.raises(ValidationError, match="must be an https URL or a file"):
        Settings(saml_idp_metadata="http://idp.example.com/metadata")


def test_the_entity_id_is_the_metadata_address_unless_set() -> None:
    settings = Settings(base_url="https://growpath.example.com", root_path="/mentoring")
    assert settings.saml_entity_id() == "https://growpath.example.com/mentoring/auth/saml/metadata"
    named = Settings(saml_sp_entity_id="urn:example:growpath")
    assert named.saml_entity_id() == "urn:example:growpath"


def test_the_key_pair_is_made_once_readable_by_the_owner_only_and_reused(tmp_path: Path) -> None:
    key_path, cert_path = load_or_create_pair(tmp_path)
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    assert cert.public_key() == key.public_key()
    first = cert_path.read_bytes()
    assert load_or_create_pair(tmp_path) == (key_path, cert_path)
    assert cert_path.read_bytes() == first
