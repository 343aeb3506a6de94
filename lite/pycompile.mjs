// Run lite/pycompile.py inside Pyodide under Node.js (see there), so that the
// bytecode it adds is made by the interpreter the browser will run.
//
//   node lite/pycompile.mjs PYODIDE_DIR LAYOUT:SOURCE:TARGET ...
//
// PYODIDE_DIR holds the Pyodide core (pyodide.mjs, pyodide.asm.wasm,
// python_stdlib.zip); SOURCE and TARGET are absolute paths on this machine.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HOST = "/host"; // this machine's file system, inside Pyodide's

const [core, ...jobs] = process.argv.slice(2);
if (!core || jobs.length === 0) {
  console.error("usage: node pycompile.mjs PYODIDE_DIR LAYOUT:SOURCE:TARGET ...");
  process.exit(2);
}
const coreDir = path.resolve(core);
const { loadPyodide } = await import(pathToFileURL(path.join(coreDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: coreDir + path.sep });
pyodide.FS.mkdirTree(HOST);
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: "/" }, HOST);

const here = path.dirname(fileURLToPath(import.meta.url));
const hostJobs = jobs.map((job) => {
  const [layout, source, target] = job.split(":");
  return `${layout}:${HOST}${path.resolve(source)}:${HOST}${path.resolve(target)}`;
});
const namespace = pyodide.toPy({ __name__: "pycompile" });
pyodide.runPython(readFileSync(path.join(here, "pycompile.py"), "utf8"), { globals: namespace });
namespace.get("main")(pyodide.toPy(hostJobs));
