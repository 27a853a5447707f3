"""The package's layers, as the import-linter contract in pyproject.toml keeps them.

The contract runs in CI (``lint-imports``); these tests show that it holds for the tree, that it
fails on a planted violation, and that no module imports itself round a cycle.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")


def lint_imports(package_parent: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=package_parent,
        env=env,
        timeout=120,
    )


def test_the_tree_keeps_the_contract() -> None:
    result = lint_imports(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.fixture
def copy_of_the_tree(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "acutimer", tmp_path / "acutimer", ignore=shutil.ignore_patterns("*.pyc")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(
    ("module", "planted", "broken"),
    [
        ("routine/models.py", "import textual", "never import the screen"),
        ("history/stats.py", "from rich.text import Text", "never import the screen"),
        ("session/engine.py", "import acutimer.history.store", "flows one way"),
        ("routine/timeline.py", "from acutimer.session import engine", "flows one way"),
        ("history/store.py", "from acutimer.plain import view", "flows one way"),
        ("tui/app.py", "import acutimer.plain.runner", "flows one way"),
        ("config/model.py", "import acutimer.session.engine", "flows one way"),
        ("reach/sound.py", "import acutimer.routine.models", "flows one way"),
        ("routine/models.py", "import acutimer.reach.tones", "flows one way"),
        ("reach/tones.py", "import textual", "never import the screen"),
        ("config/load.py", "from rich.text import Text", "never import the screen"),
        ("bodymap/render.py", "import acutimer.routine.models", "flows one way"),
        ("bodymap/raster.py", "import acutimer.config", "flows one way"),
        ("bodymap/figures.py", "from rich.text import Text", "never import the screen"),
    ],
)
def test_a_planted_violation_breaks_it(
    copy_of_the_tree: Path, module: str, planted: str, broken: str
) -> None:
    path = copy_of_the_tree / "acutimer" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{planted}\n", encoding="utf-8")
    result = lint_imports(copy_of_the_tree, copy_of_the_tree / "pyproject.toml")
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    assert broken in result.stdout.split("BROKEN")[0].splitlines()[-1]


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Groups of modules that import each other round a cycle (Tarjan's strongly connected
    components), lazy imports inside functions included."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in graph.modules:
                continue
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(grimp.build_graph("acutimer")) == []


def test_a_cycle_is_found() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in [("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")]:
        graph.add_import(importer=importer, imported=imported)
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]
