"""HRIS files as they come: CSV in any common encoding and delimiter, JSON, or Excel .xlsx.

Reading only turns bytes into a header and rows, and says how it read them (encoding,
delimiter); which column means what is decided in domain.hris_columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.text import unguarded_cell
from growpath.i18n import N_

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE"),
)
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_SNIFF = 4096
# A 50 MiB .xlsx can unpack to gigabytes of cells; no organisation's HRIS export comes near.
MAX_SHEET_ROWS, MAX_SHEET_COLUMNS = 500_000, 1_000
TOO_MANY_CELLS = "__extra__"
NOT_AN_OBJECT = "__not_object__"


@dataclass(frozen=True)
class HrisFile:
    """A file's column headers and its records (line, header -> cell), and how it was read."""

    headers: list[str]
    records: list[tuple[int, dict[str, Any]]]
    encoding: str
    delimiter: str = ""

    @property
    def form(self) -> str:
        """How the file was read, for the import's report (e.g. "CSV, UTF-16 LE, semicolon")."""
        if self.encoding in ("xlsx", "JSON"):
            return self.encoding if self.encoding == "JSON" else "Excel .xlsx"
        return f"CSV, {self.encoding}, {_DELIMITERS[self.delimiter]}-separated"


def read_hris_file(content: bytes, filename: str) -> HrisFile:
    """Read an HRIS export of any supported kind, or raise InvalidInput saying why not."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    text, encoding = decode_text(content)
    if filename.lower().endswith(".json") or text.lstrip().startswith(("[", "{")):
        return _read_json(text)
    return _read_csv(text, encoding)


def decode_text(content: bytes) -> tuple[str, str]:
    """Return the text and the name of its encoding: a BOM decides, else UTF-8, else cp1252."""
    for bom, codec, name in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(codec), name
            except UnicodeDecodeError as exc:
                raise InvalidInput(
                    [
                        Problem.of(
                            N_("the file starts as %(encoding)s but is not (%(reason)s)"),
                            encoding=name,
                            reason=exc.reason,
                        )
                    ]
                ) from exc
    if b"\x00" in content[:_SNIFF]:
        # No text holds NUL bytes: this is UTF-16 saved without a BOM; the zero bytes of ASCII
        # characters fall on odd offsets in little-endian order, on even ones in big-endian.
        head = content[:_SNIFF]
        little = head[1::2].count(0) >= head[0::2].count(0)
        codec, name = ("utf-16-le", "UTF-16 LE") if little else ("utf-16-be", "UTF-16 BE")
        try:
            return content.decode(codec), f"{name} without BOM"
        except UnicodeDecodeError as exc:
            not_it = N_("the file holds NUL bytes but is not %(encoding)s")
            raise InvalidInput([Problem.of(not_it, encoding=name)]) from exc
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows saves "CSV" in the ANSI code page; Western Europe's is cp1252.
        return content.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            [Problem.of(N_("the file is neither UTF-8, UTF-16 nor Windows-1252 text, nor .xlsx"))]
        ) from exc


def _delimiter(header_line: str) -> str:
    # The header names the columns, so its most frequent separator is the file's.
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(text: str, encoding: str) -> HrisFile:
    delimiter = _delimiter(text.lstrip("\r\n").split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, dict[str, Any]]] = []
    try:
        headers = [h.strip() for h in next(reader, [])]
        if not any(headers):
            raise InvalidInput([Problem.of(N_("the file is empty; expected a header row"), line=1)])
        width = len(headers)
        for row in reader:
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                records.append((reader.line_num, {TOO_MANY_CELLS: row[width:]}))
            elif any(cell.strip() for cell in row):
                # Our own export guards formula-looking cells with a leading '; undo it.
                cells = [unguarded_cell(cell) for cell in row]
                records.append((reader.line_num, dict(zip(headers, cells, strict=False))))
    except csv.Error as exc:
        malformed = Problem.of(N_("malformed CSV: %(error)s"), None, reader.line_num, error=exc)
        raise InvalidInput([malformed]) from exc
    return HrisFile(headers, records, encoding, delimiter)


def _read_json(text: str) -> HrisFile:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        malformed = Problem.of(N_("malformed JSON: %(error)s"), None, exc.lineno, error=exc.msg)
        raise InvalidInput([malformed]) from exc
    if isinstance(document, dict) and isinstance(document.get("people"), list):
        document = document["people"]
    if not isinstance(document, list):
        raise InvalidInput([Problem('expected a JSON list of people (or {"people": [...]})')])
    records: list[tuple[int, dict[str, Any]]] = []
    headers: dict[str, None] = {}
    for index, item in enumerate(document, start=1):
        # In JSON the "line" is the record's position in the list, counted from 1.
        if isinstance(item, dict):
            headers.update(dict.fromkeys(str(k) for k in item))
            records.append((index, {str(k): v for k, v in item.items()}))
        else:
            records.append((index, {NOT_AN_OBJECT: item}))
    return HrisFile(list(headers), records, "JSON")


def _read_xlsx(content: bytes) -> HrisFile:
    # Imported here: openpyxl is only needed for .xlsx, and the CLI starts faster without it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        unread = Problem.of(N_("the .xlsx file cannot be read (%(error)s)"), "file", error=exc)
        raise InvalidInput([unread]) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers: list[str] = []
        records: list[tuple[int, dict[str, Any]]] = []
        for number, row in enumerate(rows, start=1):
            if number > MAX_SHEET_ROWS or len(row) > MAX_SHEET_COLUMNS:
                raise InvalidInput(
                    [
                        Problem.of(
                            N_("the sheet is larger than %(rows)s rows or %(columns)s columns"),
                            "file",
                            number,
                            rows=MAX_SHEET_ROWS,
                            columns=MAX_SHEET_COLUMNS,
                        )
                    ]
                )
            cells = [_cell(value) for value in row]
            if not headers:
                if any(c not in (None, "") for c in cells):
                    headers = ["" if c is None else str(c).strip() for c in cells]
                continue
            if any(c not in (None, "") for c in cells):
                records.append((number, dict(zip(headers, cells, strict=False))))
    finally:
        workbook.close()
    if not headers:
        empty = N_("the first sheet is empty; expected a header row")
        raise InvalidInput([Problem.of(empty, line=1)])
    return HrisFile(headers, records, "xlsx")


def _cell(value: object) -> object:
    # Excel keeps every number as a float and every date as a datetime: give back 3, not 3.0,
    # and a plain date when the time is midnight.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == time(0, 0):
        return value.date()
    if isinstance(value, date | datetime | int | float | bool) or value is None:
        return value
    return str(value)
