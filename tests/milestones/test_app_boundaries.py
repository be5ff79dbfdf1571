"""`milestones` owns the reference content; `screening` builds on it. The dependency goes one way
only, so the content and its loader can be read, tested and changed without the screening app."""

import ast
from pathlib import Path

from django.conf import settings


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_milestones_never_imports_screening():
    files = sorted((Path(settings.BASE_DIR) / "milestones").rglob("*.py"))
    assert len(files) > 10

    offenders = {
        str(path.relative_to(settings.BASE_DIR)): sorted(
            module for module in imported_modules(path) if module.split(".")[0] == "screening"
        )
        for path in files
    }

    assert {path: modules for path, modules in offenders.items() if modules} == {}
