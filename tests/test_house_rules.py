"""House rules that keep the code livable: layering, catalogues, docs that match the code."""

import ast
import inspect
import re
import string
import tomllib
from pathlib import Path

import pytest

from tmf.i18n import LANGUAGES, catalogue
from tmf.inventory import COLUMNS

ROOT = Path(__file__).parents[1]
UI_LIBRARIES = {"streamlit", "plotly", "pydeck"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "tmf").rglob("*.py")), ids=lambda p: p.name)
def test_the_domain_package_imports_no_ui_library(path):
    assert not imported_modules(path) & UI_LIBRARIES


CODE_DIRS = ("tmf", "session", "components", "views", "bench")


def python_files(*dirs: str) -> list[Path]:
    return sorted([*ROOT.glob("*.py"), *(p for d in dirs for p in (ROOT / d).rglob("*.py"))])


def test_only_the_store_and_the_migrations_import_sqlalchemy():
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files("tmf", "session", "components", "views")  # bench/ and tests/ set up databases
        if "sqlalchemy" in imported_modules(path) and path.parent != ROOT / "tmf" / "store"
    ]
    assert offenders == []


@pytest.mark.parametrize("path", sorted((ROOT / "components").glob("*.py")), ids=lambda p: p.name)
def test_components_are_pure_builders_that_know_no_cache_no_session_and_no_session_state(path):
    assert not imported_modules(path) & {"cache", "session", "sqlalchemy"}
    assert "session_state" not in path.read_text(encoding="utf-8")


def test_only_the_page_registry_names_files_in_views():
    registry = ROOT / "session" / "pages.py"
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files(*CODE_DIRS, "tests")
        if path != registry and re.search(r"""["']views/\w+\.py["']""", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_registry_lists_every_page_file_once():
    from session.pages import PAGES

    files = [page.file for page in PAGES]
    assert sorted(files) == sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").glob("*.py"))
    assert len({page.url_path for page in PAGES}) == len(PAGES)


def test_the_domain_package_never_imports_the_app_layers():
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files("tmf")
        if path.is_relative_to(ROOT / "tmf") and imported_modules(path) & {"cache", "session", "components", "views"}
    ]
    assert offenders == []


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_russian_catalogues_have_the_same_keys_and_placeholders():
    english, russian = catalogue("en"), catalogue("ru")
    assert sorted(set(english) ^ set(russian)) == []
    mismatched = [key for key in english if placeholders(english[key]) != placeholders(russian[key])]
    assert mismatched == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang not in ("en", "ru")])
def test_other_catalogues_only_translate_existing_keys_with_the_same_placeholders(lang):
    english, other = catalogue("en"), catalogue(lang)
    assert sorted(set(other) - set(english)) == []
    assert [k for k in other if placeholders(other[k]) != placeholders(english[k])] == []


def test_every_message_key_used_in_the_code_exists_in_english():
    english = catalogue("en")
    pattern = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_.0-9]+)["']""")
    sources = [*ROOT.glob("*.py"), *(ROOT / "views").glob("*.py"), *(ROOT / "components").glob("*.py")]
    sources += [*(ROOT / "tmf").rglob("*.py"), *(ROOT / "session").glob("*.py")]
    used = {key for path in sources for key in pattern.findall(path.read_text(encoding="utf-8"))}
    assert sorted(used - set(english)) == []


def test_the_template_readme_documents_exactly_the_inventory_columns():
    text = (ROOT / "data" / "templates" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_0-9]+)` \| `([^`]+)` \|", text, flags=re.MULTILINE)
    assert rows == [(c.name, c.ru) for c in COLUMNS]


def test_the_readme_methodology_table_lists_every_criterion_of_the_profile():
    from tmf.methodology import load_profile

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for criterion in load_profile().criteria:
        assert f"`{criterion.key}`" in readme


def test_streamlit_sends_no_usage_statistics_and_runs_no_magic():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["runner"]["magicEnabled"] is False


STYLE_MODULE = ROOT / "session" / "page_style.py"  # constant CSS of our own, never user text
# Catalogue words as escaped CSS strings in place of Streamlit's English texts that no parameter sets.
WIDGET_TEXTS = ROOT / "components" / "widget_texts.py"
# The session cookie's script: only a token checked against [A-Za-z0-9_.-] goes into it.
COOKIE_SCRIPT = ROOT / "session" / "remember.py"


def test_every_multiselect_has_a_translated_placeholder():
    """Streamlit's own placeholder of an empty multiselect is "Choose options" in any language."""
    offenders = [
        f"{path.name}:{node.lineno}"
        for path in python_files("views", "components", "session")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) == "multiselect"
        and "placeholder" not in {keyword.arg for keyword in node.keywords}
    ]
    assert offenders == []


def test_no_page_renders_raw_html():
    offenders = [
        path.name
        for path in python_files("views", "components", "session")
        if path not in (STYLE_MODULE, WIDGET_TEXTS, COOKIE_SCRIPT)
        and any(unsafe in path.read_text(encoding="utf-8") for unsafe in ("unsafe_allow_html=True", "st.html("))
    ]
    assert offenders == []


def test_the_style_module_only_sends_constant_text():
    tree = ast.parse(STYLE_MODULE.read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "_style"]
    assert calls and all(isinstance(a, ast.Name) and a.id.isupper() for call in calls for a in call.args)


def test_the_readme_workshop_command_listens_on_the_local_network_and_run_stays_on_this_computer():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = dict(re.findall(r"^(\w+):.*\n((?:\t.*\n)+)", makefile, flags=re.MULTILINE))
    assert "make workshop" in readme
    assert "--server.address 0.0.0.0" in recipes["workshop"]
    assert "--server.address 127.0.0.1" in recipes["run"]


KEYS_MODULE = ROOT / "session" / "keys.py"


def _declared_keys() -> tuple[set[str], set[str]]:
    """The key strings declared in session/keys.py, and the shapes its key builders make
    (each argument as NUL: ``w_\\0``, ``_\\0_requested``)."""
    from session import keys

    values = {value for name, value in vars(keys).items() if name.isupper() and isinstance(value, str)}
    builders = [f for f in vars(keys).values() if inspect.isfunction(f) and f.__module__ == keys.__name__]
    return values, {f(*["\0"] * len(inspect.signature(f).parameters)) for f in builders}


def _literal_text(node: ast.AST) -> str | None:
    """A string literal's text; an f-string's with each replacement field as NUL."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "\0" for part in node.values)
    return None


def _session_key_texts(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, text) of each string literal used as a session-state key (``st.session_state[...]``,
    its ``get``/``pop``/``setdefault``, ``... in st.session_state``, also through a local name
    bound to st.session_state) or as a widget's ``key=``; a module constant so used counts
    as its string (a second declaration of a key)."""
    constants = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and _literal_text(node.value) is not None
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    aliases = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and getattr(node.value, "attr", None) == "session_state"
        for target in node.targets
        if isinstance(target, ast.Name)
    }

    def is_state(node: ast.AST) -> bool:
        return getattr(node, "attr", None) == "session_state" or getattr(node, "id", None) in aliases

    used = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and is_state(node.value):
            used.append(node.slice)
        elif isinstance(node, ast.Compare) and any(is_state(c) for c in node.comparators):
            used.append(node.left)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and is_state(node.func.value) and node.args:
                used.append(node.args[0])
            used += [keyword.value for keyword in node.keywords if keyword.arg == "key"]
    texts = []
    for node in used:
        literal = constants.get(node.id, node) if isinstance(node, ast.Name) else node
        if _literal_text(literal) is not None:
            texts.append((node.lineno, _literal_text(literal)))
    return texts


def test_session_keys_declared_in_the_keys_module_are_never_retyped():
    """A session-state key declared in session/keys.py is used through its constant or its
    key builder, never as a string typed again (ARCHITECTURE.md, session/keys.py): a key
    renamed there must not leave a second, silently different copy behind.

    Caught: a literal equal to a declared key used as a session-state key or as a widget's
    ``key=``, or a module's own constant holding one (a widget key that is not in keys.py may
    stay a literal beside its widget), and any f-string shaped like a builder's key
    (``f"w_{name}"`` is ``keys.weight(name)``). Strings such as the link parameters ``lang``
    and ``index`` are not keys and stay free.
    """
    values, shapes = _declared_keys()
    offenders = []
    for path in python_files("session", "views"):
        if path == KEYS_MODULE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        retyped = [(line, text) for line, text in _session_key_texts(tree) if text in values]
        built = [node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)]
        retyped += [(node.lineno, _literal_text(node)) for node in built if _literal_text(node) in shapes]
        offenders += [f"{path.relative_to(ROOT)}:{line} {text!r}" for line, text in retyped]
    assert sorted(set(offenders)) == []
