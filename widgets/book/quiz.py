"""Self-check quizzes: questions kept as data, shown with jupyterquiz.

Each chapter's questions live in ``data/quizzes/<page-stem>.json`` in jupyterquiz's
format: a list of ``{"question": str, "type": "multiple_choice", "answers":
[{"answer": str, "correct": bool, "feedback": str}, ...]}``. :func:`load_quiz`
reads and checks one file (exactly one correct answer, feedback on every answer);
the Dutch edition (``SAMENSTERK_LANGUAGE=nl``, see :mod:`widgets.book.language`) reads
the Dutch twin ``data/quizzes/nl/<page-stem>.json``, with the same questions in the
same order and the same correct answers;
:func:`show_quiz` displays it with :func:`jupyterquiz.display_quiz`, from a code
cell tagged ``remove-input``::

    from widgets.book.quiz import show_quiz

    show_quiz("why-cooperate")

The quiz runs in the static page, without a kernel and without a CDN:
jupyterquiz embeds the questions and its JavaScript in the cell's output. Its
script only reaches for MathJax when the page has a ``MathJax`` object, and then
loads a copy from a CDN if that object is not ready yet. Two things keep that
from happening: questions may hold no LaTeX (``$``), so there is nothing to
typeset; and :func:`show_quiz` starts the script once the page has loaded, when
the book's own MathJax (on pages with math) is ready.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from widgets.book.language import book_language
from widgets.records.loading import data_dir
from widgets.views.i18n import DEFAULT_LANGUAGE, check_language

QUIZ_FOLDER = "quizzes"
# The language of the files in data/quizzes/ itself; another language's quizzes
# live in a subfolder named after it (data/quizzes/nl/).
QUIZ_LANGUAGE = DEFAULT_LANGUAGE
MIN_QUESTIONS = 3
MAX_QUESTIONS = 5
QUESTION_TYPE = "multiple_choice"
QUESTION_KEYS = frozenset({"question", "type", "answers"})
ANSWER_KEYS = frozenset({"answer", "correct", "feedback"})
# Colours with enough contrast for the feedback text on the page (WCAG AA).
COLOURS = {
    "--jq-multiple-choice-bg": "#2f1b52",
    "--jq-correct-color": "#1a6b25",
    "--jq-incorrect-color": "#a61b1b",
}
MAX_WIDTH = 720


class QuizError(ValueError):
    """A quiz file that cannot be shown, with the file and the question at fault."""


def _language(language: str | None) -> str:
    """``language``, or the book's language when None; QuizError if it is not a book language."""
    if language is None:
        return book_language()
    try:
        return check_language(language)
    except ValueError as error:
        raise QuizError(str(error)) from None


def quiz_path(stem: str, language: str | None = None) -> Path:
    """Where the quiz of a page lives in a language (default: the book's language).

    English: ``data/quizzes/<stem>.json``; Dutch: ``data/quizzes/nl/<stem>.json``.
    """
    if not stem or "/" in stem or "\\" in stem or stem.startswith("."):
        raise QuizError(f"{stem!r} is not a page stem (e.g. 'why-cooperate')")
    folder = data_dir() / QUIZ_FOLDER
    language = _language(language)
    if language != QUIZ_LANGUAGE:
        folder = folder / language
    return folder / f"{stem}.json"


def quiz_stems() -> list[str]:
    """The stems of every (English) quiz file, sorted."""
    return sorted(path.stem for path in (data_dir() / QUIZ_FOLDER).glob("*.json"))


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QuizError(f"{where}: must be non-empty text")
    if "$" in value:
        raise QuizError(f"{where}: no LaTeX ($) in quizzes: the page may not load MathJax")
    if "<" in value:
        raise QuizError(f"{where}: no HTML (<) in quizzes: jupyterquiz inserts the text as HTML")
    return value


def validate_quiz(questions: Any, source: str = "quiz") -> list[dict[str, Any]]:
    """Check a list of questions and return it; raise :class:`QuizError` naming the fault."""
    if not isinstance(questions, list):
        raise QuizError(f"{source}: must be a list of questions")
    if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        raise QuizError(
            f"{source}: has {len(questions)} questions; a self-check has "
            f"{MIN_QUESTIONS} to {MAX_QUESTIONS}"
        )
    for number, question in enumerate(questions, start=1):
        where = f"{source}: question {number}"
        if not isinstance(question, dict):
            raise QuizError(f"{where}: must be an object")
        unknown = sorted(set(question) - QUESTION_KEYS)
        missing = sorted(QUESTION_KEYS - set(question))
        if unknown or missing:
            raise QuizError(f"{where}: keys must be {sorted(QUESTION_KEYS)} (unknown {unknown}, missing {missing})")
        _text(question["question"], f"{where}: question")
        if question["type"] != QUESTION_TYPE:
            raise QuizError(f"{where}: type must be {QUESTION_TYPE!r}, got {question['type']!r}")
        answers = question["answers"]
        if not isinstance(answers, list) or len(answers) < 2:
            raise QuizError(f"{where}: needs a list of at least two answers")
        for letter, answer in zip("abcdefghij", answers):
            at = f"{where}, answer {letter}"
            if not isinstance(answer, dict) or set(answer) != ANSWER_KEYS:
                raise QuizError(f"{at}: must have exactly the keys {sorted(ANSWER_KEYS)}")
            _text(answer["answer"], f"{at}: answer")
            _text(answer["feedback"], f"{at}: feedback")
            if not isinstance(answer["correct"], bool):
                raise QuizError(f"{at}: correct must be true or false")
        correct = sum(answer["correct"] for answer in answers)
        if correct != 1:
            raise QuizError(f"{where}: needs exactly one correct answer, has {correct}")
    return questions


def load_quiz(stem: str, language: str | None = None) -> list[dict[str, Any]]:
    """The checked questions of a page's quiz in a language (default: the book's language)."""
    language = _language(language)
    path = quiz_path(stem, language)
    try:
        questions = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        where = path.relative_to(data_dir().parent).as_posix()
        if language != QUIZ_LANGUAGE:
            raise QuizError(
                f"{path}: no such quiz: the {language!r} edition needs {where}, "
                f"a translation of data/{QUIZ_FOLDER}/{stem}.json"
            ) from None
        raise QuizError(f"{path}: no such quiz (write {where})") from None
    except json.JSONDecodeError as error:
        raise QuizError(f"{path}: not valid JSON ({error})") from None
    return validate_quiz(questions, str(path))


def _start_after_load(script: str) -> str:
    """Wrap jupyterquiz's script so it runs once the page (and its MathJax) has loaded."""
    return (
        "(function () {\n"
        "function samensterkQuiz() {\n"
        f"{script}\n"
        "}\n"
        'if (document.readyState === "complete") { samensterkQuiz(); }\n'
        'else { window.addEventListener("load", samensterkQuiz, { once: true }); }\n'
        "})();\n"
    )


def show_quiz(stem: str, *, shuffle_answers: bool = True) -> None:
    """Display the self-check quiz of a page in the book's language (see :func:`quiz_path`)."""
    from IPython.display import HTML, Javascript, display
    from IPython.utils.capture import capture_output
    from jupyterquiz import display_quiz

    questions = load_quiz(stem)
    with capture_output(stdout=False, stderr=False, display=True) as captured:
        display_quiz(
            questions, shuffle_answers=shuffle_answers, max_width=MAX_WIDTH, colors=dict(COLOURS)
        )
    for output in captured.outputs:
        data = output.data
        if "application/javascript" in data:
            display(Javascript(_start_after_load(data["application/javascript"])))
        elif "text/html" in data:
            display(HTML(data["text/html"]))
        else:  # pragma: no cover - jupyterquiz only emits HTML and JavaScript
            raise QuizError(f"unexpected output from jupyterquiz: {sorted(data)}")
