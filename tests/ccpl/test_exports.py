"""CSV downloads open correctly in a spreadsheet: UTF-8 with a byte-order mark (Excel on
Windows reads UTF-8 only then), formula cells neutralised, numbers left as numbers."""

import csv
import io
from decimal import Decimal

from ccpl.exports import csv_response


def _download(rows):
    response = csv_response(rows=rows, filename="x.csv")
    return b"".join(response.streaming_content)


def test_utf8_with_a_byte_order_mark_keeps_accented_names():
    body = _download([["Name", "Place"], ["Zoë Ó Briain", "Forêt de Dean"]])
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["Name", "Place"], ["Zoë Ó Briain", "Forêt de Dean"]]


def test_formulas_are_neutralised_but_numbers_stay_numbers():
    body = _download(
        [
            ["value"],
            ['=HYPERLINK("http://evil")'],
            ["+cmd|' /C calc'!A0"],
            ["@SUM(A1)"],
            ["-2+3"],
            ["-3"],
            ["-3.5"],
            ["-12%"],
            [-3],
            [Decimal("-0.25")],
            [1251],
        ]
    )
    cells = [row[0] for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]
    assert cells == [
        '\'=HYPERLINK("http://evil")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(A1)",
        "'-2+3",
        "-3",
        "-3.5",
        "-12%",
        "-3",
        "-0.25",
        "1251",
    ]
