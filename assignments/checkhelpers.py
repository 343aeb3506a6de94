"""Helpers for checks about the Samen sterk model, shared by every assignment.

build.py copies the code below (not this docstring) into each generated
``checks.py``, after the runtime of checklib.py, whose names it uses.
"""

from widgets import loading, scoring

FACTORS = scoring.FACTORS
# Words that name a factor in a written answer, besides its key and its labels.
FACTOR_WORDS = {
    "diagnosis": ["diagnosis", "diagnose", "bestuurskrachtmeting"],
    "benefits": ["benefit", "voordelen"],
    "downside_limits": ["downside", "drawback", "nadelen"],
    "pendulum": ["pendulum", "pendelbeweging", "bottom-up", "bottom up"],
    "formalisation": ["formalis", "formaliz", "formalise"],
    "gideon_band": ["gideonsbende", "gideon", "core group"],
    "leadership": ["leadership", "leader", "leiderschap"],
    "continuous_management": ["continuous management", "continu management", "steering"],
    "trust": ["trust", "vertrouwen"],
    "quick_wins": ["quick win", "winning mood"],
    "herindeling_threat": ["herindeling", "merger"],
}


def factor_names(key):
    """The ways a written answer may name a factor."""
    factor = loading.factor_map()[key]
    return [key, factor.label_en, factor.label_nl, *FACTOR_WORDS.get(key, [])]


def names_factor(text, key):
    """Whether a written answer names the factor ``key``."""
    return mentions(text, *factor_names(key))


def factor_key(ns, name, value):
    """``value`` must be one of the eleven factor keys."""
    if value not in FACTORS:
        fail(f"`{name}` holds {value!r}, which is not a factor; the factors are: {', '.join(FACTORS)}.")
    return value


def profile(ns, name):
    """A dict with a level (whole or half, 1 to 5) for every factor, or a failure."""
    levels = answer(ns, name, dict)
    unknown = [key for key in levels if key not in FACTORS]
    if unknown:
        fail(f"`{name}` has keys that are not factors: {unknown}; the factors are: {', '.join(FACTORS)}.")
    missing = [key for key in FACTORS if key not in levels]
    if missing:
        fail(f"`{name}` has no level for {', '.join(missing)}: give every factor a level.")
    for key in FACTORS:
        value = levels[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail(f"`{name}[{key!r}]` is {value!r}: a level is a number from 1 to 5.")
        if not 1 <= value <= 5:
            fail(f"`{name}[{key!r}]` is {value}: levels run from 1 to 5.")
        if value * 2 != int(value * 2):
            fail(f"`{name}[{key!r}]` is {value}: use whole or half levels (3 or 3.5, not 3.2).")
    return {key: float(levels[key]) for key in FACTORS}


def can_improve(key, level):
    """Whether a factor at ``level`` can still get better (the threat: lower)."""
    return scoring.improved_level(key, level) != level


def evaluation(ns, name):
    """A result of ``scoring.evaluate``, or a failure."""
    value = answer(ns, name)
    if not isinstance(value, scoring.Evaluation):
        fail(f"`{name}` should be the result of scoring.evaluate(...), but it is a {type(value).__name__}.")
    return value
