"""tmf.problems: one shape for every refusal, its sentence from the catalogue in the reader's
language, prefixed with where it is."""

from dataclasses import replace

from tmf.problems import Problem, ProblemError

MISSING = Problem("file_not_found", {"file": "a.csv"})


def test_a_problem_reads_as_its_catalogue_sentence_in_each_language():
    assert MISSING.message() == "The file a.csv does not exist."
    assert MISSING.message("ru") == "Файл a.csv не существует."
    assert str(MISSING) == "The file a.csv does not exist."


def test_a_problem_says_its_row_and_column_when_it_has_them():
    at_cell = replace(MISSING, row=3, column="volume_m3")
    assert at_cell.message() == "Row 3, column volume_m3: The file a.csv does not exist."
    assert replace(MISSING, row=3).message("ru") == "Строка 3: Файл a.csv не существует."
    assert replace(MISSING, column="B").message() == "Column B: The file a.csv does not exist."


def test_a_dotted_code_names_a_key_of_another_namespace():
    assert Problem("maps.rank", {"rank": 4}).message("ru") == "ранг 4"


def test_a_problem_among_the_params_is_rendered_in_the_same_language_and_a_tuple_of_them_joined():
    nested = Problem(
        "maps.ranks",
        {"first": Problem("maps.rank", {"rank": 1}), "last": (Problem("maps.rank", {"rank": 2}), MISSING)},
    )
    assert nested.message("ru") == "ранги ранг 1–ранг 2, Файл a.csv не существует."


def test_an_error_carries_every_problem_and_says_each_on_its_own_line():
    error = ProblemError([MISSING, Problem("maps.rank", {"rank": 4}, row=2)])
    assert str(error) == "The file a.csv does not exist.\nRow 2: rank 4"
    assert error.messages("ru") == ["Файл a.csv не существует.", "Строка 2: ранг 4"]
    assert ProblemError(MISSING).problems == [MISSING]
