/* Samen sterk: "Open as notebook" (added by _ext/lite_site.py to pages that offer it).
 *
 * Nothing is loaded until the reader clicks the button: then the JupyterLite
 * REPL (built into lite/ of this site) opens in an iframe below it, starts
 * Python in the browser and runs the explorer. The status line says what is
 * happening until the explorer's first plot is drawn.
 */
(function () {
  "use strict";

  // What the page shares with the book's Python (widgets/shared.py), passed by the extension as
  // data-* attributes of this script's own tag.
  const SHARED = document.currentScript.dataset;
  const MARKER = SHARED.marker;
  const POLL_MS = 500;
  const GIVE_UP_MS = 5 * 60 * 1000;

  function explorerReady(frame) {
    try {
      const doc = frame.contentDocument;
      return Boolean(doc && doc.querySelector(".js-plotly-plot .main-svg"));
    } catch {
      return false; // not readable yet
    }
  }

  function start(box, button) {
    const status = box.querySelector("." + MARKER + "-status");
    const frame = document.createElement("iframe");
    frame.className = MARKER + "-frame";
    frame.title = box.dataset.title || "Notebook";
    frame.style.height = box.dataset.height || "1800px";
    frame.src = box.dataset.src;
    button.hidden = true;
    // Wider than the text column where the theme allows it (sphinx-book-theme's
    // full-width), so that the explorer's controls and chart fit.
    box.classList.add(MARKER + "-started", "full-width");
    if (status) {
      status.textContent = box.dataset.sayStarting;
    }
    box.appendChild(frame);

    const started = Date.now();
    const timer = window.setInterval(function () {
      if (explorerReady(frame)) {
        window.clearInterval(timer);
        box.classList.add(MARKER + "-ready");
        if (status) {
          status.textContent = box.dataset.sayRunning;
        }
      } else if (Date.now() - started > GIVE_UP_MS) {
        window.clearInterval(timer);
        if (status) {
          status.textContent = box.dataset.sayFailed;
        }
      }
    }, POLL_MS);
  }

  function init() {
    document.querySelectorAll("." + MARKER).forEach(function (box) {
      const button = box.querySelector("." + MARKER + "-start");
      if (button && box.dataset.src) {
        button.addEventListener("click", function () { start(box, button); }, { once: true });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
