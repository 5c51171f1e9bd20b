"""Notes on a register's validated rows (tmf.register_checks): a facility outside its country
and a cell a spreadsheet would run are read, kept as written and said by row and column."""

from tests.tmf.register_corpus import PROVENANCE, codes
from tmf.register_options import RegisterOptions
from tmf.registers import read_register


def test_a_facility_outside_its_country_is_read_with_a_note_naming_row_and_point():
    data = "Наименование;Страна;Широта;Долгота;Статус\nА;KZ;43,35;151,14;действующее\nБ;KZ;43,35;51,14;действующее\n"
    result = read_register(data.encode(), "r.csv", RegisterOptions(set_values=PROVENANCE))
    assert result.accepted, codes(result)
    [note] = [n for n in result.notes if n.code == "registers.outside_country"]
    assert note.message("ru") == (
        "Строка 2, столбец Широта: точка (43,35; 151,14) лежит за пределами страны «Казахстан»; проверьте "
        "координаты (не перепутаны ли широта и долгота, нет ли опечатки)."
    )


def test_many_facilities_outside_their_country_are_noted_twenty_by_name_and_the_rest_counted():
    rows = "".join(f"Ф{i};KZ;43,35;151,14;действующее\n" for i in range(25))
    data = "Наименование;Страна;Широта;Долгота;Статус\n" + rows
    notes = read_register(data.encode(), "r.csv", RegisterOptions(set_values=PROVENANCE)).notes
    assert [n.row for n in notes if n.code == "registers.outside_country"] == list(range(2, 22))
    [more] = [n for n in notes if n.code == "registers.outside_country_more"]
    assert more.message("en") == "5 more facilities lie outside their country; check their coordinates."


def test_a_text_cell_a_spreadsheet_would_run_is_kept_with_a_note_naming_its_row_and_column():
    data = "Наименование;Страна;Широта;Долгота;Статус;Примечание\nА;KZ;43;70;действующее;+7 777 000 00 00\n"
    result = read_register(data.encode(), "r.csv", RegisterOptions(set_values=PROVENANCE))
    assert result.accepted, codes(result)
    assert result.frame["notes"].tolist() == ["+7 777 000 00 00"]  # stored as written
    [note] = [n for n in result.notes if n.code == "registers.formula_like_kept"]
    assert (note.row, note.column) == (2, "Примечание")
    assert note.message("en").endswith("every table this dashboard writes (CSV, XLSX) shows it as text.")
