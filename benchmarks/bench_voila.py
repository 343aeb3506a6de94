"""Speed of the practitioner app (``samensterk app``) in Debian's chromium.

Run: .venv/bin/python benchmarks/bench_voila.py [--loads 3] [--settle 20] [--changes 20] [--case ID]

Starts the app on a free port of 127.0.0.1, then
* first render: from opening the page to the trajectory plot showing its data, for a
  page opened as soon as the server answers (its kernel still starting) and for
  ``--loads`` pages opened ``--settle`` seconds apart (the app keeps one kernel that
  has run the notebook ready for the next page);
* update: from the key press on a slider handle (ArrowRight / ArrowLeft in turn, one
  step of 0.5, half a second apart) to the plot holding the new trajectory, ``--changes``
  times, on the last page, ``--settle`` seconds after it opened.
Goal: an update in at most 50 ms (median). Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets.apps.voila import free_port  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FACTOR = "7. Administrative leadership"
GAP_MS = 500  # between changes, as a person moves controls; the page is quiet again by then

# The trajectory plot holds data: its momentum trace (third) has points.
PLOT_READY_JS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return !!(gd && gd.data && gd.data[2] && gd.data[2].y && gd.data[2].y.length
              && gd.querySelector('svg.main-svg'));
}"""

# Arm a watcher: resolves with the ms from the next keydown to the first moment the
# momentum trace differs from now (checked on every DOM change of the plot and each frame).
ARM_JS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const key = () => JSON.stringify(gd.data[2].y);
    const before = key();
    window.__keyAt = null;
    document.addEventListener('keydown', () => { window.__keyAt = performance.now(); },
                              {capture: true, once: true});
    window.__changed = new Promise(resolve => {
        let done = false;
        const check = () => {
            if (done || window.__keyAt === null || key() === before) return false;
            done = true; observer.disconnect();
            resolve(performance.now() - window.__keyAt);
            return true;
        };
        const observer = new MutationObserver(check);
        observer.observe(gd, {subtree: true, childList: true, attributes: true});
        const frame = () => { if (!check()) requestAnimationFrame(frame); };
        requestAnimationFrame(frame);
    });
}"""


def start_app(port: int, case: str | None) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "samensterk"), "app", "--port", str(port)]
    if case:
        command += ["--case", case]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/voila.js", timeout=2):
                return process
        except OSError as error:
            if process.poll() is not None:
                raise SystemExit(f"the app exited with {process.returncode}") from error
            time.sleep(0.3)
    stop_app(process)
    raise SystemExit("the app did not answer within 60 s")


def stop_app(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # Voila shuts its kernels down
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--settle", type=float, default=20.0)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--case", default=None)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("Debian chromium is not on PATH")

    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    port = free_port()
    process = start_app(port, args.case)
    url = f"http://127.0.0.1:{port}/"
    cold, renders, updates = None, [], []
    try:
        with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=chromium, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 900})
            for load in range(args.loads + 1):
                if load:
                    time.sleep(args.settle)
                page = context.new_page()
                begin = time.perf_counter()
                page.goto(url, wait_until="commit")
                page.wait_for_function(PLOT_READY_JS, timeout=120_000, polling="raf")
                if load:
                    renders.append(time.perf_counter() - begin)
                else:
                    cold = time.perf_counter() - begin
                if load < args.loads:
                    page.close()
            handle = page.get_by_role("slider", name=FACTOR)
            handle.focus()
            # Meanwhile the app runs the notebook in a spare kernel for the next page;
            # let that finish, as it has by the time a person has read the page.
            time.sleep(args.settle)
            for step in range(args.changes + 1):
                page.evaluate(ARM_JS)
                handle.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
                elapsed = page.evaluate("() => window.__changed")
                if step:  # the first change warms up the code paths
                    updates.append(elapsed)
                page.wait_for_timeout(GAP_MS)
            context.close()
    finally:
        stop_app(process)

    print(f"samensterk app ({args.case or 'new region'}), chromium headless, {os.cpu_count()} cores, "
          f"load average {load_before:.1f} before the run")
    print(f"first render (page open to plot with data), page opened as the server answers: {cold:.2f} s")
    print(f"first render, {len(renders)} pages opened {args.settle:g} s apart: "
          + ", ".join(f"{s:.2f} s" for s in renders) + f"; median {statistics.median(renders):.2f} s")
    print(f"update (key press to plot with new data), {len(updates)} changes: "
          f"median {statistics.median(updates):.1f} ms, min {min(updates):.1f} ms, "
          f"max {max(updates):.1f} ms (goal: median <= 50 ms)")


if __name__ == "__main__":
    main()
