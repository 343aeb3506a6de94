"""What a page shows about a profile is assembled once (widgets/views/profile.py), in either language."""

from __future__ import annotations

from widgets.records import loading
from widgets.views.profile import LEVER_COUNT, profile_view


def test_the_view_keeps_the_models_levers_and_shows_the_best_in_hand_then_the_outside_ones():
    case = loading.load_case("reik")
    evaluation, levers = case.evaluate(), case.levers()
    view = profile_view(evaluation, levers)
    assert [lever.factor for lever in view.levers] == [lever.factor for lever in levers]
    own = [lever.factor for lever in levers if lever.in_hand][:LEVER_COUNT]
    outside = [lever.factor for lever in levers if not lever.in_hand]
    assert [lever.factor for lever in view.shown_levers()] == own + outside
    for shown, lever in zip(view.levers, levers):
        assert (shown.gain, shown.gain_low, shown.gain_high) == (lever.gain, lever.gain_low, lever.gain_high)
        assert shown.old_level == evaluation.levels[lever.factor]


def test_the_outcome_is_read_in_the_year_asked_for():
    case = loading.load_case("reik")
    evaluation = case.evaluate()
    then = profile_view(evaluation, (), when=case.last_dated_year)
    assert then.when == case.last_dated_year and then.outcome == evaluation.at(case.last_dated_year).outcome
    assert profile_view(evaluation, ()).when == evaluation.final.when


def test_every_sentence_is_in_the_language_asked_for():
    case = loading.load_case("kempen")
    evaluation, levers = case.evaluate(), case.levers()
    titles = {key: factor.label("nl") for key, factor in loading.factor_map().items()}
    dutch = profile_view(evaluation, levers, titles=titles, lang="nl")
    assert dutch.summary.startswith("Verwacht voor ") and dutch.outcome_name in dutch.summary
    assert dutch.survival.startswith("Voorspelde afloop: ") and dutch.chances_sentence.startswith("Kansen in ")
    assert dutch.outcome_line.startswith("Voorspelde afloop in ") and dutch.chances_line.startswith("Kansen: ")
    lever = dutch.levers[0]
    assert lever.title in lever.sentence(dutch.horizon) and "procentpunt" in lever.sentence(dutch.horizon)
    assert " naar " in lever.line()
    english = profile_view(evaluation, levers)
    assert english.survival.startswith("Predicted outcome: ") and "(the likeliest class)" in english.survival


def test_the_rounded_lever_reads_as_the_json_gives_it():
    case = loading.load_case("reik")
    lever = profile_view(case.evaluate(), case.levers()).levers[0]
    rounded = lever.rounded()
    assert rounded.gain == round(lever.gain, 3) and rounded.factor == lever.factor
    assert rounded.gain_range() == f"{rounded.gain:+.1f} ({rounded.gain_low:+.1f} .. {rounded.gain_high:+.1f})"
