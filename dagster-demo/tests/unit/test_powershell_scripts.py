"""Every .ps1 of the repository parses with a PowerShell grammar (tree-sitter-powershell): the
Windows bootstrap is never run here, so a syntax error in it would otherwise go unseen. Unit
test: nothing is executed."""

from __future__ import annotations

from pathlib import Path

import pytest
import tree_sitter_powershell
from conftest import REPO
from tree_sitter import Language, Node, Parser

SCRIPTS = sorted(
    path for path in REPO.rglob("*.ps1") if not any(part.startswith(".") for part in path.parts)
)


def syntax_errors(node: Node) -> list[str]:
    """Where the parser met text it could not place (ERROR) or had to assume text (MISSING)."""
    found = []
    if node.is_error or node.is_missing:
        row, column = node.start_point
        kind = f"missing {node.type}" if node.is_missing else "syntax error"
        found.append(f"line {row + 1}, column {column + 1}: {kind}: {node.text[:60]!r}")
        if node.is_error:
            return found
    for child in node.children:
        found.extend(syntax_errors(child))
    return found


PARSER = Parser(Language(tree_sitter_powershell.language()))


def test_every_task_has_its_script() -> None:
    names = {path.relative_to(REPO).as_posix() for path in SCRIPTS}
    tasks = ("install", "run", "dev", "test", "cleanup", "dashboard", "browse", "test_apis")
    assert {f"{task}.ps1" for task in tasks} | {"scripts/ieta.ps1"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.relative_to(REPO).as_posix())
def test_parses(script: Path) -> None:
    tree = PARSER.parse(script.read_bytes())
    assert syntax_errors(tree.root_node) == []


@pytest.mark.parametrize(
    "broken", ["if ($x { Write-Host 1 }", "$a = @(1, 2", "function f { 'unclosed }"]
)
def test_finds_syntax_errors(broken: str) -> None:
    """The check itself: a broken script fails it."""
    assert syntax_errors(PARSER.parse(broken.encode()).root_node)
