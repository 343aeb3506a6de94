"""Fuzzy-set QCA of the cases (standard library only; it runs in the browser too).

The analysis is in three modules, read in order: :mod:`widgets.qca.sets` (calibration, necessity,
sufficiency), :mod:`widgets.qca.truthtable` (the truth table and its minimisation) and
:mod:`widgets.qca.settings` (the book's choices, ``data/qca.toml``). This package gathers
their names: ``from widgets import qca``, then ``qca.truth_table(...)``.
"""

from __future__ import annotations

from widgets.qca.sets import (  # noqa: F401
    CUT_TOLERANCE,
    INCLUSION_DEGREE,
    R_LOG_ODDS,
    RAGIN_LOG_ODDS,
    Anchors,
    Data,
    NecessityFit,
    QcaError,
    SufficiencyFit,
    anchors,
    calibrate,
    calibrate_all,
    data,
    memberships,
    necessity,
    negate,
    sufficiency,
)
from widgets.qca.settings import (  # noqa: F401
    UNKNOWN_TREATMENTS,
    ConditionChoice,
    Settings,
    case_data,
    load_settings,
    parse_settings,
)
from widgets.qca.truthtable import (  # noqa: F401
    Implicant,
    Minimisation,
    Row,
    Solution,
    Term,
    TermFit,
    TruthTable,
    configuration_membership,
    minimal_covers,
    minimise,
    parse_expression,
    prime_implicants,
    truth_table,
)
