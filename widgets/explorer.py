"""The live explorer: one control per factor, a trajectory that updates in place.

Pure-Python dependencies only (ipywidgets, plotly, anywidget), so it runs in Jupyter,
in Voilà and in the browser's Pyodide (JupyterLite). Text typed by the user (a region
name) is only ever shown as plain text: escaped where a widget would read markup.
"""

from __future__ import annotations

import base64
import dataclasses
import html
from pathlib import Path
from typing import Mapping

import ipywidgets as ipw
import plotly.graph_objects as go

from widgets import figures, loading, scoring
from widgets.loading import DataError, Scenario

STEP = 0.5
NO_OVERLAY = "(no comparison)"
# Room for the 230px description, a usable track and the readout (at 340px the track had
# no width left and the handle sat on an invisible line).
# Layouts as plain dicts: each widget makes its own, and importing this module creates
# no widget (a notebook executed for the static book must hold no widget state).
SLIDER_LAYOUT = {"width": "560px", "min_width": "560px"}
RUBRIC_LAYOUT = {"flex": "1 1 0%", "min_width": "12em", "margin": "0 0 0 1em"}
DESCRIPTION_STYLE = {"description_width": "230px"}
LEVER_COUNT = 3


def _scenario_file_name(name: str) -> str:
    """A safe file name for a region's scenario."""
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in name.strip().lower()).strip("-")
    return f"{stem or 'region'}.toml"


def download_link(text: str, file_name: str, label: str) -> str:
    """An HTML link that downloads ``text`` as a file; nothing leaves the page."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f'<a download="{html.escape(file_name)}" href="data:application/toml;base64,{payload}" '
        f'class="samensterk-download">{html.escape(label)}</a>'
    )


class Explorer:
    """Toggle every factor of a case or region and watch the model respond."""

    def __init__(self, scenario: Scenario, horizon: int = scoring.DEFAULT_HORIZON) -> None:
        self.factors = loading.factor_map()
        self.cases = loading.load_cases()
        self.original = scenario
        self.scenario = scenario
        self.horizon = horizon
        self._loading = False

        self.name = ipw.Text(value=scenario.name, description="Region", style=DESCRIPTION_STYLE,
                             layout=ipw.Layout(width="560px"), continuous_update=False)
        self.sliders: dict[str, ipw.FloatSlider] = {}
        self.rubric: dict[str, ipw.HTML] = {}  # escaped text: a Label cut long lines off
        rows = []
        for key, factor in self.factors.items():
            label = f"{factor.lesson}. {factor.label_en}"
            slider = ipw.FloatSlider(
                value=scenario.levels[key], min=scoring.MIN_LEVEL, max=scoring.MAX_LEVEL, step=STEP,
                description=label, tooltip=f"{label}: level 1 to 5", style=DESCRIPTION_STYLE,
                layout=SLIDER_LAYOUT, continuous_update=False, readout_format=".1f",
            )
            slider.observe(self._on_change, names="value")
            self.sliders[key] = slider
            self.rubric[key] = ipw.HTML(layout=RUBRIC_LAYOUT)
            rows.append(ipw.HBox([slider, self.rubric[key]]))

        self.overlay = ipw.Dropdown(options=[NO_OVERLAY] + [c.name for c in self.cases.values()],
                                    value=NO_OVERLAY, description="Compare with", style=DESCRIPTION_STYLE,
                                    layout=ipw.Layout(width="560px"))
        self.overlay.observe(self._on_change, names="value")
        self.name.observe(self._on_name, names="value")
        self.reset_button = ipw.Button(description="Reset to the coding", icon="",
                                       tooltip="Set every factor back to the documented coding")
        self.reset_button.on_click(lambda _: self.reset())
        self.upload = ipw.FileUpload(accept=".toml", multiple=False, description="Load scenario",
                                     tooltip="Load a scenario file (.toml) saved earlier")  # else "null"
        self.upload.observe(self._on_upload, names="value")
        self.download = ipw.HTML()
        self.status = ipw.Label()
        self.summary = ipw.Label()
        self.levers_box = ipw.HTML()

        # Both figures get their data before they become widgets: Voila's page reads a
        # widget's state only after the notebook has run, so updates sent before then
        # (the first refresh) never reach it and the trajectory stayed empty.
        evaluation = self.evaluation()
        trajectory = self._initial_figure()
        self._draw_trajectory(trajectory, evaluation)
        self.figure = go.FigureWidget(trajectory)
        contributions = figures.contributions_figure(evaluation, self.factors)
        contributions.layout.height = 380
        self.contributions = go.FigureWidget(contributions)

        self.widget = ipw.VBox([
            self.name,
            ipw.HBox([self.reset_button, self.upload, self.download]),
            self.status,
            ipw.VBox(rows),
            self.overlay,
            self.summary,
            self.figure,
            self.levers_box,
            self.contributions,
        ])
        self.refresh()

    # ------------------------------------------------------------------ creation

    @classmethod
    def for_case(cls, case_id: str) -> "Explorer":
        """An explorer starting from one of the source's cases."""
        return cls(loading.load_case(case_id))

    @classmethod
    def blank(cls, name: str = "My region") -> "Explorer":
        """An explorer for a new region, every factor at 3."""
        return cls(loading.new_scenario(name))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # ------------------------------------------------------------------- state

    def levels(self) -> dict[str, float]:
        """The levels the controls show now."""
        return {key: float(slider.value) for key, slider in self.sliders.items()}

    def current(self) -> Scenario:
        """The scenario as the controls show it, with the typed region name."""
        renamed = dataclasses.replace(self.original, name=self.name.value.strip() or "My region")
        return renamed.with_levels(self.levels())

    def evaluation(self) -> scoring.Evaluation:
        """The model's evaluation of the current levels."""
        return scoring.evaluate(self.levels(), confidence=self.original.confidence,
                                horizon=self.horizon, start_year=self.original.start)

    def set_levels(self, levels: Mapping[str, float]) -> None:
        """Move the controls to ``levels`` and refresh once."""
        checked = scoring.validate_profile(levels)
        self._loading = True
        try:
            for key, level in checked.items():
                self.sliders[key].value = level
        finally:
            self._loading = False
        self.refresh()

    def reset(self) -> None:
        """Back to the documented coding (or every factor at 3 for a new region)."""
        self.set_levels(self.original.levels)
        self.status.value = "Reset to the coding."

    # -------------------------------------------------------------- save, load

    def scenario_text(self) -> str:
        """The current scenario as a TOML file."""
        return loading.scenario_text(self.current())

    def save(self, path: str | Path) -> Path:
        """Save the current scenario to a file (atomic; an old file survives a failure)."""
        return loading.save_scenario(self.current(), path)

    def load_text(self, text: str, source: str = "uploaded file") -> bool:
        """Load a scenario; on any problem keep the current one and say what is wrong."""
        try:
            scenario = loading.parse_scenario_text(text, source)
        except DataError as error:
            self.status.value = f"Not loaded, your scenario is unchanged. {error}"
            return False
        self.original = scenario
        self.name.value = scenario.name
        self.set_levels(scenario.levels)
        self.status.value = f"Loaded {source}."
        return True

    def load(self, path: str | Path) -> bool:
        """Load a scenario file from disk (see :meth:`load_text`)."""
        try:
            text = Path(path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.status.value = f"Not loaded, your scenario is unchanged. {path}: cannot be read ({error})"
            return False
        return self.load_text(text, str(path))

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        # Empty the upload again, or choosing the same file a second time (to undo changes
        # since the first load) would not count as a change and would do nothing.
        self.upload.value = ()
        try:
            text = bytes(upload["content"]).decode("utf-8")
        except UnicodeDecodeError:
            self.status.value = f"Not loaded, your scenario is unchanged. {upload['name']}: not UTF-8 text"
            return
        self.load_text(text, str(upload["name"]))

    # ----------------------------------------------------------------- display

    def _on_change(self, _change: dict) -> None:
        if not self._loading:
            self.refresh()

    def _on_name(self, _change: dict) -> None:
        self._update_download()
        self._update_title(self.evaluation())

    def _initial_figure(self) -> go.Figure:
        figure = go.Figure()
        figure.add_trace(go.Scatter(mode="lines", line=dict(width=0), hoverinfo="skip", showlegend=False,
                                    name="band high", meta={"role": "high"}))
        figure.add_trace(go.Scatter(mode="lines", line=dict(width=0), fill="tonexty",
                                    fillcolor="rgba(110,119,129,0.18)", hoverinfo="skip",
                                    name="uncertainty band", meta={"role": "low"}))
        figure.add_trace(go.Scatter(mode="lines+markers", line=dict(width=3), name="momentum",
                                    meta={"role": "momentum"},
                                    hovertemplate="%{x}: momentum %{y:.0f}<extra></extra>"))
        figure.add_trace(go.Scatter(mode="lines", line=dict(width=2, dash="dot", color=figures.REFERENCE_COLOUR),
                                    name="comparison", meta={"role": "comparison"}, visible=False))
        figure.update_layout(
            template="plotly_white", font=figures.FONT, height=420, margin=dict(l=60, r=30, t=70, b=50),
            shapes=figures.outcome_bands(), annotations=figures.outcome_labels(),
            yaxis=dict(title=dict(text="momentum (0-100)"), range=[0, 100], fixedrange=True),
            xaxis=dict(title=dict(text="year"), dtick=1, fixedrange=True),
            legend=dict(orientation="h", y=-0.2),
        )
        return figure

    def _title(self, evaluation: scoring.Evaluation) -> dict:
        name = html.escape(self.name.value.strip() or "My region")
        return dict(text=f"{name}: predicted <b>{evaluation.outcome}</b> (score {evaluation.score:.0f})",
                    x=0, xanchor="left")

    def _update_title(self, evaluation: scoring.Evaluation) -> None:
        self.figure.layout.title = self._title(evaluation)

    def _draw_trajectory(self, figure: go.Figure, evaluation: scoring.Evaluation) -> None:
        """Put the trajectory, band, comparison and title of ``evaluation`` into ``figure``
        (the widget, or the plain figure it is made from)."""
        points = evaluation.trajectory
        x = [p.calendar_year if p.calendar_year is not None else p.year for p in points]
        comparison = self.cases_by_name().get(self.overlay.value)
        high, low, momentum, compare = figure.data
        high.x, high.y = x, [p.high for p in points]
        low.x, low.y = x, [p.low for p in points]
        momentum.x, momentum.y = x, [p.momentum for p in points]
        momentum.line.color = figures.OUTCOME_COLOURS[evaluation.outcome]
        momentum.name = f"momentum ({evaluation.outcome})"
        if comparison is None:
            compare.visible = False
        else:
            other = scoring.evaluate(comparison.levels, confidence=comparison.confidence,
                                     horizon=self.horizon, start_year=self.original.start)
            compare.x, compare.y = x, [p.momentum for p in other.trajectory]
            compare.name = f"{comparison.label} as documented ({other.outcome})"
            compare.visible = True
        figure.layout.title = self._title(evaluation)

    def _update_download(self) -> None:
        scenario = self.current()
        self.download.value = download_link(self.scenario_text(), _scenario_file_name(scenario.name),
                                            "Save scenario (download)")

    def refresh(self) -> None:
        """Recompute the model for the current controls and update every view in place."""
        evaluation = self.evaluation()
        with self.figure.batch_update():  # first: the trajectory is what the reader watches
            self._draw_trajectory(self.figure, evaluation)
        for key, slider in self.sliders.items():
            self.rubric[key].value = html.escape(
                f"{slider.value:g}: {self.factors[key].rubric_line(slider.value)}", quote=False)
        with self.contributions.batch_update():
            bars = self.contributions.data[0]
            keys = list(reversed(scoring.FACTORS))
            values = [evaluation.contributions[key] for key in keys]
            bars.x = values
            bars.customdata = [evaluation.levels[key] for key in keys]
            bars.marker.color = ["#1a7f37" if v >= 0 else "#cf222e" for v in values]
            self.contributions.layout.title.text = (
                f"Readiness score {evaluation.score:.0f}: what each lesson adds or takes away")
        self.summary.value = (
            f"Predicted outcome: {evaluation.outcome}. Readiness score {evaluation.score:.0f}/100. "
            f"Momentum after {self.horizon} years: {evaluation.final_momentum:.0f}."
        )
        levels = self.levels()
        levers = scoring.levers(levels, horizon=self.horizon, start_year=self.original.start)
        rows = "".join(
            f"<tr><td>{html.escape(self.factors[lever.factor].label_en)}</td>"
            f"<td>{levels[lever.factor]:g} → {lever.new_level:g}</td>"
            f"<td>{lever.gain:+.1f}</td><td>{lever.mean_gain:+.1f}</td></tr>"
            for lever in levers[:LEVER_COUNT]
        )
        self.levers_box.value = (
            "<table class='samensterk-levers'><caption>Levers: one level better</caption>"
            "<thead><tr><th>Factor</th><th>Level</th><th>Gain, final momentum</th>"
            f"<th>Gain, mean momentum</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        self._update_download()

    def cases_by_name(self) -> dict[str, Scenario]:
        """The cases keyed by their full name, as the comparison menu lists them."""
        return {case.name: case for case in self.cases.values()}


def live(case_id: str | None = None) -> Explorer | None:
    """The explorer for a case (or a new region) in a notebook run in Jupyter; None while
    the book is built, since a control in a static page, with no kernel, would be dead."""
    if figures.in_book_build():
        return None
    return Explorer.for_case(case_id) if case_id else Explorer.blank()
