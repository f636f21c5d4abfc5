"""Single sign-on settings refuse set-ups that could not work or would be unsafe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from growpath.settings import Settings


def _with_issuer(**more: Any) -> Settings:
    return Settings(oidc_issuer="https://idp.example", oidc_client_id="growpath", **more)


def test_sso_only_needs_a_provider() -> None:
    with pytest.raises(ValidationError, match="GROWPATH_AUTH=sso needs single sign-on set up"):
        Settings(auth="sso")
    assert _with_issuer(auth="sso").sso_offered()
    assert not _with_issuer(auth="sso").passwords_offered()
    assert not _with_issuer(auth="local").sso_offered()


def test_an_issuer_needs_a_client_id_and_the_openid_scope() -> None:
    with pytest.raises(ValidationError, match="GROWPATH_OIDC_CLIENT_ID is not"):
        Settings(oidc_issuer="https://idp.example")
    with pytest.raises(ValidationError, match="must include openid"):
        _with_issuer(oidc_scopes="email profile")


def test_production_refuses_a_plain_http_issuer() -> None:
    with pytest.raises(ValidationError, match="https:// URL in production"):
        Settings(
            environment="production",
            secret_key="s" * 40,
            oidc_issuer="http://idp.example",
            oidc_client_id="growpath",
        )


def test_the_client_secret_can_come_from_a_file_but_not_from_both(tmp_path: Path) -> None:
    secret = tmp_path / "oidc-secret"
    secret.write_text("from-the-file\n")
    settings = _with_issuer(oidc_client_secret_file=secret)
    assert settings.oidc_client_secret is not None
    assert settings.oidc_client_secret.get_secret_value() == "from-the-file"
    with pytest.raises(ValidationError, match="not both"):
        _with_issuer(oidc_client_secret="x", oidc_client_secret_file=secret)
    with pytest.raises(ValidationError, match="GROWPATH_OIDC_CLIENT_SECRET_FILE .* cannot be read"):
        _with_issuer(oidc_client_secret_file=tmp_path / "missing")
