/* Samen sterk: the QCA chapter's live truth table (added by _ext/qca_site.py).
 *
 * This script holds no rule of the analysis. It shows the form, reads the reader's
 * choices, hands them to Python (widgets/browser/qca_page.py, in the live model's Web Worker on
 * the site's own Pyodide) and puts back the table Python returns, whose text Python has
 * escaped. A choice Python refuses is named in the status line and its control marked.
 * Without this script the page keeps the table as built.
 */
(function () {
  "use strict";

  // What the page shares with the book's Python (widgets/shared.py), passed by the extension as
  // data-* attributes of this script's own tag.
  const SHARED = document.currentScript.dataset;
  const MARKER = SHARED.marker;
  const WORKER = new URL("samensterk-worker.mjs", document.currentScript.src).href;

  function Qca(section) {
    this.section = section;
    this.form = section.querySelector("." + MARKER + "-form");
    this.status = section.querySelector("." + MARKER + "-status");
    this.result = section.querySelector("." + MARKER + "-result");
    this.base = JSON.parse(section.querySelector("." + MARKER + "-request").textContent);
    this.worker = null;
    this.ready = null;
    this.calls = new Map();
    this.nextId = 1;
    this.latest = 0;
  }

  Qca.prototype.say = function (text) { this.status.textContent = text; };

  Qca.prototype.start = function () {
    if (this.ready) return this.ready;
    const self = this;
    this.say("Starting Python in your browser…");
    this.worker = new Worker(WORKER, { type: "module" });
    this.ready = new Promise(function (resolve, reject) {
      self.worker.onmessage = function (event) {
        const message = event.data;
        if (message.type === "ready") {
          self.worker.onmessage = function (e) { self.answered(e.data); };
          self.section.dataset.live = "ready";
          resolve();
        } else if (message.type === "error") {
          self.say("The live table could not start: " + message.text + ". The table as built stays.");
          reject(new Error(message.text));
        } else if (message.type === "progress") {
          self.say(message.text);
        }
      };
    });
    this.worker.postMessage({
      type: "init", module: "widgets.browser.qca_page",
      pyodide: new URL(this.section.dataset.pyodide, document.baseURI).href,
      python: new URL(this.section.dataset.python, document.baseURI).href,
    });
    return this.ready;
  };

  Qca.prototype.answered = function (message) {
    const resolve = this.calls.get(message.id);
    this.calls.delete(message.id);
    if (resolve) resolve(JSON.parse(message.result));
  };

  Qca.prototype.call = function (request) {
    const self = this;
    return this.start().then(function () {
      return new Promise(function (resolve) {
        const id = self.nextId++;
        self.calls.set(id, resolve);
        self.worker.postMessage({ type: "call", id: id, name: "analyse", request: request });
      });
    });
  };

  Qca.prototype.request = function () {
    const form = this.form;
    const request = Object.assign({}, this.base);
    request.conditions = Array.from(form.querySelectorAll('input[name="conditions"]:checked'))
      .map(function (box) { return box.value; });
    request.anchors = ["exclusion", "crossover", "inclusion"].map(function (name) {
      const value = form.elements[name].value;
      return value === "" ? null : Number(value);
    });
    const threshold = form.elements.threshold.value;
    request.threshold = threshold === "" ? null : Number(threshold);
    request.negate = form.elements.negate.value === "true";
    request.unknown = form.elements.unknown.value;
    return request;
  };

  Qca.prototype.mark = function (field) {
    const form = this.form;
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    if (!field) return;
    let controls = [];
    if (field.indexOf("anchors") === 0) {
      const part = field.split(".")[1];
      controls = part ? [form.elements[part]] : ["exclusion", "crossover", "inclusion"].map(function (n) {
        return form.elements[n];
      });
    } else if (field === "threshold") {
      controls = [form.elements.threshold];
    } else if (field === "conditions") {
      controls = Array.from(form.querySelectorAll('input[name="conditions"]'));
    }
    controls.forEach(function (el) { if (el) el.setAttribute("aria-invalid", "true"); });
  };

  Qca.prototype.update = function () {
    const self = this;
    const ticket = ++this.latest;
    this.call(this.request()).then(function (answer) {
      if (ticket !== self.latest) return;
      if (answer.error) {
        self.mark(answer.field);
        self.say("Not recomputed: " + answer.error);
        return;
      }
      self.mark(null);
      self.result.innerHTML = answer.html;
      self.section.dataset.updates = String(Number(self.section.dataset.updates || "0") + 1);
      self.say("Recomputed in your browser for " + answer.result.conditions.join(", ") + ".");
    }).catch(function () { /* the status already says why */ });
  };

  Qca.prototype.init = function () {
    const self = this;
    this.form.hidden = false;
    this.form.addEventListener("change", function () { self.update(); });
  };

  function init() {
    document.querySelectorAll("section." + MARKER).forEach(function (section) { new Qca(section).init(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
