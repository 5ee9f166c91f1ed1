"""Bootstrap comes from the npm registry's `bootstrap` package, pinned by package.json and
its lockfile, installed into node_modules/ and served by the app; no copy of it lives in
the repository, and a missing install is a system check error, not unstyled pages."""

import json
import subprocess
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.checks import run_checks
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]


def locked_version(package: str) -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    return lock["packages"][f"node_modules/{package}"]["version"]


def test_bootstrap_is_a_pinned_runtime_dependency_of_package_json():
    manifest = json.loads((ROOT / "package.json").read_text())
    assert manifest["dependencies"]["bootstrap"] == locked_version("bootstrap")
    assert "bootstrap" not in manifest.get("devDependencies", {})


def test_the_served_files_are_the_locked_package():
    version = locked_version("bootstrap")
    for name in ("bootstrap/css/bootstrap.min.css", "bootstrap/js/bootstrap.bundle.min.js"):
        found = Path(finders.find(name))
        assert found.is_relative_to(ROOT / "node_modules" / "bootstrap" / "dist")
        header = " ".join(found.read_text()[:200].split())
        assert f"Bootstrap v{version} (https://getbootstrap.com/)" in header


def test_no_third_party_bootstrap_file_is_in_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    copies = [
        path
        for path in tracked
        if "bootstrap" in Path(path).name.lower() and path.endswith((".css", ".js", ".map"))
    ]
    assert not copies
    assert not (ROOT / "requirements.txt").read_text().lower().count("xstatic")


def test_a_missing_npm_install_is_a_system_check_error(tmp_path):
    assert not [m for m in run_checks() if m.id == "advocacy.E001"]
    with override_settings(BOOTSTRAP_DIR=tmp_path / "node_modules" / "bootstrap" / "dist"):
        (error,) = [m for m in run_checks() if m.id == "advocacy.E001"]
    assert "npm ci" in error.hint
    assert str(tmp_path) in error.msg
