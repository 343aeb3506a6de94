"""How far to trust the model: the fit, leave-one-case-out, sensitivity and effects, for the model chapter.

The in-sample checks (every dated observation and counterfactual against the
trajectories, the effect of each lesson) are computed here from the committed
parameters when the book is built; the expensive ones (leave-one-case-out refits,
the Morris screening, the nudged parameters) are read from ``data/calibration.json``,
which ``make calibrate`` wrote and a test ties to the current model and codings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from widgets import fit, frames, loading, scoring, traces
from widgets.loading import Factor, Scenario
from widgets.report import Markdown, table

STATE_NAMES = {"not_started": "not yet started", "broken_up": "broken up"}


def state_name(state: str) -> str:
    return STATE_NAMES.get(state, state)


@dataclass(frozen=True)
class Summary:
    """The figures the chapter's prose quotes, all computed from the data, the model and the fit."""

    observations: int
    documented: int
    held: int
    documented_held: int
    counterfactuals: int
    counterfactuals_held: int
    parameters: int
    loco: int
    loco_held: int
    cases: int
    likeliest_right: int
    robust_all: float
    thin_cases: tuple[str, ...]

    @property
    def per_parameter(self) -> float:
        """Observations and counterfactuals per fitted parameter."""
        return (self.observations + self.counterfactuals) / self.parameters


def summary(cases: Mapping[str, Scenario] | None = None) -> Summary:
    """The chapter's figures."""
    cases = cases if cases is not None else loading.load_cases()
    params = scoring.DEFAULT_PARAMETERS
    rows = fit.observation_rows(cases, params)
    counter = fit.counterfactual_rows(cases, params)
    results = fit.load_results()
    loco = results["leave_one_case_out"]
    right = 0
    for case in cases.values():
        point = case.evaluate().at(case.last_dated_year or 0)
        right += max(point.probabilities, key=lambda name: point.probabilities[name]) == case.outcome
    thin = tuple(c.label for c in cases.values()
                 if sum(coding.confidence == "unknown" for coding in c.codings.values()) >= 6)
    return Summary(
        observations=len(rows), documented=sum(r["confidence"] == "documented" for r in rows),
        held=sum(r["holds"] for r in rows),
        documented_held=sum(r["holds"] for r in rows if r["confidence"] == "documented"),
        counterfactuals=len(counter), counterfactuals_held=sum(r["holds"] for r in counter),
        parameters=len(scoring.fitted_names()), loco=len(loco), loco_held=sum(r["holds"] for r in loco),
        cases=len(cases), likeliest_right=right, robust_all=results["robustness"]["all_kept"], thin_cases=thin,
    )


# ----------------------------------------------------------------------- tables


def observation_table(cases: Mapping[str, Scenario] | None = None) -> Markdown:
    """Every dated observation, documented against predicted (the in-sample fit)."""
    cases = cases if cases is not None else loading.load_cases()
    frame = frames.observations_frame(cases).reset_index()
    rows = []
    for row in frame.itertuples():
        model = "broken up" if row.broken_up else f"{row.model_class} ({row.momentum:.0f})"
        rows.append([cases[row.case].label, row.year, state_name(row.state), row.confidence, model,
                     f"{row.likeliest} ({row.chance_of_likeliest:.0%})", "yes" if row.holds else "NO"])
    return table(["Case", "Year", "State in the source", "Confidence", "Model (momentum)", "Likeliest class",
                  "Holds"], rows)


def misses(cases: Mapping[str, Scenario] | None = None) -> list[tuple[Scenario, Any]]:
    """The dated observations the fitted model does not reach, with their case."""
    cases = cases if cases is not None else loading.load_cases()
    found = []
    for case in cases.values():
        evaluation = case.evaluate()
        for observation in case.observations:
            point = evaluation.at(observation.year)
            if not scoring.state_holds(observation.state, point.momentum, point.broken):
                found.append((case, observation))
    return found


def miss_list(cases: Mapping[str, Scenario] | None = None) -> Markdown:
    """Each observation the model misses, with the mechanism the book says it lacks to get it."""
    lines = []
    for case, observation in misses(cases):
        point = case.evaluate().at(observation.year)
        model = "broken up" if point.broken else f"{point.outcome}, momentum {point.momentum:.0f}"
        lines.append(f"- **{case.label} {observation.year}** ({state_name(observation.state)}, "
                     f"{observation.confidence}; the model: {model}). {observation.gap or 'No explanation yet.'}")
    return Markdown("\n".join(lines) or "Every dated observation holds.")


def counterfactual_table(cases: Mapping[str, Scenario] | None = None) -> Markdown:
    """Every counterfactual of the source against the fitted model."""
    cases = cases if cases is not None else loading.load_cases()
    rows = []
    for row in fit.counterfactual_rows(cases, scoring.DEFAULT_PARAMETERS):
        counterfactual = next(c for c in cases[row["case"]].counterfactuals if c.label == row["label"])
        changes = ", ".join(f"{key} {level:g}" for key, level in counterfactual.levels.items())
        rows.append([cases[row["case"]].label, row["label"], changes, row["expect"], row["year"],
                     "yes" if row["holds"] else f"NO (short by {row['shortfall']:.1f})"])
    return table(["Case", "Counterfactual", "Levels", "The source implies", "By", "Holds"], rows)


def loco_table(cases: Mapping[str, Scenario] | None = None) -> Markdown:
    """Leave-one-case-out: each case predicted by a fit without it, observation by observation."""
    cases = cases if cases is not None else loading.load_cases()
    rows = []
    for row in fit.load_results()["leave_one_case_out"]:
        model = "broken up" if row["broken"] else f"{row['predicted']} ({row['momentum']:.0f})"
        rows.append([cases[row["case"]].label, row["year"], state_name(row["state"]), row["confidence"], model,
                     "yes" if row["holds"] else "NO"])
    return table(["Case left out", "Year", "State in the source", "Confidence", "Predicted without it", "Holds"],
                 rows)


LOCO_GOAL = 0.75  # the share of observations a fit without their case should still get right


def loco_misses(cases: Mapping[str, Scenario] | None = None) -> list[str]:
    """The observations that a fit without their case gets wrong, in words."""
    cases = cases if cases is not None else loading.load_cases()
    misses = []
    for row in fit.load_results()["leave_one_case_out"]:
        if row["holds"]:
            continue
        model = "broken up" if row["broken"] else f"{row['predicted']} ({row['momentum']:.0f})"
        misses.append(f"{cases[row['case']].label} {row['year']}: {state_name(row['state'])} "
                      f"({row['confidence']}), predicted {model}")
    return misses


def central_misses(cases: Mapping[str, Scenario] | None = None) -> list[str]:
    """The cases whose central trajectory, with the fitted parameters, is not in the documented
    class in the source's last dated year (so that no nudge of the parameters keeps all twelve)."""
    cases = cases if cases is not None else loading.load_cases()
    return [case.label for case in cases.values()
            if case.evaluate().at(case.last_dated_year or 0).outcome != case.outcome]


def loco_miss_kinds() -> dict[str, int]:
    """The left-out misses by kind: ``timing`` (a late start, or a break-up too early or too
    late), ``success`` (a thriving case predicted lower) and ``other``."""
    kinds = {"timing": 0, "success": 0, "other": 0}
    for row in fit.load_results()["leave_one_case_out"]:
        if row["holds"]:
            continue
        if row["state"] in ("not_started", "broken_up") or row["broken"]:
            kinds["timing"] += 1
        elif row["state"] == "thriving":
            kinds["success"] += 1
        else:
            kinds["other"] += 1
    return kinds


def robustness_table(cases: Mapping[str, Scenario] | None = None) -> Markdown:
    """Per case: how often its class holds with the parameters moved, and under the Morris screening."""
    cases = cases if cases is not None else loading.load_cases()
    results = fit.load_results()
    rows = [
        [case.label, case.outcome, f"{results['robustness']['per_case'][case.id]:.0%}",
         f"{results['morris']['cases'][case.id]['class_kept']:.0%}"]
        for case in cases.values()
    ]
    return table(["Case", "Documented class", "Kept with every parameter moved by up to 10%",
                  "Kept under the Morris screening (parameters and coding)"], rows)


def effects_frame(factors: Mapping[str, Factor] | None = None) -> pd.DataFrame:
    """The effect of each lesson from 3 to 5 (everything else at 3), beside the source's weight."""
    factors = factors if factors is not None else loading.factor_map()
    mean = fit.lesson_effects(scoring.DEFAULT_PARAMETERS, "mean")
    final = fit.lesson_effects(scoring.DEFAULT_PARAMETERS, "final")
    weight = {"all": "all cases", "various": "various cases", "none": "no case named"}
    rows = [
        {"lesson": f.title, "mean": mean[key], "final": final[key],
         "source": weight.get(f.attribution, f"{len(f.cases)} named case" + ("s" if len(f.cases) != 1 else ""))}
        for key, f in factors.items()
    ]
    return pd.DataFrame(rows)


def effects_table(factors: Mapping[str, Factor] | None = None) -> Markdown:
    frame = effects_frame(factors)
    rows = [[r.lesson, f"{r.mean:+.1f}", f"{r.final:+.1f}", r.source] for r in frame.itertuples()]
    return table(["Lesson (3 to 5, everything else at 3)", "Mean momentum, 8 years", "Final momentum",
                  "The source draws it from"], rows)


# ---------------------------------------------------------------------- figures


def observations_figure(cases: Mapping[str, Scenario] | None = None) -> go.Figure:
    """Every case's trajectory with its band, and the source's dated observations on it."""
    cases = cases if cases is not None else loading.load_cases()
    columns = 3
    rows = -(-len(cases) // columns)
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=[c.label for c in cases.values()],
                           shared_yaxes=True, vertical_spacing=0.08, horizontal_spacing=0.05)
    symbols = {True: "circle", False: "x"}
    for index, case in enumerate(cases.values()):
        row, col = index // columns + 1, index % columns + 1
        evaluation = case.evaluate()
        for trace in traces.trajectory_traces(evaluation):
            trace["showlegend"] = False
            figure.add_trace(trace, row=row, col=col)
        for observation in case.observations:
            point = evaluation.at(observation.year)
            holds = scoring.state_holds(observation.state, point.momentum, point.broken)
            figure.add_trace(go.Scatter(
                x=[observation.year], y=[point.momentum], mode="markers", showlegend=False,
                marker={"symbol": symbols[holds], "size": 11, "color": "#24292f" if holds else "#cf222e",
                        "line": {"width": 2, "color": "#24292f" if holds else "#cf222e"}},
                hovertext=f"{observation.year}: the source says {state_name(observation.state)} "
                          f"({observation.confidence}); {'holds' if holds else 'does not hold'}",
                hoverinfo="text"), row=row, col=col)
    figure.update_yaxes(range=[0, 100], fixedrange=True, dtick=20)
    figure.update_xaxes(fixedrange=True, dtick=2)
    for edge in (scoring.DEFAULT_PARAMETERS.stagnating_from, scoring.DEFAULT_PARAMETERS.continuing_from,
                 scoring.DEFAULT_PARAMETERS.thriving_from):
        figure.add_hline(y=edge, line={"color": traces.REFERENCE_COLOUR, "width": 0.6, "dash": "dot"})
    figure.update_layout(template="plotly_white", font=traces.FONT, height=250 * rows + 80,
                         margin={"l": 40, "r": 10, "t": 70, "b": 30},
                         title={"text": "The source's dates on the trajectories",
                                "x": 0, "xanchor": "left", "font": {"size": 15}})
    return figure


def sensitivity_figure(cases: Mapping[str, Scenario] | None = None, top: int = 12) -> go.Figure:
    """Morris mu*: how strongly each parameter (ochre) and each lesson's coding (blue) moves the
    cases' momentum at their last dated year, summed over the cases (the largest first)."""
    cases = cases if cases is not None else loading.load_cases()
    morris = fit.load_results()["morris"]
    totals = {name: sum(morris["cases"][c]["mu_star"][name] for c in cases) for name in morris["inputs"]}
    ranked = sorted(totals, key=lambda name: -totals[name])[:top]
    figure = go.Figure(go.Bar(
        y=list(reversed(ranked)), x=[totals[name] for name in reversed(ranked)], orientation="h",
        marker={"color": ["#0969da" if name in scoring.FACTORS else "#9a6700" for name in reversed(ranked)]},
        customdata=[max(cases, key=lambda c: morris["cases"][c]["mu_star"][name]) for name in reversed(ranked)],
        hovertemplate="%{y}: mu* %{x:.1f} in all, most in %{customdata}<extra></extra>"))
    figure.update_layout(
        template="plotly_white", font=traces.FONT, height=460, margin={"l": 10, "r": 12, "t": 48, "b": 40},
        title={"text": "What moves each case", "x": 0, "xanchor": "left",
               "font": {"size": 15}},
        xaxis={"title": {"text": "mu*, summed"}, "fixedrange": True},
        yaxis={"automargin": True, "fixedrange": True},
    )
    return figure


def effects_figure(factors: Mapping[str, Factor] | None = None) -> go.Figure:
    """The effect of each lesson from 3 to 5, coloured by how the source attributes it."""
    frame = effects_frame(factors)
    colours = {"all cases": "#1a7f37", "various cases": "#0969da", "no case named": "#6e7781"}
    figure = go.Figure(go.Bar(
        x=frame["mean"], y=frame["lesson"], orientation="h",
        marker={"color": [colours.get(s, "#9a6700") for s in frame["source"]]},
        customdata=frame["source"], hovertemplate="%{y}: %{x:+.1f} (the source: %{customdata})<extra></extra>"))
    figure.update_layout(
        template="plotly_white", font=traces.FONT, height=420, margin={"l": 10, "r": 12, "t": 48, "b": 40},
        title={"text": "Each lesson from 3 to 5", "x": 0, "xanchor": "left",
               "font": {"size": 15}},
        xaxis={"title": {"text": "points"}, "fixedrange": True, "zeroline": True},
        yaxis={"automargin": True, "fixedrange": True, "autorange": "reversed"},
    )
    return figure
