"""What the register tests share: the corpus of registers as authorities keep them
(tests/data/registers), the provenance a user gives for every row, and reading one file."""

from pathlib import Path

from tmf.register_options import RegisterOptions
from tmf.registers import read_register

CORPUS = Path(__file__).parents[2] / "tests" / "data" / "registers"
PROVENANCE = {"source": "Реестр хвостохранилищ, 2025", "confidence": "low"}
KZ = RegisterOptions(set_values={"country": "KZ", **PROVENANCE})


def read(name: str, options: RegisterOptions = KZ):
    return read_register(CORPUS / name, options=options)


def codes(result) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.column) for p in result.problems]
