"""Pages in the reader's language: the browser's Accept-Language, else the organisation's
default; the pseudo-locale shows which strings are marked."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from growpath.bootstrap import Growpath
from growpath.entrypoints.app import create_app
from tests.e2e.conftest import PARTICIPANT, log_in_page


def test_the_login_page_speaks_the_language_the_browser_asks_for(client: TestClient) -> None:
    for header, lang, skip in [
        ("de-DE,de;q=0.9,en;q=0.8", "de", "Zum Inhalt springen"),
        ("fr-CA", "fr", "Aller au contenu"),
        ("es-MX,es;q=0.9", "es", "Saltar al contenido"),
        ("pt-BR", "pt-BR", "Pular para o conteúdo"),
        ("ja", "en", "Skip to content"),
        ("", "en", "Skip to content"),
    ]:
        page = client.get("/login", headers={"Accept-Language": header}).text
        assert f'<html lang="{lang}">' in page and f">{skip}</a>" in page, header


def test_a_logged_in_page_navigates_in_the_browser_language(client: TestClient) -> None:
    log_in_page(client, PARTICIPANT)
    page = client.get("/home", headers={"Accept-Language": "de"}).text
    assert '<nav aria-label="Hauptmenü">' in page and ">Programme</a>" in page
    assert ">Abmelden</button>" in page


def test_the_organisation_default_applies_when_the_browser_asks_for_nothing_shipped(
    seeded: Growpath,
) -> None:
    settings = seeded.settings.model_copy(update={"default_locale": "fr"})
    french = TestClient(create_app(replace(seeded, settings=settings)))
    assert ">Aller au contenu</a>" in french.get("/login", headers={"Accept-Language": "ja"}).text
    german = french.get("/login", headers={"Accept-Language": "de"}).text
    assert ">Zum Inhalt springen</a>" in german


def test_the_pseudo_locale_marks_every_translated_string(client: TestClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "en-XA"}).text
    assert '<html lang="en">' in page and ">⟦Šķîp ţö çöñţéñţ⟧</a>" in page
