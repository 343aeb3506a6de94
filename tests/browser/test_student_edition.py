"""The student edition (make book-student) leaves every worked solution out.

Every ``{solution}`` is taken from the sources (book/ and cases/) and cut into runs
of consecutive words that occur nowhere else in the sources or the data. None of
those runs may appear anywhere in the student edition (_build_student/html, or env
STUDENT_SITE_DIR: pages, scripts, the copied sources), while each solution does
appear in the full book (_build/html, or SITE_DIR), so that the test can see it.
"""

from __future__ import annotations

import html
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, site_root

sys.path.insert(0, str(ROOT / "_ext"))
from editions import strip_solutions  # noqa: E402

RUN = 8  # words in a row
TEXT_SUFFIXES = {".html", ".js", ".txt", ".md", ".json", ".ipynb", ".css", ".xml"}
_SOLUTION = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}\s*(?P<label>\S+)\s*$")


def student_root() -> Path:
    return Path(os.environ.get("STUDENT_SITE_DIR") or ROOT / "_build_student" / "html").resolve()


def source_pages() -> list[Path]:
    return sorted([*ROOT.glob("book/*.md"), *ROOT.glob("cases/*.md")])


def solutions(path: Path) -> list[tuple[str, str]]:
    """(label of the exercise, text) of every {solution} in a MyST page."""
    found = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = _SOLUTION.match(lines[i])
        i += 1
        if not match:
            continue
        fence = match.group("fence")
        closing = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        body = []
        while i < len(lines) and not closing.match(lines[i]):
            if not lines[i].startswith(":"):  # directive options
                body.append(lines[i])
            i += 1
        found.append((match.group("label"), "\n".join(body)))
    return found


def plain(markup: str) -> str:
    """MyST text as it reads on the page: roles by their text, math as its TeX, no citations."""
    text = markup.replace("$", " ")
    text = re.sub(r"\{(?:cite:[pt]|ref|numref|doc|eq)\}`[^`]*`", " ", text)
    text = re.sub(r"\{[a-z:]+\}`([^`<]*?)\s*<[^`]*>`", r"\1", text)
    text = re.sub(r"\{[a-z:]+\}`([^`]*)`", r"\1", text)
    return text


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def page_text(raw: str) -> str:
    """All text of a built file: tags dropped, entities decoded (scripts kept)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


@pytest.fixture(scope="module")
def solution_runs() -> dict[str, set[tuple[str, ...]]]:
    """For each solution ('page#label'), its runs of words found nowhere else."""
    elsewhere: set[tuple[str, ...]] = set()
    for page in source_pages():
        elsewhere |= runs(plain(strip_solutions(page.read_text(encoding="utf-8"))))
    for data in [*ROOT.glob("data/**/*.toml"), *ROOT.glob("data/**/*.json")]:
        elsewhere |= runs(data.read_text(encoding="utf-8"))
    found = {}
    for page in source_pages():
        for label, text in solutions(page):
            found[f"{page.relative_to(ROOT).with_suffix('').as_posix()}#{label}"] = runs(plain(text)) - elsewhere
    assert len(found) >= 40, f"only {len(found)} solutions found in book/ and cases/"
    return found


def site_runs(root: Path) -> tuple[set[tuple[str, ...]], dict[str, set[tuple[str, ...]]]]:
    """Runs of words in every text file of a built site, and per page."""
    everything: set[tuple[str, ...]] = set()
    pages = {}
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            found = runs(page_text(path.read_text(encoding="utf-8", errors="replace")))
            everything |= found
            if path.suffix == ".html":
                pages[path.relative_to(root).with_suffix("").as_posix()] = found
    return everything, pages


def test_every_solution_appears_in_the_full_book(solution_runs):
    root = site_root()
    assert (root / "index.html").is_file(), f"{root} is not built: run make book"
    _, pages = site_runs(root)
    missing = []
    for key, expected in solution_runs.items():
        page = key.split("#")[0]
        assert expected, f"{key}: the solution has no wording of its own to look for"
        shown = expected & pages.get(page, set())
        if len(shown) < len(expected) / 2:
            missing.append(f"{key}: {len(shown)} of {len(expected)} runs in {page}.html")
    assert not missing, "solutions not found in the full book:\n" + "\n".join(missing)


def test_no_solution_appears_in_the_student_edition(solution_runs):
    root = student_root()
    assert (root / "index.html").is_file(), f"{root} is not built: run make book-student"
    everything, _ = site_runs(root)
    leaked = {key: sorted(found & everything)[:2] for key, found in solution_runs.items() if found & everything}
    assert not leaked, "solution text in the student edition:\n" + "\n".join(
        f"{key}: {' '.join(run)}" for key, runs_ in leaked.items() for run in runs_
    )


def test_the_student_edition_keeps_the_exercises_and_drops_the_solution_boxes():
    root, full = student_root(), site_root()
    assert (root / "index.html").is_file(), f"{root} is not built: run make book-student"
    for page in ["book/intro.html", "book/lessons.html", "cases/beek.html"]:
        student_html = (root / page).read_text(encoding="utf-8")
        full_html = (full / page).read_text(encoding="utf-8")
        assert student_html.count('class="exercise') == full_html.count('class="exercise') > 0, page
        assert 'class="solution' in full_html, page
        assert 'class="solution' not in student_html, page
        assert "Student edition" in student_html and "Student edition" not in full_html


def test_the_copied_sources_of_the_student_edition_hold_no_solution():
    root = student_root()
    sources = list((root / "_sources").rglob("*.md"))
    assert sources, f"no copied sources in {root / '_sources'}"
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\{solution(?:-start|-end)?\}", text), path  # the directive, not a {solutions} field
    assert "{exercise}" in (root / "_sources" / "book" / "intro.md").read_text(encoding="utf-8")


def test_strip_solutions_handles_long_fences_and_gated_solutions():
    text = (
        "a\n\n````{solution} ex-1\n:class: dropdown\n\n```python\nx = 1\n```\nsecret\n````\n\nb\n"
        "```{solution-start} ex-2\n```\nhidden\n```{solution-end}\n```\nc\n"
    )
    stripped = strip_solutions(text)
    assert "secret" not in stripped and "hidden" not in stripped and "x = 1" not in stripped
    assert words(stripped) == ["a", "b", "c"]
