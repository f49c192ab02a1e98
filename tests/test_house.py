"""House rules that can be checked by reading the source: no function over 60 lines."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MAX_FUNCTION_LINES = 60


def long_functions(root: Path, most: int = MAX_FUNCTION_LINES) -> list[str]:
    """'file:line name (n lines)' for every function or method under `root` longer than `most`."""
    found: list[tuple[str, int, str]] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > most:
                    where = path.relative_to(root.parent)
                    found.append((str(where), node.lineno, f"{node.name} ({lines} lines)"))
    return [f"{where}:{line} {what}" for where, line, what in sorted(found)]


def test_no_function_is_over_60_lines():
    long = long_functions(PACKAGE)
    assert not long, (
        f"split these into functions with one job each (at most {MAX_FUNCTION_LINES} lines):\n"
        + "\n".join(long)
    )


def function(name: str, lines: int, indent: str = "", prefix: str = "def") -> str:
    """The source of a function `lines` long, its `def` line included."""
    body = [f"{indent}    x{n} = {n}" for n in range(lines - 1)]
    return "\n".join([f"{indent}{prefix} {name}():", *body]) + "\n\n\n"


def test_the_scan_names_long_functions_methods_and_nested_ones(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    source = (
        function("fits", 60)  # lines 1-60
        + function("too_long", 61)  # 63-123
        + "class C:\n"  # 126
        + function("method", 61, indent="    ", prefix="async def")  # 127-187
        + "def outer():\n"  # 190
        + function("inner", 61, indent="    ")  # 191-251
    )
    (package / "sub" / "mod.py").write_text(source, encoding="utf-8")
    assert long_functions(package) == [
        "pkg/sub/mod.py:63 too_long (61 lines)",
        "pkg/sub/mod.py:127 method (61 lines)",
        "pkg/sub/mod.py:190 outer (62 lines)",
        "pkg/sub/mod.py:191 inner (61 lines)",
    ]
