"""Spreadsheet safety for CSV cells: neutralise formulas on the way out, undo on the way in.

A cell that starts with =, +, -, @, a tab or a carriage return is run as a formula
by spreadsheet programs. Such a cell is written with a leading apostrophe, which
spreadsheets show as plain text. A value that already starts with apostrophes
followed by such a character gets one more, so `restore()` can always undo
exactly what `neutralise()` did.
"""

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell text to write for `value` (any type; None becomes "")."""
    if value is None:
        return ""
    text = str(value)
    if text.lstrip("'").startswith(TRIGGERS):
        return "'" + text
    return text


def restore(cell):
    """The value `neutralise()` was given, from the cell text it returned."""
    if cell.startswith("'") and neutralise(cell[1:]) == cell:
        return cell[1:]
    return cell
