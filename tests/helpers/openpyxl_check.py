"""Opens chart workbooks with openpyxl and reads the cells the charts' formulas point at.

Run with /usr/bin/python3 (Debian's python3-openpyxl). Reads JSON on stdin:
  {"workbooks": [{"label": "ppt/embeddings/x.xlsx", "path": "/tmp/.../x.xlsx", "refs": ["Sheet1!$A$2:$A$4"]}]}
and prints JSON on stdout:
  {"openpyxl": "3.0.9", "workbooks": [{"label": ..., "error": null | "...", "warnings": ["..."],
    "tables": ["problem", ...], "cells": {"Sheet1!$A$2:$A$4": {"rows": [[v], [v], [v]]} | {"error": "..."}}}]}
Every warning openpyxl gives while loading and reading is recorded (the test fails on any);
the values are compared with the charts' caches by the test, not here.
"""
import datetime
import json
import sys
import warnings
import zipfile
import traceback

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.table import Table
from openpyxl.xml.functions import fromstring


def plain(value):
    """A cell value as JSON: numbers, text, booleans and None as they are, anything else as text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)


def split_ref(ref):
    """'Sheet1'!$A$2:$A$4 or Sheet1!$A$2 -> (sheet, range without $)."""
    sheet, _, cells = ref.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cells.replace("$", "")


def read_cells(wb, ref):
    sheet, cells = split_ref(ref)
    if not sheet:
        return {"error": "the formula names no sheet"}
    if sheet not in wb.sheetnames:
        return {"error": "no sheet %r (the workbook has %r)" % (sheet, wb.sheetnames)}
    ws = wb[sheet]
    min_col, min_row, max_col, max_row = range_boundaries(cells)
    rows = []
    for r in range(min_row, max_row + 1):
        rows.append([plain(ws.cell(row=r, column=c).value) for c in range(min_col, max_col + 1)])
    return {"rows": rows}


def table_problems(path):
    """Every table part (xl/tables/*.xml) parsed by openpyxl's Table, whose ref must be a cell range."""
    problems = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("xl/tables/") and n.endswith(".xml")):
            tree = fromstring(z.read(name))
            try:
                table = Table.from_tree(tree)
                range_boundaries(table.ref)
            except Exception as e:  # openpyxl raises ValueError/TypeError for a bad ref
                problems.append("%s (ref=%r): openpyxl rejects it: %s: %s" % (name, tree.get("ref"), type(e).__name__, e))
    return problems


def check(entry):
    result = {"label": entry["label"], "error": None, "warnings": [], "tables": [], "cells": {}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            wb = openpyxl.load_workbook(entry["path"], data_only=False)
            for ref in entry["refs"]:
                try:
                    result["cells"][ref] = read_cells(wb, ref)
                except Exception as e:
                    result["cells"][ref] = {"error": "%s: %s" % (type(e).__name__, e)}
            result["tables"] = table_problems(entry["path"])
        except Exception as e:
            result["error"] = "%s: %s\n%s" % (type(e).__name__, e, traceback.format_exc(limit=3))
    result["warnings"] = ["%s: %s" % (w.category.__name__, w.message) for w in caught]
    return result


def main():
    request = json.load(sys.stdin)
    out = {"openpyxl": openpyxl.__version__, "workbooks": [check(e) for e in request["workbooks"]]}
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
