"""The base (`cto_mentor/`, `cohorts/`) imports no feature app: features register with the base instead."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE = ["cto_mentor", "cohorts"]
FEATURES = {"applications", "sessions", "portfolios", "completion"}


def base_modules() -> list[Path]:
    return sorted(
        path for package in BASE for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts
    )


def feature_imports(source: str) -> list[str]:
    """The absolute imports of a feature app in `source`, wherever they stand (inside a function too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] in FEATURES]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module.split(".")[0] in FEATURES:
            found.append(node.module)
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from sessions.models import Meeting", ["sessions.models"]),
        ("import portfolios.selectors as s", ["portfolios.selectors"]),
        ("def f():\n    from applications import services", ["applications"]),
        ("from django.contrib.sessions.models import Session\nfrom .sessions import x", []),
        ("from cohorts.models import Cohort", []),
    ],
)
def test_feature_imports_finds_each_way_of_importing_a_feature(source, expected):
    assert feature_imports(source) == expected


def test_base_imports_no_feature():
    modules = base_modules()
    assert ROOT / "cohorts" / "models.py" in modules
    offending = {
        str(path.relative_to(ROOT)): imports
        for path in modules
        if (imports := feature_imports(path.read_text()))
    }
    assert offending == {}
