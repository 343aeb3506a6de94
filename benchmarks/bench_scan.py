"""The team scan in the built book: 50 respondents combined and scored, and the report, in Chromium.

Run (after make book; --site overrides _build/html):
    .venv/bin/python benchmarks/bench_scan.py [--respondents 50] [--runs 5]

Goals (issue "Practitioners: a team scan"): combining 50 respondents and scoring the
team profile at most 100 ms in the browser; the report written in at most 1 s.

Each run opens book/scan.html in a tab of one browser (its HTTP cache warm after the
first), starts Python by choosing an answer, and then hands the facilitator's file
input 50 answers files at once (random levels, a "don't know" and a comment here and
there, made with widgets.records.loading.answers_text as the questionnaire writes them). It
times, inside the page, the files chosen to the team view drawn (the files read, parsed
and combined in Python, the team profile scored with its Monte Carlo, the table, the
dots, the trajectory and the chances redrawn), with the time Python took for each call
beside it, first for the first team view of the page (plotly.js's first drawing on the page
included) and then for the same files chosen again; then the "report" button to the report
file handed to the browser. Python's time is given in its two steps: reading and checking
the files (``scan.add``: the TOML parser and the loader's checks) and combining and scoring
them (``scan.team_view``), which is what the goal names; and both together. The machine's
load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))  # the browser tests' helpers
sys.path.insert(0, str(ROOT))

import conftest  # noqa: E402  (the tests' browser set-up: chromium, blocked outside requests)
from bench_lite import serve  # noqa: E402

from widgets import scoring  # noqa: E402
from widgets.records import responses  # noqa: E402
from widgets.team import answer_files  # noqa: E402
from widgets.views import roles  # noqa: E402

GOAL_TEAM_MS, GOAL_REPORT_MS = 100, 1000
SECTION = "section.samensterk-scan"
TIMEOUT = 60_000


def answers_files(count: int, seed: int) -> list[dict]:
    """``count`` respondents' answers files, as Playwright file payloads."""
    rng = random.Random(seed)
    files = []
    for index in range(count):
        levels = {f: (None if rng.random() < 0.05 else float(rng.randint(1, 5))) for f in scoring.FACTORS}
        comments = {f: "Dit bespreken we <b>eerst</b>." for f, level in levels.items() if level == 1.0}
        respondent = responses.Respondent(f"Respondent {index + 1}", rng.choice(roles.ROLES),
                                          datetime.date(2026, 11, 2), levels, comments)
        text = answer_files.answers_text(respondent, "Bench-regio")
        files.append({"name": f"antwoorden-{index + 1:02d}.toml", "mimeType": "application/toml",
                      "buffer": text.encode("utf-8")})
    return files


def one_run(context, base: str, files: list[dict]) -> dict:
    visit = conftest._open_page(context, base, "book/scan.html")
    page = visit.page
    try:
        page.locator("fieldset[data-factor='diagnosis'] input[type=radio]").first.check()
        page.wait_for_function(f"() => document.querySelector('{SECTION}').dataset.live === 'ready'",
                               timeout=TIMEOUT)
        section = page.locator(SECTION)
        loads = []
        for time in (1, 2):  # the first team view on the page, then the same files chosen again
            page.locator("#samensterk-scan-answers").set_input_files(files)
            page.wait_for_function(f"() => Number(document.querySelector('{SECTION}').dataset.views || 0) >= {time}"
                                   f" && document.querySelector('{SECTION}').dataset.addMs", timeout=TIMEOUT)
            loads.append({"team_ms": float(section.get_attribute("data-add-ms")),
                          "python": json.loads(section.get_attribute("data-python-ms") or "{}")})
            page.evaluate(f"() => {{ delete document.querySelector('{SECTION}').dataset.addMs; }}")
        with page.expect_download(timeout=TIMEOUT) as download:
            page.locator(".samensterk-scan-report").click()
        report_bytes = len(Path(download.value.path()).read_bytes())
        page.wait_for_function(f"() => document.querySelector('{SECTION}').dataset.reportMs", timeout=TIMEOUT)
        report_ms = float(section.get_attribute("data-report-ms"))
        report_python = json.loads(section.get_attribute("data-python-ms") or "{}").get("report")
        return {"loads": loads, "report_ms": report_ms, "report_python": report_python,
                "report_bytes": report_bytes, "problems": visit.report().splitlines()[1:]}
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path(os.environ.get("SITE_DIR") or ROOT / "_build" / "html"))
    parser.add_argument("--respondents", type=int, default=responses.MAX_RESPONDENTS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if not (args.site / "book" / "scan.html").is_file():
        print(f"{args.site} has no scan page: run make book", file=sys.stderr)
        return 1

    from playwright.sync_api import sync_playwright

    server, base = serve(args.site)
    print(f"Team scan, book/scan.html, {args.respondents} respondents, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    runs = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=conftest.shutil.which("chromium"), headless=True,
                                     args=conftest.CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        try:
            for run in range(1, args.runs + 1):
                result = one_run(context, base, answers_files(args.respondents, seed=run))
                runs.append(result)
                for label, load in zip(("first", "again"), result["loads"]):
                    calls = ", ".join(f"{name} {ms:.0f}" for name, ms in load["python"].items()
                                      if ms is not None and name in ("add", "team_view"))
                    print(f"  run {run}, {label}: files to team view drawn {load['team_ms']:4.0f} ms "
                          f"(in Python: {calls} ms)")
                print(f"  run {run}: report {result['report_ms']:4.0f} ms (in Python {result['report_python']:.0f} ms, "
                      f"{result['report_bytes'] / 1024:.0f} KiB)")
                for line in result["problems"]:
                    print(f"    problem: {line}")
        finally:
            context.close()
            browser.close()
    server.shutdown()
    for index, label in enumerate(("the first team view on the page", "the same files again")):
        loads = [r["loads"][index] for r in runs]
        read = [load["python"]["add"] for load in loads]
        scored = [load["python"]["team_view"] for load in loads]
        both = [a + b for a, b in zip(read, scored)]
        print(f"{args.respondents} respondents, {label}, median of {len(runs)}, in Python: combine and score the "
              f"team profile, with the figures' data (team_view) {statistics.median(scored):.0f} ms "
              f"[goal {GOAL_TEAM_MS} ms]; read and check the files first (add) {statistics.median(read):.0f} ms; "
              f"both {statistics.median(both):.0f} ms. Files chosen to everything drawn "
              f"{statistics.median(load['team_ms'] for load in loads):.0f} ms")
    print(f"Report written, median of {len(runs)}: {statistics.median(r['report_ms'] for r in runs):.0f} ms "
          f"[goal {GOAL_REPORT_MS} ms]")
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
