import pytest

from members.spreadsheet import neutralise, restore


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"])
def test_formula_cells_are_written_as_text(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["UPC-Manidem", "Parti Communiste", "'quoted", "", "2010"])
def test_ordinary_cells_are_written_as_they_are(value):
    assert neutralise(value) == value


@pytest.mark.parametrize(
    "value", ["=1+1", "'=1+1", "''=1+1", "-", "'", "'hello", "UPC-Manidem", "@", "", "x=1"]
)
def test_restore_undoes_neutralise_exactly(value):
    assert restore(neutralise(value)) == value


def test_none_is_an_empty_cell():
    assert neutralise(None) == ""
