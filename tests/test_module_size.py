"""No module of the project's own code is past 400 lines (STYLE.md): a module that
grows past it becomes a package of modules named for what each owns."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 400


def test_no_module_over_400_lines_outside_migrations_and_tests():
    too_long = {
        str(path.relative_to(ROOT)): length
        for folder in ("advocacy", "prisoners", "campaigns", "bench", "scripts")
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and (length := len(path.read_text().splitlines())) > LIMIT
    }
    assert too_long == {}
