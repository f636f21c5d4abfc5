"""Builders of test data and fakes that replace adapters through bootstrap."""

from __future__ import annotations

import csv
import io
import socket
import threading
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from growpath.domain.errors import DomainError
from growpath.domain.people import PROFILE_FIELDS
from growpath.services import engagements, enrolment, matching, programs
from growpath.services.context import Context

HEADER = list(PROFILE_FIELDS)


class RecordingMailer:
    """A mailer that keeps every message instead of sending it."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        """Keep message."""
        self.sent.append(message)


def plain_text(message: EmailMessage) -> str:
    """Return the plain-text part of an e-mail (growpath sends text and HTML alternatives)."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the e-mail has no plain-text part"
    return str(part.get_content())


def person_row(n: int, **overrides: Any) -> dict[str, Any]:
    """Return a valid HRIS record for person n; overrides replace fields."""
    row = {
        "email": f"person{n}@example.com",
        "name": f"Person {n}",
        "title": "Engineer",
        "department": ["Platform", "Data", "Web"][n % 3],
        "manager_email": "",
        "seniority_level": str(1 + n % 6),
        "job_family": "Engineering",
        "timezone": "Europe/London",
        "languages": "en;de",
        "skills": "python:3;sql:2",
        "interests": "chess",
        "bio": f"Bio of person {n}",
    }
    row.update(overrides)
    return row


def org_rows(size: int) -> list[dict[str, Any]]:
    """Return records of a small organisation: person 0 leads, everyone else reports up."""
    rows = [person_row(0, title="CTO", seniority_level="10")]
    for n in range(1, size):
        rows.append(person_row(n, manager_email=f"person{(n - 1) // 3}@example.com"))
    return rows


def csv_bytes(rows: list[dict[str, Any]], header: list[str] | None = None) -> bytes:
    """Render records as an HRIS CSV file."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=header or HEADER, lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def started_engagement(
    admin: Context, mentee: Context, mentor: Context, program_name: str | None = None
) -> int:
    """Open a mentoring program, match mentee with mentor, accept and start; return its id."""
    created = programs.create_from_template(admin, "traditional-mentoring", name=program_name)
    program = programs.set_status(admin, created.id, "open")
    enrolment.enrol(
        mentee,
        program.id,
        "mentee",
        {"goals": "Grow into a staff engineer and learn system design."},
    )
    enrolment.enrol(mentor, program.id, "mentor", {"capacity": 1, "expertise": ["go"]})
    run = matching.approve(admin, matching.run_matching(admin, program.id).id)
    for ctx in (mentee, mentor):
        matching.respond(ctx, run.proposals[0].id, accept=True)
    (engagement,) = engagements.my_engagements(mentee)
    engagements.change_engagement(mentor, engagement.id, "start")
    return engagement.id


def free_port() -> int:
    """Return a TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def at_once(*acts: Callable[[], object]) -> list[str]:
    """Run each act in its own thread, released together; say how each ended."""
    barrier = threading.Barrier(len(acts))
    outcomes: list[str] = []

    def run(act: Callable[[], object]) -> None:
        barrier.wait()
        try:
            act()
            outcomes.append("done")
        except DomainError as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=run, args=(act,)) for act in acts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)
