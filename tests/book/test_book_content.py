"""The chapters keep their required terms, and no run of words of the source is copied.

The copy check needs no copy of the source: it compares the text against the
committed fingerprint ``tests/data/source-fingerprint.txt`` (keyed hashes of the
source's word 6-grams; ``tests/fingerprint.py`` makes it and says how to regenerate
it). When the source text is at hand (env ``SAMENSTERK_SOURCE``, or the shared copy
beside the repository), the committed fingerprint must also equal the one computed
from it, so a stale fingerprint is caught.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import fingerprint
import pytest

from widgets import scoring
from widgets.records import loading

ROOT = Path(__file__).resolve().parents[2]
SHARED_SOURCE = ROOT.parent / "shared" / "source" / "samen-sterk-korsten-van-de-laar.txt"
SOURCE = Path(os.environ.get("SAMENSTERK_SOURCE") or SHARED_SOURCE)
TITLE = "Samen sterk is beter dan zwak en alleen"  # the article's title may be cited
# Everything the book and its course material say in their own words.
CHECKED = ["book/*.md", "cases/*.md", "data/**/*.toml", "data/**/*.json", "assignments/**/*.md"]

GLOSSARY_TERMS = [
    "alliantiemanagement", "SETA", "shared service centre", "Gideonsbende", "lege dozen sjouwen",
    "herindeling", "bestuurskrachtmeting", "koudwatervrees", "pendelbeweging", "quick wins",
    "advocacy coalition", "gemeentesecretaris", "college van B&W", "gemeenteraad", "burgemeester",
    "Commissaris der Koningin", "rekenkamercommissie", "intentieverklaring", "stuurgroep",
    "matrixmodel", "centrumgemeente", "Wmo", "gemeenschappelijke regeling", "openbaar lichaam",
    "bestuurlijk primaat", "beren op de weg", "functie volgt structuur", "vraaggericht",
    "aanbodgedreven", "ambtelijke opschaling", "Tripool", "Drechtsteden", "sudderen",
    "winning mood", "samen sterk",
]

REQUIRED = {
    "book/why-cooperate.md": ["Roermond", "Drechtsteden", "Tripool"],
    "book/shared-services.md": ["SETA", "samen en toch apart", "Rotterdam"],
    "book/structure.md": ["lege dozen sjouwen", "Maastricht", "Leers"],
    "book/alliance-management.md": ["Kempen", "Schagen", "Anna Paulowna", "Zijpe", "Land van Cuyk", "Lith"],
    "book/continuous-management.md": ["K5", "Krimpenerwaard", "Parkstad", "Gideonsbende", "ReiK", "Reimerswaal", "Kapelle"],
    "book/politics.md": ["Lith", "Maasdonk", "Someren", "Amerongen", "Warmond", "Ter Aar", "Moordrecht", "Nieuwerkerk"],
    "book/success-failure.md": ["Krimpenerwaard", "Kempen", "Helden", "Beemster", "Meijel", "Kessel"],
    "book/beek.md": ["Beek", "Valkenburg", "Meerssen", "Nuth", "beren op de weg"],
    "book/lessons.md": [f"(lesson-{n})=" for n in range(1, 12)] + [f"`{key}`" for key in scoring.FACTORS],
    "book/model.md": ["tables.calibration_table", "validation.parameter_table", "validation.comparison_table",
                      "validation.uncertainty_table", "validation.counterfactual_table", "emcee"],
    "book/epilogue.md": ["Peel en Maas", "Zuidplas", "BsGW", "Purmerend"],
    "book/beyond.md": ["ansell2008", "emerson2012", "huxham2004", "thomson2009", "provan2008", "mattessich2001"],
}


@pytest.mark.parametrize("term", GLOSSARY_TERMS)
def test_the_glossary_defines_every_term(term):
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(term)}\s*$", text, flags=re.MULTILINE), f"glossary lost {term!r}"


@pytest.mark.parametrize(("page", "term"), [(page, term) for page, terms in REQUIRED.items() for term in terms])
def test_each_chapter_keeps_its_required_terms(page, term):
    assert term in (ROOT / page).read_text(encoding="utf-8"), f"{page} lost {term!r}"


def test_every_case_has_a_page_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for case_id in loading.CASE_IDS:
        assert f"cases/{case_id}" in toc and (ROOT / "cases" / f"{case_id}.md").is_file()


def test_every_case_page_and_toc_entry_has_a_case_file():
    """data/cases/ is the list of cases: no page or table-of-contents entry without one."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"cases/([a-z0-9-]+)", toc)) - {"index"}
    pages = {path.stem for path in (ROOT / "cases").glob("*.md")} - {"index"}
    assert listed == set(loading.CASE_IDS) and pages == set(loading.CASE_IDS), (listed, pages)


def copied_runs(text: str, hashes: set[str]) -> list[tuple[int, str]]:
    """``(line, words)`` of each maximal run of ``text`` whose 6-grams are all in ``hashes``."""
    spans = list(fingerprint.word_spans(text))
    tokens = [word for word, _ in spans]
    n = fingerprint.GRAM
    hits = [h in hashes for h in fingerprint.gram_hashes(tokens)]
    runs, i = [], 0
    while i < len(hits):
        if not hits[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(hits) and hits[j + 1]:
            j += 1
        runs.append((text.count("\n", 0, spans[i][1]) + 1, " ".join(tokens[i : j + n])))
        i = j + 1
    return runs


def strings_in(value: object, where: str = "") -> list[tuple[str, str]]:
    """Every text in a parsed TOML or JSON document, with where it stands (``a.b[2]``)."""
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in strings_in(item, f"{where}.{key}".lstrip("."))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in strings_in(item, f"{where}[{index}]")]
    return []


def texts_of(path: Path) -> list[tuple[str, str]]:
    """The texts of a file to check: a chapter whole (place given by line), a data file string by
    string, so that a run cannot cross from one list item (a section heading) into the next."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        return strings_in(tomllib.loads(text))
    if path.suffix == ".json":
        return strings_in(json.loads(text))
    return [("", text)]


def test_no_run_of_the_source_is_copied():
    """No 6 consecutive words of the source in a chapter, case, data file or assignment."""
    hashes = fingerprint.read_fingerprint()
    assert hashes, f"{fingerprint.FINGERPRINT} holds no hashes"
    hashes -= set(fingerprint.gram_hashes(fingerprint.words(TITLE)))
    files = sorted({path for pattern in CHECKED for path in ROOT.glob(pattern) if path.is_file()})
    assert len(files) > 20, f"expected the book's files, found {len(files)}"
    copied = [
        f"{path.relative_to(ROOT)}:{where}: \"{run}\""
        for path in files
        for place, text in texts_of(path)
        for where, run in ((place or line, run) for line, run in copied_runs(text, hashes))
    ]
    if copied:
        pytest.fail(
            f"{len(copied)} runs of {fingerprint.GRAM} or more words are copied from the source "
            "(file:line: words; rewrite them in your own words):\n  " + "\n  ".join(copied),
            pytrace=False,
        )


def test_the_fingerprint_is_well_formed():
    """Header comments, then sorted, distinct hashes of 12 hex digits, one a line."""
    lines = fingerprint.FINGERPRINT.read_text(encoding="utf-8").splitlines()
    hashes = [line for line in lines if not line.startswith("#")]
    assert hashes == sorted(set(hashes)) and len(hashes) > 1000
    assert all(re.fullmatch(rf"[0-9a-f]{{{fingerprint.DIGEST_BYTES * 2}}}", h) for h in hashes)


def test_the_fingerprint_is_current():
    """The committed fingerprint was made by the current tests/fingerprint.py (its header states
    the n-gram length and digest), and, when the source text is here, is the one it gives."""
    committed = fingerprint.FINGERPRINT.read_text(encoding="utf-8")
    assert committed.startswith(fingerprint.HEADER), (
        f"{fingerprint.FINGERPRINT.relative_to(ROOT)} was made with another format: regenerate it")
    if os.environ.get("SAMENSTERK_SOURCE") and not SOURCE.is_file():
        pytest.fail(f"SAMENSTERK_SOURCE={SOURCE} is not a file", pytrace=False)
    if SOURCE.is_file() and committed != fingerprint.render(SOURCE.read_text(encoding="utf-8")):
        pytest.fail(
            f"{fingerprint.FINGERPRINT.relative_to(ROOT)} is stale for {SOURCE}: regenerate it with\n"
            f"  python tests/fingerprint.py {SOURCE} > tests/data/source-fingerprint.txt",
            pytrace=False,
        )
