"""The Dutch self-check quizzes: every English quiz has a Dutch twin with the same structure.

A twin (``data/quizzes/nl/<stem>.json``) has the same questions in the same order, the
same answers in the same order, the same ``correct`` flags and the same non-text values;
only its texts differ, and none of them is empty. With ``SAMENSTERK_LANGUAGE=nl`` the
quiz loader reads the twin; a missing twin is a QuizError naming the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from widgets.book import quiz
from widgets.book.language import LANGUAGE_VARIABLE
from widgets.records.loading import data_dir

STEMS = quiz.quiz_stems()


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _structure_differences(english: Any, dutch: Any, where: str = "") -> list[str]:
    """Where ``dutch`` departs from the structure of ``english``: keys, lengths, non-text values."""
    if isinstance(english, dict):
        if not isinstance(dutch, dict):
            return [f"{where}: an object in English, {type(dutch).__name__} in Dutch"]
        if set(english) != set(dutch):
            return [f"{where}: keys {sorted(english)} in English, {sorted(dutch)} in Dutch"]
        return [d for key in english for d in _structure_differences(english[key], dutch[key], f"{where}.{key}")]
    if isinstance(english, list):
        if not isinstance(dutch, list) or len(dutch) != len(english):
            size = len(dutch) if isinstance(dutch, list) else type(dutch).__name__
            return [f"{where}: {len(english)} items in English, {size} in Dutch"]
        return [d for i, (e, n) in enumerate(zip(english, dutch)) for d in _structure_differences(e, n, f"{where}[{i}]")]
    if isinstance(english, str):
        if not isinstance(dutch, str):
            return [f"{where}: text in English, {type(dutch).__name__} in Dutch"]
        if not dutch.strip():
            return [f"{where}: empty in Dutch"]
        return []
    if type(english) is not type(dutch) or english != dutch:
        return [f"{where}: {english!r} in English, {dutch!r} in Dutch"]
    return []


def _texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [value] if isinstance(value, str) else []


def test_there_are_english_quizzes():
    assert STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_every_english_quiz_has_a_dutch_twin_with_the_same_structure(stem):
    english_path = quiz.quiz_path(stem, "en")
    dutch_path = quiz.quiz_path(stem, "nl")
    assert dutch_path == data_dir() / "quizzes" / "nl" / f"{stem}.json"
    assert dutch_path.is_file(), f"no Dutch quiz {dutch_path} for {english_path}"
    english, dutch = _read(english_path), _read(dutch_path)
    assert _structure_differences(english, dutch) == []
    assert [[a["correct"] for a in q["answers"]] for q in dutch] == [
        [a["correct"] for a in q["answers"]] for q in english
    ]
    assert all(text.strip() for text in _texts(dutch))


@pytest.mark.parametrize("stem", STEMS)
def test_every_dutch_quiz_passes_the_quiz_checks(stem):
    questions = quiz.load_quiz(stem, "nl")
    assert len(questions) == len(quiz.load_quiz(stem, "en"))


def test_there_are_no_dutch_quizzes_without_an_english_one():
    dutch = sorted(path.stem for path in (data_dir() / "quizzes" / "nl").glob("*.json"))
    assert dutch == STEMS


def test_the_structure_check_sees_a_changed_flag_a_lost_answer_and_an_empty_text():
    english = [{"question": "Q", "type": "multiple_choice",
                "answers": [{"answer": "A", "correct": True, "feedback": "F"},
                            {"answer": "B", "correct": False, "feedback": "G"}]}]
    flipped = json.loads(json.dumps(english))
    flipped[0]["answers"][0]["correct"] = False
    shorter = json.loads(json.dumps(english))
    del shorter[0]["answers"][1]
    empty = json.loads(json.dumps(english))
    empty[0]["answers"][1]["feedback"] = " "
    assert _structure_differences(english, flipped) == ["[0].answers[0].correct: True in English, False in Dutch"]
    assert _structure_differences(english, shorter) == ["[0].answers: 2 items in English, 1 in Dutch"]
    assert _structure_differences(english, empty) == ["[0].answers[1].feedback: empty in Dutch"]


def test_the_book_language_chooses_the_quiz(monkeypatch):
    stem = STEMS[0]
    english = _read(data_dir() / "quizzes" / f"{stem}.json")
    dutch = _read(data_dir() / "quizzes" / "nl" / f"{stem}.json")
    assert english != dutch

    monkeypatch.delenv(LANGUAGE_VARIABLE, raising=False)
    assert quiz.quiz_path(stem) == data_dir() / "quizzes" / f"{stem}.json"
    assert quiz.load_quiz(stem) == english

    monkeypatch.setenv(LANGUAGE_VARIABLE, "en")
    assert quiz.load_quiz(stem) == english

    monkeypatch.setenv(LANGUAGE_VARIABLE, "nl")
    assert quiz.quiz_path(stem) == data_dir() / "quizzes" / "nl" / f"{stem}.json"
    assert quiz.load_quiz(stem) == dutch
    assert quiz.load_quiz(stem, "en") == english


def test_a_missing_dutch_quiz_is_a_clear_error(monkeypatch, tmp_path):
    (tmp_path / "quizzes" / "nl").mkdir(parents=True)
    (tmp_path / "quizzes" / "only-english.json").write_text(
        (data_dir() / "quizzes" / f"{STEMS[0]}.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setattr(quiz, "data_dir", lambda: tmp_path)
    monkeypatch.setenv(LANGUAGE_VARIABLE, "nl")
    assert quiz.load_quiz("only-english", "en")
    with pytest.raises(quiz.QuizError, match=r"no such quiz.*quizzes/nl/only-english\.json") as error:
        quiz.load_quiz("only-english")
    assert "'nl' edition" in str(error.value)
    assert str(tmp_path / "quizzes" / "nl" / "only-english.json") in str(error.value)


def test_an_unknown_language_is_refused():
    with pytest.raises(quiz.QuizError, match="unknown language 'fr'"):
        quiz.quiz_path(STEMS[0], "fr")
