"""The data stays in data/ yet ships inside the wheel the browser will load."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from widgets.records import loading

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (found,) = out.glob("samensterk-*.whl")
    return found


def test_the_wheel_holds_the_package_and_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"widgets/data/{p.relative_to(ROOT / 'data')}" for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert expected and expected <= names
    assert "widgets/scoring.py" in names and "widgets/data/factors.toml" in names
    assert "widgets/model/fitted.json" in names and "widgets/model/mechanisms.py" in names
    assert not any(name.startswith("data/") for name in names)


def test_the_installed_wheel_loads_its_own_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
    )
    probe = (
        "import widgets, widgets.records.loading as l;"
        "print(widgets.__file__); print(l.data_dir()); print(len(l.load_cases()), len(l.load_factors()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    module, data, counts = done.stdout.splitlines()
    assert module.startswith(str(target)) and data.startswith(str(target))
    assert counts == f"{len(loading.CASE_IDS)} 11"


def test_an_editable_install_reads_the_repository_data():
    assert loading.data_dir() == ROOT / "data"
    assert not (ROOT / "widgets" / "data").exists()
