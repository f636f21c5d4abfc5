"""Error answers: every error's code is documented; details and reasons are translated."""

from __future__ import annotations

import growpath.entrypoints.app  # noqa: F401 - imports every module, so every error class
from growpath.domain.errors import DomainError, InvalidInput, NotFound, Problem
from growpath.entrypoints.http.error_answers import detail_of, http_code, problems_of
from growpath.entrypoints.http.error_codes import ERROR_CODES
from growpath.i18n import N_, Translator


def _kinds(kind: type[DomainError]) -> list[type[DomainError]]:
    return [kind, *(k for sub in kind.__subclasses__() for k in _kinds(sub))]


def test_every_error_class_and_http_status_answers_a_documented_code() -> None:
    assert {kind.code for kind in _kinds(DomainError)} <= set(ERROR_CODES)
    assert {http_code(status) for status in range(400, 600)} <= set(ERROR_CODES)


def test_a_marked_message_is_translated_with_its_values() -> None:
    missing = NotFound(N_("no goal with id %(id)s"), id=7)
    assert missing.message == "no goal with id 7"
    assert detail_of(missing, Translator("de")) == "kein Ziel mit der ID 7"
    assert detail_of(missing, Translator("en")) == "no goal with id 7"


def test_problems_keep_their_fields_and_read_in_the_callers_language() -> None:
    refused = InvalidInput([Problem(N_("is required"), "title"), Problem("", "note", line=3)])
    german = Translator("de")
    assert detail_of(refused, german) == "2 Problem(e): title: ist erforderlich; Zeile 3, note: "
    assert problems_of(refused, german)[0] == {
        "reason": "ist erforderlich",
        "field": "title",
        "line": None,
    }
    assert detail_of(refused, Translator("en")) == refused.message
