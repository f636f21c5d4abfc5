"""Structured logging: one JSON object per line, or plain text for a terminal."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from growpath.domain.emailed_links import without_link_tokens


class LinkTokenRedactor(logging.Filter):
    """Replace the token of an e-mailed link in any log line by "[token]".

    The server's access log writes down paths; a log reader must not be able to open
    someone's invitation, reset or e-mail change.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record's message in place; never drop it."""
        message = record.getMessage()
        redacted = without_link_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class JsonFormatter(logging.Formatter):
    """Format a log record as one JSON line."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as JSON."""
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


def configure_logging(level: str, fmt: str) -> None:
    """Send growpath's and the server's logs to standard error in the chosen format."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter()
        if fmt == "json"
        else logging.Formatter("%(levelname)s %(name)s %(message)s")
    )
    handler.addFilter(LinkTokenRedactor())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
