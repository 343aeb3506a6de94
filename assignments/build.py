"""Generate the assignments: student notebooks, solutions, checks and zips.

    python assignments/build.py                       # into .cache/assignments/
    python assignments/build.py --out DIR [--wheel W] [--no-verify]

Each assignment is written once, as a MyST text notebook
``assignments/<name>/assignment.md`` that holds the questions, the solutions and
the checks. This script turns it into

* ``<name>.ipynb``, the student notebook: solutions left out, prompts put in;
* ``<name>-solution.ipynb``, the worked solution;
* ``checks.py`` with the public checks (students run ``check("q1")``) and
  ``hidden_checks.py`` with the hidden ones (lecturers only);

and packs them, with the ``samensterk`` wheel and a README, into

* ``DIR/samensterk-<name>.zip`` for students (notebook, public checks, wheel), and
* ``DIR/lecturer/samensterk-<name>-lecturer.zip`` (solution, student notebook,
  public and hidden checks, ``grade.py``, wheel).

Markers in the source:

* code cells: the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` are
  the solution; the lines between ``# BEGIN PROMPT`` and ``# END PROMPT`` are what
  the student gets in their place; ``x = 42  # SOLUTION`` becomes ``x = ...``;
* Markdown cells: ``<!-- BEGIN SOLUTION -->`` ... ``<!-- END SOLUTION -->`` is
  shown in the solution only;
* cell tags: ``checks-public`` and ``checks-hidden`` cells become the check
  modules (and leave both notebooks); ``solution-only`` and ``student-only``
  cells go to one notebook only.

Both notebooks get a setup cell after their first cell, the file ``setup_cell.py``
(install the wheel if the model is missing, ``from widgets import scoring``,
``from widgets.records import loading``, ``from checks import check, check_all``); ``checks.py`` makes a registry
of checks from ``widgets.book.checking`` (the runtime and the helpers about the model,
shipped in the wheel) and holds the public checks.

Dutch twins: an assignment may also have ``assignments/<name>/assignment.nl.md``, the
same cells, code and checks with Dutch text. It is built the same way, into
``DIR/samensterk-<name>-nl.zip`` and ``DIR/lecturer/samensterk-<name>-lecturer-nl.zip``
(folders ``<name>-nl`` and ``<name>-lecturer-nl``), with the Dutch setup cell
``setup_cell.nl.py``, Dutch READMEs, and a ``checks.py`` whose registry speaks Dutch.

Unless ``--no-verify`` is given, every solution is run against all its checks
(public and hidden) and every untouched student notebook against its public
checks: the build fails if a solution fails a check or a student notebook
passes a question it has not answered.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_OUT = ROOT / ".cache" / "assignments"
SOURCE_NAME = "assignment.md"
SOURCE_NAMES = {"en": SOURCE_NAME, "nl": "assignment.nl.md"}  # an assignment's source per language
MARKER = ".samensterk-assignments"  # marks an output folder this script may wipe
ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed timestamps: the same sources give the same zips

TAG_PUBLIC, TAG_HIDDEN = "checks-public", "checks-hidden"
TAG_SOLUTION_ONLY, TAG_STUDENT_ONLY = "solution-only", "student-only"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
# Put after the first cell of both notebooks: install the model if needed, import it and
# the checks. The cell is the file setup_cell.py, as it is.
SETUP_CELL_FILE = HERE / "setup_cell.py"
SETUP_CELL_FILES = {"en": SETUP_CELL_FILE, "nl": HERE / "setup_cell.nl.py"}
CHECKS_DOC = """\
In the notebook, after answering a question, run::

    from checks import check
    check("q1")

``check`` looks at the variables of the notebook and prints what is right and
what still needs work; ``check_all()`` does every question. Lecturers also have
``hidden_checks.py``: ``import hidden_checks`` registers the hidden checks, after
which ``check("q1", hidden=True)`` and ``check_all(hidden=True)`` run them too.
The check runtime and the helpers are the module ``widgets.book.checking`` of the
samensterk package."""
CHECKS_DOC_NL = """\
Voer in het notebook, na het beantwoorden van een vraag, uit::

    from checks import check
    check("q1")

``check`` bekijkt de variabelen van het notebook en meldt wat goed is en wat nog
werk vraagt; ``check_all()`` doet alle vragen. Docenten hebben ook
``hidden_checks.py``: ``import hidden_checks`` voegt de verborgen controles toe,
waarna ``check("q1", hidden=True)`` en ``check_all(hidden=True)`` die ook uitvoeren.
De controles en de hulpfuncties zijn de module ``widgets.book.checking`` van het
pakket samensterk."""


class BuildError(Exception):
    """An assignment source that cannot be turned into notebooks and checks."""


@dataclass
class Assignment:
    """One assignment, split into its parts."""

    name: str
    title: str
    source: Path
    student: list = field(default_factory=list)  # nbformat cells
    solution: list = field(default_factory=list)
    public_checks: list[str] = field(default_factory=list)
    hidden_checks: list[str] = field(default_factory=list)
    language: str = "en"

    @property
    def suffix(self) -> str:
        """What the language adds to the names of the folders and zips: "" or "-nl"."""
        return "" if self.language == "en" else f"-{self.language}"

    @property
    def source_name(self) -> str:
        return SOURCE_NAMES[self.language]


def language_of(source: Path) -> str:
    """The language of an assignment source, from its file name."""
    for language, name in SOURCE_NAMES.items():
        if source.name == name:
            return language
    raise BuildError(f"{source}: not an assignment source ({' or '.join(SOURCE_NAMES.values())})")


def twins(source: Path) -> list[Path]:
    """An English source and its translations that exist, English first."""
    return [path for path in (source.with_name(name) for name in SOURCE_NAMES.values()) if path.is_file()]


# ------------------------------------------------------------------ splitting


def _split(lines: list[str], begin: str, end: str, where: str) -> list[tuple[str, str]]:
    """Label each line 'both', 'solution' or 'prompt' (marker lines get 'marker')."""
    labelled, state = [], "both"
    for line in lines:
        marker = line.strip()
        if marker in (begin.format("SOLUTION"), begin.format("PROMPT")):
            if state != "both":
                raise BuildError(f"{where}: {marker!r} inside another block")
            state = "solution" if "SOLUTION" in marker else "prompt"
            labelled.append(("marker", line))
        elif marker in (end.format("SOLUTION"), end.format("PROMPT")):
            expected = "solution" if "SOLUTION" in marker else "prompt"
            if state != expected:
                raise BuildError(f"{where}: {marker!r} without its BEGIN")
            state = "both"
            labelled.append(("marker", line))
        else:
            labelled.append((state, line))
    if state != "both":
        raise BuildError(f"{where}: a {state.upper()} block is not closed")
    return labelled


_ONE_LINE = re.compile(r"^(?P<head>\s*[^#=]+?=\s*).*?\s*#\s*SOLUTION\s*$")


def split_code(source: str, where: str) -> tuple[str, str]:
    """(student, solution) versions of a code cell."""
    student, solution = [], []
    for state, line in _split(source.splitlines(), "# BEGIN {}", "# END {}", where):
        if state == "marker":
            continue
        match = _ONE_LINE.match(line) if state == "both" else None
        if match:
            student.append(match.group("head") + "...")
            solution.append(re.sub(r"\s*#\s*SOLUTION\s*$", "", line))
        elif state == "both":
            student.append(line)
            solution.append(line)
        elif state == "solution":
            solution.append(line)
        else:
            student.append(line)
    return "\n".join(student).strip("\n"), "\n".join(solution).strip("\n")


def split_markdown(source: str, where: str) -> tuple[str, str]:
    """(student, solution) versions of a Markdown cell."""
    student, solution = [], []
    for state, line in _split(source.splitlines(), "<!-- BEGIN {} -->", "<!-- END {} -->", where):
        if state in ("both", "prompt"):
            student.append(line)
        if state in ("both", "solution"):
            solution.append(line)
    tidy = lambda lines: re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")  # noqa: E731
    return tidy(student), tidy(solution)


def read_assignment(source: Path) -> Assignment:
    """Parse ``assignments/<name>/assignment.md`` into its student and solution cells and checks."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook

    name = source.parent.name
    language = language_of(source)
    notebook = read_myst_markdown_notebook(source.read_text(encoding="utf-8"))
    titles = [
        line[2:].strip()
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("# ")
    ]
    if not titles:
        raise BuildError(f"{source}: no '# Title' heading")
    assignment = Assignment(name=name, title=titles[0], source=source, language=language)
    for number, cell in enumerate(notebook.cells, start=1):
        where = f"{source.relative_to(ROOT)}: cell {number}"
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "code" and TAG_PUBLIC in tags:
            assignment.public_checks.append(cell.source.strip("\n"))
            continue
        if cell.cell_type == "code" and TAG_HIDDEN in tags:
            assignment.hidden_checks.append(cell.source.strip("\n"))
            continue
        if cell.cell_type == "code":
            student, solution = split_code(cell.source, where)
            make = nbformat.v4.new_code_cell
        elif cell.cell_type == "markdown":
            student, solution = split_markdown(cell.source, where)
            make = nbformat.v4.new_markdown_cell
        else:
            raise BuildError(f"{where}: unexpected {cell.cell_type} cell")
        if student and TAG_SOLUTION_ONLY not in tags:
            assignment.student.append(make(student))
        if solution and TAG_STUDENT_ONLY not in tags:
            assignment.solution.append(make(solution))
    if not assignment.public_checks:
        raise BuildError(f"{source}: no cell tagged {TAG_PUBLIC}")
    setup = SETUP_CELL_FILES[language].read_text(encoding="utf-8").strip()
    for cells in (assignment.student, assignment.solution):
        cells.insert(1, nbformat.v4.new_code_cell(setup))
    return assignment


# -------------------------------------------------------------------- writing


def notebook_text(cells: list, prefix: str) -> str:
    """An nbformat 4.5 notebook with deterministic cell ids."""
    import nbformat

    notebook = nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
    )
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"{prefix}-{number:02d}"
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def checks_text(assignment: Assignment) -> str:
    """checks.py: a registry of this assignment's checks (widgets.book.checking) and its public checks."""
    if assignment.language != "en":
        return _dutch_checks_text(assignment)
    header = (
        f"Public checks of the assignment '{assignment.title}'.\n\n"
        f"Generated by assignments/build.py from assignments/{assignment.name}/{SOURCE_NAME}.\n"
    )
    checks = "\n\n\n".join(assignment.public_checks)
    return (
        f'"""{header}\n{CHECKS_DOC}\n"""\n\n'
        "from widgets import scoring  # noqa: F401 - for the checks below\n"
        "from widgets.records import loading  # noqa: F401\n"
        "from widgets.book.checking import *  # noqa: F401, F403 - answer, fail, profile and the other helpers\n"
        "from widgets.book.checking import Registry\n\n"
        "_registry = Registry()\n"
        "public, hidden = _registry.public, _registry.hidden\n"
        "questions, results, grade = _registry.questions, _registry.results, _registry.grade\n"
        "check, check_all = _registry.check, _registry.check_all\n\n\n"
        f'# {"-" * 66} the checks\n\n{checks}\n'
    )


def _dutch_checks_text(assignment: Assignment) -> str:
    header = (
        f"Openbare controles van de opdracht '{assignment.title}'.\n\n"
        f"Gemaakt door assignments/build.py uit assignments/{assignment.name}/{assignment.source_name}.\n"
    )
    checks = "\n\n\n".join(assignment.public_checks)
    return (
        f'"""{header}\n{CHECKS_DOC_NL}\n"""\n\n'
        "from widgets import scoring  # noqa: F401 - voor de controles hieronder\n"
        "from widgets.records import loading  # noqa: F401\n"
        "from widgets.book.checking import *  # noqa: F401, F403 - answer, fail, profile en de andere hulpfuncties\n"
        "from widgets.book.checking import Registry\n\n"
        f'_registry = Registry(language="{assignment.language}")\n'
        "public, hidden = _registry.public, _registry.hidden\n"
        "questions, results, grade = _registry.questions, _registry.results, _registry.grade\n"
        "check, check_all = _registry.check, _registry.check_all\n\n\n"
        f'# {"-" * 61} de controles\n\n{checks}\n'
    )


def hidden_checks_text(assignment: Assignment) -> str:
    """hidden_checks.py: the hidden checks, on top of checks.py."""
    if assignment.language != "en":
        checks = "\n\n\n".join(assignment.hidden_checks) or "# (deze opdracht heeft geen verborgen controles)"
        return (
            f'"""Verborgen controles van de opdracht \'{assignment.title}\': voor docenten, niet voor studenten.\n\n'
            f"Gemaakt door assignments/build.py uit assignments/{assignment.name}/{assignment.source_name}.\n"
            "In een notebook: ``import hidden_checks`` en dan ``check_all(hidden=True)``;\n"
            "voor een stapel inzendingen: ``python grade.py inzendingen/*.ipynb``.\n"
            '"""\n\n'
            "from checks import *  # noqa: F401, F403 - de hulpfuncties en de openbare controles\n"
            "from checks import hidden\n\n\n"
            f"{checks}\n"
        )
    checks = "\n\n\n".join(assignment.hidden_checks) or "# (this assignment has no hidden checks)"
    return (
        f'"""Hidden checks of the assignment \'{assignment.title}\': for lecturers, not for students.\n\n'
        f"Generated by assignments/build.py from assignments/{assignment.name}/{SOURCE_NAME}.\n"
        "In a notebook: ``import hidden_checks`` and then ``check_all(hidden=True)``;\n"
        "for a pile of submissions: ``python grade.py submissions/*.ipynb``.\n"
        '"""\n\n'
        "from checks import *  # noqa: F401, F403 - the helpers and the public checks\n"
        "from checks import hidden\n\n\n"
        f"{checks}\n"
    )


STUDENT_README = """\
# {title}

An assignment of the book *Samen sterk: alliance management for intermunicipal
cooperation*. This folder holds:

- `{name}.ipynb`: the assignment, to open in Jupyter;
- `checks.py`: the checks you run yourself, with `check("q1")` in the notebook;
- `{wheel}`: the book's scoring model (the Python package `samensterk`).

## Run it on your own computer

You need Python 3.11 or newer.

```sh
python -m venv .venv
source .venv/bin/activate          # Windows: .venv\\Scripts\\activate
pip install {wheel} jupyterlab
jupyter lab {name}.ipynb
```

## Run it on JupyterHub or Binder

Upload this zip, open a terminal in the folder where you unzipped it, run
`pip install --user {wheel}` (or let the notebook's first cell do it) and open
`{name}.ipynb`. Restart the kernel if the notebook cannot import `widgets`.

## Working through it

Answer each question in the cell below it: replace every `...` and every
"Write your answer here". Then run the `check("q...")` cell under the question;
it says what is fine and what still needs work. `check_all()` at the end checks
everything. Passing the checks means your answer is complete and consistent with
the model; whether your argument is good is for your lecturer to judge.
"""

LECTURER_README = """\
# {title}: for lecturers

Not for students. This folder holds:

- `{name}-solution.ipynb`: the worked solution (it passes every check);
- `{name}.ipynb`: the student notebook, as in the students' zip;
- `checks.py`: the public checks, as in the students' zip;
- `hidden_checks.py`: the hidden checks, which students do not have;
- `grade.py`: runs submitted notebooks against all checks;
- `{wheel}`: the book's scoring model (the Python package `samensterk`).

## Grading

```sh
python -m venv .venv && source .venv/bin/activate
pip install {wheel}
python grade.py submissions/*.ipynb --csv grades.csv
```

`grade.py` runs every code cell of each notebook (with the notebook's folder as
working directory) and then the public and hidden checks of every question; add
`--public-only` to see what the student saw. It uses the checks in this folder,
never a `checks.py` handed in with a submission. Run only notebooks you would
also run in Jupyter. In a notebook you can do the same by hand:
`import hidden_checks` and then `hidden_checks.check_all(hidden=True)`.

The checks test that an answer is complete and consistent with the model, and
the hidden ones also compare it with the solution; they do not judge the quality
of an argument. Read the written answers.

Generated by `make assignments` from `assignments/{name}/{source}` in the book's
repository: change the assignment there, not here.
"""


STUDENT_README_NL = """\
# {title}

Een opdracht bij het boek *Samen sterk: alliantiemanagement voor intergemeentelijke
samenwerking*. In deze map:

- `{name}.ipynb`: de opdracht, om in Jupyter te openen;
- `checks.py`: de controles die je zelf uitvoert, met `check("q1")` in het notebook;
- `{wheel}`: het scoremodel van het boek (het Python-pakket `samensterk`).

## Op je eigen computer

Je hebt Python 3.11 of nieuwer nodig.

```sh
python -m venv .venv
source .venv/bin/activate          # Windows: .venv\\Scripts\\activate
pip install {wheel} jupyterlab
jupyter lab {name}.ipynb
```

## Op JupyterHub of Binder

Upload deze zip, open een terminal in de map waarin je hem hebt uitgepakt, voer
`pip install --user {wheel}` uit (of laat de eerste cel van het notebook dat doen) en
open `{name}.ipynb`. Herstart de kernel als het notebook `widgets` niet kan importeren.

## Aan de slag

Beantwoord elke vraag in de cel eronder: vervang elke `...` en elke
"Schrijf hier je antwoord". Voer daarna de cel `check("q...")` onder de vraag uit; die
zegt wat in orde is en wat nog werk vraagt. `check_all()` aan het eind controleert alles. Slaag je voor
de controles, dan is je antwoord volledig en klopt het met het model; of je betoog goed
is, beoordeelt je docent.
"""

LECTURER_README_NL = """\
# {title}: voor docenten

Niet voor studenten. In deze map:

- `{name}-solution.ipynb`: de uitgewerkte oplossing (die slaagt voor elke controle);
- `{name}.ipynb`: het notebook voor studenten, zoals in hun zip;
- `checks.py`: de openbare controles, zoals in de zip voor studenten;
- `hidden_checks.py`: de verborgen controles, die studenten niet hebben;
- `grade.py`: voert ingeleverde notebooks uit tegen alle controles;
- `{wheel}`: het scoremodel van het boek (het Python-pakket `samensterk`).

## Beoordelen

```sh
python -m venv .venv && source .venv/bin/activate
pip install {wheel}
python grade.py inzendingen/*.ipynb --csv cijfers.csv
```

`grade.py` voert elke codecel van elk notebook uit (in de map van het notebook) en
daarna de openbare en verborgen controles van elke vraag; met `--public-only` zie je
wat de student zag. Het gebruikt de controles in deze map, nooit een `checks.py` die
met een inzending is meegestuurd. Voer alleen notebooks uit die je ook in Jupyter zou
uitvoeren. In een notebook kan hetzelfde met de hand: `import hidden_checks` en dan
`hidden_checks.check_all(hidden=True)`.

De controles toetsen of een antwoord volledig is en klopt met het model; de verborgen
controles vergelijken het ook met de oplossing. De kwaliteit van een betoog beoordelen
ze niet: lees de geschreven antwoorden.

Gemaakt door `make assignments` uit `assignments/{name}/{source}` in de repository van
het boek: pas de opdracht daar aan, niet hier.
"""
READMES = {"en": (STUDENT_README, LECTURER_README), "nl": (STUDENT_README_NL, LECTURER_README_NL)}


def folders(assignment: Assignment, out: Path) -> tuple[Path, Path]:
    """The (student, lecturer) work folders of an assignment in ``out``."""
    name, suffix = assignment.name, assignment.suffix
    return out / "work" / f"{name}{suffix}", out / "work" / f"{name}-lecturer{suffix}"


def zip_paths(assignment: Assignment, out: Path) -> tuple[Path, Path]:
    """The (student, lecturer) zips of an assignment in ``out``."""
    name, suffix = assignment.name, assignment.suffix
    return out / f"samensterk-{name}{suffix}.zip", out / "lecturer" / f"samensterk-{name}-lecturer{suffix}.zip"


def build_wheel(directory: Path) -> Path:
    """Build the samensterk wheel into ``directory`` (pip, no dependencies)."""
    directory.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
         "-w", str(directory), str(ROOT)],
        capture_output=True, text=True,
    )
    wheels = sorted(directory.glob("samensterk-*.whl"))
    if done.returncode != 0 or not wheels:
        raise BuildError(f"building the samensterk wheel failed:\n{done.stdout}\n{done.stderr}")
    return wheels[-1]


def write_zip(zip_path: Path, folder: Path) -> None:
    """Zip ``folder`` (as a top-level folder of that name) with fixed timestamps."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())


def write_assignment(assignment: Assignment, out: Path, wheel: Path) -> tuple[Path, Path]:
    """Write the student and lecturer folders and zips; return (student zip, lecturer zip)."""
    name = assignment.name
    values = {"title": assignment.title, "name": name, "wheel": wheel.name, "source": assignment.source_name}
    student_readme, lecturer_readme = READMES[assignment.language]
    student_dir, lecturer_dir = folders(assignment, out)
    for folder in (student_dir, lecturer_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    student_nb = notebook_text(assignment.student, "student")
    checks = checks_text(assignment)
    (student_dir / f"{name}.ipynb").write_text(student_nb, encoding="utf-8")
    (student_dir / "checks.py").write_text(checks, encoding="utf-8")
    (student_dir / "README.md").write_text(student_readme.format(**values), encoding="utf-8")
    shutil.copy2(wheel, student_dir / wheel.name)

    (lecturer_dir / f"{name}-solution.ipynb").write_text(
        notebook_text(assignment.solution, "solution"), encoding="utf-8"
    )
    (lecturer_dir / f"{name}.ipynb").write_text(student_nb, encoding="utf-8")
    (lecturer_dir / "checks.py").write_text(checks, encoding="utf-8")
    (lecturer_dir / "hidden_checks.py").write_text(hidden_checks_text(assignment), encoding="utf-8")
    shutil.copy2(HERE / "grading.py", lecturer_dir / "grade.py")
    (lecturer_dir / "README.md").write_text(lecturer_readme.format(**values), encoding="utf-8")
    shutil.copy2(wheel, lecturer_dir / wheel.name)

    student_zip, lecturer_zip = zip_paths(assignment, out)
    write_zip(student_zip, student_dir)
    write_zip(lecturer_zip, lecturer_dir)
    return student_zip, lecturer_zip


# ------------------------------------------------------------------ verifying


def verify(assignment: Assignment, out: Path) -> list[str]:
    """Problems: a solution that fails a check, or a student notebook that passes one."""
    sys.path.insert(0, str(HERE))
    try:
        import grading
    finally:
        sys.path.remove(str(HERE))
    _, lecturer_dir = folders(assignment, out)
    label = f"{assignment.name}{assignment.suffix}"
    problems = []
    run, found = grading.grade_notebook(
        lecturer_dir / f"{assignment.name}-solution.ipynb", folder=lecturer_dir, hidden=True
    )
    problems += [f"{label} solution: {error}" for error in run.errors]
    problems += [f"{label} solution fails {result.report()}" for result in found.values() if not result.ok]
    run, found = grading.grade_notebook(lecturer_dir / f"{assignment.name}.ipynb", folder=lecturer_dir, hidden=False)
    problems += [f"{label} student notebook: {error}" for error in run.errors]
    problems += [f"{label} student notebook passes {q} unanswered" for q, result in found.items() if result.ok]
    return problems


def sources(only: list[str] | None = None) -> list[Path]:
    found = sorted(HERE.glob(f"*/{SOURCE_NAME}"))
    if only:
        found = [path for path in found if path.parent.name in only]
        missing = set(only) - {path.parent.name for path in found}
        if missing:
            raise BuildError(f"no such assignment: {', '.join(sorted(missing))}")
    return found


def build(out: Path = DEFAULT_OUT, *, wheel: Path | None = None, check: bool = True,
          only: list[str] | None = None) -> list[tuple[Path, Path]]:
    """Generate every assignment and its Dutch twin into ``out``; return the (student, lecturer) zips."""
    assignments = [read_assignment(twin) for path in sources(only) for twin in twins(path)]
    if not assignments:
        raise BuildError(f"no assignments found in {HERE}/*/{SOURCE_NAME}")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise BuildError(f"{out} is not empty and was not made by this script: choose another --out")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by assignments/build.py; deleted and rewritten on every run\n")
    with tempfile.TemporaryDirectory() as tmp:
        built_wheel = Path(tmp) / wheel.name if wheel else None
        if wheel:
            shutil.copy2(wheel, built_wheel)
        else:
            built_wheel = build_wheel(Path(tmp))
        zips = [write_assignment(assignment, out, built_wheel) for assignment in assignments]
    if check:
        problems = [problem for assignment in assignments for problem in verify(assignment, out)]
        if problems:
            raise BuildError("the assignments do not check out:\n  " + "\n  ".join(problems))
    return zips


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT.relative_to(ROOT)}")
    parser.add_argument("--wheel", type=Path, help="use this samensterk wheel instead of building one")
    parser.add_argument("--no-verify", action="store_true", help="do not run the solutions against the checks")
    parser.add_argument("--only", nargs="*", help="build only these assignments")
    args = parser.parse_args(argv)
    try:
        zips = build(args.out.resolve(), wheel=args.wheel, check=not args.no_verify, only=args.only)
    except BuildError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    for student, lecturer in zips:
        print(f">> {student.relative_to(args.out.resolve())}  (lecturer: {lecturer.relative_to(args.out.resolve())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
