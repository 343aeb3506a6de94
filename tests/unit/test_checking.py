"""The assignments' check runtime and its helpers about the model (widgets.book.checking)."""

from __future__ import annotations

import pytest

from widgets import scoring
from widgets.book import checking
from widgets.book.checking import Registry


def neutral() -> dict[str, float]:
    return {key: scoring.NEUTRAL_LEVEL for key in scoring.FACTORS}


def registry_with_two_checks() -> Registry:
    registry = Registry()

    @registry.public("q1")
    def defined(ns):
        """q1 answer is defined"""
        checking.answer(ns, "x", int)

    @registry.hidden("q1")
    def positive(ns):
        """q1 answer is positive"""
        if ns["x"] <= 0:
            checking.fail("`x` must be positive.")

    return registry


def test_public_checks_run_without_the_hidden_ones_and_report_the_first_failure():
    registry = registry_with_two_checks()
    assert registry.results("q1", {"x": -1}).ok
    hidden = registry.results("q1", {"x": -1}, hidden=True)
    assert not hidden.ok and hidden.passed == 1 and "positive" in hidden.failure
    missing = registry.results("q1", {})
    assert not missing.ok and "not defined" in missing.failure


def test_two_registries_keep_their_own_checks():
    first, second = registry_with_two_checks(), Registry()
    assert first.questions() == ["q1"] and second.questions() == []
    with pytest.raises(KeyError, match="q1"):
        second.results("q1", {})


def test_check_reads_the_callers_variables(capsys):
    registry = registry_with_two_checks()
    x = 3  # noqa: F841 - read by check() from this frame's globals, not its locals
    globals()["x"] = 3
    try:
        registry.check("q1")
    finally:
        del globals()["x"]
    assert "all 1 checks passed" in capsys.readouterr().out


def test_an_ellipsis_anywhere_in_an_answer_is_not_yet_an_answer():
    result = registry_with_two_checks().results("q1", {"x": [1, {"a": ...}]})
    assert "`x[1]['a']` is still `...`" in result.failure


@pytest.mark.parametrize("level", [1, 2.5, 3.2, 5])
def test_a_profile_takes_every_level_the_model_takes(level):
    assert checking.profile({"levels": {**neutral(), "trust": level}}, "levels")["trust"] == level


@pytest.mark.parametrize(("level", "message"), [(6, "1 to 5"), (0.5, "1 to 5"), ("4", "1 to 5"),
                                                  (float("nan"), "1 to 5"), (True, "1 to 5")])
def test_a_profile_rejects_what_the_model_rejects(level, message):
    with pytest.raises(checking.CheckFailure, match=message) as caught:
        checking.profile({"levels": {**neutral(), "trust": level}}, "levels")
    with pytest.raises(scoring.ProfileError):
        scoring.check_level("trust", level)
    assert "levels['trust']" in str(caught.value)


def test_a_profile_names_missing_and_unknown_factors():
    levels = neutral()
    del levels["pendulum"]
    with pytest.raises(checking.CheckFailure, match="pendulum"):
        checking.profile({"levels": levels}, "levels")
    with pytest.raises(checking.CheckFailure, match="charisma"):
        checking.profile({"levels": {**neutral(), "charisma": 3}}, "levels")


def test_written_answers_name_factors_by_key_label_or_word():
    assert checking.names_factor("We lacked a Gideonsbende.", "gideon_band")
    assert checking.names_factor("de pendelbeweging ontbrak", "pendulum")
    assert not checking.names_factor("We lacked money.", "gideon_band")
    with pytest.raises(checking.CheckFailure, match="placeholder|Write your answer here"):
        checking.text_answer({"t": "Write your answer here."}, "t", 3)


def test_a_dutch_registry_reports_in_dutch_and_an_english_one_does_not_change():
    english, dutch = registry_with_two_checks(), Registry(language="nl")

    @dutch.public("q1")
    def defined(ns):
        """q1: x bestaat"""
        checking.answer(ns, "x", int)

    assert english.results("q1", {}).report() == (
        "q1: not yet (0 of 1 checks passed).\n  failed: q1 answer is defined\n"
        "  `x` is not defined: run the cells above this one (or Run All) first."
    )
    report = dutch.results("q1", {"x": ...}).report()
    assert report.startswith("q1: nog niet (0 van 1 controles geslaagd).") and "nog niet beantwoord" in report
    assert "vervang" in report and "`x`" in report
    assert dutch.results("q1", {"x": 1}).report() == "q1: alle 1 controles geslaagd."
    # the language stays with its registry: English after Dutch is still English
    assert "not defined" in english.results("q1", {}).failure
    with pytest.raises(ValueError, match="language"):
        Registry(language="fr")


def test_either_languages_placeholder_is_not_yet_an_answer():
    for language, placeholder in checking.PLACEHOLDERS.items():
        registry = Registry(language=language)

        @registry.public("q1")
        def written(ns):
            """a written answer"""
            checking.text_answer(ns, "text", 3)

        for text in checking.PLACEHOLDERS.values():
            result = registry.results("q1", {"text": f"{text}."})
            assert not result.ok and placeholder in result.failure, result.failure
        assert registry.results("q1", {"text": "three whole words"}).ok


def test_every_dutch_message_fills_in_the_same_values_as_its_english_one():
    import string

    fields = lambda template: {f for _, f, _, _ in string.Formatter().parse(template) if f}  # noqa: E731
    for english, dutch in checking.DUTCH.items():
        assert fields(english) == fields(dutch), english
