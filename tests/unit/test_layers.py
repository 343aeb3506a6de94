"""What runs in the reader's browser imports the standard library and itself only.

The live pages load the subpackages that _ext/live_site.py names into a bare Pyodide,
with tomli-w (pure Python) beside them; anything else would fail there, and only there.
The layers between the subpackages are checked by import-linter (``make lint``,
``[tool.importlinter]`` in pyproject.toml); this test is the allow-list it cannot express.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))
try:
    import live_site
finally:
    sys.path.pop(0)

WIDGETS = ROOT / "widgets"
BROWSER = [name for name in live_site.browser_modules() if name.endswith(".py")]
ALLOWED_THIRD_PARTY = set(live_site.THIRD_PARTY)  # tomli_w, copied beside the modules


def is_module(dotted: str) -> bool:
    """Whether ``widgets.x.y`` is a module or package of ours (not a name inside one)."""
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported(path: Path) -> list[str]:
    """Every module a file imports, absolute ("from widgets.views import roles": widgets.views.roles)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0 and node.module, f"{path}: a relative import"
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                names.append(inner if node.module.startswith("widgets") and is_module(inner) else node.module)
    return names


def test_the_browser_gets_the_model_and_its_pages():
    assert {"model/forecast.py", "browser/model_page.py", "browser/scan_page.py", "browser/qca_page.py",
            "records/loading.py", "scoring.py"} <= set(BROWSER)


def test_each_page_script_names_a_module_the_browser_gets():
    """The page scripts name the Python module the worker imports: a module of the browser, by its own name."""
    modules = {"widgets." + n.removesuffix(".py").replace("/", ".") for n in BROWSER}
    named = {}
    for script in sorted((ROOT / "_ext" / "static").glob("samensterk-*.js")):
        for module in re.findall(r'"(widgets\.[\w.]+)"', script.read_text(encoding="utf-8")):
            named[module] = script.name
    assert set(named) == {"widgets.browser.model_page", "widgets.browser.scan_page", "widgets.browser.qca_page"}
    assert set(named) <= modules


@pytest.mark.parametrize("name", BROWSER)
def test_what_runs_in_the_browser_imports_the_standard_library_and_itself_only(name):
    loaded = {"widgets." + n.removesuffix(".py").replace("/", ".").removesuffix(".__init__") for n in BROWSER}
    loaded |= {"widgets"}
    for module in imported(WIDGETS / name):
        top = module.split(".")[0]
        if top in sys.stdlib_module_names or top == "__future__" or top in ALLOWED_THIRD_PARTY:
            continue
        assert module in loaded, (name, module)


def test_the_check_sees_an_import_from_outside_the_browser(tmp_path):
    source = tmp_path / "page.py"
    source.write_text("from widgets import cli\nfrom widgets.views import roles\nfrom widgets.scoring import FACTORS\n")
    assert imported(source) == ["widgets.cli", "widgets.views.roles", "widgets.scoring"]


def test_the_rest_of_the_package_stays_out_of_the_browser():
    for name in ("book", "apps", "calibration", "cli.py", "commands.py"):
        assert not any(module.startswith(name) for module in BROWSER), name
