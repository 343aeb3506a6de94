/* Samen sterk: the team scan (added by _ext/scan_site.py to the page "Samenwerkingsscan").
 *
 * This script holds no rule of the scan. It switches the language, reads the form and
 * the files the user picks, and hands them to Python (widgets/browser/scan_page.py, in a Web Worker
 * on the site's own Pyodide), which checks and combines them, scores the team and
 * writes the files; the script draws what Python returns (text only, never markup it
 * did not make itself) and saves files with the browser's download. Nothing is sent
 * anywhere and nothing is stored by the page.
 */
(function () {
  "use strict";

  // What the page shares with the book's Python (widgets/shared.py), passed by the extension as
  // data-* attributes of this script's own tag.
  const SHARED = document.currentScript.dataset;
  const MARKER = SHARED.marker;

  function Scan(section) {
    this.section = section;
    this.lang = section.dataset.lang || "nl";
    this.strings = JSON.parse(section.querySelector("." + MARKER + "-strings").textContent);
    this.status = section.querySelector("." + MARKER + "-status");
    this.form = section.querySelector("." + MARKER + "-form");
    this.view = section.querySelector("." + MARKER + "-view");
    this.fileList = section.querySelector("." + MARKER + "-file-list");
    this.maxBytes = Number(SHARED.maxBytes);
    const self = this;
    // Python in a Web Worker (samensterk-worker-client.js, loaded before this script).
    this.python = new window.SamensterkWorker(section, "widgets.browser.scan_page", {
      say: function (text) { self.say(text); },
      starting: function () { return self.t("Starting Python in your browser…"); },
      ready: function () { return self.t("The scan runs in your browser; nothing leaves it."); },
      failed: function (problem) { return self.t("The scan could not start: {problem}", { problem: problem }); },
    });
    this.unsaved = false;
    this.commentWarned = false;
    this.hasFiles = false;
  }

  Scan.prototype.t = function (key, values) {
    let text = (this.strings[this.lang] || {})[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  };

  Scan.prototype.say = function (text) { this.status.textContent = text; };

  Scan.prototype.start = function () { return this.python.start(); };

  Scan.prototype.call = function (name, request) { return this.python.call(name, request); };

  Scan.prototype.save = function (text, name, type) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  };

  // ------------------------------------------------------------- the language

  Scan.prototype.setLanguage = function (lang) {
    this.lang = lang;
    this.section.dataset.lang = lang;
    this.section.lang = lang;
    this.section.querySelectorAll("." + MARKER + "-switch button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
    });
    if (this.hasFiles) this.refresh();
  };

  // ------------------------------------------------------------ the questionnaire

  Scan.prototype.answers = function () {
    const form = this.form;
    const levels = {};
    const comments = {};
    form.querySelectorAll("fieldset[data-factor]").forEach(function (fieldset) {
      const factor = fieldset.dataset.factor;
      const chosen = fieldset.querySelector("input[type=radio]:checked");
      if (chosen) levels[factor] = chosen.value === "dont_know" ? null : Number(chosen.value);
      const comment = fieldset.querySelector("textarea").value;
      if (comment.trim()) comments[factor] = comment;
    });
    return {
      cooperation: form.querySelector("[name=cooperation]").value,
      respondent: form.querySelector("[name=respondent]").value,
      organisation: form.querySelector("[name=organisation]").value,
      role: form.querySelector("[name=role]").value,
      levels: levels, comments: comments, lang: this.lang,
    };
  };

  Scan.prototype.titleOf = function (factor) {
    const legend = this.form.querySelector("fieldset[data-factor='" + factor + "'] legend [lang='" + this.lang + "']");
    return legend ? legend.textContent : factor;
  };

  // What the download button has to say is said beside the button, where the user looks.
  Scan.prototype.sayNear = function (text, done) {
    const near = this.section.querySelector("." + MARKER + "-download-status");
    near.textContent = text;
    near.classList.toggle("done", Boolean(done));
    this.say(text);
  };

  // The first lesson still to answer (or to explain) scrolled into view, its first option focused.
  Scan.prototype.showLesson = function (factor) {
    const fieldset = this.form.querySelector("fieldset[data-factor='" + factor + "']");
    if (!fieldset) return;
    fieldset.scrollIntoView({ block: "center" });
    const target = fieldset.querySelector("input[type=radio]:checked") ? fieldset.querySelector("textarea")
      : fieldset.querySelector("input");
    if (target) target.focus({ preventScroll: true });
  };

  Scan.prototype.download = function () {
    const self = this;
    const request = this.answers();
    const missing = Array.from(this.form.querySelectorAll("fieldset[data-factor]"))
      .filter(function (fieldset) { return !(fieldset.dataset.factor in request.levels); })
      .map(function (fieldset) { return fieldset.dataset.factor; });
    if (missing.length) {
      this.sayNear(this.t("Choose a level or \"don't know\" for: {lessons}",
        { lessons: missing.map(function (f) { return self.titleOf(f); }).join(", ") }));
      this.showLesson(missing[0]);
      return;
    }
    this.call("answers", request).then(function (result) {
      if (result.error) { self.sayNear(result.error); return; }
      if (result.comments_asked.length && !self.commentWarned) {
        self.commentWarned = true;
        self.sayNear(self.t("Please explain your answer on: {lessons}. Press the button again to download anyway.",
          { lessons: result.comments_asked.map(function (f) { return self.titleOf(f); }).join(", ") }));
        self.showLesson(result.comments_asked[0]);
        return;
      }
      self.commentWarned = false;
      self.save(result.file, result.name, "application/toml");
      self.unsaved = false;
      self.sayNear(self.t("Answers saved as {name}.", { name: result.name }), true);
    });
  };

  Scan.prototype.choose = function (input) {
    const fieldset = input.closest("fieldset");
    const ask = fieldset.querySelector("." + MARKER + "-ask");
    ask.textContent = input.dataset.asksComment ? this.t("Would you like to explain this answer? It helps the team discuss it.") : "";
    this.unsaved = true;
    this.start().catch(function () {});
  };

  // --------------------------------------------------------------- the team view

  Scan.prototype.read = function (files) {
    const self = this;
    const big = [];
    const reads = Array.from(files).filter(function (file) {
      if (file.size > self.maxBytes) { big.push(file.name); return false; }
      return true;
    }).map(function (file) {
      return file.text().then(function (text) { return [file.name, text]; });
    });
    // A list of [name, text], not an object by name: two files may share a name, and both count.
    return Promise.all(reads).then(function (pairs) { return { files: pairs, big: big }; });
  };

  Scan.prototype.problemsOf = function (read, result) {
    const self = this;
    const problems = read.big.map(function (name) {
      return self.t("{name} is larger than {size} and was not read.", { name: name, size: SHARED.maxSize });
    });
    (result.rejected || []).forEach(function (item) { problems.push(item.reason); });
    return problems;
  };

  Scan.prototype.showFiles = function (result, problems) {
    this.files = result.files;
    this.hasFiles = result.files.length > 0;
    this.renderFiles(problems.concat(result.notes || []));
    this.say([result.summary].concat(result.notes || [], problems).join(" "));
  };

  Scan.prototype.addFiles = function (files) {
    const self = this;
    const started = performance.now();
    return this.read(files).then(function (read) {
      return self.call("add", { files: read.files, lang: self.lang }).then(function (result) {
        self.showFiles(result, self.problemsOf(read, result));
        if (self.hasFiles) {
          return self.refresh().then(function () {
            // From the files chosen to the team view drawn, for benchmarks/bench_scan.py.
            self.section.dataset.addMs = String(performance.now() - started);
          });
        }
      });
    });
  };

  Scan.prototype.removeFile = function (entry) {
    const self = this;
    return this.call("remove", { id: entry.id, lang: this.lang }).then(function (result) {
      self.showFiles(result, []);
      if (self.hasFiles) return self.refresh();
      self.view.hidden = true;
    });
  };

  Scan.prototype.renderFiles = function (problems) {
    const self = this;
    const items = (this.files || []).map(function (entry) {
      const item = document.createElement("li");
      item.append(entry.name + " ");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = self.t("Remove");
      button.setAttribute("aria-label", self.t("Remove") + " " + entry.name);
      button.addEventListener("click", function () { self.removeFile(entry); });
      item.appendChild(button);
      return item;
    });
    problems.forEach(function (text) {
      const item = document.createElement("li");
      item.className = MARKER + "-rejected";
      item.textContent = text;
      items.push(item);
    });
    this.fileList.replaceChildren.apply(this.fileList, items);
  };

  Scan.prototype.setPrevious = function (files) {
    const self = this;
    return this.read(files).then(function (read) {
      return self.call("set_previous", { files: read.files, lang: self.lang }).then(function (result) {
        const problems = self.problemsOf(read, result);
        self.say(problems.length ? problems.join(" ") : result.summary);
        self.section.dataset.previous = result.summary ? "loaded" : "refused";
        if (self.hasFiles) return self.refresh();
      });
    });
  };

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  Scan.prototype.refresh = function () {
    const self = this;
    const started = performance.now();
    return this.call("team_view", { lang: this.lang, named: this.named() }).then(function (view) {
      if (view.error) { self.say(view.error); return; }
      self.view.hidden = false;
      const rows = view.lessons.map(function (lesson) {
        const row = document.createElement("tr");
        const head = document.createElement("th");
        head.scope = "row";
        head.textContent = lesson.title;
        row.append(head, cell(lesson.median_text), cell(lesson.spread_text),
          cell(String(lesson.dont_know)), cell(lesson.reading), cell(lesson.discuss_first ? "●" : ""));
        if (lesson.discuss_first) row.className = MARKER + "-flagged";
        return row;
      });
      const body = self.view.querySelector("." + MARKER + "-lessons tbody");
      body.replaceChildren.apply(body, rows);
      const discuss = view.lessons.filter(function (l) { return l.discuss_first; }).map(function (lesson) {
        const item = document.createElement("li");
        const title = document.createElement("strong");
        title.textContent = lesson.title;
        item.append(title, " (" + lesson.range_text + ")");
        if (lesson.comments.length) {
          const list = document.createElement("ul");
          lesson.comments.forEach(function (comment) {
            const entry = document.createElement("li");
            entry.textContent = comment.who + ": " + comment.text;
            list.appendChild(entry);
          });
          item.appendChild(list);
        }
        return item;
      });
      self.renderPartners(view);
      const discussList = self.view.querySelector("." + MARKER + "-discuss");
      discussList.replaceChildren.apply(discussList, discuss);
      self.view.querySelector("." + MARKER + "-result").textContent = view.summary;
      const levers = self.view.querySelector("." + MARKER + "-levers");
      const items = view.levers.map(function (lever) {
        const item = document.createElement("li");
        item.textContent = lever.text;
        return item;
      });
      if (view.thin_text) {
        const item = document.createElement("li");
        item.className = MARKER + "-thin";
        item.textContent = view.thin_text;
        items.push(item);
      }
      if (view.no_lever) {
        const item = document.createElement("li");
        item.className = MARKER + "-no-lever";
        item.textContent = view.no_lever;
        items.push(item);
      }
      levers.replaceChildren.apply(levers, items);
      self.view.querySelector("." + MARKER + "-nearest").textContent = view.nearest_text;
      window.Plotly.react(document.getElementById(MARKER + "-dots"), view.dots.data, view.dots.layout, { responsive: true, displaylogo: false });
      window.Plotly.react(document.getElementById(MARKER + "-trajectory"), view.trajectory.data, view.trajectory.layout, { responsive: true, displaylogo: false });
      window.Plotly.react(document.getElementById(MARKER + "-probabilities"), view.probabilities.data, view.probabilities.layout, { responsive: true, displaylogo: false });
      self.section.dataset.viewMs = String(performance.now() - started);
      self.section.dataset.views = String(Number(self.section.dataset.views || 0) + 1);
      self.section.dispatchEvent(new CustomEvent("samensterk:team", { detail: view }));
    });
  };

  Scan.prototype.named = function () {
    const box = this.section.querySelector("#" + MARKER + "-named");
    return Boolean(box && box.checked);
  };

  // The partners' medians side by side (only municipalities or organisations with two respondents or more).
  Scan.prototype.renderPartners = function (view) {
    const part = this.view.querySelector("." + MARKER + "-partners-part");
    const table = this.view.querySelector("." + MARKER + "-partners");
    part.hidden = !view.partners.length;
    const head = document.createElement("tr");
    const corner = document.createElement("th");
    corner.scope = "col";
    head.appendChild(corner);
    view.partners.forEach(function (partner) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = partner.organisation;
      head.appendChild(th);
    });
    table.tHead.replaceChildren(head);
    const rows = view.lessons.map(function (lesson) {
      const row = document.createElement("tr");
      const title = document.createElement("th");
      title.scope = "row";
      title.textContent = lesson.title;
      row.appendChild(title);
      view.partners.forEach(function (partner) {
        row.appendChild(cell(partner.medians[lesson.factor]));
      });
      return row;
    });
    table.tBodies[0].replaceChildren.apply(table.tBodies[0], rows);
  };

  Scan.prototype.report = function () {
    const self = this;
    const started = performance.now();
    this.call("report", { lang: this.lang, named: this.named() }).then(function (result) {
      if (result.error) { self.say(result.error); return; }
      self.section.dataset.reportMs = String(performance.now() - started);
      self.save(result.html, result.name, "text/html");
      self.say(self.t("Report saved as {name}.", { name: result.name }));
    });
  };

  Scan.prototype.teamFile = function () {
    const self = this;
    this.call("team_file", { named: this.named() }).then(function (result) {
      if (result.error) { self.say(result.error); return; }
      self.save(result.file, result.name, "application/toml");
      self.say(self.t("Team file saved as {name}.", { name: result.name }));
    });
  };

  Scan.prototype.init = function () {
    const self = this;
    this.section.hidden = false;
    this.section.querySelectorAll("." + MARKER + "-switch button").forEach(function (button) {
      button.addEventListener("click", function () { self.setLanguage(button.dataset.lang); });
    });
    this.form.addEventListener("change", function (event) {
      if (event.target.matches("input[type=radio]")) self.choose(event.target);
      else self.unsaved = true;
    });
    this.form.addEventListener("input", function () { self.unsaved = true; });
    this.section.querySelector("." + MARKER + "-download").addEventListener("click", function () { self.download(); });
    const answers = this.section.querySelector("#" + MARKER + "-answers");
    answers.addEventListener("change", function () { self.addFiles(answers.files); answers.value = ""; });
    const previous = this.section.querySelector("#" + MARKER + "-previous");
    previous.addEventListener("change", function () { self.setPrevious(previous.files); });
    const drop = this.section.querySelector("." + MARKER + "-drop");
    drop.addEventListener("dragover", function (event) { event.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("over");
      self.addFiles(event.dataTransfer.files);
    });
    drop.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); answers.click(); }
    });
    this.section.querySelector("." + MARKER + "-report").addEventListener("click", function () { self.report(); });
    this.section.querySelector("." + MARKER + "-team-file").addEventListener("click", function () { self.teamFile(); });
    this.section.querySelector("#" + MARKER + "-named").addEventListener("change", function () {
      if (self.hasFiles) self.refresh();
    });
    window.addEventListener("beforeunload", function (event) {
      if (self.unsaved) {
        event.preventDefault();
        event.returnValue = self.t("Your answers are not saved yet. Leave the page anyway?");
      }
    });
  };

  function init() {
    document.querySelectorAll("section." + MARKER).forEach(function (section) { new Scan(section).init(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
