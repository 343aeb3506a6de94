"""The Dutch edition: complete catalogues, in step with the pages, and a built twin of every page.

The catalogues (``locale/nl/LC_MESSAGES``) are parsed here, not judged by a tool's exit
code: an empty or fuzzy entry would show English on a Dutch page, a markup change would
lose a reference, six words of the source would be a copy (``tests/catalogues.py``). They
must also hold exactly the messages the pages have now: the pages are extracted again
(``_ext/translations.py``, execution off) and compared. The built site (``make book``)
must have a Dutch twin of every page, linked both ways, in Dutch: no heading or figure
title of the English catalogues left, numbers with a decimal comma.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "_ext"))

import catalogues  # noqa: E402
from conftest import built_pages  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DUTCH = "nl"


def _messages(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and isinstance(m.id, str)}


@pytest.mark.parametrize("catalogue", catalogues.catalogues(), ids=lambda p: p.relative_to(catalogues.CATALOGUES).as_posix())
def test_the_catalogue_is_translated_whole_without_copying(catalogue: Path) -> None:
    found = [str(problem) for problem in catalogues.problems(catalogue)]
    assert not found, "\n".join(found)


def test_the_checker_finds_what_it_is_for(tmp_path: Path) -> None:
    po = tmp_path / "page.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "See {ref}`ch-model` and {term}`college`."\nmsgstr "Zie het model en {term}`het college <college>`."\n\n'
        'msgid "Not yet."\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Unsure."\nmsgstr "Onzeker."\n',
        encoding="utf-8",
    )
    found = [problem.what for problem in catalogues.problems(po, set())]
    assert any("missing" in what and "ch-model" in what for what in found), found
    assert "not translated" in found and "fuzzy" in found, found
    assert not any("college" in what for what in found), "a Dutch label on the same term is fine"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pages' messages now, extracted as ``make translations`` does (execution off).

    In a process of its own: a Sphinx build sets variables (the book build's, the
    language) that the kernels of later tests would inherit.
    """
    out = tmp_path_factory.mktemp("gettext")
    done = subprocess.run([sys.executable, str(ROOT / "_ext" / "translations.py"), "extract", "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"extracting the book's messages failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return out


def test_the_catalogues_hold_exactly_the_pages_messages(extracted: Path) -> None:
    templates = {p.relative_to(extracted).with_suffix("").as_posix(): p
                 for p in extracted.rglob("*.pot") if not p.relative_to(extracted).parts[0].startswith("_")}
    dutch = {p.relative_to(catalogues.CATALOGUES).with_suffix("").as_posix(): p for p in catalogues.catalogues()}
    assert sorted(templates) == sorted(dutch), "a page has no catalogue, or a catalogue no page: make translations"
    stale = []
    for page, template in sorted(templates.items()):
        wanted, held = set(_messages(template)), set(_messages(dutch[page]))
        if wanted != held:
            stale.append(f"{page}: {len(wanted - held)} new message(s), {len(held - wanted)} gone "
                         f"(e.g. {sorted(wanted - held or held - wanted)[0][:60]!r})")
    assert not stale, "catalogues out of step with the pages (run make translations):\n" + "\n".join(stale)


def test_the_dutch_contents_list_the_same_pages_with_dutch_captions() -> None:
    english = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    dutch = yaml.safe_load((ROOT / "_toc.nl.yml").read_text(encoding="utf-8"))

    def pages(toc: dict) -> list:
        return [toc["root"]] + [[c["file"], [s["file"] for s in c.get("sections", [])]]
                                for part in toc["parts"] for c in part["chapters"]]

    assert pages(dutch) == pages(english)
    captions = [(e["caption"], d["caption"]) for e, d in zip(english["parts"], dutch["parts"], strict=True)]
    assert all(e != d for e, d in captions), captions


# ----------------------------------------------------------------------------- the built site

def _site() -> Path:
    from conftest import site_root

    return site_root()


def english_pages() -> list[str]:
    return [page for page in built_pages(_site()) if not page.startswith(f"{DUTCH}/")]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


REDIRECT = '<meta http-equiv="Refresh"'


def _redirect(page_html: str) -> str:
    return re.search(r'url=([^"]+)"', page_html).group(1)  # type: ignore[union-attr]


def _switch(page_html: str) -> tuple[str, str]:
    match = re.search(r'<a class="[^"]*samensterk-language-switch[^"]*" href="([^"]+)"\s+hreflang="([a-z]+)"',
                      page_html)
    assert match, "no language switch on the page"
    return match.group(1), match.group(2)


@pytest.mark.parametrize("page", english_pages() or ["index.html"])
def test_every_page_has_a_dutch_twin_linked_both_ways(site_dir: Path, page: str) -> None:
    english_file, dutch_file = site_dir / page, site_dir / DUTCH / page
    assert dutch_file.is_file(), f"no Dutch twin of {page}"
    english, dutch = _text(english_file), _text(dutch_file)
    if english.startswith(REDIRECT):  # the site's index.html, which sends the reader to the first page
        assert dutch.startswith(REDIRECT) and _redirect(dutch) == _redirect(english)
        return
    there, language = _switch(english)
    assert language == DUTCH and (english_file.parent / there).resolve() == dutch_file.resolve(), there
    back, language = _switch(dutch)
    assert language == "en" and (dutch_file.parent / back).resolve() == english_file.resolve(), back
    assert re.search(r'<html[^>]* lang="nl"', dutch) and re.search(r'<html[^>]* lang="en"', english)
    for text, here in ((english, english_file), (dutch, dutch_file)):
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([a-z]+)" href="([^"]+)"', text))
        assert set(alternates) == {"en", DUTCH}, alternates
        assert (here.parent / alternates["en"]).resolve() == english_file.resolve()
        assert (here.parent / alternates[DUTCH]).resolve() == dutch_file.resolve()


def _english_messages() -> set[str]:
    """Every English message of the book and the interface that has a different Dutch text."""
    english: set[str] = set()
    for path in catalogues.catalogues():
        english |= {source for source, dutch in _messages(path).items() if dutch and dutch != source}
    interface = ROOT / "widgets" / "locale" / "nl" / "LC_MESSAGES" / "samensterk.po"
    english |= {source for source, dutch in _messages(interface).items() if dutch and dutch != source}
    return english


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split()).strip().rstrip("#¶").strip()


@pytest.mark.parametrize("page", english_pages() or ["index.html"])
def test_no_english_heading_or_figure_title_on_a_dutch_page(site_dir: Path, page: str) -> None:
    english = {" ".join(message.split()) for message in _english_messages()}
    text = _text(site_dir / DUTCH / page)
    headings = [_plain(h) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", text, flags=re.S)]
    titles = [t for t in re.findall(r'"title":\s*\{"text":\s*"((?:[^"\\]|\\.)*)"', text)]
    titles = [_plain(json.loads(f'"{t}"')) for t in titles]
    left = sorted({t for t in headings + titles if t and t in english})
    assert not left, f"{DUTCH}/{page} still shows English: {left}"


def test_glued_numbers_on_dutch_pages_have_a_decimal_comma(site_dir: Path) -> None:
    pasted = []
    for page in english_pages():
        text = _text(site_dir / DUTCH / page)
        pasted += [(page, _plain(p)) for p in re.findall(r'<span class="pasted-text">(.*?)</span>', text, flags=re.S)]
    with_point = [(page, value) for page, value in pasted if re.search(r"\d\.\d", value)]
    assert not with_point, f"glued numbers with a decimal point on Dutch pages: {with_point[:10]}"
    assert any(re.search(r"\d,\d", value) for _, value in pasted), "no glued decimal number found on Dutch pages"


def test_only_the_catalogues_sources_are_committed() -> None:
    """A committed .mo would look as new as its .po after a checkout, and Sphinx would keep its stale text."""
    if not (ROOT / ".git").exists():
        pytest.fail("not a git checkout: cannot see what is committed", pytrace=False)
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", "locale"], capture_output=True, text=True,
                             check=True).stdout.split()
    assert tracked and not [name for name in tracked if name.endswith(".mo")], tracked
