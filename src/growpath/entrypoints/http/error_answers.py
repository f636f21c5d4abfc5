"""What an error answer says: a machine-stable code, and a message in the reader's language.

The code comes from the kind of error, so a client branches on it whatever the wording; the
message is translated where the service raised a marked constant (N_) with its values kept.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy.exc import InterfaceError, OperationalError

from growpath.domain.errors import DomainError, InvalidInput, Problem
from growpath.entrypoints.http.context import optional_actor
from growpath.entrypoints.http.language import translator
from growpath.i18n import Translator

_HTTP_CODES = {
    401: "authentication_failed",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_input",
    429: "rate_limited",
    503: "unavailable",
}


def http_code(status: int) -> str:
    """Return the code of an HTTP error the framework raised (no route, wrong method)."""
    return _HTTP_CODES.get(status, "http_error")


def error_translator(request: Request) -> Translator:
    """Return the messages of an error answer, in the language request_locale picks."""
    try:
        actor = optional_actor(request)
    except (DomainError, OperationalError, InterfaceError):
        # The login itself failed (or the database is down): answer in the browser's language.
        actor = None
    return translator(request, actor)


def detail_of(exc: DomainError, _: Translator) -> str:
    """Return the error's message in the reader's language."""
    if isinstance(exc, InvalidInput):
        summary = "; ".join(_problem_text(p, _) for p in exc.problems[:5])
        more = len(exc.problems) - 5
        return _("%(count)s problem(s): %(summary)s", count=len(exc.problems), summary=summary) + (
            _(" (and %(count)s more)", count=more) if more > 0 else ""
        )
    return exc.translated(_)


def problems_of(exc: DomainError, _: Translator) -> list[dict[str, Any]]:
    """Return the error's problems, each reason in the reader's language."""
    if not isinstance(exc, InvalidInput):
        return []
    return [{"reason": p.translated(_), "field": p.field, "line": p.line} for p in exc.problems]


def _problem_text(problem: Problem, _: Translator) -> str:
    where = []
    if problem.line is not None:
        where.append(_("line %(line)s", line=problem.line))
    if problem.field:
        where.append(problem.field)
    reason = problem.translated(_)
    return f"{', '.join(where)}: {reason}" if where else reason
