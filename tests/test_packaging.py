"""`pip install .` (not editable) ships the catalogue: the wheel holds every rules file, and an
installed copy finds them away from this checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contains_the_catalogue_and_an_installed_copy_uses_it(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(tmp_path / "dist"), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("tf1lint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"tf1lint/rules/{path.relative_to(ROOT / 'rules').as_posix()}" for path in (ROOT / "rules").rglob("*.yaml")}
    assert len(expected) >= 10 and expected <= names
    assert "tf1lint/rules/tensorflow_names.json" in names  # what the pylint shield answers no-member from
    # Unpacked where the checkout is not on the path, the package finds its own rules.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import tf1lint.catalogue.loader as loader; files = loader.bundled_catalogue_files();"
            "print(files[0].parent.parent.parent); print(len(loader.load_catalogue().catalogue.entries));"
            "import tf1lint.pylint_plugin.shield as shield; print(len(shield.tensorflow_modules()))")
    completed = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                               env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, timeout=120)
    location, entries, tensorflow_modules = completed.stdout.split()
    assert Path(location) == site and int(entries) > 1500 and int(tensorflow_modules) > 100, completed.stderr
