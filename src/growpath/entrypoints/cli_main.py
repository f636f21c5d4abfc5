"""The `growpath` entry point: the command line, with faults of the surroundings told in one
line (a database that cannot be reached, a port in use) and the trace only with --debug."""

from __future__ import annotations

import os
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

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
    except (OperationalError, InterfaceError) as exc:
        if debug:
            raise
        reason = str(exc.orig or exc).strip().splitlines()[0]
        errors.print(
            f"[red]growpath cannot reach its database[/red] {_shown_url()}: {reason}\n"
            "Check GROWPATH_DATABASE_URL and that the database is running "
            "(add --debug for the full trace).",
            highlight=False,
        )
        sys.exit(EXIT_UNAVAILABLE)


def _shown_url() -> str:
    # The URL as the operator set it, without its password.
    url = os.environ.get("GROWPATH_DATABASE_URL", "")
    try:
        return make_url(url).render_as_string(hide_password=True) if url else "(the default)"
    except ArgumentError:
        return "(GROWPATH_DATABASE_URL)"
