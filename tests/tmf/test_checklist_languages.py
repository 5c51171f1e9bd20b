"""The Checklist and the Measure Catalogue speak English, Russian and Kazakh.

Every question, category and measure has its own text in each language, and the language
picker takes the Kazakh text for "kk", falling back to Russian, then English, when a text
has no Kazakh version.
"""

import re

import pytest

from tmf.checklist import load_checklist, parse_checklist

CHECKLIST = load_checklist()
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
KAZAKH_LETTERS = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
ITEMS = [("question", q) for q in CHECKLIST.questions] + [("measure", m) for m in CHECKLIST.measures]


@pytest.mark.parametrize(("kind", "item"), ITEMS, ids=[f"{kind}:{item.key}" for kind, item in ITEMS])
def test_every_question_and_measure_has_its_own_english_russian_and_kazakh_text(kind, item):
    en, ru, kk = (item.texts.get(f"text_{lang}", "").strip() for lang in ("en", "ru", "kk"))
    assert en and ru and kk, f"{kind} {item.key} lacks a text"
    assert not CYRILLIC.search(en) and CYRILLIC.search(ru) and KAZAKH_LETTERS.search(kk)
    assert len({en, ru, kk}) == 3
    assert item.text("kk") == kk and item.text("ru") == ru and item.text("en") == en


def test_every_category_and_the_checklist_title_have_a_kazakh_title():
    for category in CHECKLIST.categories:
        assert category.title("kk") == category.texts["title_kk"] != category.title("ru")
    assert CHECKLIST.title("kk") == "Қалдық қоймасының бақылау тізімі (алдын ала құрылым)"


def test_kazakh_is_chosen_for_kk_with_known_texts():
    assert CHECKLIST.question("dam_vegetation").text("kk") == "Бөгет денесінде ағаштар мен жануарлардың іні жоқ."
    assert CHECKLIST.measures_for("cl_access")[0].text("kk") == "Нысанды қоршап, ескерту белгілерін орнату."


def test_a_text_without_kazakh_falls_back_to_russian_then_english():
    def one_question(**texts):
        data = {
            "checklist": {"title_en": "T"},
            "answers": [{"key": "yes", "score": 1.0}, {"key": "no", "score": 0.0}],
            "evidence": [{"key": "documented", "factor": 1.0}],
            "priority": {"safety_breaks": [50.0, 80.0], "matrix": [[1, 1, 2], [1, 2, 3], [2, 3, 3]]},
            "categories": [{"key": "c", "title_en": "C", "questions": [{"key": "q", "weight": 1, **texts}]}],
        }
        return parse_checklist(data, {"measures": []}).question("q")

    assert one_question(text_en="Dam", text_ru="Дамба").text("kk") == "Дамба"
    assert one_question(text_en="Dam").text("kk") == "Dam"
    assert one_question(text_en="Dam", text_ru="Дамба", text_kk="Бөгет").text("ru") == "Дамба"
