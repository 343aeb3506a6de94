"""The executed notebooks' cache (_ext/notebook_cache.py) is keyed by what the notebooks read."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import notebook_cache  # noqa: E402


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "widgets" / "__pycache__").mkdir(parents=True)
    (tmp_path / "widgets" / "scoring.py").write_text("A = 1\n")
    (tmp_path / "widgets" / "__pycache__" / "scoring.cpython-311.pyc").write_bytes(b"x")
    (tmp_path / "data" / "cases").mkdir(parents=True)
    (tmp_path / "data" / "cases" / "kempen.toml").write_text("id = 'kempen'\n")
    return tmp_path


def test_the_digest_changes_with_the_model_and_the_data_only(tree: Path) -> None:
    first = notebook_cache.inputs_digest(tree)
    assert notebook_cache.inputs_digest(tree) == first
    (tree / "widgets" / "__pycache__" / "scoring.cpython-311.pyc").write_bytes(b"other bytecode")
    (tree / "README.md").write_text("not an input\n")
    assert notebook_cache.inputs_digest(tree) == first
    (tree / "widgets" / "scoring.py").write_text("A = 2\n")
    changed_model = notebook_cache.inputs_digest(tree)
    assert changed_model != first
    (tree / "data" / "cases" / "kempen.toml").write_text("id = 'kempen'  # recoded\n")
    assert notebook_cache.inputs_digest(tree) not in {first, changed_model}


def test_the_digest_names_the_files_of_both_folders(tree: Path) -> None:
    names = [path.relative_to(tree).as_posix() for path in notebook_cache.input_files(tree)]
    assert names == ["widgets/scoring.py", "data/cases/kempen.toml"]
    assert "widgets/__pycache__/scoring.cpython-311.pyc" not in names


def test_the_cache_folder_follows_the_inputs_and_old_folders_go(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(notebook_cache, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(notebook_cache, "inputs_digest", lambda root=None: "current")
    (tmp_path / "cache" / "earlier").mkdir(parents=True)
    config = SimpleNamespace(nb_execution_mode="cache", nb_execution_cache_path="", language="en")
    notebook_cache.use_keyed_cache(None, config)  # type: ignore[arg-type]
    assert config.nb_execution_cache_path == str(tmp_path / "cache" / "current")
    assert not (tmp_path / "cache" / "earlier").exists()


def test_each_language_keeps_its_own_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(notebook_cache, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(notebook_cache, "inputs_digest", lambda root=None: "current")
    dutch = SimpleNamespace(nb_execution_mode="cache", nb_execution_cache_path="", language="nl")
    notebook_cache.use_keyed_cache(None, dutch)  # type: ignore[arg-type]
    assert dutch.nb_execution_cache_path == str(tmp_path / "cache" / "nl" / "current")
    Path(dutch.nb_execution_cache_path).mkdir(parents=True)
    english = SimpleNamespace(nb_execution_mode="cache", nb_execution_cache_path="", language=None)
    notebook_cache.use_keyed_cache(None, english)  # type: ignore[arg-type]
    assert english.nb_execution_cache_path == str(tmp_path / "cache" / "current")
    assert (tmp_path / "cache" / "nl" / "current").is_dir(), "the English build removed the Dutch cache"


def test_other_execution_modes_are_left_alone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(notebook_cache, "CACHE_DIR", tmp_path / "cache")
    config = SimpleNamespace(nb_execution_mode="force", nb_execution_cache_path="")
    notebook_cache.use_keyed_cache(None, config)  # type: ignore[arg-type]
    assert config.nb_execution_cache_path == ""
    assert not (tmp_path / "cache").exists()
