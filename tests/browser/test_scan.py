"""The team scan in the built book, in chromium: three respondents fill it in with the keyboard in
Dutch, the facilitator loads their files (and a broken one), the team view and the report agree with
the model, and the report prints to A4 (make book first; SITE_DIR overrides _build/html)."""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
from pathlib import Path

import pytest

from widgets import scoring
from widgets.browser import scan_page
from widgets.records import export, responses
from widgets.team import answer_files

PAGE = "book/scan.html"
TIMEOUT = 90_000
ORGANISATIONS = {"Anne de Vries": "Gemeente Bladel", "Bert <b>Bakker</b>": "Gemeente Bladel", "Cor": "Gemeente Eersel"}
RESPONDENTS = [
    # (name, role, level per lesson: 1-5 or None for "weet niet", comments)
    ("Anne de Vries", "gemeentesecretaris", [4, 4, 3, 2, 3, 4, 4, 3, 4, 3, 2], {"pendulum": "Ambtenaren zijn laat betrokken."}),
    ("Bert <b>Bakker</b>", "bestuurder", [5, 4, 4, 4, 4, 5, 5, 4, 4, 4, 1], {}),
    ("Cor", "ambtenaar", [2, 3, None, 1, 2, 3, 2, 2, 3, None, 3], {"pendulum": "Wij horen het achteraf.", "diagnosis": "Geen meting."}),
]


def choose_radio(page, factor: str, level: int | None) -> None:
    """Pick a level with the keyboard: focus the lesson's first option, arrow down to the one wanted."""
    options = page.locator(f"fieldset[data-factor='{factor}'] input[type=radio]")
    options.first.focus()
    page.keyboard.press("Space")
    steps = (level - 1) if level is not None else 5
    for _ in range(steps):
        page.keyboard.press("ArrowDown")
    value = "dont_know" if level is None else str(level)
    assert page.locator(f"fieldset[data-factor='{factor}'] input[value='{value}']").is_checked()


def fill_in(page, name: str, role: str, levels: list, comments: dict) -> None:
    page.locator("#samensterk-scan-cooperation").focus()
    page.keyboard.type("Kempengemeenten")
    page.keyboard.press("Tab")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(ORGANISATIONS[name])
    page.locator("#samensterk-scan-role").select_option(role)
    for factor, level in zip(scoring.FACTORS, levels):
        choose_radio(page, factor, level)
        ask = page.locator(f"#samensterk-scan-{factor}-ask")
        if responses.asks_for_comment(level, factor):
            assert "toelichten" in ask.inner_text()  # the scan asks for a comment, in Dutch
        else:
            assert ask.inner_text() == ""
        if factor in comments:
            page.locator(f"#samensterk-scan-{factor}-comment").focus()
            page.keyboard.type(comments[factor])


@pytest.fixture(scope="module")
def bundle():
    data = export.from_data_files()
    scan_page.load(json.dumps(data))
    return data


@pytest.fixture(scope="module")
def answers(page_opener, tmp_path_factory, bundle) -> dict[str, str]:
    """The three respondents' answers files, downloaded from the scan page."""
    folder = tmp_path_factory.mktemp("answers")
    found = {}
    for name, role, levels, comments in RESPONDENTS:
        visit = page_opener(PAGE)
        page = visit.page
        try:
            assert page.locator("section.samensterk-scan").get_attribute("data-lang") == "nl"
            fill_in(page, name, role, levels, comments)
            button = page.locator(".samensterk-scan-download")
            with page.expect_download(timeout=TIMEOUT) as first:
                button.press("Enter")
                if any(responses.asks_for_comment(lv, f) for lv, f in zip(levels, scoring.FACTORS) if f not in comments):
                    page.wait_for_function("() => document.querySelector('.samensterk-scan-status')"
                                           ".textContent.includes('Licht')", timeout=TIMEOUT)
                    button.press("Enter")  # download anyway
            download = first.value
            path = folder / download.suggested_filename
            download.save_as(path)
            found[path.name] = path.read_text(encoding="utf-8")
            assert not visit.problems, visit.report()
        finally:
            page.close()
    return found


def test_each_respondent_downloads_what_they_answered(answers):
    assert len(answers) == 3
    by_name = {answer_files.parse_answers(text, name).name: answer_files.parse_answers(text, name) for name, text in answers.items()}
    for name, role, levels, comments in RESPONDENTS:
        got = by_name[name]
        assert got.role == role and got.cooperation == "Kempengemeenten" and got.organisation == ORGANISATIONS[name]
        assert got.id.startswith("r-") and len(got.id) == 34  # an id of its own, written when the file was made
        assert [got.levels[f] for f in scoring.FACTORS] == [None if lv is None else float(lv) for lv in levels]
        assert dict(got.comments) == comments


@pytest.fixture
def team_page(page_opener, answers, tmp_path):
    visit = page_opener(PAGE)
    page = visit.page
    files = []
    for name, text in answers.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    (tmp_path / "kapot.toml").write_text("name = [\n", encoding="utf-8")
    files.append(str(tmp_path / "kapot.toml"))
    page.locator("#samensterk-scan-answers").set_input_files(files)
    page.wait_for_function("() => Number(document.querySelector('section.samensterk-scan').dataset.views || 0) >= 1",
                           timeout=TIMEOUT)
    yield visit
    page.close()


def expected_view(answers: dict[str, str], lang: str = "nl") -> dict:
    scan_page.clear()
    scan_page.add(json.dumps({"files": answers}))
    view = json.loads(scan_page.team_view(json.dumps({"lang": lang})))
    scan_page.clear()
    return view


def test_the_team_view_shows_the_models_numbers_and_names_the_broken_file(team_page, answers):
    page = team_page.page
    want = expected_view(answers)
    rows = page.locator(".samensterk-scan-lessons tbody tr")
    assert rows.count() == 11
    for index, lesson in enumerate(want["lessons"]):
        cells = rows.nth(index).locator("th, td").all_inner_texts()
        assert cells[0] == lesson["title"]
        assert cells[1] == lesson["median_text"]
        assert lesson["median"] is None or float(cells[1].replace(",", ".")) == lesson["median"]  # a decimal comma
        assert (cells[5] == "●") == lesson["discuss_first"]
    combined = responses.combine([answer_files.parse_answers(text, name) for name, text in answers.items()])
    assert [lesson["discuss_first"] for lesson in want["lessons"]] == [s.discuss_first for s in combined.lessons.values()]
    assert page.locator(".samensterk-scan-result").inner_text() == want["summary"]
    drawn = page.evaluate("() => document.getElementById('samensterk-scan-trajectory').data.map(t => Array.from(t.y))")
    for got, spec in zip(drawn[:3], want["trajectory"]["data"][:3]):  # Pyodide's floats: the same to 1e-9
        assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) for a, b in zip(got, spec["y"]))
    files = page.locator(".samensterk-scan-file-list").inner_text()
    assert "kapot.toml" in files and "TOML" in files  # named, with the reason
    for name in answers:
        assert name in files
    assert not team_page.problems, team_page.report()


def test_the_report_prints_to_a4_with_every_section(team_page, browser_context, tmp_path, answers):
    from axe_playwright_python.sync_playwright import Axe
    from pypdf import PdfReader

    page = team_page.page
    with page.expect_download(timeout=TIMEOUT) as report:
        page.locator(".samensterk-scan-report").click()
    path = tmp_path / report.value.suggested_filename
    report.value.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html
    for name, _role, _levels, _comments in RESPONDENTS:  # anonymous unless every respondent agreed
        assert not re.search(rf"\b{re.escape(name.split()[0])}\b", html), name
    printed = browser_context.new_page()
    try:
        outside = []
        document = Path(path).as_uri()

        def only_the_report(route):
            if route.request.url == document:
                route.continue_()
            else:  # a self-contained report asks for nothing else
                outside.append(route.request.url)
                route.abort()

        printed.route("**/*", only_the_report)
        printed.goto(document)
        assert not outside, outside
        pdf = printed.pdf(format="A4", print_background=True)
        pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
        text = " ".join(pages)
        first = " ".join(pages[0].split())
        for part in ("Bestuurlijke samenvatting", "Waar het team het over eens is", "Waar het team verdeeld is",
                     "Drie acties", "Drie vragen voor het overleg", "Wat het model verwacht"):
            assert part in first, part  # the summary for the college fits on page 1 ...
        assert "Het teamprofiel" not in first  # ... and the rest follows
        from catalogue import english_left

        assert english_left(" ".join(text.split())) == []  # Dutch throughout: no string of the English catalogue
        for section in ("Samenwerkingsscan: Kempengemeenten", "Het teamprofiel", "Eerst bespreken",
                        "Het verwachte verloop", "Drie acties, met eigenaar en termijn", "De meest verwante casus",
                        "Bestuurlijke samenvatting",
                        "Antwoorden per rolgroep en per organisatie", "Gemeente Bladel (2)"):
            assert section in text, section
        assert "Wij horen het achteraf." in text  # a comment of the "discuss first" lessons
        want = expected_view(answers)
        assert want["summary"].split(": ", 1)[1].rstrip(".") in " ".join(text.split())
        results = Axe().run(printed)
        bad = [v for v in results.response["violations"] if v["impact"] in ("critical", "serious")]
        assert not bad, [(v["id"], [n["target"] for n in v["nodes"]]) for v in bad]
    finally:
        printed.close()


def test_the_scan_page_passes_axe_and_switches_language(page_opener):
    from axe_playwright_python.sync_playwright import Axe

    visit = page_opener(PAGE)
    page = visit.page
    try:
        legend = page.locator("fieldset[data-factor='diagnosis'] legend")
        assert "Scherpe diagnose" in legend.inner_text()
        page.locator(".samensterk-scan-switch button[data-lang='en']").click()
        assert "Sharp diagnosis" in legend.inner_text() and "Scherpe" not in legend.inner_text()
        # Checked before axe runs: axe fetches @import-ed stylesheets relative to the page.
        assert not visit.problems, visit.report()
        results = Axe().run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in ("critical", "serious")]
        assert not bad, [(v["id"], [n["target"] for n in v["nodes"]]) for v in bad]
    finally:
        page.close()


def made_answers(bundle, levels: int, organisation: str = "", role: str = "ambtenaar") -> str:
    """An answers file as the page makes it (with its own respondent id), without a name."""
    request = {"cooperation": "Kempengemeenten", "role": role, "organisation": organisation,
               "levels": {f: levels for f in scoring.FACTORS}, "comments": {f: "toelichting" for f in scoring.FACTORS}}
    return json.loads(scan_page.answers(json.dumps(request)))["file"]


def status_of(page) -> str:
    return page.locator(".samensterk-scan-status").inner_text()


def wait_for_status(page, text: str) -> None:
    page.wait_for_function("(text) => document.querySelector('.samensterk-scan-status').textContent.includes(text)",
                           arg=text, timeout=TIMEOUT)


def test_two_files_with_the_same_name_both_count(page_opener, bundle, tmp_path):
    """Two respondents who leave their name empty may save files of the same name: both count."""
    paths = []
    for folder, level in (("jan", 2), ("piet", 4)):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "scan-2026-12-07.toml"
        path.write_text(made_answers(bundle, level), encoding="utf-8")
        paths.append(str(path))
    visit = page_opener(PAGE)
    page = visit.page
    try:
        page.locator("#samensterk-scan-answers").set_input_files(paths)
        wait_for_status(page, "deelnemers in de scan")
        said = status_of(page)
        assert "2 bestanden ingelezen; 2 deelnemers in de scan." in said
        assert "2 bestanden met dezelfde naam scan-2026-12-07.toml: alle meegeteld." in said
        # One after the other: still both.
        page.locator(".samensterk-scan-file-list button").first.click()
        wait_for_status(page, "1 bestand ingelezen; 1 deelnemer in de scan.")
        page.locator("#samensterk-scan-answers").set_input_files(paths[:1])
        wait_for_status(page, "2 bestanden ingelezen; 2 deelnemers in de scan.")
        assert not visit.problems, visit.report()
    finally:
        page.close()


def test_a_team_file_beside_its_own_answers_counts_each_respondent_once(page_opener, answers, tmp_path):
    """Three answers files plus the team file combined from them: three respondents, and the page says so."""
    scan_page.clear()
    scan_page.add(json.dumps({"files": list(answers.items())}))
    team_text = json.loads(scan_page.team_file("{}"))["file"]
    scan_page.clear()
    paths = []
    for name, text in [*answers.items(), ("team-kempengemeenten.toml", team_text)]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    visit = page_opener(PAGE)
    page = visit.page
    try:
        page.locator("#samensterk-scan-answers").set_input_files(paths)
        wait_for_status(page, "deelnemers in de scan")
        said = status_of(page)
        assert "4 bestanden ingelezen; 3 deelnemers in de scan." in said
        assert "3 deelnemers uit team-kempengemeenten.toml waren al ingelezen: elk één keer meegeteld." in said
        # The same answers once more, loaded on their own: still three.
        page.locator("#samensterk-scan-answers").set_input_files(paths[:1])
        wait_for_status(page, "5 bestanden ingelezen; 3 deelnemers in de scan.")
        assert not visit.problems, visit.report()
    finally:
        page.close()


def test_removing_a_file_and_loading_an_earlier_team_file_raise_no_script_error(team_page, answers, tmp_path):
    page = team_page.page
    scan_page.clear()
    scan_page.add(json.dumps({"files": list(answers.items())}))
    earlier = tmp_path / "team-2025.toml"
    earlier.write_text(json.loads(scan_page.team_file("{}"))["file"], encoding="utf-8")
    scan_page.clear()
    views = int(page.locator("section.samensterk-scan").get_attribute("data-views"))
    page.get_by_role("button", name="Verwijderen " + next(iter(answers))).click()
    wait_for_status(page, "2 bestanden ingelezen; 2 deelnemers in de scan.")
    page.wait_for_function(f"() => Number(document.querySelector('section.samensterk-scan').dataset.views) > {views}",
                           timeout=TIMEOUT)
    page.locator("#samensterk-scan-previous").set_input_files(str(earlier))
    wait_for_status(page, "Eerdere scan ingelezen: 3 deelnemers.")
    page.wait_for_function(f"() => Number(document.querySelector('section.samensterk-scan').dataset.views) > {views + 1}",
                           timeout=TIMEOUT)
    assert not team_page.page_errors, team_page.page_errors  # "started is not defined" was one
    assert not team_page.problems, team_page.report()


def test_names_appear_only_when_the_facilitator_ticks_that_every_respondent_agreed(team_page, tmp_path):
    page = team_page.page
    view = page.locator(".samensterk-scan-view")
    assert "Anne" not in view.inner_text() and "Cor" not in view.inner_text()
    assert "gemeentesecretaris, Gemeente Bladel" in page.locator(".samensterk-scan-discuss").inner_text()
    partners = page.locator(".samensterk-scan-partners")
    assert partners.is_visible() and "Gemeente Bladel" in partners.inner_text()
    assert "Gemeente Eersel" not in partners.inner_text()  # one respondent: not shown apart
    with page.expect_download(timeout=TIMEOUT) as saved:
        page.locator(".samensterk-scan-team-file").click()
    team_text = Path(saved.value.path()).read_text(encoding="utf-8")
    assert "Anne" not in team_text and "respondent =" not in team_text and "/" not in team_text.split("date")[0]
    views = int(page.locator("section.samensterk-scan").get_attribute("data-views"))
    page.locator("#samensterk-scan-named").check()
    page.wait_for_function(f"() => Number(document.querySelector('section.samensterk-scan').dataset.views) > {views}",
                           timeout=TIMEOUT)
    assert "Anne de Vries" in page.locator(".samensterk-scan-discuss").inner_text()
    with page.expect_download(timeout=TIMEOUT) as report:
        page.locator(".samensterk-scan-report").click()
    html = Path(report.value.path()).read_text(encoding="utf-8")
    assert "Anne de Vries" in html and "Bert &lt;b&gt;Bakker&lt;/b&gt;" in html and "Alle antwoorden" in html
    assert not team_page.problems, team_page.report()


def test_a_missing_answer_is_named_beside_the_button_and_scrolled_into_view(page_opener):
    visit = page_opener(PAGE)
    page = visit.page
    try:
        for factor in scoring.FACTORS[:3]:
            choose_radio(page, factor, 3)
        button = page.locator(".samensterk-scan-download")
        button.scroll_into_view_if_needed()
        button.click()
        near = page.locator(".samensterk-scan-download-status")
        near.wait_for(state="visible")
        page.wait_for_function("() => document.querySelector('.samensterk-scan-download-status').textContent",
                               timeout=TIMEOUT)
        said = near.inner_text()
        title = page.locator(f"fieldset[data-factor='{scoring.FACTORS[3]}'] legend [lang='nl']").inner_text()
        assert said.startswith("Kies een niveau") and title in said
        gap = near.bounding_box()["y"] - button.bounding_box()["y"]
        assert 0 < gap < 120, gap  # beside the button, not 1,400 px above it
        first = page.locator(f"fieldset[data-factor='{scoring.FACTORS[3]}']")
        page.wait_for_function("(f) => { const r = document.querySelector(`fieldset[data-factor='${f}']`)"
                               ".getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }",
                               arg=scoring.FACTORS[3], timeout=5000)
        assert first.evaluate("(el) => el.contains(document.activeElement)")
        assert not visit.problems, visit.report()
    finally:
        page.close()


def test_the_threat_asks_for_an_explanation_at_its_worst_levels_on_the_page(page_opener):
    visit = page_opener(PAGE)
    page = visit.page
    try:
        threat = "fieldset[data-factor='herindeling_threat']"
        assert "Een hoog niveau is hier slecht" in page.locator(threat).inner_text()
        choose_radio(page, "herindeling_threat", 1)
        assert page.locator("#samensterk-scan-herindeling_threat-ask").inner_text() == ""
        choose_radio(page, "herindeling_threat", 5)
        assert "toelichten" in page.locator("#samensterk-scan-herindeling_threat-ask").inner_text()
        assert not visit.problems, visit.report()
    finally:
        page.close()


PHONE_JS = """
() => {
    const boxes = (root, selector) => Array.from(root.querySelectorAll(selector)).map(e => e.getBoundingClientRect())
        .filter(r => r.width > 0 && r.height > 0).map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom}));
    const plot = (id) => {
        const div = document.getElementById(id);
        return {svg: div.querySelector('svg.main-svg').getBoundingClientRect().toJSON(),
                title: boxes(div, '.gtitle'), xtitle: boxes(div, '.xtitle'), ticks: boxes(div, '.xtick text')};
    };
    const who = document.querySelector('.samensterk-scan-who');
    return {who: who.getBoundingClientRect().toJSON(), fields: boxes(who, 'input, select'),
            dots: plot('samensterk-scan-dots'), trajectory: plot('samensterk-scan-trajectory')};
}
"""


def test_the_team_view_fits_a_phone(page_opener, answers, tmp_path):
    from test_phone import overlap

    visit = page_opener(PAGE)
    page = visit.page
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        paths = []
        for name, text in answers.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
            paths.append(str(tmp_path / name))
        page.locator("#samensterk-scan-answers").set_input_files(paths)
        page.wait_for_function("() => Number(document.querySelector('section.samensterk-scan').dataset.views || 0)"
                               " >= 1", timeout=TIMEOUT)
        page.wait_for_timeout(500)
        found = page.evaluate(PHONE_JS)
        for field in found["fields"]:  # "Over uzelf": every field inside its box
            assert found["who"]["left"] - 1 <= field["left"] and field["right"] <= found["who"]["right"] + 1, field
        dots = found["dots"]
        assert dots["xtitle"] and dots["ticks"]
        assert not [tick for tick in dots["ticks"] if overlap(tick, dots["xtitle"][0])]  # "niveau" clear of 1..5
        trajectory = found["trajectory"]
        for title in trajectory["title"]:  # the title is not cut off
            assert trajectory["svg"]["left"] - 1 <= title["left"] and title["right"] <= trajectory["svg"]["right"] + 1
        assert "Kempengemeenten" in page.locator("#samensterk-scan-trajectory .gtitle").text_content()
        levers = page.locator(".samensterk-scan-levers").inner_text()
        assert "procentpunt kans op een goede afloop" in levers or "Geen" in levers
        # Cor answered "weet niet" on lessons 3 and 10: two answers, too few to weigh a step on them
        assert "Te weinig antwoorden (minder dan drie) om een stap te wegen op: 3. Nadelen beperken" in levers
        assert "momentum" not in levers
        assert not visit.problems, visit.report()
    finally:
        page.close()
