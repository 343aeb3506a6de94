"""The figure data shared by the static figures, the explorer and the live pages."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from widgets import scoring
from widgets.records import loading
from widgets.views import traces

profiles = st.fixed_dictionaries({name: st.floats(1.0, 5.0, allow_nan=False) for name in scoring.FACTORS})


@settings(max_examples=40)
@given(profiles)
def test_trajectory_traces_carry_the_models_numbers_and_are_plain_json(levels):
    evaluation = scoring.evaluate(levels, start_year=2004)
    high, low, momentum = traces.trajectory_traces(evaluation)
    assert momentum["y"] == [p.momentum for p in evaluation.trajectory]
    assert low["y"] == [p.low for p in evaluation.trajectory] and high["y"] == [p.high for p in evaluation.trajectory]
    assert momentum["x"] == list(range(2004, 2004 + scoring.DEFAULT_HORIZON + 1))
    layout = traces.trajectory_layout(evaluation, "title")
    json.dumps([high, low, momentum, layout])  # plotly.js takes them as they are
    *bars, survival = traces.probability_traces(evaluation)
    for year in range(len(evaluation.trajectory)):
        assert abs(sum(bar["y"][year] for bar in bars) - 100) < 0.5
        # the survival curve: never above the chance of the classes other than collapsed plus collapse by break-up
        assert survival["y"][year] == round(100 * evaluation.trajectory[year].alive, 1)
    assert survival["meta"]["role"] == "alive" and survival["y"][0] == 100.0


def test_a_comparison_label_is_escaped():
    evaluation = scoring.evaluate({name: 3 for name in scoring.FACTORS})
    trace = traces.comparison_trace(evaluation, "<img src=x onerror=alert(1)>")
    assert "<img" not in trace["name"] and "&lt;img" in trace["name"]
    assert "<img" not in trace["hovertemplate"]


def test_probability_text_names_the_likeliest_first_in_either_language():
    chances = {"thriving": 0.1, "continuing": 0.0, "stagnating": 0.2, "collapsed": 0.7}
    assert traces.probability_text(chances) == "collapsed 70%, stagnating 20%, thriving 10%"
    dutch = traces.probability_text(chances, "nl")
    assert dutch.endswith("10%") and "collapsed" not in dutch


def test_contributions_put_lesson_1_on_top():
    factors = loading.factor_map()
    evaluation = scoring.evaluate({name: 4 for name in scoring.FACTORS})
    trace = traces.contribution_trace(evaluation, {key: f.title for key, f in factors.items()})
    assert trace["y"][-1] == factors["diagnosis"].title and trace["y"][0] == factors["herindeling_threat"].title
    assert trace["x"][-1] == evaluation.contributions["diagnosis"]
