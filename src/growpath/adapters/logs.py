"""Structured logging: one JSON object per line, or plain text for a terminal."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

# The pages behind e-mailed links carry the link's token in their path, which the server's
# access log writes down; a log reader must not be able to open someone's invitation.
LINK_TOKEN = re.compile(r"(/(?:invitations|password-reset|account/email)/)[A-Za-z0-9_-]{20,}")


class LinkTokenRedactor(logging.Filter):
    """Replace the token of an e-mailed link in any log line by "[token]"."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record's message in place; never drop it."""
        message = record.getMessage()
        redacted = LINK_TOKEN.sub(r"\1[token]", message)
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
