"""Mailers: a folder of .eml files for development, SMTP for production."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol


class Mailer(Protocol):
    """Something that delivers one e-mail or raises."""

    def send(self, message: EmailMessage) -> None:
        """Deliver message."""
        ...


class FolderMailer:
    """Writes each e-mail as an .eml file, so nothing leaves the machine."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        """Write message to the folder under a name derived from its Message-ID."""
        self.folder.mkdir(parents=True, exist_ok=True)
        message_id = str(message.get("Message-ID", "")).strip("<>") or str(id(message))
        safe = "".join(c if c.isalnum() or c in "-_.@" else "_" for c in message_id)
        (self.folder / f"{safe}.eml").write_bytes(bytes(message))


class SmtpMailer:
    """Sends through an SMTP server."""

    def __init__(self, host: str, port: int, timeout: float = 10.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout

    def send(self, message: EmailMessage) -> None:
        """Send message through the SMTP server."""
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(message)
