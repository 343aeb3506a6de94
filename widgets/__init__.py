"""Samen sterk: the scoring model, its data and the figures and explorers built on it.

``widgets.scoring`` is the model (standard library only); ``widgets.loading`` reads
and checks the data; ``widgets.cli`` is the ``samensterk`` command.
"""

__version__ = "0.1.0"
