"""Build one edition of the book into a folder of its own.

    python _ext/build_edition.py student              # -> _build_student/html
    python _ext/build_edition.py student --out DIR    # -> DIR (HTML), DIR/../.doctrees

The same build as ``jupyter-book build . -W -n --keep-going`` (jupyter-book's own
``build_sphinx`` with the options its command line passes), with two differences:
``SAMENSTERK_EDITION`` is set, which the local extension ``editions`` reads
(``student``: every worked solution is left out), and the HTML goes straight to
``--out``, where ``jupyter-book build --path-output`` would always add
``_build/html``. Exits non-zero on any warning.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from editions import EDITION_VARIABLE, EDITIONS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", choices=EDITIONS)
    parser.add_argument("--out", type=Path, help="HTML folder (default: _build_<edition>/html)")
    parser.add_argument("--all", action="store_true", help="re-read every page (sphinx -E)")
    args = parser.parse_args(argv)

    out = (args.out or ROOT / f"_build_{args.edition}" / "html").resolve()
    os.environ[EDITION_VARIABLE] = args.edition
    os.chdir(ROOT)

    from jupyter_book.sphinx import build_sphinx

    print(f">> {args.edition} edition -> {out}", flush=True)
    result = build_sphinx(
        ROOT,
        out,
        noconfig=True,
        path_config=str(ROOT / "_config.yml"),
        confoverrides={
            "external_toc_path": (ROOT / "_toc.yml").as_posix(),
            "latex_individualpages": False,
            "nitpicky": True,
        },
        warningiserror=True,
        keep_going=True,
        freshenv=args.all,
    )
    if isinstance(result, Exception) or result:
        print(f"ERROR: the {args.edition} edition did not build cleanly (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
