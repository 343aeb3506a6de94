"""The Samen sterk model: the eleven lessons of alliance management as a forecast.

Read it top to bottom: :mod:`~widgets.model.lessons` (levels and checks),
:mod:`~widgets.model.mechanisms` (start, heading, break-up, observation),
:mod:`~widgets.model.forecast` (the Monte Carlo, the forecast and the levers),
:mod:`~widgets.model.baseline` (the simplest rule it is compared with). Standard
library only, so that it runs in the browser's Pyodide; the fitted values are in
``fitted.json`` beside these modules, written whole by ``samensterk calibrate``.
"""
