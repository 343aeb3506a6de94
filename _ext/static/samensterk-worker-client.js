/* Samen sterk: the page's side of the Python worker (samensterk-worker.mjs), shared by the
 * team scan and the QCA table (added before their own scripts by _ext/scan_site.py and
 * _ext/qca_site.py).
 *
 * window.SamensterkWorker(section, module, texts) starts the worker on the first call,
 * with the Pyodide and the Python files the section names (data-pyodide, data-python),
 * imports the page's module (widgets.browser.scan_page or qca_page), says how the start
 * goes through texts.say, and marks the section data-live="ready" once Python answers.
 * call(name, request) sends one request to a function of that module and resolves with
 * its answer, read from JSON; the time Python took for the last call of each name is kept
 * in the section's data-python-ms (for benchmarks/).
 */
(function () {
  "use strict";

  const WORKER = new URL("samensterk-worker.mjs", document.currentScript.src).href;

  // texts: say(text) shows a line of status; starting() gives the line while Python starts,
  // ready() the line once it runs (none: the status is left as it is), failed(problem) the line
  // when it cannot start, and progress(step, text), if the page has it, the line for a step of
  // the start ("python", "model"; the worker's English text otherwise), each asked for when it is
  // shown, in the page's language then.
  function SamensterkWorker(section, module, texts) {
    this.section = section;
    this.module = module;
    this.texts = texts;
    this.worker = null;
    this.ready = null;
    this.calls = new Map();
    this.nextId = 1;
  }

  SamensterkWorker.prototype.start = function () {
    if (this.ready) return this.ready;
    const self = this;
    const texts = this.texts;
    texts.say(texts.starting());
    this.worker = new Worker(WORKER, { type: "module" });
    this.ready = new Promise(function (resolve, reject) {
      self.worker.onmessage = function (event) {
        const message = event.data;
        if (message.type === "ready") {
          self.worker.onmessage = function (e) { self.answered(e.data); };
          const line = texts.ready();
          if (line) texts.say(line);
          self.section.dataset.live = "ready";
          resolve();
        } else if (message.type === "error") {
          texts.say(texts.failed(message.text));
          reject(new Error(message.text));
        } else if (message.type === "progress") {
          texts.say((texts.progress && texts.progress(message.step, message.text)) || message.text);
        }
      };
    });
    this.worker.postMessage({
      type: "init", module: this.module,
      pyodide: new URL(this.section.dataset.pyodide, document.baseURI).href,
      python: new URL(this.section.dataset.python, document.baseURI).href,
    });
    return this.ready;
  };

  SamensterkWorker.prototype.call = function (name, request) {
    const self = this;
    return this.start().then(function () {
      return new Promise(function (resolve) {
        const id = self.nextId++;
        self.calls.set(id, { resolve: resolve, name: name });
        self.worker.postMessage({ type: "call", id: id, name: name, request: request });
      });
    });
  };

  SamensterkWorker.prototype.answered = function (message) {
    const call = this.calls.get(message.id);
    this.calls.delete(message.id);
    if (!call) return;
    const times = JSON.parse(this.section.dataset.pythonMs || "{}");
    times[call.name] = message.pythonMs;
    this.section.dataset.pythonMs = JSON.stringify(times);
    call.resolve(JSON.parse(message.result));
  };

  window.SamensterkWorker = SamensterkWorker;
})();
