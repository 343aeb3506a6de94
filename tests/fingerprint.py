"""Fingerprint of the source article, so the copy check runs without its text.

The book retells A.F.A. Korsten and J.M. van de Laar (2007), "'Samen sterk' is beter
dan 'zwak en alleen'", in its own words. ``tests/test_book_content.py`` checks that no
run of ``GRAM`` (6) consecutive words of the article appears in a chapter, case page,
data file or assignment. The article itself is not part of the repository; what is
committed is ``tests/data/source-fingerprint.txt``: one keyed hash per distinct word
6-gram of the article, never the words.

Format of the fingerprint file
------------------------------
* A few header lines starting with ``#`` (ignored when read), then one hash a line,
  sorted, unique, lowercase hex, ``DIGEST_BYTES * 2`` (12) digits each.
* Words: the article's text lowercased, then every match of ``[a-zà-ÿ0-9]+``
  (punctuation, quotes and line breaks only separate words).
* A 6-gram is six consecutive words joined by single spaces, encoded as UTF-8, and
  hashed with BLAKE2b keyed with ``SALT`` (the project's fixed salt) and a digest of
  ``DIGEST_BYTES`` (6) bytes. The key makes the file useless as a dictionary of the
  text; 48 bits keep accidental matches negligible (with the article's 4,600 or so
  6-grams, about 3 chances in a million of one false hit per 200,000 words checked).

Regenerate it (whenever the source text or this format changes)
---------------------------------------------------------------
From the repository root, with the article as plain UTF-8 text::

    python tests/fingerprint.py /work/shared/source/samen-sterk-korsten-van-de-laar.txt \\
        > tests/data/source-fingerprint.txt

and commit the result. When the source is at hand (env ``SAMENSTERK_SOURCE``, or
``../shared/source/samen-sterk-korsten-van-de-laar.txt`` beside the repository), the
test suite recomputes the fingerprint and fails if the committed one is stale.
``python tests/fingerprint.py --check SOURCE`` does the same comparison by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

GRAM = 6  # this many consecutive words of the source in a row count as copying
SALT = b"samen-sterk/source-fingerprint/v1"  # fixed project salt: the BLAKE2b key
DIGEST_BYTES = 6  # 12 hex digits per hash
FINGERPRINT = Path(__file__).resolve().parent / "data" / "source-fingerprint.txt"
WORD = re.compile(r"[a-zà-ÿ0-9]+")
HEADER = (
    "# Samen sterk: fingerprint of the source article (Korsten & Van de Laar 2007).\n"
    f"# One keyed BLAKE2b hash ({DIGEST_BYTES * 2} hex digits) per distinct lowercase word "
    f"{GRAM}-gram; sorted.\n"
    "# Made by tests/fingerprint.py; regenerate, do not edit:\n"
    "#   python tests/fingerprint.py SOURCE > tests/data/source-fingerprint.txt\n"
)


def words(text: str) -> list[str]:
    """The words of ``text`` as the copy check sees them: lowercase ``[a-zà-ÿ0-9]+``."""
    return WORD.findall(text.lower())


def word_spans(text: str) -> Iterator[tuple[str, int]]:
    """``(word, offset)`` of each word of ``text`` (same words as :func:`words`)."""
    for match in WORD.finditer(text.lower()):
        yield match.group(), match.start()


def gram_hash(gram: Iterable[str]) -> str:
    """The keyed hash of one n-gram of words."""
    data = " ".join(gram).encode("utf-8")
    return hashlib.blake2b(data, key=SALT, digest_size=DIGEST_BYTES).hexdigest()


def gram_hashes(tokens: list[str], n: int = GRAM) -> list[str]:
    """The hash of every run of ``n`` consecutive tokens, in order (overlapping)."""
    return [gram_hash(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def fingerprint(text: str) -> list[str]:
    """Sorted distinct hashes of the word 6-grams of ``text``."""
    return sorted(set(gram_hashes(words(text))))


def render(text: str) -> str:
    """The fingerprint file's content for the source ``text``."""
    return HEADER + "".join(f"{h}\n" for h in fingerprint(text))


def read_fingerprint(path: Path = FINGERPRINT) -> set[str]:
    """The hashes in a fingerprint file (header lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the source article as UTF-8 text")
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"compare with the committed {FINGERPRINT.name} instead of printing",
    )
    args = parser.parse_args(argv)
    wanted = render(args.source.read_text(encoding="utf-8"))
    if args.check:
        current = FINGERPRINT.read_text(encoding="utf-8") if FINGERPRINT.is_file() else ""
        if current != wanted:
            print(f"{FINGERPRINT} is stale: regenerate it from {args.source}", file=sys.stderr)
            return 1
        print(f"{FINGERPRINT} matches {args.source}")
        return 0
    sys.stdout.write(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
