/* Samen sterk: the model live in the page (added by _ext/live_site.py where a page has controls).
 *
 * This script holds no model logic. It shows the controls, starts the model in a Web
 * Worker (Pyodide with widgets/browser/model_page.py) on the first touch, sends the controls' levels
 * and the page address to Python, and draws what Python returns: the figures with
 * Plotly.react (the trajectory first, then the rest), the rubric lines, the outcome in
 * words and the levers. Each drawing fires "samensterk:plotted" once the trajectory is
 * redrawn and "samensterk:drawn" once everything is. Python also reads and writes the
 * address (#trust=4&leadership=5), so a scenario is a link and the back button undoes a
 * change. The status lines come from the section (data-say-*, in the edition's language).
 */
(function () {
  "use strict";

  // What the page shares with the book's Python (widgets/shared.py), passed by the extension as
  // data-* attributes of this script's own tag.
  const SHARED = document.currentScript.dataset;
  const MARKER = SHARED.marker;
  const WORKER = new URL("samensterk-worker.mjs", document.currentScript.src).href;

  function Live(section) {
    this.section = section;
    this.caseId = section.dataset.case;
    this.lang = section.dataset.lang || "en";
    this.status = section.querySelector("." + MARKER + "-status");
    this.summary = section.querySelector("." + MARKER + "-summary");
    this.levers = section.querySelector("." + MARKER + "-levers");
    this.compare = section.querySelector("." + MARKER + "-compare");
    this.inputs = Array.from(section.querySelectorAll("input[type=range]"));
    this.figure = document.getElementById(SHARED.trajectoryId + this.caseId);
    this.chances = document.getElementById(SHARED.probabilitiesId + this.caseId);
    this.worker = null;
    this.ready = null;
    this.busy = false;
    this.queued = null;
    this.lastOutcome = null;
    this.lastAddress = null;
  }

  Live.prototype.layout = function () {
    // Wide screens: the figures in a column that stays in view beside the controls.
    const figures = [this.figure, this.chances]
      .map(function (div) { return div && div.closest("figure"); })
      .filter(Boolean);
    if (!figures.length) return;
    const grid = document.createElement("div");
    grid.className = MARKER + "-layout";
    const plots = document.createElement("div");
    plots.className = MARKER + "-plots";
    // Outside the notebook cells: their output boxes scroll (overflow: auto), where the plots
    // could not stay in view and would slide sideways when a control takes the focus.
    const anchor = figures[0].closest(".cell") || figures[0];
    anchor.parentNode.insertBefore(grid, anchor);
    figures.forEach(function (figure) { plots.appendChild(figure); });
    grid.appendChild(plots);
    grid.appendChild(this.section);
    window.dispatchEvent(new Event("resize"));
  };

  Live.prototype.say = function (text) {
    if (this.status) this.status.textContent = text;
  };

  // A status line of the section (data-say-<name>), with its {placeholders} filled in.
  Live.prototype.text = function (name, values) {
    const template = this.section.dataset["say" + name.charAt(0).toUpperCase() + name.slice(1)] || "";
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  };

  Live.prototype.start = function () {
    if (this.ready) return this.ready;
    const self = this;
    const button = this.section.querySelector("." + MARKER + "-start");
    if (button) button.disabled = true;
    this.say(this.text("starting"));
    this.worker = new Worker(WORKER, { type: "module" });
    this.ready = new Promise(function (resolve, reject) {
      self.worker.onmessage = function (event) {
        const message = event.data;
        if (message.type === "progress") {
          self.say(self.text(message.step) || message.text);
        } else if (message.type === "ready") {
          // How long each step of the start took (ms since the worker began), for benchmarks/.
          self.section.dataset.startMarks = JSON.stringify(message.marks || {});
          self.worker.onmessage = function (e) { self.received(e.data); };
          if (button) button.hidden = true;
          self.say(self.text("ready"));
          resolve();
        } else if (message.type === "error") {
          self.say(self.text("failed", { problem: message.text }));
          if (button) button.disabled = false;
          reject(new Error(message.text));
        }
      };
      self.worker.onerror = function (event) {
        self.say(self.text("failed", { problem: event.message || "worker error" }));
        reject(new Error(event.message));
      };
    });
    this.worker.postMessage({
      type: "init", module: "widgets.browser.model_page",
      pyodide: new URL(this.section.dataset.pyodide, document.baseURI).href,
      python: new URL(this.section.dataset.python, document.baseURI).href,
    });
    return this.ready;
  };

  Live.prototype.request = function (kind) {
    const levels = {};
    this.inputs.forEach(function (input) { levels[input.name] = Number(input.value); });
    return {
      kind: kind, case: this.caseId, lang: this.lang, levels: levels,
      compare: this.compare ? this.compare.value : "", address: window.location.hash,
    };
  };

  Live.prototype.send = function (kind, push) {
    const self = this;
    const message = { type: "update", request: this.request(kind), push: push };
    this.section.dataset.busy = "1";
    this.start().then(function () {
      if (self.busy) {
        self.queued = message; // only the latest state matters
        return;
      }
      self.busy = true;
      self.sentAt = performance.now();
      self.worker.postMessage(message);
    }).catch(function () {});
  };

  Live.prototype.received = function (message) {
    this.busy = false;
    const result = JSON.parse(message.result);
    if (result.error) {
      this.say(result.error);
    } else {
      // The time in Python and in drawing the trajectory of the last update, for benchmarks/.
      const began = performance.now();
      this.draw(result, message.push);
      this.section.dataset.pythonMs = String(message.pythonMs);
      this.section.dataset.plotMs = String(performance.now() - began);
    }
    if (this.queued) {
      const next = this.queued;
      this.queued = null;
      this.busy = true;
      this.worker.postMessage(next);
    } else {
      delete this.section.dataset.busy;
    }
  };

  Live.prototype.redraw = function (div, spec) {
    // Plotly.react with the figure's own layout object when Python's layout has not changed
    // (the usual case: only the data moved), which spares Plotly a full relayout.
    if (!div) return;
    const layout = JSON.stringify(spec.layout);
    const same = div.dataset.layoutJson === layout;
    div.dataset.layoutJson = layout;
    window.Plotly.react(div, spec.data, same ? div.layout : spec.layout);
  };

  Live.prototype.draw = function (result, push) {
    const self = this;
    this.drawBegan = performance.now();
    // A reset or an address sets the controls; a change never does, or an answer to an
    // earlier step would undo what the reader is still doing with a control.
    const setControls = result.kind !== "change";
    this.inputs.forEach(function (input) {
      const level = result.levels[input.name];
      if (setControls && Number(input.value) !== level) input.value = String(level);
      if (Number(input.value) !== level) return; // a later update is on its way
      const output = self.section.querySelector("output[for='" + input.id + "']");
      if (output) output.textContent = String(level);
      const rubric = document.getElementById(input.id + "-rubric");
      if (rubric) rubric.textContent = result.rubric[input.name];
      input.setAttribute("aria-valuetext", result.rubric[input.name]);
    });
    if (this.compare && result.compare !== undefined) this.compare.value = result.compare || "";
    this.redraw(this.figure, result.trajectory);
    this.summary.textContent = result.summary;
    if (this.lastOutcome !== null && this.lastOutcome !== result.outcome) this.say(result.summary);
    this.lastOutcome = result.outcome;
    this.section.dispatchEvent(new CustomEvent("samensterk:plotted", { detail: result }));
    // The trajectory first, where the reader looks; the chances, captions, levers and the
    // address in the next task, so that the browser can show the new trajectory at once.
    setTimeout(function () { self.drawRest(result, push); }, 0);
  };

  Live.prototype.drawRest = function (result, push) {
    this.redraw(this.chances, result.probabilities);
    // The figures' captions described the case as built; now they describe what is drawn.
    [this.figure, this.chances].forEach(function (div) {
      const caption = div && div.closest("figure") && div.closest("figure").querySelector("figcaption");
      if (caption) caption.textContent = result.summary;
    });
    this.levers.replaceChildren.apply(this.levers, result.levers.map(function (lever) {
      const item = document.createElement("li");
      item.textContent = lever.text;
      return item;
    }));
    // One history entry per change: a key press, or a drag of a control from its start to its
    // release (the first step of a drag adds the entry, the later steps update it).
    const address = result.address || window.location.pathname + window.location.search;
    if (push === "push" && result.address !== window.location.hash) {
      history.pushState({ samensterk: true }, "", address);
    } else if (push === "replace" && result.address !== window.location.hash) {
      history.replaceState({ samensterk: true }, "", address);
    }
    this.lastAddress = result.address;
    this.section.dataset.updated = String(performance.now() - (this.sentAt || 0));
    this.section.dataset.drawMs = String(performance.now() - this.drawBegan);
    this.section.dataset.live = "ready";
    this.section.dispatchEvent(new CustomEvent("samensterk:drawn", { detail: result }));
  };

  Live.prototype.init = function () {
    const self = this;
    this.section.hidden = false;
    this.layout();
    this.inputs.forEach(function (input) {
      let moving = false; // within one gesture: a drag, or a single key press
      input.addEventListener("input", function () {
        const output = self.section.querySelector("output[for='" + input.id + "']");
        if (output) output.textContent = input.value;
        self.send("change", moving ? "replace" : "push");
        moving = true;
      });
      input.addEventListener("change", function () { moving = false; });
      // A press on a control is the first touch: start Python before the value changes.
      input.addEventListener("pointerdown", function () { self.start().catch(function () {}); }, { once: true });
    });
    if (this.compare) this.compare.addEventListener("change", function () { self.send("change", "push"); });
    const reset = this.section.querySelector("." + MARKER + "-reset");
    if (reset) reset.addEventListener("click", function () { self.send("reset", "push"); });
    const button = this.section.querySelector("." + MARKER + "-start");
    if (button) button.addEventListener("click", function () { self.send("change", "none"); });
    window.addEventListener("popstate", function () { self.send("address", "none"); });
    if (window.location.hash.length > 1) this.send("address", "none"); // a scenario sent as a link
  };

  function init() {
    document.querySelectorAll("section." + MARKER).forEach(function (section) {
      new Live(section).init();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
