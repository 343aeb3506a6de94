"""The chapters keep their required terms, and no sentence of the source is copied."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from widgets import loading, scoring

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(
    os.environ.get("SAMENSTERK_SOURCE")
    or ROOT.parent / "shared" / "source" / "samen-sterk-korsten-van-de-laar.txt"
)
COPY_WORDS = 8  # this many consecutive words of the source in a row count as copying
TITLE = "Samen sterk is beter dan zwak en alleen"  # the article's title may be cited

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
    "book/model.md": ["report.calibration_table", "report.parameter_table"],
    "book/epilogue.md": ["Peel en Maas", "Zuidplas", "BsGW", "Purmerend"],
    "book/beyond.md": ["ansell2008", "emerson2012", "huxham2004", "thomson2009", "provan2008", "mattessich2001"],
}


def words(text: str) -> list[str]:
    return re.findall(r"[a-zà-ÿ0-9]+", text.lower())


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


def test_no_run_of_the_source_is_copied():
    assert SOURCE.is_file(), f"the source text is expected at {SOURCE} (or set SAMENSTERK_SOURCE)"
    source = words(SOURCE.read_text(encoding="utf-8"))
    runs = {tuple(source[i : i + COPY_WORDS]) for i in range(len(source) - COPY_WORDS + 1)}
    runs.discard(tuple(words(TITLE)))
    pages = [*ROOT.glob("book/*.md"), *ROOT.glob("cases/*.md"), *ROOT.glob("data/**/*.toml"), *ROOT.glob("data/**/*.json")]
    copied = []
    for page in pages:
        text = words(page.read_text(encoding="utf-8"))
        for i in range(len(text) - COPY_WORDS + 1):
            if tuple(text[i : i + COPY_WORDS]) in runs:
                copied.append(f"{page.relative_to(ROOT)}: {' '.join(text[i : i + COPY_WORDS])}")
                break
    assert not copied, "copied from the source:\n" + "\n".join(copied)
