"""The Dutch edition's catalogues: extract the book's messages and merge them into locale/.

    python _ext/translations.py extract   # -> _build/gettext/**/*.pot (notebooks not executed)
    python _ext/translations.py extract --out DIR
    python _ext/translations.py update    # extract, then merge into locale/nl/LC_MESSAGES/**/*.po

The book is translated through Sphinx's gettext route: one catalogue per page
(``gettext_compact = False``), committed as ``.po`` files under ``locale/nl/LC_MESSAGES``
with the page's path (``book/model.po``, ``cases/beek.po``). Extraction runs with notebook
execution off, so that what executed code prints (in the book's language already, see
``_ext/languages.py``) never ends up in a catalogue. Sphinx compiles the ``.mo`` files
itself when it builds the Dutch edition (``_ext/build_edition.py --language nl``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GETTEXT = ROOT / "_build" / "gettext"
LOCALE = ROOT / "locale"
LANGUAGES = ("nl",)

# The settings that decide how messages are cut and named; the Dutch build uses the same.
GETTEXT_SETTINGS = {
    "gettext_compact": False,
    "gettext_uuid": False,
    "gettext_location": False,
    "gettext_additional_targets": [],
}


def extract(out: Path = GETTEXT) -> int:
    """Write one ``.pot`` per page into ``out``, with notebook execution off."""
    from jupyter_book.sphinx import build_sphinx

    result = build_sphinx(
        ROOT,
        out,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={
            "external_toc_path": (ROOT / "_toc.yml").as_posix(),
            "latex_individualpages": False,
            "nb_execution_mode": "off",
            **GETTEXT_SETTINGS,
        },
        builder="gettext",
        doctreedir=str(out / ".doctrees"),  # never the HTML builds' own
        # Without execution every {glue} warns that its value is missing: expected here.
        warningiserror=False,
        keep_going=True,
        freshenv=True,
    )
    if isinstance(result, Exception):
        print("ERROR: extracting the book's messages failed (see above)", file=sys.stderr)
        return 1
    return 0


def update(pot: Path = GETTEXT) -> int:
    """Merge the templates in ``pot`` into every language's catalogues (new entries empty)."""
    for language in LANGUAGES:
        done = subprocess.run(
            [sys.executable, "-m", "sphinx_intl", "update", "-p", str(pot), "-d", str(LOCALE),
             "-l", language, "--line-width", "-1", "--no-obsolete"],
            check=False,
        )
        if done.returncode:
            return done.returncode
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("extract", "update"))
    parser.add_argument("--out", type=Path, default=GETTEXT, help=f"where the templates go (default: {GETTEXT})")
    args = parser.parse_args(argv)
    status = extract(args.out.resolve())
    if status or args.command == "extract":
        return status
    return update(args.out.resolve())


if __name__ == "__main__":
    sys.exit(main())
