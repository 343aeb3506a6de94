"""Open as notebook in the built book: click to first plot, and the time of one update.

Run (after make book; --site overrides _build/html):
    .venv/bin/python benchmarks/bench_lite.py [--case kempen] [--updates 12] [--runs 2]

Goals: first plot at most 10 s after the click, an update at most 150 ms.

Each run opens the case page in a fresh chromium profile (nothing cached: what a
first-time reader gets), clicks "Open as notebook" and times the click to the explorer's
first drawn trajectory. Then it moves factor sliders one step with the keyboard,
alternately down and up, and times each key press to the redrawn trajectory inside
the page (performance.now() at the keydown, polled every animation frame until the
plot's data has changed). A last "warm" run reuses the browser's cache of the
previous run, as a returning reader would. The machine's load average is printed
with the figures: on a shared machine it explains most of their spread.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # the browser tests' helpers

import conftest  # noqa: E402  (the tests' browser set-up: chromium, blocked outside requests)
import test_lite  # noqa: E402  (start_live, wait_for_plot, MOMENTUM_JS)

# Resolves with the ms from the next keydown on the slider handle to the redrawn trajectory.
ARM_JS = """
(handle) => {
    const momentum = %s;
    const before = JSON.stringify(momentum());
    window.__liveUpdate = new Promise((resolve) => {
        handle.addEventListener('keydown', () => {
            const start = performance.now();
            const check = () => {
                const now = JSON.stringify(momentum());
                if (now !== before) resolve(performance.now() - start);
                else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
        }, {capture: true, once: true});
    });
}
""" % test_lite.MOMENTUM_JS.strip()


def serve(site: Path):
    handler = functools.partial(conftest._QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer((conftest.LOCAL_HOST, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{conftest.LOCAL_HOST}:{server.server_address[1]}/"


def one_run(context, base: str, case: str, updates: int) -> tuple[float, list[float], list[str]]:
    """(seconds from click to first plot, update times in ms, problems)."""
    visit = conftest._open_page(context, base, f"cases/{case}.html")
    page = visit.page
    try:
        start = time.perf_counter()
        frame = test_lite.start_live(page)
        test_lite.wait_for_plot(frame)
        first_plot = time.perf_counter() - start
        page.wait_for_timeout(1000)  # let the first render settle
        handles = frame.locator(".widget-slider .noUi-handle")
        times = []
        for step in range(updates):
            handle = handles.nth(step % handles.count())
            level = float(handle.get_attribute("aria-valuenow"))
            key = "ArrowLeft" if level > 1 else "ArrowRight"
            handle.evaluate(ARM_JS)
            handle.focus()
            handle.press(key)
            times.append(frame.evaluate("() => window.__liveUpdate"))
            page.wait_for_timeout(150)
        problems = [line for line in visit.report().splitlines()[1:]]
        return first_plot, times, problems
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path(os.environ.get("SITE_DIR") or ROOT / "_build" / "html"))
    parser.add_argument("--case", default=test_lite.BROWSER_CASE)
    parser.add_argument("--updates", type=int, default=12)
    parser.add_argument("--runs", type=int, default=2, help="cold runs, each in a fresh profile")
    args = parser.parse_args(argv)
    if not (args.site / "lite" / "repl" / "index.html").is_file():
        print(f"{args.site} has no JupyterLite build: run make book", file=sys.stderr)
        return 1

    from playwright.sync_api import sync_playwright

    server, base = serve(args.site)
    cold, all_updates = [], []
    print(f"Open as notebook, cases/{args.case}.html, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        def launch(profile: str):
            return pw.chromium.launch_persistent_context(
                str(Path(tmp) / profile), executable_path=conftest.shutil.which("chromium"),
                headless=True, args=conftest.CHROMIUM_ARGS, viewport={"width": 1280, "height": 900})

        for run in range(1, args.runs + 1):
            context = launch(f"cold-{run}")
            try:
                first, updates, problems = one_run(context, base, args.case, args.updates)
                if run == args.runs:  # warm: same profile, its HTTP cache filled
                    warm, warm_updates, warm_problems = one_run(context, base, args.case, args.updates)
            finally:
                context.close()
            cold.append(first)
            all_updates += updates
            print(f"  cold run {run}: first plot {first:5.1f} s; updates median "
                  f"{statistics.median(updates):4.0f} ms (min {min(updates):.0f}, max {max(updates):.0f})")
            for line in problems:
                print(f"    problem: {line}")
        print(f"  warm run  : first plot {warm:5.1f} s; updates median "
              f"{statistics.median(warm_updates):4.0f} ms")
        for line in warm_problems:
            print(f"    problem: {line}")
    server.shutdown()
    all_updates += warm_updates
    print(f"Click to first plot (cold, median of {len(cold)}): {statistics.median(cold):.1f} s "
          f"[goal 10 s]; warm: {warm:.1f} s")
    print(f"Update (median of {len(all_updates)}): {statistics.median(all_updates):.0f} ms [goal 150 ms]")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
