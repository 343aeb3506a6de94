"""Grade submitted notebooks of one assignment with its public and hidden checks.

    python grade.py SUBMISSION.ipynb [...]            # public and hidden checks
    python grade.py --public-only SUBMISSION.ipynb     # what the student saw
    python grade.py --csv grades.csv submissions/*.ipynb

Run it from the lecturer's folder of the assignment (next to ``checks.py`` and
``hidden_checks.py``), in a Python that has the ``samensterk`` package (the wheel
in this folder). Each notebook's code cells run in order, in a fresh namespace,
with the notebook's folder as working directory; an error in a cell is reported
and the next cell still runs. The checks always come from this folder, never from
a ``checks.py`` handed in with the submission. Only run notebooks you trust as far
as you would trust running them in Jupyter: this runs their code.

The summary lines speak the language of the checks (Dutch for a Dutch assignment,
whose ``checks.py`` makes a ``Registry(language="nl")``); ``--language en|nl`` or the
environment variable ``SAMENSTERK_LANGUAGE`` chooses another.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
_MAGIC = re.compile(r"^(\s*)[%!]")
LANGUAGE_VARIABLE = "SAMENSTERK_LANGUAGE"
SUMMARY = {
    "en": "== {notebook}: {passed} of {total} questions pass",
    "nl": "== {notebook}: {passed} van {total} vragen geslaagd",
}
WROTE = {"en": "\nwrote {csv}", "nl": "\n{csv} geschreven"}


@dataclass
class Run:
    """What running a notebook left behind."""

    notebook: Path
    namespace: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    output: str = ""


def code_cells(notebook: Path) -> list[str]:
    """The source of every code cell of an .ipynb file (nbformat 4), in order."""
    document = json.loads(notebook.read_text(encoding="utf-8"))
    cells = []
    for cell in document.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            cells.append("".join(source) if isinstance(source, list) else str(source))
    return cells


def _without_magics(source: str) -> str:
    # %pip, !ls and the like are IPython syntax: skip them (keep the line count).
    return "\n".join(_MAGIC.sub(r"\1pass  # ", line) for line in source.splitlines())


def load_checks(folder: Path = HERE, *, hidden: bool = True) -> Any:
    """(Re)import ``checks`` (and ``hidden_checks``) from ``folder``; return ``checks``."""
    for name in ("checks", "hidden_checks"):
        sys.modules.pop(name, None)
    sys.path.insert(0, str(folder))
    try:
        import checks  # noqa: PLC0415

        if hidden:
            import hidden_checks  # noqa: F401, PLC0415
    finally:
        sys.path.remove(str(folder))
    return checks


def run_notebook(notebook: Path, checks_module: Any) -> Run:
    """Run the code cells of ``notebook``; ``from checks import ...`` gets ``checks_module``."""
    notebook = notebook.resolve()
    run = Run(notebook, {"__name__": "__main__"})
    saved = {name: sys.modules.get(name) for name in ("checks", "hidden_checks")}
    sys.modules["checks"] = checks_module
    cwd = Path.cwd()
    buffer = io.StringIO()
    try:
        os.chdir(notebook.parent)
        for number, source in enumerate(code_cells(notebook), start=1):
            try:
                code = compile(_without_magics(source), f"<{notebook.name}: cell {number}>", "exec")
                with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
                    exec(code, run.namespace)  # noqa: S102 - running the notebook is the point
            except Exception as error:  # noqa: BLE001 - report and go on, as Jupyter would
                run.errors.append(f"code cell {number}: {type(error).__name__}: {error}")
    finally:
        os.chdir(cwd)
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    run.output = buffer.getvalue()
    return run


def grade_notebook(notebook: Path, *, folder: Path = HERE, hidden: bool = True) -> tuple[Run, dict]:
    """Run a notebook and all its checks; returns the run and ``{question: Result}``."""
    checks_module = load_checks(folder, hidden=hidden)
    run = run_notebook(notebook, checks_module)
    return run, checks_module.grade(run.namespace, hidden=hidden)


def checks_language(folder: Path = HERE) -> str:
    """The language of the checks in ``folder`` ("en" unless its checks.py speaks another)."""
    checks = folder / "checks.py"
    text = checks.read_text(encoding="utf-8") if checks.is_file() else ""
    match = re.search(r'Registry\(language="(\w+)"\)', text)
    return match.group(1) if match and match.group(1) in SUMMARY else "en"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--public-only", action="store_true", help="leave the hidden checks out")
    parser.add_argument("--csv", type=Path, help="also write one row per notebook to this file")
    parser.add_argument("--language", choices=sorted(SUMMARY), help="of the summary (default: the checks')")
    args = parser.parse_args(argv)
    language = args.language or os.environ.get(LANGUAGE_VARIABLE, "").strip().lower() or checks_language()
    language = language if language in SUMMARY else "en"

    rows = []
    for notebook in args.notebooks:
        run, found = grade_notebook(notebook, hidden=not args.public_only)
        passed = sum(result.ok for result in found.values())
        print(SUMMARY[language].format(notebook=notebook, passed=passed, total=len(found)))
        for error in run.errors:
            print(f"   ! {error}")
        for result in found.values():
            print("   " + result.report().replace("\n", "\n   "))
        rows.append({"notebook": str(notebook), **{q: int(r.ok) for q, r in found.items()}, "passed": passed})
    if args.csv and rows:
        with args.csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        print(WROTE[language].format(csv=args.csv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
