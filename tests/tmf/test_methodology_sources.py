"""Every source the user can read points to a section of docs/methodology.md or to a URL.

The profile, the Checklist and the Measure Catalogue cite the project's own account of the
method as ``docs/methodology.md §X.Y``; these tests fail when a cited section has no heading
there, when a source field cites neither a section nor a public URL, or when a catalogue or
data file cites a bare ``methodology.md`` (a file that is not in the repository).
"""

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tmf.checklist import load_checklist

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "methodology.md"
DATA_FILES = (
    ROOT / "data" / "methodology" / "unece_tmf_2020.toml",
    ROOT / "data" / "checklist" / "checklist.toml",
    ROOT / "data" / "checklist" / "measures.toml",
)
CITATION = re.compile(r"docs/methodology\.md §(\d+(?:\.\d+)?)")
URL = re.compile(r"https?://\S+")
HEADING = re.compile(r"^#{1,6} (\d+(?:\.\d+)?) \S", re.MULTILINE)
BARE = re.compile(r"(?<!docs/)methodology\.md")


def sections() -> set[str]:
    return set(HEADING.findall(DOC.read_text(encoding="utf-8")))


def source_fields(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) of every ``source``, ``source_*``, ``missing_source`` and ``sources`` entry."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else key
            if key in ("source", "missing_source", "sources") or key.startswith("source_"):
                values = value if isinstance(value, list) else [value]
                yield from ((f"{where}[{i}]", str(v)) for i, v in enumerate(values))
            else:
                yield from source_fields(value, where)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            key = item.get("key", i) if isinstance(item, dict) else i
            yield from source_fields(item, f"{path}[{key}]")


def all_source_fields() -> list[tuple[str, str]]:
    fields = []
    for file in DATA_FILES:
        with file.open("rb") as handle:
            fields += [(f"{file.name}:{where}", text) for where, text in source_fields(tomllib.load(handle))]
    return fields


def test_the_document_has_the_sections_the_data_cites_each_with_an_anchor():
    text = DOC.read_text(encoding="utf-8")
    found = sections()
    assert {"1.2", "1.3", "2.2", "3.1", "3.2", "3.3", "3.4", "4.1", "4.3", "4.4"} <= found
    for number in found:
        assert f'<a id="s{number.replace(".", "-")}"></a>' in text, number


def test_the_document_says_which_values_are_provisional_and_explains_the_tags():
    text = DOC.read_text(encoding="utf-8")
    for tag in ("**[S]**", "**[R]**", "**[I]**"):
        assert tag in text
    assert "provisional" in text and "https://unece.org/info/Environment-Policy/Industrial-accidents/pub/369164" in text


def test_the_walk_finds_the_source_of_every_criterion_question_and_measure():
    wheres = [where for where, _ in all_source_fields()]
    assert "unece_tmf_2020.toml:criteria[toxicity].missing_source[0]" in wheres
    assert "checklist.toml:priority.source[0]" in wheres
    assert "measures.toml:measures[m_owner].source[0]" in wheres
    checklist = load_checklist()
    assert sum(w.startswith("checklist.toml:categories") for w in wheres) == len(checklist.questions) == 31
    assert sum(w.startswith("measures.toml:measures[") for w in wheres) == len(checklist.measures) == 23


@pytest.mark.parametrize(("where", "text"), all_source_fields(), ids=lambda v: v if "toml:" in v else "")
def test_every_source_cites_an_existing_section_or_a_public_url(where, text):
    cited = CITATION.findall(text)
    assert cited or URL.search(text), f"{where} cites neither docs/methodology.md §X.Y nor a URL: {text!r}"
    assert set(cited) <= sections(), f"{where} cites a section missing from docs/methodology.md: {text!r}"


def test_the_priority_matrix_cites_the_section_that_proposes_it():
    with (ROOT / "data" / "checklist" / "checklist.toml").open("rb") as handle:
        assert CITATION.findall(tomllib.load(handle)["priority"]["source"]) == ["3.3"]


def catalogue_and_data_files() -> list[Path]:
    files = sorted((ROOT / "tmf" / "locales").glob("*/*.toml"))
    files += sorted(p for p in (ROOT / "data").rglob("*") if p.suffix in {".toml", ".csv", ".md"})
    return files


@pytest.mark.parametrize("file", catalogue_and_data_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_catalogue_or_data_file_cites_a_bare_methodology_md(file):
    text = file.read_text(encoding="utf-8")
    assert not BARE.search(text), f"{file.relative_to(ROOT)}: {BARE.search(text).group()!r} without docs/"
    assert set(CITATION.findall(text)) <= sections()
