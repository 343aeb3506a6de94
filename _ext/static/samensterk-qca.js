/* Samen sterk: the QCA chapter's live truth table (added by _ext/qca_site.py).
 *
 * This script holds no rule of the analysis. It shows the form, reads the reader's
 * choices, hands them to Python (widgets/browser/qca_page.py, in the live model's Web Worker on
 * the site's own Pyodide) and puts back the table Python returns, whose text Python has
 * escaped. A choice Python refuses is named in the status line and its control marked.
 * Without this script the page keeps the table as built. The status lines come from the
 * section (data-say-*, in the edition's language), and every request carries the section's
 * data-lang, so that Python answers in that language too.
 */
(function () {
  "use strict";

  // What the page shares with the book's Python (widgets/shared.py), passed by the extension as
  // data-* attributes of this script's own tag.
  const SHARED = document.currentScript.dataset;
  const MARKER = SHARED.marker;

  // A status line of the section (data-say-<name>), with its {placeholders} filled in.
  function statusLine(section, name, values) {
    const template = section.dataset["say" + name.charAt(0).toUpperCase() + name.slice(1)] || "";
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function Qca(section) {
    this.section = section;
    this.form = section.querySelector("." + MARKER + "-form");
    this.status = section.querySelector("." + MARKER + "-status");
    this.result = section.querySelector("." + MARKER + "-result");
    this.base = JSON.parse(section.querySelector("." + MARKER + "-request").textContent);
    this.lang = section.dataset.lang || "en";
    this.latest = 0;
    const self = this;
    // Python in a Web Worker (samensterk-worker-client.js, loaded before this script).
    this.python = new window.SamensterkWorker(section, "widgets.browser.qca_page", {
      say: function (text) { self.say(text); },
      starting: function () { return statusLine(section, "starting"); },
      ready: function () { return ""; },
      failed: function (problem) { return statusLine(section, "failed", { problem: problem }); },
      progress: function (step) { return statusLine(section, step); },
    });
  }

  Qca.prototype.say = function (text) { this.status.textContent = text; };

  Qca.prototype.call = function (request) { return this.python.call("analyse", request); };

  Qca.prototype.request = function () {
    const form = this.form;
    const request = Object.assign({}, this.base);
    request.lang = this.lang;
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
        self.say(statusLine(self.section, "refused", { problem: answer.error }));
        return;
      }
      self.mark(null);
      self.result.innerHTML = answer.html;
      self.section.dataset.updates = String(Number(self.section.dataset.updates || "0") + 1);
      self.say(statusLine(self.section, "recomputed", { conditions: answer.result.conditions.join(", ") }));
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
