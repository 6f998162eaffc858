"""CSV downloads, written one way: for Dutch Excel, and never run as formulas.

`;` between fields and a decimal comma (Excel in a Dutch locale reads `,` as the decimal sign and
`;` as the list separator), UTF-8 with a byte order mark so Excel recognises the encoding and shows
ë and é correctly.
"""

import csv
import io
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A leading apostrophe keeps Excel from running a name like `=SOM(…)` as a formula. Use it on
    every text a person typed (names, notes, comments, titles)."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def csv_number(value) -> str:
    """A level or an average as Dutch Excel reads it: `3`, `2,5`, or empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def csv_bytes(rows: Iterable[list]) -> bytes:
    """The rows as a CSV file for Dutch Excel."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return output.getvalue().encode("utf-8-sig")
