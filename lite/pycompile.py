"""Add compiled bytecode to wheels and to the standard library zip, for Pyodide.

Run *inside Pyodide* (``lite/pycompile.mjs`` starts it under Node.js), so that the
bytecode is made by exactly the interpreter that will load it. Pyodide ships its
standard library and the wheels hold only sources, so every module a browser
imports is compiled there first, on every start: several seconds for IPython,
plotly and the standard library. With ``.pyc`` files beside the sources, the
kernel starts and the explorer appears sooner.

Each job ``LAYOUT:SOURCE:TARGET`` copies the archive SOURCE to TARGET with a
bytecode file added for every ``.py`` that compiles:

* ``wheel``: ``pkg/__pycache__/mod.<cache tag>.pyc``, listed in the wheel's RECORD
  (without a hash, as RECORD allows for bytecode), where importlib looks for it;
* ``zip``: ``pkg/mod.pyc`` beside the source, where zipimport looks for it.

The bytecode is hash-based and unchecked (PEP 552): it never goes stale by time
stamps, and the files come from archives nobody edits in place. Sources stay in
the archives, for tracebacks. Archive entries keep their order and dates, and new
entries get a fixed date, so the same input always gives the same output.
"""

from __future__ import annotations

import importlib.util
import marshal
import sys
import zipfile
from pathlib import PurePosixPath

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
# Where the archives' modules live in Pyodide's file system (co_filename).
WHEEL_ROOT = f"/lib/python{sys.version_info.major}.{sys.version_info.minor}/site-packages"
ZIP_ROOT = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip"


def bytecode(source: bytes, filename: str) -> bytes | None:
    """Unchecked hash-based .pyc data for ``source``, or None if it does not compile."""
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None
    flags = 0b01  # hash-based, not checked against the source
    return (importlib.util.MAGIC_NUMBER + flags.to_bytes(4, "little")
            + importlib.util.source_hash(source) + marshal.dumps(code))


def pyc_name(name: str, layout: str) -> str:
    path = PurePosixPath(name)
    if layout == "zip":
        return str(path.with_suffix(".pyc"))
    return str(path.parent / "__pycache__" / f"{path.stem}.{sys.implementation.cache_tag}.pyc")


def compile_archive(source: str, target: str, layout: str) -> tuple[int, int]:
    """Copy ``source`` to ``target`` with bytecode added; (compiled, skipped) counts."""
    if layout not in ("wheel", "zip"):
        raise ValueError(f"unknown layout {layout!r}")
    root = WHEEL_ROOT if layout == "wheel" else ZIP_ROOT
    compiled, skipped = 0, 0
    added: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(source) as zin:
        names = set(zin.namelist())
        record = None
        for info in zin.infolist():
            name = info.filename
            if layout == "wheel" and name.endswith(".dist-info/RECORD"):
                record = info
            if not name.endswith(".py") or name.endswith("/"):
                continue
            if layout == "wheel" and name.split("/", 1)[0].endswith(".data"):
                continue  # scripts and headers are not imported
            target_name = pyc_name(name, layout)
            if target_name in names:
                continue
            data = bytecode(zin.read(name), f"{root}/{name}")
            if data is None:
                skipped += 1
                continue
            added.append((target_name, data))
            compiled += 1
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info is record:
                    lines = data.decode("utf8").rstrip("\n")
                    data = (lines + "\n" + "".join(f"{name},,\n" for name, _ in added)).encode("utf8")
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
            for name, data in added:
                zout.writestr(zipfile.ZipInfo(name, FIXED_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return compiled, skipped


def main(jobs: list[str]) -> None:
    for job in jobs:
        layout, source, target = job.split(":", 2)
        compiled, skipped = compile_archive(source, target, layout)
        print(f"pycompile: {PurePosixPath(source).name}: {compiled} modules compiled"
              + (f", {skipped} skipped (not valid Python {sys.version_info.major}."
                 f"{sys.version_info.minor})" if skipped else ""), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
