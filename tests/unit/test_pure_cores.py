"""The pure cores import nothing from Django (STYLE.md: pure cores, like packaging and holidays)."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai"


@pytest.mark.parametrize("core", ["workdays", "annual"])
def test_core_does_not_import_django(core: str) -> None:
    offenders = []
    for path in sorted((SRC / core).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "django" or (
                    name.startswith("gongkai.") and name.split(".")[1] not in {core, "workdays"}
                ):
                    offenders.append(f"{path.relative_to(SRC)}: {name}")
    assert offenders == []
