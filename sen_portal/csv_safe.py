"""The one way the app writes CSV: cells that a spreadsheet would run as a formula are
neutralised.

A child's or a service's name typed as ``=HYPERLINK(...)`` or ``@SUM(...)`` would be a
live formula when a manager opens an export in a spreadsheet (CSV injection, OWASP
"CSV Injection"). Every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is written with a leading apostrophe, which spreadsheets show as text;
plain numbers ("-3", "+1.5") are left alone. Use ``writer()`` (or ``csv_lines()`` for a
streamed response) wherever the app writes a CSV.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralise(value: Any) -> Any:
    """The cell as a spreadsheet must see it: text that would start a formula gets a
    leading apostrophe; everything else is unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer with every cell neutralised."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(file, **kwargs) -> SafeWriter:
    return SafeWriter(file, **kwargs)


class _Echo:
    """A file-like object whose write() returns the line, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Each row as one CSV line, neutralised, for a StreamingHttpResponse."""
    line_writer = writer(_Echo())
    for row in rows:
        yield line_writer.writerow(row)
