"""Writes the register-shaped files of this corpus (run from anywhere; the outputs are kept in git).

.venv/bin/python tests/data/registers/build_registers.py

The facilities and numbers are made up for the tests; only the shapes are taken from how
authorities keep registers (README.md in this folder lists each file and its outcome).
"""

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
TITLE = "Реестр хвостохранилищ Республики Казахстан по состоянию на 01.01.2025"
KZ_ROWS = [
    # №, name, operator, lat, lon, status, volume (thousand m3), class
    [
        1,
        "Хвостохранилище «Кошкар-Ата»",
        "ТОО «Каспий Экология»",
        "43°43'12\" с.ш.",
        "51°13'12\" в.д.",
        "бесхозное",
        "360 000",
        "I",
    ],
    [2, "Таловское хвостохранилище", 'АО "Казцинк"', "50°21'00\" с.ш.", "83°30'36\" в.д.", "действующее", 95.5, "III"],
    [3, "Хвостохранилище Текели", "", "44°51'00\" с.ш.", "78°45'36\" в.д.", "законсервировано", "12,25", "II"],
]


def _title(sheet, width: int) -> None:
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append([])


def kz_register() -> None:
    """Row 1: a title merged across; row 2 blank; rows 3-4: a two-level header ("Координаты"
    merged over Широта/Долгота, the others merged down); row 5: column numbers; data from
    row 6 with a blank row between facilities; an "Итого" row at the end."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Реестр"
    upper = ["№ п/п", "Наименование объекта", "Недропользователь", "Координаты", None, "Статус"]
    upper += ["Объем хвостов,\nтыс. м3", "Класс опасности"]
    _title(sheet, len(upper))
    sheet.append(upper)
    sheet.append([None, None, None, "Широта", "Долгота"])
    for column in (1, 2, 3, 6, 7, 8):
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    sheet.merge_cells(start_row=3, start_column=4, end_row=3, end_column=5)
    sheet.append(list(range(1, len(upper) + 1)))
    sheet.append(KZ_ROWS[0])
    sheet.append([])
    sheet.append(KZ_ROWS[1])
    sheet.append(KZ_ROWS[2])
    sheet.append([None, "Итого", None, None, None, None, 360107.75, None])
    book.save(HERE / "kz_register_titled.xlsx")


def several_sheets() -> None:
    """An explanation sheet first, the register second, a summary third."""
    book = Workbook()
    notes = book.active
    notes.title = "Пояснения"
    notes.append(["Пояснительная записка"])
    notes.append(["Реестр составлен по данным недропользователей."])
    register = book.create_sheet("Реестр 2024")
    register.append(["Наименование", "Страна", "Широта", "Долгота", "Статус", "Масса, млн т", "Источник"])
    register.append(["Хвостохранилище Ак-Тюз", "KG", 42.88, 76.11, "бесхозное", 2.5, "Реестр МЧС КР"])
    register.append(["Хвостохранилище Кадамжай", "KG", 40.13, 71.72, "действующее", "0,75", "Реестр МЧС КР"])
    summary = book.create_sheet("Сводка")
    summary.append(["Всего объектов", 2])
    summary.append(["Масса, млн т", 3.25])
    book.save(HERE / "several_sheets.xlsx")


def kazakh_headers() -> None:
    """Kazakh headers, Kazakh status words, a "Барлығы" totals row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Тізілім"
    sheet.append(["Р/с", "Нысанның атауы", "Ел", "Ендік", "Бойлық", "Мәртебесі", "Көлемі, мың м3"])
    sheet.append([1, "Ақтөбе қалдық қоймасы", "KZ", 50.28, 57.17, "иесіз", 40])
    sheet.append([2, "Балқаш қалдық қоймасы", "KZ", 46.85, 74.98, "жабылған", "1,5"])
    sheet.append([None, "Барлығы", None, None, None, None, 41.5])
    book.save(HERE / "kazakh_headers.xlsx")


def csv_files() -> None:
    """CSV registers: Windows-1251 with semicolons and decimal commas; a group header written
    once over its first column; a column that matches nothing; a name twice; two countries."""
    windows = [
        "Наименование;Страна;Широта;Долгота;Статус;Объём, м3;Источник;Достоверность",
        "Хвостохранилище Кошкар-Ата;KZ;43,72;51,22;законсервированное;1 250 000,5;Реестр МЭПР;низкая",
        "Хвостохранилище Текели;KZ;44,85;78,76;ликвидированное;820 000;Реестр МЭПР;средняя",
        ";;;;;;;",
    ]
    (HERE / "windows_1251_volume.csv").write_bytes("\r\n".join(windows).encode("cp1251"))
    group = [
        "Реестр объектов размещения отходов;;;;;;",
        ";;;;;;",
        "Наименование;Координаты;;Статус;Объем, млн м3;Источник;Достоверность",
        ";Широта;Долгота;;;;",
        "Хвостохранилище Майлуу-Суу №3;41°16'56\" с.ш.;72°28'34\" в.д.;рекультивированное;0,11;Реестр;high",
        "Итого;;;;0,11;;",
    ]
    (HERE / "csv_group_header.csv").write_text("\n".join(group), encoding="utf-8")
    unplaced = [
        "Наименование,Страна,Широта,Долгота,Статус,Площадь, га,Источник,Достоверность",
        "Хвостохранилище Ак-Тюз,KG,42.88,76.11,бесхозное,12,Реестр,low",
    ]
    # A quoted header with a comma, as spreadsheet programs write it.
    unplaced[0] = 'Наименование,Страна,Широта,Долгота,Статус,"Площадь, га",Источник,Достоверность'
    (HERE / "unplaced_column.csv").write_text("\n".join(unplaced), encoding="utf-8")
    same_name = [
        "Наименование;Страна;Широта;Долгота;Статус;Источник;Достоверность",
        "Хвостохранилище № 1;KZ;50,1;70,1;действующее;Реестр;low",
        "Хвостохранилище №1;KZ;51,2;71,2;действующее;Реестр;low",
    ]
    (HERE / "same_name_twice.csv").write_text("\n".join(same_name), encoding="utf-8")
    two_countries = [
        "Name;Country;Latitude;Longitude;Status;Tailings volume (million m3);Source;Confidence",
        "Ak-Tuz;KG;42.88;76.11;abandoned;2,5;MES register;low",
        "Tekeli;KZ;44.85;78.76;closed;0,82;MEGNR register;low",
    ]
    (HERE / "two_countries.csv").write_text("\n".join(two_countries), encoding="utf-8")


if __name__ == "__main__":
    kz_register()
    several_sheets()
    kazakh_headers()
    csv_files()
