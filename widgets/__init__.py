"""Samen sterk: the scoring model, its data and the figures and apps built on it.

The subpackages follow where their code runs, from the bottom up (each imports only
the ones below it; ``make lint`` checks this, see ``[tool.importlinter]`` in
pyproject.toml):

- ``model``: the model (standard library only); ``scoring`` is its public face;
- ``views``: what a page shows about a profile (plotly data as dicts, words, roles, languages);
- ``records``: the data, its records and field checks, cases, scenario files, respondents' answers;
- ``team``: the team scan's files and its report;
- ``qca``: fuzzy-set QCA of the cases;
- ``browser``: the Pyodide side of the live pages (these six run in the browser);
- ``book``, ``calibration``, ``apps``: the book build, the fit, the interactive apps;
- ``cli``: the ``samensterk`` command.
"""

__version__ = "0.1.0"
