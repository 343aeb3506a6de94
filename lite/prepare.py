"""Prepare the offline Pyodide distribution behind the book's "Open as notebook".

The book's local extension ``_ext/lite_site.py`` calls :func:`ensure` at the
start of every HTML build (``python lite/prepare.py`` does the same by hand).
It assembles, in the build's own work folder, a Pyodide distribution that the
JupyterLite build copies into the site, so that the live explorer loads nothing
from outside the site's origin:

* the Pyodide core (``pyodide.mjs``, the WebAssembly runtime and the standard
  library) from the npm package ``pyodide@<version>``, at exactly the version
  that the installed ``jupyterlite-pyodide-kernel`` expects, fetched with
  ``npm pack``;
* every wheel the kernel and the explorer import, all pure Python: packages that
  Pyodide's own lock file names (IPython, traitlets, ...) are downloaded from
  PyPI at the lock's version; the kernel's own wheels (piplite, pyodide-kernel
  and the ipykernel/widgetsnbextension stand-ins) come from the installed kernel
  extension; ipywidgets, plotly, anywidget and the rest at the versions
  installed in this environment (their front-end extensions go into the site
  from this environment too, so both halves match); and this project's own
  wheel, built from the repository with ``pip wheel --no-deps .``;
* bytecode for every module, in the wheels and in the standard library zip,
  made by Pyodide itself under Node.js (``lite/pycompile.mjs``): Pyodide ships
  sources only, and compiling IPython, plotly and the standard library in the
  browser on every start cost more time than anything else;
* plotly's widget bundle (``plotly-widgetbundle-<version>.js``, plotly.js with
  the FigureWidget front end) out of the bundled plotly wheel, which
  ``widgets/apps/lite.py`` lets the figures load by URL instead of through the kernel;
* ``pyodide-lock.json``, rewritten to list exactly those wheels, with their real
  file names and SHA-256 hashes, so that Pyodide can preload them all at kernel
  start (``loadPyodideOptions.packages`` in ``lite/jupyter-lite.json``). Entries
  whose wheel is not bundled are left out.

Downloads and compiled archives are cached in ``.cache/lite/`` (npm tarball,
wheels, ``pyc/``), so later builds work offline and only recompile what
changed. The distribution is rebuilt only when its inputs change: this script,
the Pyodide version, the project's sources and data, or the installed packages.
"""

from __future__ import annotations

import argparse
import email.parser
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / ".cache" / "lite"
DEFAULT_OUT = DEFAULT_CACHE / "pyodide"
MANIFEST = "samensterk-lite.json"
LOCK = "pyodide-lock.json"
STDLIB = "python_stdlib.zip"
# plotly's FigureWidget code (plotly.js inside), served beside Pyodide: see widgets/apps/lite.py.
PLOTLY_BUNDLE_MEMBER = "plotly/package_data/widgetbundle.js"
PLOTLY_BUNDLE = "plotly-widgetbundle-{version}.js"

# What the book runs in the browser: this project with its explorer extra.
PROJECT_REQUIREMENT = "samensterk[explorer]"
# What the Pyodide kernel installs at start (jupyterlite-pyodide-kernel's
# worker: micropip, then piplite, then ipykernel, comm, pyodide-kernel, jedi,
# ipython). Preloading them all lets Pyodide fetch them in parallel.
KERNEL_REQUIREMENTS = ["micropip", "piplite", "ipykernel", "comm", "pyodide-kernel", "jedi", "ipython"]
# Front-end only: the widget manager comes from the labextension in the site;
# ipywidgets never imports the Python package.
FRONTEND_ONLY = {"jupyterlab-widgets"}
# Files of the Pyodide npm package the runtime needs (the rest are typings,
# source maps and demo pages).
PYODIDE_CORE_FILES = [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    STDLIB,
    "package.json",
    "README.md",
]


def log(message: str) -> None:
    print(f">> lite: {message}", flush=True)


class PrepareError(RuntimeError):
    pass


# --------------------------------------------------------------------------- inputs


def pyodide_version() -> str:
    """The Pyodide version the installed JupyterLite kernel was made for."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    return PYODIDE_VERSION


def kernel_wheel_dir() -> Path:
    """The installed kernel extension's own wheels (piplite, pyodide-kernel, shims)."""
    from jupyter_core.paths import jupyter_path

    for base in [Path(sys.prefix) / "share" / "jupyter", *map(Path, jupyter_path())]:
        candidate = base / "labextensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"
        if (candidate / "all.json").is_file():
            return candidate
    raise PrepareError("the JupyterLite Pyodide kernel extension is not installed (pip install -e '.[book]')")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run(command: list[str], cwd: Path | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise PrepareError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


def fetch_pyodide(version: str, cache: Path) -> Path:
    """The npm package pyodide@version, unpacked (cached)."""
    unpacked = cache / f"pyodide-npm-{version}"
    if (unpacked / "pyodide.mjs").is_file() and (unpacked / LOCK).is_file():
        return unpacked
    if not shutil.which("npm"):
        raise PrepareError("npm is needed to fetch the Pyodide runtime (npm pack pyodide)")
    tarballs = cache / "npm"
    tarballs.mkdir(parents=True, exist_ok=True)
    tarball = tarballs / f"pyodide-{version}.tgz"
    if not tarball.is_file():
        log(f"npm pack pyodide@{version}")
        with tempfile.TemporaryDirectory(dir=tarballs) as tmp:
            run(["npm", "pack", "--silent", f"pyodide@{version}"], cwd=Path(tmp))
            os.replace(Path(tmp) / f"pyodide-{version}.tgz", tarball)
    staging = Path(tempfile.mkdtemp(dir=cache))
    with tarfile.open(tarball) as archive:
        archive.extractall(staging, filter="data")
    package = staging / "package"
    meta = json.loads((package / "package.json").read_text(encoding="utf8"))
    if meta.get("version") != version:
        raise PrepareError(f"{tarball} holds pyodide {meta.get('version')}, not {version}")
    shutil.rmtree(unpacked, ignore_errors=True)
    os.replace(package, unpacked)
    shutil.rmtree(staging, ignore_errors=True)
    return unpacked


def download_wheel(name: str, version: str, cache: Path, python: str) -> Path:
    """A pure-Python wheel of name==version from PyPI (cached in cache/wheels)."""
    wheels = cache / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    for path in wheels.glob("*.whl"):
        wheel_name, wheel_version, _, tags = parse_wheel_filename(path.name)
        if canonicalize_name(wheel_name) == canonicalize_name(name) and wheel_version == Version(version):
            return path
    log(f"pip download {name}=={version}")
    with tempfile.TemporaryDirectory(dir=wheels) as tmp:
        run([
            sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--no-deps", "--only-binary=:all:", "--platform", "any", "--implementation", "py",
            "--python-version", python, "-d", tmp, f"{name}=={version}",
        ])
        found = list(Path(tmp).glob("*.whl"))
        if len(found) != 1 or not found[0].name.endswith("-none-any.whl"):
            raise PrepareError(f"no pure-Python wheel of {name}=={version}: {found}")
        target = wheels / found[0].name
        os.replace(found[0], target)
    return target


def build_project_wheel(out: Path) -> Path:
    """This project's wheel, built from the repository (pip wheel --no-deps .).

    Without build isolation when the build backend is installed (the book extra
    installs it): offline, and seconds instead of a fresh environment per build.
    """
    out.mkdir(parents=True)
    log("pip wheel --no-deps . (this project)")
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
         "--no-deps", *isolation, "-w", str(out), str(ROOT)])
    found = list(out.glob("*.whl"))
    if len(found) != 1:
        raise PrepareError(f"pip wheel made {found}")
    return found[0]


def precompile(core: Path, version: str, jobs: list[tuple[str, Path]], cache: Path) -> dict[Path, Path]:
    """Copies of the archives with bytecode added (lite/pycompile.py), cached by content.

    ``jobs`` are (layout, archive): layout "wheel" or "zip" (the standard library).
    The bytecode is made by Pyodide itself, run under Node.js from ``core``.
    """
    out_dir = cache / "pyc" / version
    out_dir.mkdir(parents=True, exist_ok=True)
    compiled: dict[Path, Path] = {}
    todo: list[tuple[str, Path, Path]] = []
    for layout, source in jobs:
        target = out_dir / f"{sha256(source)[:16]}-{source.name}"
        compiled[source] = target
        if not target.is_file():
            todo.append((layout, source, target))
    if todo:
        node = shutil.which("node") or shutil.which("nodejs")
        if not node:
            raise PrepareError("Node.js is needed to precompile the Python files for the browser "
                               "(it comes with npm)")
        log(f"precompiling {len(todo)} archives for Pyodide {version} (cached for later builds)")
        with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
            staged = [(layout, source, Path(tmp) / target.name, target) for layout, source, target in todo]
            run([node, str(Path(__file__).with_name("pycompile.mjs")), str(core),
                 *[f"{layout}:{source}:{temporary}" for layout, source, temporary, _ in staged]])
            for _, _, temporary, target in staged:
                temporary.chmod(0o644)
                os.replace(temporary, target)
    return compiled


# ------------------------------------------------------------------------ wheels


@dataclass
class Wheel:
    name: str  # canonical
    version: str
    path: Path
    requires: list[str] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)


def read_wheel(path: Path) -> Wheel:
    """Name, version, Requires-Dist and top-level import names of a wheel."""
    name, version, _, _ = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
        metadata = email.parser.Parser().parsestr(archive.read(f"{dist_info}/METADATA").decode("utf8"))
        try:
            top_level = archive.read(f"{dist_info}/top_level.txt").decode("utf8").split()
        except KeyError:
            top_level = []
    if not top_level:
        tops = set()
        for entry in names:
            head, _, rest = entry.partition("/")
            if head.endswith((".dist-info", ".data")):
                continue
            if rest or head.endswith(".py"):
                tops.add(head.removesuffix(".py"))
        top_level = sorted(t for t in tops if t.isidentifier())
    return Wheel(canonicalize_name(name), str(version), path,
                 metadata.get_all("Requires-Dist") or [], sorted(set(top_level)))


def marker_environment(lock_info: dict) -> dict[str, str]:
    """PEP 508 marker values of Pyodide's interpreter (from the lock's info)."""
    full = lock_info.get("python", "3.14.0")
    return {
        "implementation_name": "cpython",
        "implementation_version": full,
        "os_name": "posix",
        "platform_machine": "wasm32",
        "platform_release": "",
        "platform_system": "Emscripten",
        "platform_version": "",
        "python_full_version": full,
        "platform_python_implementation": "CPython",
        "python_version": ".".join(full.split(".")[:2]),
        "sys_platform": "emscripten",
    }


def active_requirements(wheel: Wheel, extras: set[str], env: dict[str, str]) -> list[Requirement]:
    """The wheel's requirements that apply in Pyodide with the given extras."""
    active = []
    for text in wheel.requires:
        req = Requirement(text)
        if req.marker is None:
            active.append(req)
            continue
        for extra in extras or {""}:
            if req.marker.evaluate({**env, "extra": extra}):
                active.append(req)
                break
    return active


# -------------------------------------------------------------------------- lock


def source_digest(root: Path = ROOT) -> str:
    """What the project's wheel is made of: pyproject.toml, widgets/ and data/."""
    digest = hashlib.sha256()
    files = [root / "pyproject.toml", root / "README.md",
             *(p for p in (root / "widgets").rglob("*") if p.is_file()),
             *(p for p in (root / "data").rglob("*") if p.is_file())]
    for path in sorted(files):
        if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def inputs_key() -> str:
    """Everything the distribution depends on; it is rebuilt when this changes."""
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    here = Path(__file__).parent
    parts = [Path(__file__).read_bytes(), (here / "pycompile.py").read_bytes(),
             (here / "pycompile.mjs").read_bytes(), pyodide_version().encode(),
             source_digest().encode(), "\n".join(installed).encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def ensure(cache: Path = DEFAULT_CACHE, out: Path = DEFAULT_OUT) -> Path:
    """``out/pyodide`` holds a distribution for the current inputs (made if needed)."""
    key = inputs_key()
    manifest = out / "pyodide" / MANIFEST
    try:
        if json.loads(manifest.read_text(encoding="utf8")).get("inputs") == key:
            return out
    except (OSError, ValueError):
        pass
    cache.mkdir(parents=True, exist_ok=True)
    return prepare(cache, out, key)


def prepare(cache: Path, out: Path, key: str = "") -> Path:
    version = pyodide_version()
    core = fetch_pyodide(version, cache)
    lock = json.loads((core / LOCK).read_text(encoding="utf8"))
    env = marker_environment(lock["info"])
    out.parent.mkdir(parents=True, exist_ok=True)
    staging_root = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-"))
    try:
        _assemble(core, lock, env, staging_root, cache, version, key)
    except BaseException:
        shutil.rmtree(staging_root, ignore_errors=True)
        raise
    if out.exists():
        old = out.parent / f".{out.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
        shutil.rmtree(old, ignore_errors=True)
    os.replace(staging_root, out)
    lock_out = json.loads((out / "pyodide" / LOCK).read_text(encoding="utf8"))
    size = sum(p.stat().st_size for p in (out / "pyodide").iterdir())
    log(f"Pyodide {version} with {len(lock_out['packages'])} wheels -> {out / 'pyodide'} "
        f"({size / 2**20:.1f} MiB)")
    return out


def kernel_wheels() -> dict[str, Path]:
    """The kernel extension's own wheels, newest release of each (widgetsnbextension: the
    4.x stand-in for ipywidgets 8), by canonical name."""
    kernel_dir = kernel_wheel_dir()
    index = json.loads((kernel_dir / "all.json").read_text(encoding="utf8"))
    found = {}
    for name, entry in index.items():
        newest = max(entry["releases"], key=Version)
        found[canonicalize_name(name)] = kernel_dir / entry["releases"][newest][0]["filename"]
    return found


@dataclass
class Resolution:
    """The wheels the site bundles, with the lock entries and extras they were chosen with."""

    chosen: dict[str, tuple[Wheel, dict]] = field(default_factory=dict)  # name -> (wheel, lock entry)
    extras_of: dict[str, set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _find_wheel(req: Requirement, wanted_by: str, project: Wheel, kernel: dict[str, Path], core: Path,
                lock_packages: dict, cache: Path, python: str, problems: list[str]) -> tuple[Wheel, dict] | None:
    """Where one requirement's wheel comes from: this project, the kernel, Pyodide's lock, or PyPI
    at the version installed here."""
    name = canonicalize_name(req.name)
    if name == project.name:
        return project, {}
    if name in kernel:
        return read_wheel(kernel[name]), {}
    if name in lock_packages:
        entry = lock_packages[name]
        local = core / entry["file_name"]
        if local.is_file():
            return read_wheel(local), entry
        if entry["file_name"].endswith("-none-any.whl"):
            return read_wheel(download_wheel(name, entry["version"], cache, python)), entry
        problems.append(f"{name} {entry['version']} (needed by {wanted_by}) is not pure Python: it cannot be bundled")
        return None
    try:
        installed = importlib.metadata.version(req.name)
    except importlib.metadata.PackageNotFoundError:
        problems.append(f"{req} (needed by {wanted_by}) is not installed here, so its version "
                        "is unknown: add it to the project's extras")
        return None
    return read_wheel(download_wheel(name, installed, cache, python)), {}


def resolve(project: Wheel, core: Path, lock: dict, env: dict[str, str], cache: Path) -> Resolution:
    """Every wheel the book runs in the browser, with its dependencies, breadth first."""
    lock_packages = {canonicalize_name(name): spec for name, spec in lock["packages"].items()}
    kernel = kernel_wheels()
    found = Resolution()
    queue: list[tuple[Requirement, str]] = [
        (Requirement(PROJECT_REQUIREMENT), "this book"),
        *[(Requirement(r), "the Pyodide kernel") for r in KERNEL_REQUIREMENTS],
    ]
    while queue:
        req, wanted_by = queue.pop(0)
        name = canonicalize_name(req.name)
        if name in FRONTEND_ONLY:
            continue
        new_extras = set(req.extras) - found.extras_of.get(name, set())
        if name in found.chosen and not new_extras:
            wheel = found.chosen[name][0]
            if wheel.version and not req.specifier.contains(wheel.version, prereleases=True):
                found.problems.append(f"{wanted_by} needs {req}, bundled is {wheel.version}")
            continue
        found.extras_of.setdefault(name, set()).update(req.extras)
        picked = found.chosen.get(name) or _find_wheel(req, wanted_by, project, kernel, core, lock_packages,
                                                       cache, env["python_version"], found.problems)
        if picked is None:
            continue
        wheel = picked[0]
        if not req.specifier.contains(wheel.version, prereleases=True):
            found.problems.append(f"{wanted_by} needs {req}, bundled is {wheel.version}")
        found.chosen[name] = picked
        for dep in active_requirements(wheel, found.extras_of[name], env):
            if canonicalize_name(dep.name) != name:
                queue.append((dep, f"{name} {wheel.version}"))
    return found


def lock_entries(found: Resolution, staging: Path, env: dict[str, str]) -> dict[str, dict]:
    """The ``packages`` of pyodide-lock.json for the wheels written into ``staging``."""
    packages = {}
    for name, (wheel, entry) in sorted(found.chosen.items()):
        target = staging / wheel.path.name
        depends = sorted({
            canonicalize_name(dep.name)
            for dep in active_requirements(wheel, found.extras_of[name], env)
            if canonicalize_name(dep.name) not in FRONTEND_ONLY and canonicalize_name(dep.name) != name
        })
        packages[name] = {
            "name": entry.get("name", name), "version": wheel.version, "file_name": target.name,
            "install_dir": "site", "sha256": sha256(target), "package_type": "package",
            "imports": entry.get("imports") or wheel.imports, "depends": depends, "unvendored_tests": False,
        }
    return packages


def write_plotly_bundle(found: Resolution, staging: Path) -> None:
    """FigureWidget's front-end code out of the bundled plotly wheel, for widgets/apps/lite.py."""
    if "plotly" not in found.chosen:
        return
    plotly_wheel = found.chosen["plotly"][0]
    with zipfile.ZipFile(plotly_wheel.path) as archive:
        bundle = archive.read(PLOTLY_BUNDLE_MEMBER)
    (staging / PLOTLY_BUNDLE.format(version=plotly_wheel.version)).write_bytes(bundle)


def _assemble(core: Path, lock: dict, env: dict[str, str], staging_root: Path, cache: Path,
              version: str, key: str) -> None:
    """Resolve every wheel and write the distribution into staging_root/pyodide."""
    staging_root.chmod(0o755)
    project = read_wheel(build_project_wheel(staging_root / "project"))
    found = resolve(project, core, lock, env, cache)
    if found.problems:
        raise PrepareError("cannot bundle the live explorer's Python packages:\n  " + "\n  ".join(found.problems))

    # JupyterLite's PyodideAddon copies a local pyodide_url folder D into its
    # cache as <cache>/pyodide/<D.name> and then serves <cache>/pyodide/pyodide/pyodide:
    # so D is named "pyodide" and holds the distribution in a "pyodide" folder.
    staging = staging_root / "pyodide"
    staging.mkdir()
    compiled = precompile(core, version, [("zip", core / STDLIB)]
                          + [("wheel", wheel.path) for wheel, _ in found.chosen.values()], cache)
    for file_name in PYODIDE_CORE_FILES:
        shutil.copy2(compiled.get(core / file_name, core / file_name), staging / file_name)
    for wheel, _ in found.chosen.values():
        shutil.copyfile(compiled[wheel.path], staging / wheel.path.name)
    lock["packages"] = lock_entries(found, staging, env)
    write_plotly_bundle(found, staging)
    (staging / LOCK).write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf8")
    preload = sorted({canonicalize_name(Requirement(r).name) for r in [PROJECT_REQUIREMENT, *KERNEL_REQUIREMENTS]})
    manifest = {
        "inputs": key,
        "pyodide": version,
        "packages": {name: spec["version"] for name, spec in lock["packages"].items()},
        "preload": preload,
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf8")
    shutil.rmtree(staging_root / "project")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="download cache")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="where the distribution goes (in a pyodide/ folder inside)")
    args = parser.parse_args(argv)
    try:
        ensure(args.cache.resolve(), args.out.resolve())
    except PrepareError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
