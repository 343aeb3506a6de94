"""Checks of the Dutch edition's catalogues (``locale/nl/LC_MESSAGES/**/*.po``).

    python tests/catalogues.py [PO ...]     # every catalogue when none is named

Prints one line per problem (file, message, what is wrong) and exits 1 if there is any:

* an entry without a translation, or marked fuzzy (Sphinx would show it in English);
* a translation whose markup differs from the English: the roles and their targets
  (``{term}`...```, ``{ref}`...```, ``{cite:p}`...```, ``{glue:text}`...```), inline
  code, links and math must all be kept, or the Dutch page loses a reference;
* six words of the source article in a row (the copy check of the English pages,
  ``tests/fingerprint.py``, applied to the Dutch).

``tests/book/test_dutch_catalogues.py`` runs the same checks.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fingerprint  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
CATALOGUES = LOCALE / "nl" / "LC_MESSAGES"

# A MyST role with its target, inline code, a link target, inline math.
ROLE = re.compile(r"\{[a-z:\-]+\}`[^`]*`")
CODE = re.compile(r"(?<![}`])``?[^`]+``?")
LINK = re.compile(r"\]\(([^)\s]+)\)")
MATH = re.compile(r"\$[^$]+\$")
_DUTCH_TWIN = re.compile(r"-nl\.zip")
# A {term} role's target: what follows "<" in `label <target>`, else the label itself.
_TERM = re.compile(r"\{term\}`(?:[^`<]*<([^>`]+)>|([^`]+))`")


@dataclass(frozen=True)
class Problem:
    catalogue: Path
    msgid: str
    what: str

    def __str__(self) -> str:
        where = self.catalogue.relative_to(ROOT) if self.catalogue.is_relative_to(ROOT) else self.catalogue
        return f"{where}: {self.what}: {self.msgid[:70]!r}"


def catalogues() -> list[Path]:
    """Every Dutch catalogue of the book, sorted."""
    return sorted(CATALOGUES.rglob("*.po"))


def markup(text: str) -> Counter[str]:
    """The pieces of markup a translation must keep: roles (terms by target), code, links, math.

    A download of a Dutch twin (``name-nl.zip``, the assignments) counts as the English file.
    """
    pieces: Counter[str] = Counter()
    for role in ROLE.findall(_DUTCH_TWIN.sub(".zip", text)):
        term = _TERM.fullmatch(role)
        if term:
            pieces["{term}" + (term.group(1) or term.group(2)).strip()] += 1
        elif role.startswith("{term}"):
            pieces[role] += 1
        else:
            pieces[role] += 1
    bare = ROLE.sub(" ", text)
    pieces.update("code:" + code for code in CODE.findall(bare))
    pieces.update("link:" + target for target in LINK.findall(bare))
    pieces.update("math:" + formula for formula in MATH.findall(bare))
    return pieces


def copied(text: str, hashes: set[str]) -> str | None:
    """The first run of six words of the source in ``text``, or None."""
    spans = list(fingerprint.word_spans(text))
    tokens = [word for word, _ in spans]
    for start, digest in enumerate(fingerprint.gram_hashes(tokens)):
        if digest in hashes:
            return " ".join(tokens[start:start + fingerprint.GRAM])
    return None


def problems(path: Path, hashes: set[str] | None = None) -> Iterator[Problem]:
    """What is wrong in one catalogue."""
    hashes = fingerprint.read_fingerprint() if hashes is None else hashes
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else message.string[0]
        if message.fuzzy:
            yield Problem(path, msgid, "fuzzy")
        if not msgstr.strip():
            yield Problem(path, msgid, "not translated")
            continue
        lost = markup(msgid) - markup(msgstr)
        added = markup(msgstr) - markup(msgid)
        if lost or added:
            detail = "; ".join(
                [f"missing {sorted(lost)}" if lost else "", f"extra {sorted(added)}" if added else ""]
            ).strip("; ")
            yield Problem(path, msgid, f"markup differs ({detail})")
        words = copied(msgstr, hashes)
        if words:
            yield Problem(path, msgid, f"six words of the source in a row: {words!r}")


def main(argv: list[str] | None = None) -> int:
    paths = [Path(arg).resolve() for arg in (argv if argv is not None else sys.argv[1:])] or catalogues()
    hashes = fingerprint.read_fingerprint()
    found = [problem for path in paths for problem in problems(path, hashes)]
    for problem in found:
        print(problem)
    total = 0
    for path in paths:
        with path.open("rb") as handle:
            total += sum(1 for message in read_po(handle) if message.id)
    print(f"{len(paths)} catalogues, {total} messages, {len(found)} problems", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
