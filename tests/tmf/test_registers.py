"""Registers as authorities keep them (tests/data/registers/README.md): each file either reads
with the right values (volumes converted, statuses mapped, coordinates right, names kept
exactly) or is refused naming the column; nothing is dropped silently."""

import ast
import re
from pathlib import Path

import pytest

from tests.tmf.register_corpus import CORPUS, KZ, PROVENANCE, codes, read
from tmf import vocabulary
from tmf.i18n import LANGUAGES, catalogue, t
from tmf.inventory import COLUMNS
from tmf.problems import ProblemError
from tmf.register_ids import facility_id
from tmf.register_options import (
    HAZARD_MAPPING_FILE,
    RegisterOptions,
    load_hazard_mapping,
    load_options,
    options_from_toml,
    save_options,
)
from tmf.registers import load_register, read_register

ROOT = Path(__file__).parents[2]


def test_a_titled_register_with_a_two_level_header_reads_with_the_right_values():
    result = read("kz_register_titled.xlsx")
    assert result.accepted, codes(result)
    frame = result.frame.set_index("name")
    assert list(frame.index) == ["Хвостохранилище «Кошкар-Ата»", "Таловское хвостохранилище", "Хвостохранилище Текели"]
    assert frame["volume_m3"].tolist() == [360_000_000.0, 95_500.0, 12_250.0]
    assert frame["status"].tolist() == ["abandoned", "active", "inactive"]
    assert frame.loc["Хвостохранилище «Кошкар-Ата»", ["latitude", "longitude"]].tolist() == pytest.approx(
        [43.72, 51.22]
    )
    assert frame.loc["Таловское хвостохранилище", "operator"] == 'АО "Казцинк"'
    assert frame["hazard_class_national"].tolist() == [1.0, 3.0, 2.0]
    assert frame["hazard_class_wgk"].isna().all()  # no mapping named: the national class stays national
    assert frame["row"].tolist() == [6, 8, 9]  # Excel rows, past the title, header, numbers and blank rows
    assert (result.sheet, result.header_row) == ("Реестр", 3)
    assert result.unit_factors == {"Объем хвостов, тыс. м3": 1000.0}
    assert result.fields["latitude"] == "Координаты / Широта"


def test_totals_rows_column_numbers_and_sequence_columns_are_skipped_with_a_note():
    notes = [(n.code, n.row, n.column) for n in read("kz_register_titled.xlsx").notes]
    assert ("registers.total_row_skipped", 10, None) in notes
    assert ("registers.column_numbers_skipped", 5, None) in notes
    assert ("registers.column_bookkeeping", 4, "№ п/п") in notes
    assert ("registers.header_found_two_rows", None, None) in notes


def test_the_water_hazard_class_comes_from_the_national_class_only_through_the_provisional_mapping():
    options = RegisterOptions(set_values=KZ.set_values, hazard_mapping=str(HAZARD_MAPPING_FILE))
    result = read("kz_register_titled.xlsx", options)
    assert result.frame["hazard_class_wgk"].tolist() == [3.0, 2.0, 3.0]  # I, III, II
    assert result.hazard_mapping.provenance == "provisional"
    applied = [n for n in result.notes if n.code == "registers.hazard_mapping_applied"]
    assert applied[0].params["count"] == 3
    assert "provisional" in applied[0].message("en")


def test_a_hazard_mapping_that_does_not_say_it_is_provisional_is_refused(tmp_path):
    unsure = tmp_path / "mapping.toml"
    unsure.write_text("[classes]\n1 = 3\n", encoding="utf-8")
    with pytest.raises(ProblemError) as refused:
        load_hazard_mapping(unsure)
    assert refused.value.problems[0].code == "registers.hazard_mapping_invalid"
    assert load_hazard_mapping().provenance == "provisional"


def test_a_kazakh_register_reads_with_kazakh_status_words_and_its_totals_row_skipped():
    result = read("kazakh_headers.xlsx", RegisterOptions(set_values=PROVENANCE))
    assert result.accepted, codes(result)
    assert result.frame["name"].tolist() == ["Ақтөбе қалдық қоймасы", "Балқаш қалдық қоймасы"]
    assert result.frame["status"].tolist() == ["abandoned", "closed"]
    assert result.frame["volume_m3"].tolist() == [40_000.0, 1_500.0]  # "Көлемі, мың м3"
    assert ("registers.total_row_skipped", 4) in [(n.code, n.row) for n in result.notes]


def test_a_windows_1251_csv_with_volume_headed_with_yo_keeps_its_volume():
    result = read("windows_1251_volume.csv", RegisterOptions())
    assert result.accepted, codes(result)
    assert result.frame["volume_m3"].tolist() == [1_250_000.5, 820_000.0]
    assert result.frame["status"].tolist() == ["inactive", "closed"]
    assert result.frame["confidence"].tolist() == ["low", "medium"]


def test_a_column_with_data_that_matches_no_field_refuses_the_file_until_mapped_or_ignored():
    result = read("unplaced_column.csv", RegisterOptions())
    assert not result.accepted and result.frame.empty
    [column] = result.unplaced_columns
    assert (column.header, column.letter, column.example) == ("Площадь, га", "F", "12")
    [problem] = [p for p in result.problems if p.code.startswith("registers.column_unplaced")]
    for lang in LANGUAGES:
        assert "Площадь, га" in problem.message(lang) and "1" in problem.message(lang)
    ignored = read("unplaced_column.csv", RegisterOptions(ignore=("Площадь, га",)))
    assert ignored.accepted and ignored.frame["status"].tolist() == ["abandoned"]
    mapped = read("unplaced_column.csv", RegisterOptions(columns={"площадь, га": "notes"}))
    assert mapped.accepted and mapped.frame["notes"].tolist() == ["12"]


def test_an_unplaced_column_gets_the_closest_field_as_a_hint():
    data = "Наименование;Страна;Широта;Долгота;Статус;Объем, т\nА;KZ;50;70;действующее;5\n".encode()
    [column] = read_register(data, "r.csv").unplaced_columns
    assert (column.header, column.hint) == ("Объем, т", "volume_m3")


def test_a_value_that_is_wrong_is_refused_naming_the_excel_row_and_the_header_as_written():
    data = "Наименование;Страна;Широта;Долгота;Статус;Объем, тыс. м3\nА;KZ;50;70;действующее;много\n".encode()
    result = read_register(data, "r.csv", RegisterOptions(set_values=PROVENANCE))
    [problem] = result.problems
    assert problem.message("ru").startswith("Строка 2, столбец Объем, тыс. м3:")


def test_rows_giving_the_same_identifier_are_reported_never_guessed():
    result = read("same_name_twice.csv", RegisterOptions())
    assert codes(result) == [("registers.id_ambiguous", 3, "Наименование")]
    assert result.problems[0].params == {"value": "KZ-KHVOSTOKHRANILISHCHE-1", "first": 2}


def test_made_identifiers_are_the_same_on_every_import_and_in_any_row_order():
    first = read("windows_1251_volume.csv", RegisterOptions()).frame
    lines = (CORPUS / "windows_1251_volume.csv").read_bytes().split(b"\r\n")
    swapped = read_register(b"\r\n".join([lines[0], lines[2], lines[1]]), "swapped.csv").frame
    assert first["facility_id"].tolist() == ["KZ-KHVOSTOKHRANILISHCHE-KOSHKAR-ATA", "KZ-KHVOSTOKHRANILISHCHE-TEKELI"]
    assert sorted(swapped["facility_id"]) == sorted(first["facility_id"])
    assert facility_id("kz", "Хвостохранилище  «Кошкар-Ата»") == first["facility_id"].iat[0]


def test_long_names_give_distinct_identifiers_within_forty_characters():
    a = facility_id("KZ", "Хвостохранилище обогатительной фабрики номер один рудника Восточный")
    b = facility_id("KZ", "Хвостохранилище обогатительной фабрики номер два рудника Восточный")
    assert a != b and len(a) <= 40 and len(b) <= 40 and re.fullmatch(r"[A-Z0-9-]+", a)


def test_a_country_restriction_refuses_rows_of_another_country():
    kg = read("two_countries.csv", RegisterOptions(country="KG"))
    assert codes(kg) == [("registers.other_country", 3, "Country")]
    kz = read("two_countries.csv", RegisterOptions(country="KZ"))
    assert codes(kz) == [("registers.other_country", 2, "Country")]
    assert read("two_countries.csv", RegisterOptions()).frame["volume_m3"].tolist() == [2_500_000.0, 820_000.0]


def test_set_values_fill_only_rows_that_lack_a_value():
    data = "Наименование;Страна;Широта;Долгота;Статус\nА;KG;41;72;действующее\nБ;;50;70;действующее\n".encode()
    result = read_register(data, "r.csv", KZ)
    assert result.frame["country"].tolist() == ["KG", "KZ"]


def test_a_named_mapping_saved_to_toml_reads_the_next_file_the_same_way(tmp_path):
    options = RegisterOptions(
        name="Unplaced, ignored", ignore=("Площадь, га",), set_values={"country": "KG"}, units={"Площадь, га": 1.0}
    )
    first = read("unplaced_column.csv", options)
    save_options(first.mapping, tmp_path / "mapping.toml")
    loaded = load_options(tmp_path / "mapping.toml")
    assert loaded == first.mapping and loaded.header_row == 1
    again = read("unplaced_column.csv", loaded)
    assert again.accepted and again.frame.equals(first.frame)


def test_a_broken_mapping_file_is_refused_with_its_name():
    with pytest.raises(ProblemError) as refused:
        options_from_toml('sheet = "A"\ncolour = "red"\n', "mine.toml")
    assert "mine.toml" in refused.value.messages("kk")[0] and "colour" in refused.value.messages()[0]


def test_load_register_raises_every_problem_including_unplaced_columns():
    with pytest.raises(ProblemError) as refused:
        load_register(CORPUS / "unplaced_column.csv")
    assert [p.code for p in refused.value.problems] == ["registers.column_unplaced"]


@pytest.mark.parametrize(
    ("header", "field", "factor"),
    [
        ("Объём, м3", "volume_m3", 1.0),
        ("Объем хвостов, тыс. м3", "volume_m3", 1000.0),
        ("ОБЪЕМ ХВОСТОВ\n(млн. куб. м)", "volume_m3", 1e6),
        ("Масса, тыс. т", "mass_t", 1000.0),
        ("Наименование объекта", "name", 1.0),
        ("Название хвостохранилища", "name", 1.0),
        ("Широта", "latitude", 1.0),
        ("Недропользователь", "operator", 1.0),
        ("Класс опасности", "hazard_class_national", 1.0),
        ("Жер қойнауын пайдаланушы", "operator", 1.0),
        ("Subsoil user", "operator", 1.0),
        ("наименование_рус", "name_ru", 1.0),
        ("Расстояние до воды, м", "distance_to_water_km", 0.001),
    ],
)
def test_headers_are_recognised_in_three_languages_with_their_units(header, field, factor):
    match = vocabulary.recognise_header(header)
    assert (match.field, match.factor) == (field, factor)


@pytest.mark.parametrize("header", ["Объем, т", "Площадь, га", "Примечание 2", "Реестр хвостохранилищ"])
def test_headers_of_other_things_are_not_recognised(header):
    assert vocabulary.recognise_header(header) is None


@pytest.mark.parametrize(
    ("field", "word", "value"),
    [
        ("status", "Действующее", "active"),
        ("status", "законсервированное", "inactive"),
        ("status", "Законсервировано", "inactive"),
        ("status", "недействующий", "inactive"),
        ("status", "бесхозное", "abandoned"),
        ("status", "ликвидированное", "closed"),
        ("status", "рекультивированное", "remediated"),
        ("status", "иесіз", "abandoned"),
        ("status", "жұмыс істейтін", "active"),
        ("status", "mothballed", "inactive"),
        ("status", "жұмыс істейді", "active"),
        ("status", "жұмыс істемейді", "inactive"),
        ("status", "консервацияда", "inactive"),
        ("status", "уақытша тоқтатылды", "inactive"),
        ("status", "иесіз қалған", "abandoned"),
        ("status", "жабылды", "closed"),
        ("status", "рекультивацияланды", "remediated"),
        ("management", "с недостатками", "deficient"),
        ("protected_area_downstream", "Да", "yes"),
        ("protected_area_downstream", "жоқ", "no"),
        ("protected_area_downstream", "иә", "yes"),
        ("dam_condition", "удовлетворительное", "adequate"),
        ("dam_condition", "неудовлетворительное", "deficient"),
        ("dam_condition", "қанағаттанарлықсыз", "deficient"),
        ("confidence", "низкая", "low"),
        ("status", "в стадии строительства", "в стадии строительства"),  # unknown: validation refuses it
    ],
)
def test_register_words_mean_the_allowed_values(field, word, value):
    assert vocabulary.recognise_value(field, word) == value


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_value_word_the_app_shows_is_read_back_as_that_value(lang):
    # An export in Russian or Kazakh words, or a register copied from the Facility page.
    for column in COLUMNS:
        for choice in column.choices or ():
            shown = t(f"values.{column.name}.{choice}", lang)
            assert vocabulary.recognise_value(column.name, shown) == choice, (column.name, shown)


def test_a_refused_value_lists_the_allowed_ones_in_the_readers_words():
    register = (
        "Наименование;Страна;Широта;Долгота;Статус;Источник;Достоверность\nАк-Тюз;KG;42,88;76,11;строится;Реестр;low\n"
    )
    (problem,) = read_register(register.encode(), "register.csv").problems
    assert problem.message("kk") == (
        "2-жол, Статус бағаны: «строится» мына мәндердің бірі емес: "
        "жұмыс істейтін, жұмыс істемейтін, жабылған, иесіз қалған, қалпына келтірілген."
    )


@pytest.mark.parametrize(("text", "expected"), [("III", "3"), ("І", "1"), ("IV класс", "4"), ("2", "2"), ("VI", "VI")])
def test_national_hazard_classes_are_read_in_roman_or_arabic(text, expected):
    assert vocabulary.national_hazard_class(text) == expected


def test_every_register_message_exists_in_english_russian_and_kazakh():
    keys = {lang: {k for k in catalogue(lang) if k.startswith("registers.")} for lang in LANGUAGES}
    assert keys["en"] and keys["en"] == keys["ru"] == keys["kk"]
    modules = ("registers.py", "register_ids.py", "register_problems.py", "register_checks.py")
    sources = "".join((ROOT / "tmf" / name).read_text(encoding="utf-8") for name in modules)
    sources += (ROOT / "tmf" / "register_options.py").read_text(encoding="utf-8")
    used = {f"registers.{c}" for c in re.findall(r'"registers\.(\w+)"', sources)}
    used |= {f"registers.{c}" for c in re.findall(r'note\(\s*"(\w+)"', sources)}
    assert used - keys["en"] == set()


def test_the_readers_know_cells_not_the_inventory():
    tree = ast.parse((ROOT / "tmf" / "readers.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "tmf.inventory" not in imported


def test_totals_rows_are_found_as_by_normalising_every_first_text_cell():
    """is_total_row's shortcut for cells beginning with Latin letters gives what normalising
    each first text cell gives, on rows built from totals words, near misses and names."""
    totals = vocabulary.vocabulary().totals

    def plain(cells):
        first = next((c for c in cells if c.strip() and not re.fullmatch(r"[\d\s.,]+", c.strip())), None)
        words = None if first is None else vocabulary.normalise(first)
        return words is not None and (words in totals or words.startswith(tuple(w + " " for w in totals)))

    starts = ["", " ", "1", "12,5", "'", "=", "(", "SY-", "Su", "SU", "Sub", "Tot", "Gra", "Grand", "S", "T", "Σ", "İ"]
    words = [*totals, "Total", "TOTAL:", "Итого", "ИТОГО по области", "Totals", "Sum", "Summary", "Sumy", "Subtotal 2"]
    words += ["Grand  total", "grand_total", "Synthetic TMF 3", "SY-0000001", "Total3", "Totally", "Sums", "sum-up", ""]
    cells = [start + word for start in starts for word in words] + words
    rows = [[a, b] for a in cells[::7] for b in cells] + [[c] for c in cells]
    assert [vocabulary.is_total_row(r) for r in rows] == [plain(r) for r in rows]
    assert any(plain(r) for r in rows) and not all(plain(r) for r in rows)


EAST = "Восточно-Казахстанская область"
SECTIONED = f"""Реестр хвостохранилищ;;;;
Наименование объекта;Широта;Долгота;Состояние;Объем, тыс. м3
Карагандинская область;;;;
Хвостохранилище А;47,1;73,2;действующее;5
{";".join([EAST] * 5)}
Хвостохранилище Б;50,1;83,2;бесхозное;2
Итого;;;;7
Исполнитель: Ахметова А.К., тел. 8 (7172) 74-00-00;;;;
Начальник отдела;;;;Ахметов Б.
"""


def test_region_headings_and_the_forms_footer_are_skipped_with_a_note_and_nothing_else_is():
    result = read_register(SECTIONED.encode(), "r.csv", KZ)
    assert result.accepted, codes(result)
    notes = {(n.code, n.row) for n in result.notes}
    assert {
        ("registers.region_heading", 3),
        ("registers.region_heading", 5),  # merged across the row: the same text in every cell
        ("registers.total_row_skipped", 7),
        ("registers.row_heading_skipped", 8),  # one text: a note
        ("registers.row_after_totals_skipped", 9),  # two texts below the totals, no coordinates
    } <= notes
    frame = result.frame
    assert frame["row"].tolist() == [4, 6]
    assert frame["name"].tolist() == ["Хвостохранилище А", "Хвостохранилище Б"]
    # the file has no region column: each facility gets the heading above it
    assert frame["region"].tolist() == ["Карагандинская область", "Восточно-Казахстанская область"]
    assert frame["volume_m3"].tolist() == [5000.0, 2000.0]
    [note] = [n for n in result.notes if n.row == 8]
    assert note.message("ru") == (
        "Строка 8: «Исполнитель: Ахметова А.К., тел. 8 (7172) 74-00-00» — заголовок или примечание, "
        "а не объект (один текст на всю строку); строка пропущена."
    )


def test_a_heading_in_a_file_with_a_region_column_is_skipped_and_the_column_kept():
    data = "Наименование;Область;Широта;Долгота;Статус\nКарагандинская область;;;;\nА;Абай;47;73;действующее\n"
    result = read_register(data.encode(), "r.csv", KZ)
    assert result.accepted, codes(result)
    assert ("registers.row_heading_skipped", 2) in {(n.code, n.row) for n in result.notes}
    assert result.frame["region"].tolist() == ["Абай"]


@pytest.mark.parametrize(
    "totals, second",
    [
        ("Итого по области;;;", "Б;50;80;бесхозное"),  # a subtotal: the rows below are facilities
        ("Итого;;;", "Б;50;50;бесхозное"),  # latitude equal to longitude: coordinates, not a footer
    ],
)
def test_a_facility_row_below_the_totals_row_is_still_read(totals, second):
    data = f"Наименование;Широта;Долгота;Статус\nА;47;73;действующее\n{totals}\n{second}\n"
    result = read_register(data.encode(), "r.csv", KZ)
    assert result.accepted, codes(result)
    assert result.frame["name"].tolist() == ["А", "Б"]


def test_countries_written_as_words_are_read_as_their_codes():
    data = "Наименование;Страна;Широта;Долгота;Статус\n" + "".join(
        f"{name};{country};42;74;действующее\n"
        for name, country in [("А", "Республика Казахстан"), ("Б", "Кыргызстан"), ("В", "РК"), ("Г", "Қазақстан")]
    )
    result = read_register(data.encode(), "r.csv", RegisterOptions(set_values=PROVENANCE))
    assert result.accepted, codes(result)
    assert result.frame["country"].tolist() == ["KZ", "KG", "KZ", "KZ"]
    given = read_register(
        "Наименование;Широта;Долгота;Статус\nА;42;74;действующее\n".encode(),
        "r.csv",
        RegisterOptions(set_values={"country": "Казахстан", **PROVENANCE}),
    )
    assert given.frame["country"].tolist() == ["KZ"]


def test_an_unknown_country_is_one_problem_not_one_more_for_the_identifier_made_from_it():
    data = "Наименование;Страна;Широта;Долгота;Статус\nА;Нарния;42;74;действующее\n"
    result = read_register(data.encode(), "r.csv", RegisterOptions(set_values=PROVENANCE))
    assert codes(result) == [("not_a_country", 2, "Страна")]


def test_a_header_hyphenated_across_lines_is_one_word():
    data = 'Наименование;Страна;Широта;Долгота;Статус;"Недро-\nпользователь"\nА;KZ;50;70;действующее;ТОО X\n'
    result = read_register(data.encode(), "r.csv", RegisterOptions(set_values=PROVENANCE))
    assert result.accepted, codes(result)
    assert result.fields["operator"] == "Недропользователь"
    assert result.frame["operator"].tolist() == ["ТОО X"]


@pytest.mark.parametrize(
    "header, hint",
    [
        ("Наименование недропользователя", "operator"),  # the operator's name, not the facility's
        ("Наименование компании-оператора", "operator"),
        ("Масса хвостов, млн т", "mass_t"),
        ("Класс опасности отходов по ЭК РК", "hazard_class_national"),
        ("Площадь, га", None),
    ],
)
def test_an_unplaced_columns_hint_is_the_field_its_words_name(header, hint):
    assert vocabulary.closest_field(header) == hint
