"""CSV files we hand out: every cell a spreadsheet would run as a formula is guarded."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from growpath.domain.text import spreadsheet_cell


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Return rows as CSV text, with every formula-looking text cell prefixed with '.

    A bio of ``=HYPERLINK(...)`` would otherwise run when an admin opens the export in a
    spreadsheet. Numbers (``-0.5``) stay as they are; None is an empty cell.
    """
    buffer = io.StringIO()
    # RFC 4180's CRLF: Python 3.11 quotes a cell only for the characters of the line ending,
    # so with "\n" alone a bio holding a lone CR would come out unquoted and split its row.
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else spreadsheet_cell(str(cell)) for cell in row])
    return buffer.getvalue()
