"""Self-check quizzes and exercises: every chapter has them, and every quiz works in the browser.

The data tests need nothing built. The browser tests open each chapter of the built
book (make book; SITE_DIR overrides _build/html) in chromium, click a wrong and then
the right answer of every question, and check the feedback, the console and that no
request leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from widgets.book import quiz

ROOT = Path(__file__).resolve().parents[2]
# Pages of book/ that are not chapters: reference pages and the guide for lecturers.
NOT_CHAPTERS = {"glossary", "references", "lecturers"}


def toc_files() -> list[str]:
    """Every file listed in _toc.yml, in order (e.g. 'book/intro')."""
    text = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return re.findall(r"^\s*(?:-\s*file|root):\s*(\S+)\s*$", text, flags=re.MULTILINE)


CHAPTERS = [f.split("/", 1)[1] for f in toc_files() if f.startswith("book/") and f.split("/", 1)[1] not in NOT_CHAPTERS]
CASE_PAGES = [f for f in toc_files() if f.startswith("cases/")]


def test_the_table_of_contents_lists_the_chapters():
    assert "intro" in CHAPTERS and "model" in CHAPTERS and len(CHAPTERS) >= 13


@pytest.mark.parametrize("page", [f"book/{c}" for c in CHAPTERS] + CASE_PAGES)
def test_every_chapter_and_case_page_has_an_exercise_with_a_solution(page):
    text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    exercises = re.findall(r"^(`{3,}|:{3,})\{exercise\}", text, flags=re.MULTILINE)
    solutions = re.findall(r"^(`{3,}|:{3,})\{solution(?:-start)?\}", text, flags=re.MULTILINE)
    assert exercises, f"{page}.md has no {{exercise}}"
    assert solutions, f"{page}.md has no {{solution}}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_ends_with_a_self_check_before_its_exercises(chapter):
    text = (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
    assert text.startswith("---\n") and "kernelspec:" in text.split("---\n")[1], (
        f"book/{chapter}.md needs the MyST-NB front matter to run its quiz cell"
    )
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert "Self-check" in headings and "Exercises" in headings, headings
    assert headings.index("Exercises") == headings.index("Self-check") + 1, (
        f"book/{chapter}.md: ## Self-check must come just before ## Exercises: {headings}"
    )
    section = text.split("## Self-check", 1)[1].split("## Exercises", 1)[0]
    assert ":tags: [remove-input]" in section
    assert f'show_quiz("{chapter}")' in section


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_a_valid_quiz(chapter):
    questions = quiz.load_quiz(chapter)
    assert quiz.MIN_QUESTIONS <= len(questions) <= quiz.MAX_QUESTIONS


def test_every_quiz_file_belongs_to_a_chapter():
    assert set(quiz.quiz_stems()) <= set(CHAPTERS)


def _one_question(**changes):
    question = {
        "question": "Which?",
        "type": "multiple_choice",
        "answers": [
            {"answer": "A", "correct": True, "feedback": "Right, because."},
            {"answer": "B", "correct": False, "feedback": "Wrong, because."},
        ],
    }
    question.update(changes)
    return question


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ([_one_question()] * 2, "has 2 questions"),
        ([_one_question()] * 6, "has 6 questions"),
        ({"question": "x"}, "must be a list"),
        ([_one_question(type="numeric")] * 3, "type must be 'multiple_choice'"),
        ([_one_question(question="What is $x$?")] * 3, "no LaTeX"),
        ([_one_question(question="<b>bold</b>")] * 3, "no HTML"),
        ([_one_question(extra=1)] * 3, "unknown ['extra']"),
        ([_one_question(answers=[{"answer": "A", "correct": True, "feedback": "ok"},
                                 {"answer": "B", "correct": True, "feedback": "ok"}])] * 3,
         "exactly one correct answer, has 2"),
        ([_one_question(answers=[{"answer": "A", "correct": True, "feedback": "ok"},
                                 {"answer": "B", "correct": False, "feedback": " "}])] * 3,
         "answer b: feedback: must be non-empty text"),
        ([_one_question(answers=[{"answer": "A", "correct": True, "feedback": "ok"},
                                 {"answer": "B", "correct": False}])] * 3,
         "must have exactly the keys"),
        ([_one_question(answers=[{"answer": "A", "correct": "yes", "feedback": "ok"},
                                 {"answer": "B", "correct": False, "feedback": "no"}])] * 3,
         "correct must be true or false"),
    ],
)
def test_a_bad_quiz_is_refused_with_a_precise_message(questions, message):
    with pytest.raises(quiz.QuizError, match=re.escape(message)):
        quiz.validate_quiz(questions, "test.json")


def test_a_missing_quiz_and_a_bad_stem_are_refused():
    with pytest.raises(quiz.QuizError, match="no such quiz"):
        quiz.load_quiz("no-such-chapter")
    with pytest.raises(quiz.QuizError, match="not a page stem"):
        quiz.quiz_path("../data/factors")


# ------------------------------------------------------------------ in the browser

# The rendered quiz: per question its answers (text, data-correct, data-feedback).
QUIZ_JS = """
() => Array.from(document.querySelectorAll('div.Quiz')).map(wrap => ({
    question: (wrap.querySelector('[id^="quizQn"]') || {}).textContent || '',
    answers: Array.from(wrap.querySelectorAll('label.MCButton')).map(label => ({
        id: label.id,
        text: label.textContent.trim(),
        correct: label.dataset.correct,
        feedback: label.dataset.feedback,
    })),
}))
"""
FEEDBACK_JS = """
(labelId) => {
    const wrap = document.getElementById(labelId).closest('div.Quiz');
    const fb = wrap.querySelector('.Feedback');
    return {text: fb.textContent.trim(), classes: Array.from(fb.classList)};
}
"""


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_quiz_renders_and_answers_in_the_browser(chapter, site_dir, open_page):
    page = f"book/{chapter}.html"
    assert (site_dir / page).is_file(), f"{page} is not built: run make book"
    expected = json.loads(quiz.quiz_path(chapter).read_text(encoding="utf-8"))
    visit = open_page(page)
    browser = visit.page
    browser.wait_for_selector("div.Quiz label.MCButton", timeout=10_000)
    rendered = browser.evaluate(QUIZ_JS)
    assert len(rendered) == len(expected), f"{page}: {len(rendered)} of {len(expected)} questions shown"

    for shown, question in zip(rendered, expected):
        assert shown["question"] == question["question"]
        assert sorted(a["text"] for a in shown["answers"]) == sorted(a["answer"] for a in question["answers"])
        wrong = next(a for a in shown["answers"] if a["correct"] == "false")
        right = next(a for a in shown["answers"] if a["correct"] == "true")
        by_text = {a["answer"]: a for a in question["answers"]}
        assert by_text[right["text"]]["correct"] is True

        browser.click(f"#{wrong['id']}")
        feedback = browser.evaluate(FEEDBACK_JS, wrong["id"])
        assert "incorrect" in feedback["classes"], feedback
        assert feedback["text"] == by_text[wrong["text"]]["feedback"]

        browser.click(f"#{right['id']}")
        feedback = browser.evaluate(FEEDBACK_JS, right["id"])
        assert "correct" in feedback["classes"] and "incorrect" not in feedback["classes"], feedback
        assert feedback["text"] == by_text[right["text"]]["feedback"]

    browser.wait_for_timeout(700)  # past jupyterquiz's 500 ms MathJax timer
    assert not visit.problems, visit.report()


def _correct_answers(stem: str, question_start: str) -> list[str]:
    """The answers marked correct of the question of a quiz that begins with ``question_start``."""
    questions = [q for q in quiz.load_quiz(stem) if q["question"].startswith(question_start)]
    assert len(questions) == 1, question_start
    return [a["answer"] for a in questions[0]["answers"] if a["correct"]]


def test_what_the_model_quiz_says_of_the_model_holds_for_the_model():
    """The model chapter's quiz states facts of the model as text: they must be the model's."""
    from widgets import scoring
    from widgets.calibration import validation
    from widgets.model import mechanisms
    from widgets.records import loading

    neutral = {name: 3.0 for name in scoring.FACTORS}
    # "The same for all ten": each plain in-hand lesson moves the level E by the same amount.
    rises = {name: scoring.readiness_score({**neutral, name: 5.0}) - 50.0 for name in mechanisms.IN_HAND_LESSONS}
    assert len({round(value, 9) for value in rises.values()}) == 1
    assert scoring.readiness_score({**neutral, "herindeling_threat": 1.0}) == 50.0  # "not part of E"
    assert _correct_answers("model", "How much does each in-hand lesson weigh") == [
        "The same for all ten: E is their plain mean."]
    # "Only four parameters are fitted, none of them a weight."
    assert len(scoring.fitted_names()) == 4
    # "Not clearly better on the documented outcomes": no more classes exactly right than the baseline.
    numbers = validation.summary(loading.load_cases())
    assert numbers.model_exact <= numbers.baseline_exact
    assert dict(scoring.DEFAULT_PARAMETERS.confidence_spread) == {"documented": 0.25, "inferred": 0.5, "unknown": 1.0}
    assert scoring.SILENT_LEVEL["herindeling_threat"] == 2.0 and scoring.SILENT_LEVEL["trust"] == 3.0
    assert any("within one level" in answer
               for answer in _correct_answers("model", "A lesson of a case is coded 'unknown'"))


def _correct_answers(stem: str, question_start: str) -> list[str]:
    """The answers marked correct of the question of a quiz that begins with ``question_start``."""
    questions = [q for q in quiz.load_quiz(stem) if q["question"].startswith(question_start)]
    assert len(questions) == 1, question_start
    return [a["answer"] for a in questions[0]["answers"] if a["correct"]]
