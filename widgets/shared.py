"""The values that the book's Python and its page scripts share, written once.

Standard library only: the live pages run it in the browser too. The Sphinx extensions
(``_ext/*_site.py``) pass these to each page script as ``data-*`` attributes of the
``<script>`` tag that loads it (:func:`script_attributes`); the scripts in
``_ext/static/`` read them from ``document.currentScript.dataset`` and hold none of
them as a literal (``tests/test_shared.py`` checks both).
"""

from __future__ import annotations

BLANK = "blank"  # the case id of "Your region": a new region, every lesson at level 3

# An answers or team file larger than this is not read, on the scan page or by the command
# line: no such file comes near it. MAX_FILE_SIZE is the same limit as the page says it.
MAX_FILE_BYTES = 1_000_000
MAX_FILE_SIZE = f"{MAX_FILE_BYTES // 1_000_000} MB"

# The class names that mark a page's parts for its script (each part's own classes are the
# marker followed by "-status", "-form" and so on).
MODEL_MARKER = "samensterk-model"  # the live model of a case page (_ext/live_site.py)
SCAN_MARKER = "samensterk-scan"  # the team scan (_ext/scan_site.py)
QCA_MARKER = "samensterk-qca"  # the QCA chapter's live truth table (_ext/qca_site.py)
NOTEBOOK_MARKER = "samensterk-notebook"  # "Open as notebook" (_ext/lite_site.py)

# The ids of a case page's figures, followed by the case id (widgets/casepage.py draws them,
# the live model redraws them).
TRAJECTORY_ID = "samensterk-trajectory-"
PROBABILITIES_ID = "samensterk-probabilities-"


def script_attributes(**values: object) -> dict[str, str]:
    """``max_bytes=1000000`` as ``{"data-max-bytes": "1000000"}``, for ``app.add_js_file``."""
    return {"data-" + name.replace("_", "-"): str(value) for name, value in values.items()}
