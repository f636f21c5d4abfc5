"""The `growpath` entry point: the command line, with faults of the surroundings told in one
line (a database that cannot be reached, a port in use) and the trace only with --debug."""

from __future__ import annotations

import os
import sys

from growpath.entrypoints.cli import app
from growpath.entrypoints.cli_support import errors

EXIT_UNAVAILABLE = 1


def main() -> None:
    """Run the command line; say in one line when the database cannot be reached."""
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except Exception as exc:
        if debug or not _database_unreachable(exc):
            raise
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        errors.print(
            f"[red]growpath cannot reach its database[/red] {_shown_url()}: {reason}\n"
            "Check GROWPATH_DATABASE_URL and that the database is running "
            "(add --debug for the full trace).",
            highlight=False,
        )
        sys.exit(EXIT_UNAVAILABLE)


def _database_unreachable(exc: Exception) -> bool:
    # Only a command that opened the database can raise SQLAlchemy's errors, so SQLAlchemy is
    # looked at only once loaded: `growpath --help` starts without it.
    if "sqlalchemy" not in sys.modules:
        return False
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError)


def _shown_url() -> str:
    # The URL as the operator set it, without its password.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = os.environ.get("GROWPATH_DATABASE_URL", "")
    try:
        return make_url(url).render_as_string(hide_password=True) if url else "(the default)"
    except ArgumentError:
        return "(GROWPATH_DATABASE_URL)"


if __name__ == "__main__":
    main()
