"""The live model on a case page: first touch to first live drawing, later updates, bytes.

Run (after make book; --site overrides _build/html):
    .venv/bin/python benchmarks/bench_live.py [--case kempen] [--runs 5] [--updates 20]

Goals (issue "Every case page live in the reader's browser"): the first live update at
most 1.5 s after the first touch with an empty cache and at most 0.8 s with a warm one;
every later update at most 50 ms median from input to redrawn plot; the runtime at most
20 MB transferred, once per visit; a case page's JavaScript before the first touch at
most 1.5 MB.

Each cold run opens the case page in a fresh chromium profile (an empty HTTP cache:
what a first-time reader gets); each warm run opens it again in a new tab of the same
profile (the cache a reader has after the first case page). A run presses one arrow key
on a lesson's control and times, inside the page, the keydown (performance.now()) to
the ``samensterk:drawn`` event that the page fires once Plotly.react has redrawn all
its figures with the model's answer. The first key press is the first touch: it starts
Pyodide in the Web Worker. Later presses are single steps on other lessons, each
waited for. Bytes are the encoded body sizes of every response after the first touch
(the worker's fetches included), and of the scripts before it. The machine's load
average is printed with the figures: on a shared machine it explains most of their
spread.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # the browser tests' helpers
sys.path.insert(0, str(ROOT))

import conftest  # noqa: E402  (the tests' browser set-up: chromium, blocked outside requests)
from bench_lite import serve  # noqa: E402

from widgets import scoring  # noqa: E402

GOAL_COLD_S, GOAL_WARM_S, GOAL_UPDATE_MS, GOAL_RUNTIME_MB, GOAL_SCRIPTS_MB = 1.5, 0.8, 50, 20, 1.5

# Resolves with the ms from the next keydown on the control to the redrawn trajectory
# ("samensterk:plotted") and to everything redrawn ("samensterk:drawn").
ARM_JS = """
(control, id) => {
    const section = document.querySelector(`section.samensterk-model[data-case='${id}']`);
    window.__liveUpdate = new Promise((resolve) => {
        control.addEventListener('keydown', () => {
            const start = performance.now();
            let plotted = null;
            section.addEventListener('samensterk:plotted',
                () => { plotted = performance.now() - start; }, {once: true});
            section.addEventListener('samensterk:drawn',
                () => resolve([plotted, performance.now() - start]), {once: true});
        }, {capture: true, once: true});
    });
}
"""


def press_one_step(page, case: str, factor: str) -> tuple[float, float]:
    """Move one lesson's control by one step; the ms until the page has redrawn the trajectory
    with the model's answer, and until it has redrawn everything."""
    control = page.locator(f"#{case}-{factor}")
    level = float(control.input_value())
    key = "ArrowLeft" if level > scoring.MIN_LEVEL else "ArrowRight"
    control.evaluate(ARM_JS, case)
    control.focus()
    control.press(key)
    plotted, drawn = page.evaluate("() => window.__liveUpdate")
    return float(plotted), float(drawn)


class Visit:
    """A page opened without request interception (which would turn off the HTTP cache), with
    the encoded bytes of every response, split at the first touch, and what went wrong."""

    def __init__(self, context, url: str) -> None:
        self.before: list[tuple[str, int, str]] = []
        self.after: list[tuple[str, int, str]] = []
        self.problems: list[str] = []
        self.touched = False
        self.page = context.new_page()
        self.page.on("requestfinished", self.record)
        self.page.on("request", self.check_local)
        self.page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url}"))
        self.page.on("console", lambda msg: msg.type == "error" and self.problems.append(f"console: {msg.text}"))
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.goto(url, wait_until="load")

    def check_local(self, request) -> None:
        if not conftest._is_local(request.url):
            self.problems.append(f"outside request: {request.url}")

    def record(self, request) -> None:
        try:
            size = max(0, int(request.sizes()["responseBodySize"]))  # -1: served from the cache
        except Exception:  # the page closed before the sizes were read
            size = 0
        (self.after if self.touched else self.before).append((request.url, size, request.resource_type))

    def scripts_before(self) -> int:
        return sum(size for _url, size, kind in self.before if kind == "script")

    def runtime(self) -> int:
        return sum(size for _url, size, _kind in self.after)


def one_visit(context, base: str, case: str, updates: int) -> dict:
    """Open the case page, touch a control, then step ``updates`` other controls."""
    visit = Visit(context, f"{base}cases/{case}.html")
    page = visit.page
    try:
        page.wait_for_timeout(300)
        factors = list(scoring.FACTORS)
        visit.touched = True
        first = press_one_step(page, case, factors[0])
        section = page.locator(f"section.samensterk-model[data-case='{case}']")
        marks = json.loads(section.get_attribute("data-start-marks") or "{}")
        plotted, drawn, python = [], [], []
        for step in range(updates):
            times = press_one_step(page, case, factors[1 + step % (len(factors) - 1)])
            plotted.append(times[0])
            drawn.append(times[1])
            python.append(float(section.get_attribute("data-python-ms") or "nan"))
        page.wait_for_timeout(200)
        return {"first": first, "plotted": plotted, "drawn": drawn, "python": python, "marks": marks,
                "runtime_bytes": visit.runtime(), "scripts_before": visit.scripts_before(),
                "problems": visit.problems, "largest": sorted(visit.after, key=lambda item: -item[1])[:4]}
    finally:
        page.close()


def mib(size: float) -> str:
    return f"{size / 2**20:.2f} MiB"


def median(values) -> float:
    return statistics.median(list(values))


def describe(run: int, name: str, result: dict) -> None:
    marks = ", ".join(f"{step} {ms:.0f}" for step, ms in result["marks"].items())
    print(f"  run {run} {name}: first live trajectory {result['first'][0]:5.0f} ms, everything "
          f"{result['first'][1]:5.0f} ms (in the worker, ms since its start: {marks})")
    print(f"             later updates, median: trajectory {median(result['plotted']):3.0f} ms, everything "
          f"{median(result['drawn']):3.0f} ms, of which Python {median(result['python']):.0f} ms; "
          f"transferred after the touch {mib(result['runtime_bytes'])}")
    for line in result["problems"]:
        print(f"    problem: {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path(os.environ.get("SITE_DIR") or ROOT / "_build" / "html"))
    parser.add_argument("--case", default="kempen")
    parser.add_argument("--runs", type=int, default=5, help="cold runs (each in a fresh profile) and warm runs")
    parser.add_argument("--updates", type=int, default=20, help="later updates per run")
    args = parser.parse_args(argv)
    if not (args.site / "_static" / "samensterk-py" / "manifest.json").is_file():
        print(f"{args.site} has no live model: run make book", file=sys.stderr)
        return 1

    from playwright.sync_api import sync_playwright

    server, base = serve(args.site)
    print(f"Live model, cases/{args.case}.html, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    cold: list[dict] = []
    warm: list[dict] = []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        for run in range(1, args.runs + 1):
            context = pw.chromium.launch_persistent_context(
                str(Path(tmp) / f"profile-{run}"), executable_path=conftest.shutil.which("chromium"),
                headless=True, args=conftest.CHROMIUM_ARGS, viewport={"width": 1280, "height": 900})
            try:
                cold.append(one_visit(context, base, args.case, args.updates))
                warm.append(one_visit(context, base, args.case, args.updates))
            finally:
                context.close()
            describe(run, "cold", cold[-1])
            describe(run, "warm", warm[-1])
    server.shutdown()
    results = cold + warm
    plotted = [ms for result in results for ms in result["plotted"]]
    drawn = [ms for result in results for ms in result["drawn"]]
    print(f"First touch to the first live trajectory, median of {len(cold)}: cold "
          f"{median(r['first'][0] for r in cold) / 1000:.2f} s [goal {GOAL_COLD_S} s], warm "
          f"{median(r['first'][0] for r in warm) / 1000:.2f} s [goal {GOAL_WARM_S} s]; everything redrawn: "
          f"cold {median(r['first'][1] for r in cold) / 1000:.2f} s, "
          f"warm {median(r['first'][1] for r in warm) / 1000:.2f} s")
    print(f"Later updates, input to redrawn trajectory, median of {len(plotted)}: {median(plotted):.0f} ms "
          f"(90th percentile {statistics.quantiles(plotted, n=10)[-1]:.0f} ms) [goal {GOAL_UPDATE_MS} ms]; "
          f"to everything redrawn (chances, levers, address): {median(drawn):.0f} ms")
    print(f"Transferred after the first touch: cold {mib(median(r['runtime_bytes'] for r in cold))} "
          f"[goal {GOAL_RUNTIME_MB} MB], warm {mib(median(r['runtime_bytes'] for r in warm))}")
    for url, size, _kind in cold[0]["largest"]:
        print(f"    {mib(size):>10}  {url.removeprefix(base)}")
    print(f"JavaScript before the first touch (cold): {mib(cold[0]['scripts_before'])} "
          f"[goal {GOAL_SCRIPTS_MB} MB]")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
