// Samen sterk: the model in a Web Worker (started by samensterk-live.js, samensterk-scan.js and
// samensterk-qca.js).
//
// Loads the Pyodide the site serves (nothing but its core: no packages, no micropip),
// writes the model's own modules and the case data into its file system, imports the
// module the page names (widgets.browser.model_page, scan_page or qca_page) and then
// answers every request by calling Python with JSON text. Nothing leaves the browser:
// every file comes from this site.

let python = null;
let module = null;

function post(message) {
  self.postMessage(message);
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function start(message) {
  const began = performance.now();
  const marks = {};
  // Each step is named, so that the page can say it in its own language (data-say-<step>).
  post({ type: "progress", step: "python", text: "Loading Python (about 18 MB, once per visit)…" });
  // The model's files are fetched while Pyodide loads, and written once it is there.
  const manifestUrl = new URL("manifest.json", message.python).href;
  const modelFiles = fetchBytes(manifestUrl).then(function (bytes) {
    const manifest = JSON.parse(new TextDecoder().decode(bytes));
    const named = manifest.files.concat([manifest.bundle]);
    return Promise.all(named.map(function (name) {
      return fetchBytes(new URL(name + "?v=" + manifest.version, message.python).href);
    })).then(function (contents) { return { manifest: manifest, contents: contents }; });
  });
  const { loadPyodide } = await import(message.pyodide + "pyodide.mjs");
  python = await loadPyodide({ indexURL: message.pyodide, packages: [] });
  marks.pyodide = performance.now() - began;
  post({ type: "progress", step: "model", text: "Loading the model…" });
  const { manifest, contents } = await modelFiles;
  marks.files = performance.now() - began;
  const home = "/home/pyodide/";
  manifest.files.forEach(function (name, index) {
    const folder = home + name.split("/").slice(0, -1).join("/");
    python.FS.mkdirTree(folder);
    python.FS.writeFile(home + name, contents[index]);
  });
  const bundle = new TextDecoder().decode(contents[contents.length - 1]);
  python.runPython(`import sys\nif "${home}" not in sys.path: sys.path.insert(0, "${home}")`);
  if (!message.module) throw new Error("the page names no Python module");
  module = python.pyimport(message.module);
  marks.imported = performance.now() - began;
  module.load(bundle);
  marks.loaded = performance.now() - began;
  post({ type: "ready", marks: marks });
}

self.onmessage = async function (event) {
  const message = event.data;
  if (message.type === "init") {
    try {
      await start(message);
    } catch (error) {
      post({ type: "error", text: String(error && error.message ? error.message : error) });
    }
    return;
  }
  if (message.type === "update" || message.type === "call") {
    let result;
    let pythonMs = null;
    try {
      const fn = message.type === "update" ? module.update : module[message.name];
      const began = performance.now();
      result = fn(JSON.stringify(message.request));
      pythonMs = performance.now() - began;
    } catch (error) {
      result = JSON.stringify({ error: String(error && error.message ? error.message : error) });
    }
    post({ type: "result", id: message.id, result: result, push: message.push, pythonMs: pythonMs });
  }
};
