"""CITATION.cff is valid citation metadata and agrees with pyproject.toml and LICENSE."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# Required by the Citation File Format 1.2.0 schema, and what this project promises.
REQUIRED_KEYS = {"cff-version", "message", "title", "authors"}
PROMISED_KEYS = {"version", "date-released", "license", "references"}


def citation() -> dict:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict), "CITATION.cff is not a YAML mapping"
    return data


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_citation_cff_parses_and_has_the_required_keys():
    data = citation()
    missing = (REQUIRED_KEYS | PROMISED_KEYS) - data.keys()
    assert not missing, f"CITATION.cff lacks {sorted(missing)}"
    assert str(data["cff-version"]) == "1.2.0"
    assert data["title"] == "Samen sterk: alliance management for intermunicipal cooperation"
    assert data["authors"] == [{"name": "Samen sterk contributors"}]
    assert str(data["date-released"]) == "2026-12-01"  # a YAML date or a quoted string
    assert isinstance(data["message"], str) and data["message"].strip()


def test_citation_version_is_the_package_version():
    import widgets

    assert "version" in project()["dynamic"]  # the one place is widgets/__init__.py
    assert str(citation()["version"]) == widgets.__version__


def test_citation_licence_is_one_that_pyproject_and_license_name():
    licence = citation()["license"]
    expression = project()["license"]  # an SPDX expression, e.g. "MIT AND CC-BY-4.0"
    assert isinstance(expression, str), "pyproject's license should be an SPDX expression"
    ids = set(re.findall(r"[A-Za-z0-9.+-]+", expression)) - {"AND", "OR", "WITH"}
    assert ids == {"MIT", "CC-BY-4.0"}
    assert licence in ids, f"CITATION.cff's license {licence!r} is not in {expression!r}"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text and "CC BY 4.0" in text and f"SPDX-License-Identifier: {expression}" in text
    assert "Attribution 4.0 International Public License" in (ROOT / "LICENSE-text").read_text(encoding="utf-8")


def test_citation_references_the_source_article_as_the_book_does():
    (article,) = [ref for ref in citation()["references"] if ref.get("year") == 2007]
    families = [author["family-names"] for author in article["authors"]]
    assert families == ["Korsten", "Laar"] and article["authors"][1]["name-particle"] == "van de"
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    entry = re.search(r"@\w+\{korsten2007samen,(.*?)\n\}", bib, flags=re.DOTALL)
    assert entry, "book/references.bib has no entry korsten2007samen"
    title = re.search(r"title\s*=\s*\{(.*)\},", entry.group(1)).group(1).replace("{", "").replace("}", "")
    assert article["title"] == title


def test_the_readme_says_how_to_cite():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme, "README.md has no section How to cite"
    section = readme.split("## How to cite", 1)[1]
    assert "CITATION.cff" in section and f"(version {__import__('widgets').__version__})" in section
