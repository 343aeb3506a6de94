"""Build one edition of the book into a folder of its own.

    python _ext/build_edition.py student              # -> _build_student/html
    python _ext/build_edition.py student --out DIR    # -> DIR (HTML), DIR/../.doctrees
    python _ext/build_edition.py full --language nl   # -> _build/html/nl, _build/.doctrees-nl
    python _ext/build_edition.py student --language nl  # -> _build_student/html/nl

The same build as ``jupyter-book build . -W -n --keep-going`` (jupyter-book's own
``build_sphinx`` with the options its command line passes), with two differences:
``SAMENSTERK_EDITION`` is set, which the local extension ``editions`` reads
(``student``: every worked solution is left out), and the HTML goes straight to
``--out``, where ``jupyter-book build --path-output`` would always add
``_build/html``. Exits non-zero on any warning.

``--language nl`` builds the Dutch edition of the same pages, through the catalogues
in ``locale/`` (``_ext/translations.py``), with the Dutch table of contents
``_toc.nl.yml``, into the folder ``nl/`` of the English edition's HTML, so that the
language switch (``_ext/languages.py``) links the twins by relative paths.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from editions import EDITION_VARIABLE, EDITIONS  # noqa: E402
from translations import GETTEXT_SETTINGS, LANGUAGES, LOCALE  # noqa: E402

DUTCH_TITLE = "Samen sterk: alliantiemanagement voor intergemeentelijke samenwerking"


def language_overrides(language: str) -> dict[str, object]:
    """The settings of a translated edition (none for English)."""
    if language == "en":
        return {}
    return {
        "language": language,
        "locale_dirs": [str(LOCALE)],
        **GETTEXT_SETTINGS,
        "external_toc_path": (ROOT / f"_toc.{language}.yml").as_posix(),
        "html_title": DUTCH_TITLE,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", choices=EDITIONS)
    parser.add_argument("--language", choices=("en", *LANGUAGES), default="en",
                        help="the edition's language (default: en)")
    parser.add_argument("--out", type=Path,
                        help="HTML folder (default: _build/html or _build_<edition>/html, plus nl/ for Dutch)")
    parser.add_argument("--all", action="store_true", help="re-read every page (sphinx -E)")
    args = parser.parse_args(argv)

    build = ROOT / ("_build" if args.edition == "full" else f"_build_{args.edition}")
    default = build / "html" / ("" if args.language == "en" else args.language)
    out = (args.out or default).resolve()
    # The doctrees beside the HTML of the English edition: never inside a published folder.
    doctrees = (out.parent if args.language == "en" else out.parent.parent) / (
        ".doctrees" + ("" if args.language == "en" else f"-{args.language}"))
    os.environ[EDITION_VARIABLE] = args.edition
    os.chdir(ROOT)

    from jupyter_book.sphinx import build_sphinx

    print(f">> {args.edition} edition ({args.language}) -> {out}", flush=True)
    result = build_sphinx(
        ROOT,
        out,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={
            "external_toc_path": (ROOT / "_toc.yml").as_posix(),
            "latex_individualpages": False,
            "nitpicky": True,
            **language_overrides(args.language),
        },
        doctreedir=str(doctrees),
        warningiserror=True,
        keep_going=True,
        freshenv=args.all,
    )
    if isinstance(result, Exception) or result:
        print(f"ERROR: the {args.edition} edition ({args.language}) did not build cleanly (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
