"""The simplest rule the model is compared with: the mean favourable level of the eleven lessons.

Two baselines on the same units as the model: an ordered rule (three cut-points on
the mean level, chosen to get the most cases right) and a logistic chance of a good
outcome (continuing or thriving) on the mean level. Both know nothing of time.
Standard library only.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from widgets.model.lessons import FACTORS, favourable_level
from widgets.model.mechanisms import GOOD_OUTCOMES, OUTCOMES, logistic

ORDER: tuple[str, ...] = tuple(reversed(OUTCOMES))  # collapsed, stagnating, continuing, thriving
RIDGE = 0.1  # a weak pull of the logistic slope towards 0, so that separated cases give a finite fit


def mean_level(levels: Mapping[str, float]) -> float:
    """The unweighted mean of the eleven levels on the favourable scale (the threat turned round)."""
    return sum(favourable_level(name, levels[name]) for name in FACTORS) / len(FACTORS)


def classify(x: float, cuts: Sequence[float]) -> str:
    """The class of a mean level under cut-points (ascending)."""
    return ORDER[sum(x >= cut for cut in cuts)]


def choose_cuts(points: Sequence[tuple[float, str]]) -> tuple[float, float, float]:
    """Three cut-points that classify the most points exactly, then with the least distance in classes.

    Candidates are the midpoints between neighbouring mean levels (and the ends); ties
    go to the cut-points nearest the middle of their candidates, so that the rule is
    the same whatever the order of the cases.
    """
    values = sorted({x for x, _ in points})
    candidates = [values[0] - 0.5] + [(a + b) / 2 for a, b in zip(values, values[1:])] + [values[-1] + 0.5]
    best: tuple[tuple[int, int], tuple[float, float, float]] | None = None
    count = len(candidates)
    for i in range(count):
        for j in range(i, count):
            for k in range(j, count):
                cuts = (candidates[i], candidates[j], candidates[k])
                hits = sum(classify(x, cuts) == y for x, y in points)
                distance = sum(abs(ORDER.index(classify(x, cuts)) - ORDER.index(y)) for x, y in points)
                key = (hits, -distance)
                if best is None or key > best[0]:
                    best = (key, cuts)
    assert best is not None
    return best[1]


def fit_logistic(points: Sequence[tuple[float, bool]], iterations: int = 50) -> tuple[float, float]:
    """Intercept and slope of P(good) = logistic(a + b (x - 3)), by Newton's method with a weak ridge on b."""
    a = b = 0.0
    for _ in range(iterations):
        ga, gb = 0.0, -RIDGE * b
        haa, hab, hbb = 0.0, 0.0, RIDGE
        for x, good in points:
            z = x - 3.0
            p = logistic(a + b * z)
            ga += (1.0 if good else 0.0) - p
            gb += ((1.0 if good else 0.0) - p) * z
            w = p * (1.0 - p)
            haa += w
            hab += w * z
            hbb += w * z * z
        det = haa * hbb - hab * hab
        if det <= 1e-12:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a + da, b + db
        if abs(da) + abs(db) < 1e-10:
            break
    return a, b


def state_holds(state: str, predicted: str) -> bool:
    """Whether the baseline's class of a case agrees with a state the source dates in any year.

    The baseline knows no time: its class stands for every year. A class holds when it is the
    state; "broken up" when the class is collapsed; "not yet started" (exists, below continuing)
    when it is stagnating.
    """
    if state == "broken_up":
        return predicted == "collapsed"
    if state == "not_started":
        return predicted == "stagnating"
    return predicted == state


def leave_one_case_out_rows(cases: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per case: its mean level, the class and chance of a good outcome the baselines give it
    when fitted to the other cases."""
    data = {case_id: (mean_level(case.levels), case.outcome) for case_id, case in cases.items()}
    rows = []
    for case_id, (x, documented) in data.items():
        rest = [value for key, value in data.items() if key != case_id]
        cuts = choose_cuts(rest)
        a, b = fit_logistic([(level, outcome in GOOD_OUTCOMES) for level, outcome in rest])
        predicted = classify(x, cuts)
        rows.append({"case": case_id, "mean_level": round(x, 4), "documented": documented,
                     "predicted": predicted, "cuts": [round(c, 4) for c in cuts],
                     "good_chance": round(logistic(a + b * (x - 3.0)), 4),
                     "observations_held": sum(state_holds(o.state, predicted) for o in cases[case_id].observations)})
    return rows


def scores(rows: Sequence[Mapping[str, Any]], predicted: str = "predicted",
           chance: str = "good_chance") -> dict[str, float]:
    """Exact hits, hits within one class, and the Brier and log scores of the chance of a good outcome."""
    exact = sum(row[predicted] == row["documented"] for row in rows)
    near = sum(abs(ORDER.index(row[predicted]) - ORDER.index(row["documented"])) <= 1 for row in rows)
    brier = sum((row[chance] - (row["documented"] in GOOD_OUTCOMES)) ** 2 for row in rows) / len(rows)
    log_score = sum(math.log(max(1e-9, row[chance] if row["documented"] in GOOD_OUTCOMES else 1 - row[chance]))
                    for row in rows) / len(rows)
    return {"exact": exact, "within_one": near, "cases": len(rows), "brier": brier, "log_score": log_score}
