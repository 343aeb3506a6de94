"""The assignments: generated from one source each, solutions pass, untouched notebooks fail helpfully.

The fixture builds every assignment (assignments/build.py, with a fresh wheel) into a
temporary folder. Notebooks run in a real Jupyter kernel (nbclient), the student
notebook from the unpacked student zip, so the zip is known to hold all it needs.
Every assignment has a Dutch twin (``assignment.nl.md``): the same cells, code and checks,
built into ``samensterk-<name>-nl.zip`` and ``lecturer/samensterk-<name>-lecturer-nl.zip``
and verified the same way.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assignments"))
import build  # noqa: E402
import grading  # noqa: E402

NAMES = sorted(path.parent.name for path in ROOT.glob("assignments/*/assignment.md"))
DUTCH = "assignment.nl.md"
SOURCE = Path(
    os.environ.get("SAMENSTERK_SOURCE")
    or ROOT.parent / "shared" / "source" / "samen-sterk-korsten-van-de-laar.txt"
)
RESULTS_CELL = """\
import json as _json
import hidden_checks as _hidden
print("RESULTS" + _json.dumps({q: [r.ok, r.report()] for q, r in _hidden.grade(globals(), hidden=True).items()}))
"""
PUBLIC_RESULTS_CELL = RESULTS_CELL.replace("import hidden_checks as _hidden", "import checks as _hidden").replace(
    "hidden=True", "hidden=False"
)


def test_there_are_at_least_four_assignments():
    assert len(NAMES) >= 4, NAMES


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("assignments")
    build.build(out, check=False)
    return out


def execute(notebook: Path, extra_cell: str) -> tuple[nbformat.NotebookNode, dict]:
    """Run a notebook in a kernel (in its own folder) with one cell added; return it and the results."""
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(extra_cell))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()
    errors = [o for cell in nb.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{notebook.name}: a cell raised {errors[0]['ename']}: {errors[0]['evalue']}"
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    (line,) = [line for line in text.splitlines() if line.startswith("RESULTS")]
    return nb, json.loads(line[len("RESULTS"):])


def unzip(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as handle:
        handle.extractall(into)
        (top,) = {name.split("/")[0] for name in handle.namelist()}
    return into / top


@pytest.mark.parametrize("name", NAMES)
def test_the_solution_passes_every_public_and_hidden_check(name, built):
    folder = built / "work" / f"{name}-lecturer"
    _, results = execute(folder / f"{name}-solution.ipynb", RESULTS_CELL)
    failing = {q: report for q, (ok, report) in results.items() if not ok}
    assert results and not failing, failing
    assert any("public and hidden" in report for _, report in results.values())


@pytest.mark.parametrize("name", NAMES)
def test_the_untouched_student_notebook_runs_and_fails_every_question_helpfully(name, built, tmp_path):
    folder = unzip(built / f"samensterk-{name}.zip", tmp_path)
    nb, results = execute(folder / f"{name}.ipynb", PUBLIC_RESULTS_CELL)
    assert results and not any(ok for ok, _ in results.values()), results
    for question, (_, report) in results.items():
        assert f"{question}: not yet" in report
        assert "not answered yet" in report and "`" in report, report  # names what to fill in
    check_outputs = [
        "".join(o.get("text", "") for o in cell.outputs)
        for cell in nb.cells
        if cell.cell_type == "code" and re.fullmatch(r'check\("q\d+"\)', cell.source.strip())
    ]
    assert len(check_outputs) == len(results)
    assert all("not yet" in out and "replace" in out for out in check_outputs), check_outputs


@pytest.mark.parametrize("name", NAMES)
def test_the_zips_hold_what_students_and_lecturers_need(name, built):
    student = zipfile.ZipFile(built / f"samensterk-{name}.zip").namelist()
    lecturer = zipfile.ZipFile(built / "lecturer" / f"samensterk-{name}-lecturer.zip").namelist()
    wheel = [n for n in student if n.endswith(".whl")]
    assert sorted(n.split("/", 1)[1] for n in student if not n.endswith(".whl")) == sorted(
        ["README.md", "checks.py", f"{name}.ipynb"]
    )
    assert len(wheel) == 1 and wheel[0].split("/")[1].startswith("samensterk-")
    assert not any("solution" in n or "hidden" in n or "grade" in n for n in student)
    expected = {"README.md", "checks.py", "hidden_checks.py", "grade.py", f"{name}.ipynb", f"{name}-solution.ipynb"}
    assert expected <= {n.split("/", 1)[1] for n in lecturer}


@pytest.mark.parametrize("name", NAMES)
def test_no_solution_or_hidden_check_reaches_the_student(name, built):
    assignment = build.read_assignment(ROOT / "assignments" / name / "assignment.md")
    folder = built / "work" / name
    student_text = (folder / f"{name}.ipynb").read_text(encoding="utf-8") + (folder / "checks.py").read_text(
        encoding="utf-8"
    )
    code = lambda line: re.sub(r"\s+#.*$", "", line).strip()  # noqa: E731 - a line without its comment
    solution_only = set()
    for cell in assignment.solution:
        solution_only |= {code(line) for line in cell.source.splitlines() if len(code(line)) >= 30}
    for cell in assignment.student:  # lines the student has too
        solution_only -= {code(line) for line in cell.source.splitlines()}
    assert solution_only, "no solution lines found"
    leaked = [line for line in solution_only if json.dumps(line)[1:-1] in student_text or line in student_text]
    assert not leaked, leaked[:3]
    for check_source in assignment.hidden_checks:
        for function in re.findall(r"^def (\w+)", check_source, flags=re.MULTILINE):
            assert function not in student_text, function


def test_grade_py_grades_a_pile_of_notebooks(built, tmp_path):
    name = NAMES[0]
    folder = built / "work" / f"{name}-lecturer"
    csv_file = tmp_path / "grades.csv"
    done = subprocess.run(
        [sys.executable, "grade.py", f"{name}-solution.ipynb", f"{name}.ipynb", "--csv", str(csv_file)],
        cwd=folder, capture_output=True, text=True, check=True,
    )
    assert f"{name}-solution.ipynb: {len(results_of(folder, name))} of" in done.stdout
    rows = csv_file.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("notebook,q1") and len(rows) == 3
    assert rows[1].endswith(str(len(results_of(folder, name)))) and rows[2].endswith(",0")


def results_of(folder: Path, name: str) -> dict:
    _, found = grading.grade_notebook(folder / f"{name}-solution.ipynb", folder=folder)
    return found


def test_grade_py_uses_its_own_checks_not_a_submitted_copy(built, tmp_path):
    name = NAMES[0]
    folder = built / "work" / f"{name}-lecturer"
    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / f"{name}.ipynb").write_text((folder / f"{name}.ipynb").read_text(encoding="utf-8"), encoding="utf-8")
    (submission / "checks.py").write_text("def check(q): pass\ndef check_all(): pass\n", encoding="utf-8")
    run, found = grading.grade_notebook(submission / f"{name}.ipynb", folder=folder)
    assert found and not any(result.ok for result in found.values())


def checks_module(built: Path, name: str):
    return grading.load_checks(built / "work" / f"{name}-lecturer", hidden=True)


def solution_namespace(built: Path, name: str) -> dict:
    folder = built / "work" / f"{name}-lecturer"
    return grading.run_notebook(folder / f"{name}-solution.ipynb", grading.load_checks(folder)).namespace


@pytest.mark.parametrize(
    ("name", "question", "change", "message"),
    [
        ("a1-code-a-region", "q1", {"levels": {"diagnosis": 4}}, "has no level for benefits"),
        ("a1-code-a-region", "q1", {"levels": dict.fromkeys(["diagnosis", "benefits", "downside_limits", "pendulum",
          "formalisation", "gideon_band", "leadership", "continuous_management", "trust", "quick_wins",
          "herindeling_threat"], 3.2)}, "use whole or half levels"),
        ("a1-code-a-region", "q3", {"start_year": 2020}, "the model needs that year"),
        ("a1-code-a-region", "q4", {"first_levers": ["trust", "trust"]}, "two different factor keys"),
        ("a1-code-a-region", "q4", {"lever_argument": "Too short."}, "write at least 100"),
        ("a1-code-a-region", "q3", {"good_chance": -1.0}, "use result.final.good"),
        ("a1-code-a-region", "q4", {"first_levers": ["herindeling_threat", "pendulum"]}, "not in the cooperation's own hands"),
        ("a2-saving-beek", "q1", {"break_up_year": 1999}, "first falls below one half in another year"),
        ("a2-saving-beek", "q2", {"main_driver": "money"}, 'should be "momentum", "elections" or "threat"'),
        ("a2-saving-beek", "q3", {"best_repairs": ["herindeling_threat", "benefits", "diagnosis"]},
         "not a repair the partners can make"),
        ("a2-saving-beek", "q3", {"together_break_up": 1999}, "`together_break_up` is 1999"),
        ("a3-k5-and-kempen", "q2", {"largest": "trust"}, "another factor has a larger gain"),
        ("a4-score-your-region", "q3", {"weakest": ["trust", "formalisation", "quick_wins"]}, "not among the three lowest"),
        ("a4-score-your-region", "q3", {"weakest": ["herindeling_threat", "formalisation", "quick_wins"]},
         "not in the cooperation's hands"),
    ],
)
def test_a_wrong_answer_gets_a_message_that_says_what_to_change(built, name, question, change, message):
    assert name in NAMES, f"no assignment {name}"
    checks = checks_module(built, name)
    ns = {**solution_namespace(built, name), **change}
    result = checks.results(question, ns)
    assert not result.ok and message in result.failure, result.report()


@pytest.mark.parametrize(
    ("name", "question", "change", "message"),
    [
        ("a1-code-a-region", "q1", {"diagnosis": 1}, "more than a level from the reference"),
        # a chance with the threat switched off that is not the model's, and a driver that follows from it
        ("a2-saving-beek", "q2", lambda ns: {"alive_without": {**ns["alive_without"], "threat": 99.0},
                                             "main_driver": "threat"}, "differ from the model"),
        # a drop that is not the model's
        ("a2-saving-beek", "q3", lambda ns: {"collapse_drop": {**ns["collapse_drop"], "quick_wins": -3.0}},
         "drops differ from the model"),
    ],
)
def test_hidden_checks_catch_what_public_ones_let_through(built, name, question, change, message):
    checks = checks_module(built, name)
    ns = solution_namespace(built, name)
    if callable(change):  # a change computed from the solution's own answers
        change = change(ns)
    if name == "a1-code-a-region":
        ns["levels"] = {**ns["levels"], **change}
    else:
        ns.update(change)
    assert checks.results(question, ns).ok, "the public checks should pass"
    result = checks.results(question, ns, hidden=True)
    assert not result.ok and message in result.failure, result.report()


def test_markers_must_be_balanced():
    with pytest.raises(build.BuildError, match="not closed"):
        build.split_code("# BEGIN SOLUTION\nx = 1\n", "test")
    with pytest.raises(build.BuildError, match="without its BEGIN"):
        build.split_code("x = 1\n# END PROMPT\n", "test")
    student, solution = build.split_code("a = 1  # SOLUTION\n# BEGIN PROMPT\nb = ...\n# END PROMPT\n", "test")
    assert student == "a = ...\nb = ..." and solution == "a = 1"


def test_the_output_folder_is_only_wiped_when_it_is_ours(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(build.BuildError, match="not made by this script"):
        build.build(tmp_path, check=False, wheel=tmp_path / "none.whl")
    assert (tmp_path / "precious.txt").exists()


def test_the_lecturers_page_links_every_student_zip_and_no_lecturer_zip(site_dir):
    page = site_dir / "book" / "lecturers.html"
    assert page.is_file(), "book/lecturers.html is not built: run make book"
    links = re.findall(r'href="([^"]+\.zip)"', page.read_text(encoding="utf-8"))
    assert sorted(Path(link).name for link in links) == sorted(f"samensterk-{name}.zip" for name in NAMES)
    assert not any("lecturer" in link for link in links)
    for link in links:
        archive = (page.parent / link).resolve()
        assert archive.is_file(), link
        names = zipfile.ZipFile(archive).namelist()
        assert any(n.endswith(".ipynb") for n in names) and not any("solution" in n for n in names)


# ---------------------------------------------------------------- the Dutch twins


def source_cells(path: Path) -> list:
    from myst_nb.core.read import read_myst_markdown_notebook

    return read_myst_markdown_notebook(path.read_text(encoding="utf-8")).cells


CHECK_CALL = re.compile(r'\b(?:check|check_all|public|hidden)\((?:"q\d+")?[^)]*\)')
MARKERS = re.compile(r"(?:#|<!--) (?:BEGIN|END) (?:SOLUTION|PROMPT)\b|#\s*SOLUTION\s*$", re.MULTILINE)


def interface(cell) -> dict:
    """What a twin must share with the English cell: type, tags, markers, check calls, the names it defines."""
    found = {
        "type": cell.cell_type,
        "tags": sorted(cell.metadata.get("tags", [])),
        "markers": MARKERS.findall(cell.source),
    }
    if cell.cell_type == "code":
        tree = ast.parse(cell.source)
        defined, loop_variables = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
            elif isinstance(node, ast.comprehension):  # a comprehension's own variables are not an interface
                loop_variables |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        found["defines"] = sorted(defined - loop_variables)
        found["checks"] = CHECK_CALL.findall(cell.source)
        found["strings checked"] = sorted(re.findall(r'\b(?:answer|text_answer|profile|evaluation)\(ns, "(\w+)"',
                                                     cell.source))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_assignment_has_a_dutch_twin_with_the_same_cells_code_and_checks(name):
    english_path, dutch_path = ROOT / "assignments" / name / "assignment.md", ROOT / "assignments" / name / DUTCH
    assert dutch_path.is_file(), f"{name} has no Dutch twin {DUTCH}"
    english, dutch = source_cells(english_path), source_cells(dutch_path)
    assert len(dutch) == len(english), (len(dutch), len(english))
    for number, (en, nl) in enumerate(zip(english, dutch), start=1):
        assert interface(nl) == interface(en), f"{name}: cell {number} differs from the English"
    english_text, dutch_text = english_path.read_text(encoding="utf-8"), dutch_path.read_text(encoding="utf-8")
    assert "Schrijf hier je antwoord" in dutch_text and "Write your answer here" not in dutch_text
    assert dutch_text.count("Schrijf hier je antwoord") == english_text.count("Write your answer here")
    assert "# Opdracht " in dutch_text and "## Vraag 1" in dutch_text


@pytest.mark.parametrize("name", NAMES)
def test_the_dutch_twin_is_read_as_dutch_with_the_same_checks(name):
    english = build.read_assignment(ROOT / "assignments" / name / "assignment.md")
    dutch = build.read_assignment(ROOT / "assignments" / name / DUTCH)
    assert (english.language, english.suffix, dutch.language, dutch.suffix) == ("en", "", "nl", "-nl")
    assert len(dutch.student) == len(english.student) and len(dutch.solution) == len(english.solution)
    assert len(dutch.public_checks) == len(english.public_checks)
    assert len(dutch.hidden_checks) == len(english.hidden_checks)
    functions = lambda checks: re.findall(r"^def (\w+)", "\n".join(checks), flags=re.MULTILINE)  # noqa: E731
    assert functions(dutch.public_checks) == functions(english.public_checks)
    assert functions(dutch.hidden_checks) == functions(english.hidden_checks)
    assert 'Registry(language="nl")' in build.checks_text(dutch)
    assert "Registry()" in build.checks_text(english) and "language" not in build.checks_text(english)


@pytest.mark.parametrize("name", NAMES)
def test_the_dutch_zips_are_built_beside_the_english_ones(name, built):
    student = zipfile.ZipFile(built / f"samensterk-{name}-nl.zip").namelist()
    lecturer = zipfile.ZipFile(built / "lecturer" / f"samensterk-{name}-lecturer-nl.zip").namelist()
    assert {n.split("/", 1)[0] for n in student} == {f"{name}-nl"}
    assert {n.split("/", 1)[0] for n in lecturer} == {f"{name}-lecturer-nl"}
    assert sorted(n.split("/", 1)[1] for n in student if not n.endswith(".whl")) == sorted(
        ["README.md", "checks.py", f"{name}.ipynb"]
    )
    assert not any("solution" in n or "hidden" in n or "grade" in n for n in student)
    expected = {"README.md", "checks.py", "hidden_checks.py", "grade.py", f"{name}.ipynb", f"{name}-solution.ipynb"}
    assert expected <= {n.split("/", 1)[1] for n in lecturer}
    readme = zipfile.ZipFile(built / f"samensterk-{name}-nl.zip").read(f"{name}-nl/README.md").decode("utf-8")
    assert "Schrijf hier je antwoord" in readme
    # the English zips keep their names
    assert (built / f"samensterk-{name}.zip").is_file()
    assert (built / "lecturer" / f"samensterk-{name}-lecturer.zip").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_the_dutch_solution_passes_and_the_untouched_notebook_fails_in_dutch(name, built):
    dutch = build.read_assignment(ROOT / "assignments" / name / DUTCH)
    assert build.verify(dutch, built) == []  # the build's own verification
    folder = built / "work" / f"{name}-lecturer-nl"
    run, found = grading.grade_notebook(folder / f"{name}.ipynb", folder=folder, hidden=False)
    assert not run.errors, run.errors
    assert found and not any(result.ok for result in found.values())
    for question, result in found.items():
        report = result.report()
        assert f"{question}: nog niet" in report and "nog niet beantwoord" in report and "`" in report, report
        assert "vervang" in report, report


def test_grade_py_summarises_in_the_language_of_its_checks(built):
    name = NAMES[0]
    for suffix, summary in (("", "questions pass"), ("-nl", "vragen geslaagd")):
        folder = built / "work" / f"{name}-lecturer{suffix}"
        done = subprocess.run(
            [sys.executable, "grade.py", "--public-only", f"{name}.ipynb"],
            cwd=folder, capture_output=True, text=True, check=True,
            env={key: value for key, value in os.environ.items() if key != "SAMENSTERK_LANGUAGE"},
        )
        assert summary in done.stdout, done.stdout


@pytest.mark.parametrize("name", NAMES)
def test_the_dutch_notebooks_run_in_a_kernel_from_their_zips(name, built, tmp_path):
    folder = built / "work" / f"{name}-lecturer-nl"
    _, results = execute(folder / f"{name}-solution.ipynb", RESULTS_CELL)
    failing = {q: report for q, (ok, report) in results.items() if not ok}
    assert results and not failing, failing
    assert all("openbare en verborgen controles geslaagd" in report for _, report in results.values())
    student = unzip(built / f"samensterk-{name}-nl.zip", tmp_path)
    nb, results = execute(student / f"{name}.ipynb", PUBLIC_RESULTS_CELL)
    assert results and not any(ok for ok, _ in results.values()), results
    check_outputs = [
        "".join(o.get("text", "") for o in cell.outputs)
        for cell in nb.cells
        if cell.cell_type == "code" and re.fullmatch(r'check\("q\d+"\)', cell.source.strip())
    ]
    assert len(check_outputs) == len(results)
    assert all("nog niet" in out and "vervang" in out for out in check_outputs), check_outputs
