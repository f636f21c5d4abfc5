"""Notes never reach the database in clear text, and survive a key rotation."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from growpath.adapters.clock import FixedClock
from growpath.adapters.crypto import NoteCipher, decode_key, kek_from_settings, new_key
from growpath.bootstrap import Growpath
from growpath.domain.errors import Conflict
from growpath.services import keys, sessions
from growpath.services.context import operator_context
from tests.integration.conftest import Pair

SECRET = "Worried-about-the-Zebra-reorg"


def _hold_note(pair: Pair, clock: FixedClock) -> int:
    session = sessions.schedule(pair.mentor, pair.engagement_id, clock.now() + timedelta(hours=1))
    sessions.hold(
        pair.mentor,
        session.id,
        shared_notes={"reality": SECRET},
        private_notes={"options": SECRET + "-private"},
    )
    return session.id


def raw_database(engine: Engine, tmp_path: Path) -> bytes:
    """Return the database as an operator with file access reads it: file and WAL, or a dump."""
    if engine.dialect.name == "sqlite":
        engine.dispose()  # flush the WAL into the file before reading it raw
        database = engine.url.database or ""
        return b"".join(
            Path(p).read_bytes() for p in (database, f"{database}-wal") if Path(p).exists()
        )
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    return subprocess.run(  # noqa: S603 - our own pg_dump on our own test database
        [pg_dump, "--data-only", url], capture_output=True, check=True, timeout=60
    ).stdout


def test_note_text_is_not_in_the_raw_database(
    engine: Engine, running_pair: Pair, clock: FixedClock, tmp_path: Path
) -> None:
    session_id = _hold_note(running_pair, clock)
    assert sessions.read_notes(running_pair.mentee, session_id)["shared"][0]["reality"] == SECRET
    raw = raw_database(engine, tmp_path)
    assert b"Zebra" not in raw
    assert SECRET.encode() not in raw


def test_notes_stay_readable_through_a_key_rotation(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    old, new = decode_key(new_key()), decode_key(new_key())
    app.cipher = NoteCipher(old)
    session_id = _hold_note(running_pair, clock)
    # The pair's enrolment goals were sealed, as a row of their own, under the configured key;
    # scheduling the session put an invite e-mail for each of the two in the outbox, sealed;
    # the program admin's authenticator key (two-step login) is sealed under it too.
    configured = kek_from_settings(app.settings.notes_key, app.settings.secret_key)
    app.cipher = NoteCipher(new, previous=[old, configured])
    # Holding the session queued the mentee's reflection prompt e-mail, sealed like the invites.
    assert keys.rotate_data_keys(operator_context(app)) == 2 + 1 + 2 + 1 + 1
    app.cipher = NoteCipher(new)
    notes = sessions.read_notes(running_pair.mentor, session_id)  # shares this app
    assert notes["shared"][0]["reality"] == SECRET
    assert notes["private"][0]["options"] == SECRET + "-private"
    assert keys.rotate_data_keys(operator_context(app)) == 0


def test_notes_sealed_under_a_key_the_server_lacks_say_which_key_instead_of_failing(
    app: Growpath, running_pair: Pair, clock: FixedClock
) -> None:
    old = decode_key(new_key())
    app.cipher = NoteCipher(old)
    session_id = _hold_note(running_pair, clock)
    app.cipher = NoteCipher(decode_key(new_key()))
    with pytest.raises(Conflict, match="adds that notes key to GROWPATH_NOTES_PREVIOUS_KEYS"):
        sessions.read_notes(running_pair.mentor, session_id)
    app.cipher = NoteCipher(decode_key(new_key()), previous=[old])
    assert sessions.read_notes(running_pair.mentor, session_id)["shared"][0]["reality"] == SECRET
