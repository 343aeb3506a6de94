"""The team scan's questionnaire in the app (``samensterk app --scan``), as a Python object and in a kernel."""

from __future__ import annotations

import base64
import datetime
import html
import re
import subprocess
import sys

import ipywidgets as ipw
import nbformat
import pytest
from nbclient import NotebookClient

from widgets import scoring
from widgets.apps import voila
from widgets.apps.questionnaire import DONT_KNOW, Questionnaire
from widgets.records import loading, responses, scenario_files
from widgets.team import answer_files
from widgets.views import i18n

HOSTILE = "<script>alert(1)</script>"
LINK = re.compile(r'<a download="([^"]*)" href="data:application/toml;base64,([A-Za-z0-9+/=]*)"')


def answer_all(form: Questionnaire, level: int | str = 4, **levels: int | str) -> None:
    for key, radio in form.choices.items():
        radio.value = levels.get(key, level)


def linked_file(form: Questionnaire) -> tuple[str, str]:
    """The file name and the decoded text of the download link."""
    found = LINK.search(form.download.value)
    assert found, form.download.value
    return html.unescape(found.group(1)), base64.b64decode(found.group(2)).decode("utf-8")


def html_values(widget: ipw.Widget) -> list[str]:
    """The value of every HTML widget in a widget tree."""
    if isinstance(widget, ipw.HTML):
        return [widget.value]
    return [value for child in getattr(widget, "children", ()) for value in html_values(child)]


def test_every_lesson_has_its_five_levels_and_dont_know_in_both_languages():
    form = Questionnaire("nl")
    factors = loading.load_factors()
    assert list(form.choices) == [f.key for f in factors] == list(scoring.FACTORS)
    for lang, dont_know in (("nl", "Weet niet"), ("en", "Don't know")):
        form.set_language(lang)
        for factor in factors:
            radio = form.choices[factor.key]
            labels = [label for label, _value in radio.options]
            assert len(labels) == 6
            assert [value for _label, value in radio.options] == [1, 2, 3, 4, 5, DONT_KNOW]
            for level, (label, line) in enumerate(zip(labels, factor.rubric_in(lang)), start=1):
                assert label == f"{level}: {' '.join(line.split())}"
            assert labels[5] == dont_know
            assert radio.index is None and radio.layout.width == "100%"
            assert radio.style.description_width == "initial"
            assert html.escape(factor.title_in(lang)) in form.headers[factor.key].value
    assert form.missing() == list(scoring.FACTORS)


def test_switching_language_relabels_and_keeps_the_answers():
    form = Questionnaire("nl")
    assert form.language.value == "nl" and "Samenwerkingsscan" in form.heading.value
    assert form.name.description == "Uw naam"
    form.cooperation.value = "Regio Test"
    form.name.value = "Anna"
    form.role.value = "gemeentesecretaris"
    form.choices["trust"].value = 2
    form.choices["leadership"].value = DONT_KNOW
    form.comments["trust"].value = "Het college en de raad zitten niet op één lijn."
    before = form.respondent()
    form.language.value = "en"  # the toggle, as a reader clicks it
    assert form.lang == "en" and form.name.description == "Your name" and "Team scan" in form.heading.value
    assert form.choices["trust"].options[0][0].startswith("1: " + loading.factor_map()["trust"].rubric[0][:20])
    assert form.respondent() == before
    assert form.choices["trust"].value == 2 and form.choices["leadership"].value == DONT_KNOW
    assert form.role.value == "gemeentesecretaris" and form.name.value == "Anna"
    assert "Still to answer (9)" in form.status.value
    form.set_language("nl")
    assert form.respondent() == before and "Nog te beantwoorden (9)" in form.status.value
    assert "samensterk-lang-nl" in form.widget._dom_classes and "samensterk-lang-en" not in form.widget._dom_classes


def test_a_low_level_asks_for_a_comment_and_a_middling_one_does_not():
    form = Questionnaire("en")
    assert form.prompts["trust"].value == "" and form.prompts["trust"].layout.display == "none"
    form.choices["trust"].value = 2
    assert responses.asks_for_comment(2.0)
    assert "comment" in form.prompts["trust"].value and form.prompts["trust"].layout.display == ""
    form.choices["trust"].value = 4
    assert form.prompts["trust"].value == "" and form.prompts["trust"].layout.display == "none"
    form.choices["trust"].value = DONT_KNOW
    assert form.prompts["trust"].value == ""
    form.choices["trust"].value = 1
    form.set_language("nl")
    assert form.prompts["trust"].value == "Licht dit antwoord toe: het is een van de twee slechtste niveaus."


def test_the_download_appears_when_every_lesson_is_answered_and_round_trips():
    form = Questionnaire("en")
    form.cooperation.value = "Regio <b>Test</b> & co"
    form.name.value = HOSTILE
    form.role.value = "raadslid"
    answer_all(form, 4, trust=2, leadership=DONT_KNOW, pendulum=1)
    form.choices["quick_wins"].value = None  # one lesson still open
    assert form.download.value == ""
    assert "10. Quick wins" in form.status.value and "Still to answer (1)" in form.status.value
    with pytest.raises(ValueError, match="Quick wins"):
        form.answers_text()
    form.choices["quick_wins"].value = 5
    form.comments["trust"].value = "  The college <em>and</em> the raad disagree.\n"
    assert "Every lesson answered" in form.status.value
    assert "Download answers" in form.download.value

    name, text = linked_file(form)
    today = datetime.date.today().isoformat()
    assert name == f"scan-script-alert-1---script-{today}.toml" and "<" not in name
    assert text == form.answers_text()
    read = answer_files.parse_answers(text, name)
    assert read.name == HOSTILE and read.role == "raadslid" and read.date == datetime.date.today()
    assert read.cooperation == "Regio <b>Test</b> & co"
    assert dict(read.levels) == {**{key: 4.0 for key in scoring.FACTORS}, "trust": 2.0, "leadership": None,
                                 "pendulum": 1.0, "quick_wins": 5.0}
    assert dict(read.comments) == {"trust": "The college <em>and</em> the raad disagree."}
    assert read.levels == form.respondent().levels

    for value in html_values(form.widget):  # no user text as markup anywhere
        assert "<script" not in value and "<b>" not in value and "<em>" not in value
    assert HOSTILE not in form.download.value

    other = Questionnaire("nl")
    assert other.load_text(text, name)
    assert other.respondent() == form.respondent()
    assert other.cooperation.value == "Regio <b>Test</b> & co"
    assert other.download.value == form.download.value.replace("Download answers", "Antwoorden downloaden")


def test_a_file_with_some_lessons_missing_is_refused():
    form = Questionnaire("en")
    answer_all(form, 3)
    text = form.answers_text().replace("[factors.trust]\nlevel = 3\n", "")
    assert "[factors.trust]" not in text
    assert not Questionnaire("en").load_text(text, "short.toml")


def _team_file() -> str:
    answers = responses.Respondent("A", "ambtenaar", None, {key: 3.0 for key in scoring.FACTORS})
    return answer_files.team_text(responses.combine([answers], "Team"))


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("name = [broken", "bad.toml"),
        ('name = "x"\n[factors.trust]\nlevel = 9\n', "bad.toml"),
        ("", "bad.toml"),
        ("\x00\x01", "bad.toml"),
        (scenario_files.scenario_text(scenario_files.new_scenario("Half").with_levels({"trust": 3.5})), "3.5"),
        (_team_file(), "team file"),
    ],
)
def test_a_bad_file_keeps_the_form_and_says_why(text, why):
    form = Questionnaire("en")
    form.name.value = "Anna"
    form.cooperation.value = "Regio Test"
    form.choices["trust"].value = 2
    form.comments["trust"].value = "why"
    before = form.respondent(), form.cooperation.value, form.download.value
    assert not form.load_text(text, "bad.toml")
    assert (form.respondent(), form.cooperation.value, form.download.value) == before
    assert form.status.value.startswith("Not loaded, your answers are unchanged.")
    assert why in html.unescape(form.status.value)


def test_a_hostile_file_name_is_escaped_in_the_status_line():
    form = Questionnaire("en")
    assert not form.load_text("name = [broken", '<img src=x onerror="alert(1)">.toml')
    assert "<img" not in form.status.value and "&lt;img" in form.status.value


def test_a_chosen_file_loads_and_the_same_file_again_undoes_changes():
    saved = Questionnaire("en")
    answer_all(saved, 5, trust=1)
    content = saved.answers_text().encode()
    chosen = {"name": "scan-anna.toml", "type": "", "size": len(content), "content": memoryview(content),
              "last_modified": datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)}
    form = Questionnaire("nl")
    form.upload.value = (dict(chosen),)
    assert form.choices["trust"].value == 1 and form.upload.value == ()
    assert form.status.value.startswith("scan-anna.toml is geladen.")
    form.choices["trust"].value = 4
    form.upload.value = (dict(chosen),)
    assert form.choices["trust"].value == 1


def test_no_widget_is_created_at_import():
    code = ("import sys\nimport widgets.apps.questionnaire\n"
            "from ipywidgets.widgets.widget import _instances\nsys.exit(len(_instances))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_app_serves_the_questionnaire_in_scan_mode(monkeypatch):
    monkeypatch.setenv(voila.MODE_ENV, "scan")
    monkeypatch.setenv(voila.LANG_ENV, "en")
    form = voila.explorer_from_environment()
    assert isinstance(form, Questionnaire) and form.lang == "en"
    monkeypatch.delenv(voila.LANG_ENV)
    assert voila.explorer_from_environment().lang == "nl"
    monkeypatch.setenv(voila.LANG_ENV, "fr")
    with pytest.raises(voila.AppError, match="fr"):
        voila.explorer_from_environment()
    monkeypatch.setenv(voila.MODE_ENV, "quiz")
    with pytest.raises(voila.AppError, match="quiz"):
        voila.explorer_from_environment()
    monkeypatch.delenv(voila.MODE_ENV)
    assert not isinstance(voila.explorer_from_environment(), Questionnaire)


def test_scan_does_not_go_with_a_case():
    done = subprocess.run([sys.executable, "-m", "widgets", "app", "--scan", "--case", "kempen"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.startswith("samensterk: error:") and "--scan" in done.stderr


def test_every_string_of_the_questionnaire_is_in_the_dutch_catalogue():
    from babel.messages.extract import extract_from_file

    found = [message for _line, message, _comments, _context in
             extract_from_file("python", voila.APP_DIR.parent / "questionnaire.py", keywords={"_": None, "N_": None})]
    assert len(found) >= 15
    dutch = i18n.translator("nl")
    assert [m for m in found if dutch(m) == m] == []


KERNEL_CHECK = '''
from widgets.apps.questionnaire import DONT_KNOW, Questionnaire
from widgets.team import answer_files
form = Questionnaire("nl")
assert form.download.value == "" and "Nog te beantwoorden (11)" in form.status.value
form.name.value = "Anna"
form.role.value = "bestuurder"
for key, radio in form.choices.items():
    radio.value = 2 if key == "trust" else 4
assert "Licht" in form.prompts["trust"].value and form.prompts["leadership"].value == ""
form.choices["leadership"].value = DONT_KNOW
form.language.value = "en"
assert form.choices["trust"].value == 2 and "Download answers" in form.download.value
answers = answer_files.parse_answers(form.answers_text(), "kernel")
assert answers.name == "Anna" and answers.levels["leadership"] is None and answers.levels["trust"] == 2
print("kernel check passed")
'''


def test_the_questionnaire_runs_in_a_kernel():
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(KERNEL_CHECK)]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    assert "kernel check passed" in notebook.cells[0].outputs[0]["text"]


def test_the_threat_of_herindeling_asks_for_a_comment_at_its_worst_levels_and_says_high_is_bad():
    form = Questionnaire("nl")
    assert "Een hoog niveau is hier slecht" in form.headers["herindeling_threat"].value
    assert "hoog niveau" not in form.headers["trust"].value
    form.choices["herindeling_threat"].value = 1  # the best answer: no threat
    assert form.prompts["herindeling_threat"].value == ""
    form.choices["herindeling_threat"].value = 5  # the worst: a strong push for a merger
    assert form.prompts["herindeling_threat"].value.startswith("Licht dit antwoord toe")


def test_the_app_asks_the_organisation_and_writes_an_id_that_survives_loading_the_file_again():
    form = Questionnaire("nl")
    assert form.organisation.description == "Organisatie"
    form.cooperation.value = "Kempen"
    form.organisation.value = "Gemeente Bladel"
    for key in form.choices:
        form.choices[key].value = 3
    text = form.answers_text()
    answers = answer_files.parse_answers(text, "a.toml")
    assert answers.organisation == "Gemeente Bladel" and answers.id == form.respondent_id
    assert answers.id.startswith("r-") and Questionnaire("nl").respondent_id != form.respondent_id
    again = Questionnaire("nl")
    assert again.load_text(text, "a.toml")
    assert again.organisation.value == "Gemeente Bladel" and again.respondent_id == form.respondent_id
    assert answer_files.parse_answers(again.answers_text(), "b.toml").key == answers.key  # counted once beside a.toml
