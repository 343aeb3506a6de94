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

from widgets import scoring
from widgets.book import figures
from widgets.records import loading, scenario_files
from widgets.records.coding import Scenario
from widgets.records.fields import DataError
from widgets.views import profile, traces

STEP = 0.5
NO_OVERLAY = "(no comparison)"
# Room for the 230px description, a usable track and the readout (at 340px the track had
# no width left and the handle sat on an invisible line).
# Layouts as plain dicts: each widget makes its own, and importing this module creates
# no widget (a notebook executed for the static book must hold no widget state).
SLIDER_LAYOUT = {"width": "560px", "min_width": "560px"}
RUBRIC_LAYOUT = {"flex": "1 1 0%", "min_width": "12em", "margin": "0 0 0 1em"}
DESCRIPTION_STYLE = {"description_width": "230px"}
# Two columns on a wide screen: the controls, and the plot that stays in view beside them
# (the class samensterk-plot-column is made sticky by the app's template); one column,
# the plot first, where the window is narrower than both.
COLUMNS_LAYOUT = {"display": "flex", "flex_flow": "row wrap", "align_items": "flex-start", "width": "100%"}
CONTROLS_LAYOUT = {"flex": "1 1 560px", "min_width": "0", "order": "2"}
PLOT_LAYOUT = {"flex": "1 1 480px", "min_width": "0", "order": "1"}
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

    def __init__(self, scenario: Scenario, horizon: int | None = None) -> None:
        self.factors = loading.factor_map()
        self.cases = loading.load_cases()
        self.original = scenario
        self.horizon = horizon or scenario.horizon
        self._loading = False

        self.name = ipw.Text(value=scenario.name, description="Region", style=DESCRIPTION_STYLE,
                             layout=ipw.Layout(width="560px", max_width="100%"), continuous_update=False)
        self.sliders: dict[str, ipw.FloatSlider] = {}
        self.rubric: dict[str, ipw.HTML] = {}  # escaped text: a Label cut long lines off
        self.readings: dict[str, ipw.HTML] = {}  # strength, borderline or concern
        rows = []
        for key, factor in self.factors.items():
            slider = ipw.FloatSlider(
                value=scenario.levels[key], min=scoring.MIN_LEVEL, max=scoring.MAX_LEVEL, step=STEP,
                description=factor.title, tooltip=f"{factor.title}: level 1 to 5", style=DESCRIPTION_STYLE,
                layout=SLIDER_LAYOUT, continuous_update=False, readout_format=".1f",
            )
            slider.observe(self._on_change, names="value")
            self.sliders[key] = slider
            self.rubric[key] = ipw.HTML(layout=RUBRIC_LAYOUT)
            self.readings[key] = ipw.HTML(layout={"margin": "0 0 0 0.6em", "min_width": "6em"})
            rows.append(ipw.HBox([slider, self.rubric[key], self.readings[key]],
                                 layout=ipw.Layout(flex_flow="row wrap")))

        self.overlay = ipw.Dropdown(options=[NO_OVERLAY] + [c.name for c in self.cases.values()],
                                    value=NO_OVERLAY, description="Compare with", style=DESCRIPTION_STYLE,
                                    layout=ipw.Layout(width="560px", max_width="100%"))
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
        self.chances = ipw.Label()
        self.levers_box = ipw.HTML()

        # Both figures get their data before they become widgets: Voila's page reads a
        # widget's state only after the notebook has run, so updates sent before then
        # (the first refresh) never reach it and the trajectory stayed empty.
        evaluation = self.evaluation()
        self.figure = go.FigureWidget(self._trajectory_figure(evaluation))
        self.contributions = go.FigureWidget(figures.contributions_figure(evaluation, self.factors))
        self.contributions.layout.height = 380

        plot = ipw.VBox([self.summary, self.chances, self.figure], layout=ipw.Layout(**PLOT_LAYOUT))
        plot.add_class("samensterk-plot-column")
        controls = ipw.VBox([
            self.name,
            ipw.HBox([self.reset_button, self.upload, self.download], layout=ipw.Layout(flex_flow="row wrap")),
            self.status,
            ipw.VBox(rows),
            self.overlay,
            self.levers_box,
            self.contributions,
        ], layout=ipw.Layout(**CONTROLS_LAYOUT))
        self.widget = ipw.Box([plot, controls], layout=ipw.Layout(**COLUMNS_LAYOUT))
        self.widget.add_class("samensterk-explorer")
        self.refresh()

    # ------------------------------------------------------------------ creation

    @classmethod
    def for_case(cls, case_id: str) -> "Explorer":
        """An explorer starting from one of the source's cases."""
        return cls(loading.load_case(case_id))

    @classmethod
    def blank(cls, name: str = "My region") -> "Explorer":
        """An explorer for a new region, every factor at 3."""
        return cls(scenario_files.new_scenario(name))

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
        return self.current().evaluate(self.horizon)

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
        return scenario_files.scenario_text(self.current())

    def save(self, path: str | Path) -> Path:
        """Save the current scenario to a file (atomic; an old file survives a failure)."""
        return scenario_files.save_scenario(self.current(), path)

    def load_text(self, text: str | bytes, source: str = "uploaded file") -> bool:
        """Load a scenario; on any problem keep the current one and say what is wrong."""
        try:
            scenario = loading.parse_scenario_text(text, source)
        except DataError as error:
            self.status.value = f"Not loaded, your scenario is unchanged. {error}"
            return False
        self.original = scenario
        self.horizon = scenario.horizon
        self.name.value = scenario.name
        self.set_levels(scenario.levels)
        self.status.value = f"Loaded {source}."
        return True

    def load(self, path: str | Path) -> bool:
        """Load a scenario file from disk (see :meth:`load_text`)."""
        try:
            raw = Path(path).read_bytes()
        except OSError as error:
            self.status.value = f"Not loaded, your scenario is unchanged. {path}: cannot be read ({error})"
            return False
        return self.load_text(raw, str(path))

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        # Empty the upload again, or choosing the same file a second time (to undo changes
        # since the first load) would not count as a change and would do nothing.
        self.upload.value = ()
        self.load_text(bytes(upload["content"]), str(upload["name"]))

    # ----------------------------------------------------------------- display

    def _on_change(self, _change: dict) -> None:
        if not self._loading:
            self.refresh()

    def _on_name(self, _change: dict) -> None:
        self._update_download()
        self.figure.layout.title.text = self._title(self.evaluation())

    def _title(self, evaluation: scoring.Evaluation) -> str:
        name = html.escape(self.name.value.strip() or "My region")
        return f"{name}: predicted <b>{traces.outcome_name(evaluation.outcome)}</b>"

    def _comparison(self) -> Scenario | None:
        return self.cases_by_name().get(self.overlay.value)

    def _trajectory_data(self, evaluation: scoring.Evaluation) -> list[dict]:
        """Band, momentum and comparison traces (the comparison hidden when none is chosen), and the
        legend entry of the election lines."""
        data = traces.trajectory_traces(evaluation)
        other = self._comparison()
        if other is None:
            compare = traces.comparison_trace(evaluation, "comparison")
            compare["visible"] = False
        else:
            other_evaluation = dataclasses.replace(other, start=self.original.start).evaluate(self.horizon)
            compare = traces.comparison_trace(
                other_evaluation, f"{other.label} as documented ({other_evaluation.outcome})",
                traces.x_values(evaluation))
            compare["visible"] = True
        return data + [compare, traces.election_key()]

    def _trajectory_figure(self, evaluation: scoring.Evaluation) -> go.Figure:
        layout = traces.trajectory_layout(evaluation, self._title(evaluation))
        return go.Figure(data=self._trajectory_data(evaluation), layout=layout)

    def _update_download(self) -> None:
        scenario = self.current()
        self.download.value = download_link(self.scenario_text(), _scenario_file_name(scenario.name),
                                            "Save scenario (download)")

    def refresh(self) -> None:
        """Recompute the model for the current controls and update every view in place."""
        evaluation = self.evaluation()
        with self.figure.batch_update():  # first: the trajectory is what the reader watches
            for trace, spec in zip(self.figure.data, self._trajectory_data(evaluation)):
                trace.update(spec)
            self.figure.layout.title.text = self._title(evaluation)
            self.figure.layout.shapes = traces.trajectory_layout(evaluation, "")["shapes"]
        for key, slider in self.sliders.items():
            self.rubric[key].value = html.escape(
                f"{slider.value:g}: {self.factors[key].rubric_line(slider.value)}", quote=False)
            self.readings[key].value = f"<em>{traces.reading_name(key, slider.value)}</em>"
        with self.contributions.batch_update():
            titles = {key: factor.title for key, factor in self.factors.items()}
            self.contributions.data[0].update(traces.contribution_trace(evaluation, titles))
            self.contributions.layout.title.text = traces.contribution_layout(evaluation)["title"]["text"]
        labels = {key: factor.label_en for key, factor in self.factors.items()}
        view = profile.profile_view(evaluation, self.current().levers(self.horizon), titles=labels)
        self.summary.value = view.survival
        self.chances.value = view.chances_sentence
        rows = "".join(
            f"<tr><td>{html.escape(lever.title)}</td>"
            f"<td>{lever.old_level:g} → {lever.new_level:g}</td>"
            f"<td>{lever.gain_range(' to ')}</td>"
            f"<td>{'yes' if lever.in_hand else 'no'}</td></tr>"
            for lever in view.levers[:LEVER_COUNT]
        )
        self.levers_box.value = (
            "<table class='samensterk-levers'><caption>Levers: one level better</caption>"
            "<thead><tr><th>Factor</th><th>Level</th><th>Gain in the chance of a good outcome (points, 10-90%)</th>"
            f"<th>In the cooperation's hands</th></tr></thead><tbody>{rows}</tbody></table>"
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
