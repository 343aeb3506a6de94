"""widgets.qca against a published worked example: Lipset's survival of democracy.

The example is Lipset's (1959) data on the survival of democracy in 18 European countries
between the wars, as analysed with fuzzy sets by Ragin (2009), "Qualitative Comparative
Analysis Using Fuzzy Sets (fsQCA)", ch. 5 of Rihoux & Ragin (eds.), *Configurational
Comparative Methods* (SAGE), and by Dusa (2019), *QCA with R* (Springer). The raw and the
calibrated values are those the R package QCA publishes (data sets ``LR`` and ``LF``,
github.com/dusadrian/QCA, ``man/Lipset.Rd``: "Ragin 2009, p.112"); see tests/data/lipset.tsv.

A second published example checks the truth table and the case of several equally short
solutions: Cebotari & Vink's (2013) fuzzy-set data on ethnic protest in Europe (29 minorities),
whose truth table, prime implicant chart and four parsimonious models the R package QCA prints.

Every printed figure below names where it is printed.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import tomllib
from pathlib import Path

import pytest
from sympy import symbols
from sympy.logic import SOPform
from sympy.logic.boolalg import Or

from widgets import cli, qca
from widgets.browser import qca_page
from widgets.records import export, loading

DATA = Path(__file__).resolve().parents[1] / "data" / "lipset.tsv"
NAMES = ("DEV", "URB", "LIT", "IND", "STB", "SURV")

# The anchors (exclusion, crossover, inclusion) of Ragin (2009, ch. 5), as restated with
# R's calibrate() in Dusa (2019, section 4.2) and course material built on the R package:
# GNP per capita 400/550/900 USD, urbanisation 25/50/65 %, literacy 50/75/90 %, industrial
# labour force 20/30/40 %, cabinets 15/9.5/5 (a reversed scale: more cabinets, less stable),
# survival score -9/0/10.
ANCHORS = {"DEV": (400, 550, 900), "URB": (25, 50, 65), "LIT": (50, 75, 90), "IND": (20, 30, 40),
           "STB": (15, 9.5, 5), "SURV": (-9, 0, 10)}


def _lipset() -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    raw: dict[str, dict[str, float]] = {}
    fuzzy: dict[str, dict[str, float]] = {}
    lines = [line.rstrip("\n").split("\t") for line in DATA.read_text().splitlines() if not line.startswith("#")]
    header, rows = lines[0], lines[1:]
    assert header[1:7] == list(NAMES)
    for row in rows:
        raw[row[0]] = {n: float(v) for n, v in zip(NAMES, row[1:7])}
        fuzzy[row[0]] = {n: float(v) for n, v in zip(NAMES, row[7:13])}
    return raw, fuzzy


RAW, FUZZY = _lipset()


def test_the_published_data_are_complete():
    assert len(RAW) == len(FUZZY) == 18
    assert list(RAW)[:3] == ["AU", "BE", "CZ"]
    assert all(0 <= v <= 1 for row in FUZZY.values() for v in row.values())


@pytest.mark.parametrize("name", NAMES)
def test_calibration_reproduces_the_printed_memberships(name):
    """Ragin (2009, p. 112; R package QCA, data LF): all 108 memberships, to the printed 2 decimals.

    They are reproduced with log odds of exactly 3 at the anchors, as Ragin's fsQCA software
    computes them. With R's default (log(0.95/0.05) = 2.944) 24 of the 108 differ by 0.01 in
    the second decimal; see the next test.
    """
    by = qca.anchors(ANCHORS[name])
    for case, row in RAW.items():
        member = qca.calibrate(row[name], by, log_odds=qca.RAGIN_LOG_ODDS)
        assert f"{member:.2f}" == f"{FUZZY[case][name]:.2f}", (case, name, member)


def test_r_log_odds_differ_from_the_printed_figures_only_in_the_second_decimal():
    """Why R's own calibrate() does not give LF exactly: its anchors are worth 2.944, not 3."""
    differences = []
    for name in NAMES:
        by = qca.anchors(ANCHORS[name])
        for case, row in RAW.items():
            member = qca.calibrate(row[name], by)
            differences.append(abs(round(member, 2) - FUZZY[case][name]))
    assert max(differences) == pytest.approx(0.01)
    assert sum(d > 0.005 for d in differences) == 24
    assert qca.R_LOG_ODDS == pytest.approx(math.log(19))


def test_calibration_anchors_get_their_memberships():
    by = qca.anchors((400, 550, 900))
    assert qca.calibrate(550, by) == pytest.approx(0.5)
    assert qca.calibrate(900, by) == pytest.approx(0.95)
    assert qca.calibrate(400, by) == pytest.approx(0.05)
    reversed_scale = qca.anchors((15, 9.5, 5))
    assert reversed_scale.reversed
    assert qca.calibrate(5, reversed_scale) == pytest.approx(0.95)
    assert qca.calibrate(15, reversed_scale) == pytest.approx(0.05)
    # R: calibrate(10, thresholds = c(15, 9.5, 5)) is 1 - logistic(log(19) * 0.5 / 5.5)
    assert qca.calibrate(10, reversed_scale) == pytest.approx(1 / (1 + math.exp(math.log(19) * 0.5 / 5.5)))


def _table(incl_cut: float) -> qca.TruthTable:
    return qca.truth_table(qca.data(FUZZY, "SURV"), incl_cut=incl_cut)


def test_truth_table_rows_cases_and_outputs():
    """The observed rows of ttLF and their cases (R package QCA, tests/testthat/_snaps/truthTable.md
    and minimize.md; the same rows and cases as the crisp LC table printed there)."""
    table = _table(0.7)
    observed = {r.number: (r.configuration, ",".join(r.cases), r.output) for r in table.observed}
    assert observed == {
        1: ((0, 0, 0, 0, 0), "GR,PT,ES", "0"),
        2: ((0, 0, 0, 0, 1), "IT,RO", "0"),
        5: ((0, 0, 1, 0, 0), "HU,PL", "0"),
        6: ((0, 0, 1, 0, 1), "EE", "0"),
        22: ((1, 0, 1, 0, 1), "FI,IE", "1"),
        23: ((1, 0, 1, 1, 0), "AU", "0"),
        24: ((1, 0, 1, 1, 1), "FR,SE", "1"),
        31: ((1, 1, 1, 1, 0), "DE", "0"),
        32: ((1, 1, 1, 1, 1), "BE,CZ,NL,UK", "1"),
    }
    assert len(table.rows) == 32 and len(table.remainders) == 23
    assert sum(r.n for r in table.rows) == 18
    assert not table.contradictions  # every row's cases agree on survival
    # At the 0.8 cut row 24 (FR, SE; consistency 0.709) is no longer sufficient.
    assert [r.number for r in _table(0.8).positive] == [22, 32]


def test_truth_table_consistency_of_the_positive_rows():
    """Row consistency = the consistency of the configuration as a subset of SURV; for row 32
    it is Ragin's "sum min(X, Y) / sum X" over all 18 countries. Each must equal the consistency
    computed by hand from the published memberships, and the cut must separate them."""
    table = _table(0.8)
    by_number = {r.number: r for r in table.observed}
    for row in by_number.values():
        member = [min(FUZZY[c][n] if v else 1 - FUZZY[c][n] for n, v in zip(NAMES[:5], row.configuration))
                  for c in FUZZY]
        y = [FUZZY[c]["SURV"] for c in FUZZY]
        assert row.consistency == pytest.approx(sum(map(min, member, y)) / sum(member))
    assert by_number[32].consistency >= 0.8 > by_number[24].consistency >= 0.7


def _fit(term: qca.TermFit) -> tuple[float, float, float, float]:
    return (round(term.consistency, 3), round(term.pri, 3), round(term.coverage, 3), round(term.unique_coverage, 3))


def test_conservative_solution_as_printed():
    """minimize(ttLF, details = TRUE) with incl.cut = 0.7 (R package QCA, man/minimize.Rd:
    "Lipset fuzzy sets data (Ragin 2009, p.112)"; printed in tests/testthat/_snaps/minimize.md):

        M1: DEV*~URB*LIT*STB + DEV*LIT*IND*STB -> SURV
                             inclS   PRI   covS   covU
        1  DEV*~URB*LIT*STB  0.809  0.761  0.433  0.196   FI,IE; FR,SE
        2   DEV*LIT*IND*STB  0.843  0.821  0.622  0.385   FR,SE; BE,CZ,NL,UK
                         M1  0.871  0.851  0.818
    """
    result = qca.minimise(_table(0.7))
    assert len(result.solutions) == 1
    solution = result.solutions[0]
    terms = {str(t.term): t for t in solution.terms}
    assert set(terms) == {"DEV*~URB*LIT*STB", "DEV*LIT*IND*STB"}
    assert _fit(terms["DEV*~URB*LIT*STB"]) == (0.809, 0.761, 0.433, 0.196)
    assert _fit(terms["DEV*LIT*IND*STB"]) == (0.843, 0.821, 0.622, 0.385)
    assert (round(solution.consistency, 3), round(solution.pri, 3), round(solution.coverage, 3)) == \
        (0.871, 0.851, 0.818)
    assert set(terms["DEV*~URB*LIT*STB"].cases) == {"FI", "IE", "FR", "SE"}
    assert set(terms["DEV*LIT*IND*STB"].cases) == {"FR", "SE", "BE", "CZ", "NL", "UK"}
    assert result.chart == {"DEV*~URB*LIT*STB": (22, 24), "DEV*LIT*IND*STB": (24, 32)}


def test_parsimonious_solution_as_printed():
    """minimize(ttLF, include = "?", details = TRUE), incl.cut = 0.7 (same source):

        M1: DEV*STB -> SURV      inclS 0.869   PRI 0.848   covS 0.824
    """
    result = qca.minimise(_table(0.7), remainders=True)
    assert [str(s) for s in result.solutions] == ["DEV*STB"]
    only = result.solutions[0]
    assert (round(only.consistency, 3), round(only.pri, 3), round(only.coverage, 3)) == (0.869, 0.848, 0.824)
    assert set(only.terms[0].cases) == {"FI", "IE", "FR", "SE", "BE", "CZ", "NL", "UK"}


def test_parsimonious_solution_at_the_usual_cut():
    """At incl.cut = 0.8 the parsimonious solution is DEV*~IND + URB*STB (R package QCA,
    man/intersection.Rd, which prints "(DEV*ind + URB*STB)*DEV*STB" for its intersection
    with DEV*STB, lower case for negation)."""
    result = qca.minimise(_table(0.8), remainders=True)
    assert [str(s) for s in result.solutions] == ["DEV*~IND + URB*STB"]
    conservative = qca.minimise(_table(0.8))
    assert str(conservative.solutions[0]) == "DEV*URB*LIT*IND*STB + DEV*~URB*LIT*~IND*STB"


def test_necessity_and_sufficiency_by_hand():
    y = [FUZZY[c]["SURV"] for c in FUZZY]
    x = [FUZZY[c]["LIT"] for c in FUZZY]
    both = sum(map(min, x, y))
    nec = qca.necessity(x, y)
    assert nec.consistency == pytest.approx(both / sum(y))
    assert nec.coverage == pytest.approx(both / sum(x))
    assert nec.relevance == pytest.approx(sum(1 - a for a in x) / sum(1 - min(a, b) for a, b in zip(x, y)))
    assert nec.consistency > 0.9  # literacy is (nearly) necessary for survival (Ragin 2009, ch. 5)
    assert nec.relevance < 0.6  # ... but close to trivially so: almost every country is literate
    suf = qca.sufficiency(x, y)
    assert suf.consistency == pytest.approx(both / sum(x))
    assert 0 <= suf.pri <= suf.consistency


# ------------------------------------------------- Quine-McCluskey against sympy
def _evaluate(terms, assignment):
    return any(all(v is None or v == a for v, a in zip(t, assignment)) for t in terms)


@pytest.mark.parametrize("seed", range(40))
def test_minimisation_agrees_with_sympy_sopform(seed):
    """Random functions of 2 to 5 variables with don't cares: same function as sympy's
    SOPform on the ones, never more terms or literals, every term a prime implicant."""
    rng = random.Random(seed)
    k = rng.randint(2, 5)
    space = list(itertools.product((0, 1), repeat=k))
    kinds = [rng.choice("10-") for _ in space]
    ones = [c for c, t in zip(space, kinds) if t == "1"]
    dont = [c for c, t in zip(space, kinds) if t == "-"]
    if not ones:
        ones = [space[0]]
        dont = [c for c in dont if c != space[0]]
    names = tuple(f"X{n}" for n in range(k))
    primes = qca.prime_implicants(ones, dont)
    chart = {n: frozenset(i for i, o in enumerate(ones) if _evaluate([p], o)) for n, p in enumerate(primes)}
    covers = qca.minimal_covers(chart, frozenset(range(len(ones))))
    assert covers
    ours = [primes[n] for n in covers[0]]
    variables = symbols(" ".join(names))
    theirs = SOPform(list(variables), [list(o) for o in ones], [list(d) for d in dont])
    for assignment in space:
        if assignment in dont:
            continue
        value = bool(theirs.subs(dict(zip(variables, map(bool, assignment)))))
        assert _evaluate(ours, assignment) == value == (assignment in ones)
    sympy_terms = theirs.args if isinstance(theirs, Or) else (theirs,)
    if theirs not in (True, False):
        assert len(ours) <= len(sympy_terms)
    for p in ours:  # prime: dropping any literal lets a zero in
        for n, v in enumerate(p):
            if v is None:
                continue
            wider = p[:n] + (None,) + p[n + 1:]
            assert any(_evaluate([wider], z) for z in space if z not in ones and z not in dont)


@pytest.mark.parametrize("seed", range(20))
def test_prime_implicants_are_all_the_maximal_terms(seed):
    """By brute force over all 3^k terms: the implicants that cover a one, lie inside the ones and
    don't cares, and lose that when any literal is dropped are exactly what prime_implicants finds."""
    rng = random.Random(1000 + seed)
    k = rng.randint(2, 4)
    space = list(itertools.product((0, 1), repeat=k))
    kinds = [rng.choice("10-") for _ in space]
    ones = [c for c, t in zip(space, kinds) if t == "1"] or [space[-1]]
    allowed = set(ones) | {c for c, t in zip(space, kinds) if t == "-"}
    dont = sorted(allowed - set(ones))

    def inside(term):
        return all(z in allowed for z in space if _evaluate([term], z))

    brute = set()
    for term in itertools.product((0, 1, None), repeat=k):
        if not inside(term) or not any(_evaluate([term], o) for o in ones):
            continue
        if any(inside(term[:n] + (None,) + term[n + 1:]) for n, v in enumerate(term) if v is not None):
            continue
        brute.add(term)
    assert set(qca.prime_implicants(ones, dont)) == brute


def test_every_minimal_cover_is_found():
    """x'y' + xy + ... : the cyclic chart of f = sum m(0,1,2,5,6,7) has exactly two covers of 3."""
    ones = [c for n, c in enumerate(itertools.product((0, 1), repeat=3)) if n in (0, 1, 2, 5, 6, 7)]
    primes = qca.prime_implicants(ones)
    assert len(primes) == 6
    chart = {n: frozenset(i for i, o in enumerate(ones) if _evaluate([p], o)) for n, p in enumerate(primes)}
    covers = qca.minimal_covers(chart, frozenset(range(len(ones))))
    assert len(covers) == 2 and all(len(c) == 3 for c in covers)


# ------------------------------------------------------------- errors that name the field
@pytest.mark.parametrize(("values", "field"), [
    ((1, 3, 2), "anchors"),
    ((3, 3, 4), "anchors"),
    ((1, "x", 3), "anchors.crossover"),
])
def test_bad_anchors_name_the_field(values, field):
    with pytest.raises(qca.QcaError) as error:
        qca.anchors(values)
    assert error.value.field == field


def test_errors_name_the_culprit():
    data = qca.data(FUZZY, "SURV")
    with pytest.raises(qca.QcaError) as error:
        qca.truth_table(data, incl_cut=1.2)
    assert error.value.field == "threshold"
    with pytest.raises(qca.QcaError) as error:
        qca.data(FUZZY, "SURV", ["DEV", "WEALTH"])
    assert error.value.field == "conditions" and "WEALTH" in str(error.value)
    with pytest.raises(qca.QcaError) as error:
        qca.calibrate(None, qca.anchors((1, 2, 3)), field="beek.trust")
    assert error.value.field == "beek.trust"
    broken = {c: dict(v) for c, v in FUZZY.items()}
    broken["AU"]["DEV"] = 1.5
    with pytest.raises(qca.QcaError) as error:
        qca.data(broken, "SURV")
    assert error.value.field == "DEV[0]"


# ------------------------------------------------------------- the book's own analysis
def test_the_books_settings_are_valid_and_argued():
    settings = qca.load_settings()
    assert 3 <= len(settings.chosen) <= 5
    document = tomllib.loads((loading.data_dir() / "qca.toml").read_text())
    for key in settings.chosen:
        assert len(settings.condition(key).reason) > 80, key
    assert len(document["unknown"]["reason"]) > 200
    assert {c.factor for c in settings.conditions} == set(loading.factor_map())
    threat = settings.condition("herindeling_threat").anchors
    assert threat.reversed  # a high threat level means less membership in "no merger threat"


def test_the_books_cases_calibrate_without_a_case_at_the_crossover():
    settings = qca.load_settings()
    cases = loading.load_cases()
    data = qca.case_data(cases, settings)
    assert len(data.cases) == 12
    for column in data.columns.values():
        assert all(abs(v - 0.5) > 0.05 for v in column)  # every case is in or out of every set
    table = qca.truth_table(data, incl_cut=settings.threshold)
    assert sum(r.n for r in table.rows) == 12
    crossover = qca.case_data(cases, settings, unknown="crossover")
    at_half = sum(v == 0.5 for column in crossover.columns.values() for v in column)
    unknown = sum(cases[c].codings[k].confidence == "unknown" for c in cases for k in settings.chosen)
    assert at_half == unknown > 0


# ------------------------------------------------------- the live table and the command line
def _request(**changes):
    document = tomllib.loads((loading.data_dir() / "qca.toml").read_text())
    return qca_page.default_request(document) | changes


@pytest.fixture(scope="module")
def live_module():
    qca_page.load(json.dumps(export.case_bundle(loading.load_cases(), loading.factor_map())))
    return qca_page


@pytest.mark.parametrize(("changes", "field"), [
    ({"anchors": [3, 2, 4]}, "anchors"),
    ({"anchors": [1, "x", 3]}, "anchors.crossover"),
    ({"anchors": [1, 3]}, "anchors"),
    ({"threshold": 1.5}, "threshold"),
    ({"threshold": None}, "threshold"),
    ({"conditions": ["diagnosis", "wealth"]}, "conditions"),
    ({"conditions": []}, "conditions"),
    ({"unknown": "guess"}, "unknown"),
])
def test_a_bad_request_is_named_never_a_traceback(live_module, changes, field):
    answer = json.loads(live_module.analyse(json.dumps(_request(**changes))))
    assert answer["field"] == field and field.split(".")[0] in answer["error"]
    assert "Traceback" not in answer["error"]


def test_the_live_answer_is_the_chapters_analysis(live_module):
    answer = json.loads(live_module.analyse(json.dumps(_request(negate=True))))
    settings = qca.load_settings()
    data = qca.case_data(loading.load_cases(), settings, negate_outcome=True)
    table = qca.truth_table(data, incl_cut=settings.threshold, pri_cut=settings.pri_cut)
    assert [r["number"] for r in answer["result"]["rows"]] == [r.number for r in table.observed]
    want = [str(s) for s in qca.minimise(table, remainders=True).solutions]
    assert [s["expression"] for s in answer["result"]["solutions"]["parsimonious"]] == want
    assert all(w in answer["html"] for w in want)


def test_the_threat_is_mirrored_when_the_reader_moves_the_anchors(live_module):
    settings = qca.load_settings()
    by = qca_page.anchors_for(settings, ["trust", "herindeling_threat"], [1.5, 3.25, 4.5])
    assert not by["trust"].reversed and by["herindeling_threat"].reversed
    assert qca.calibrate(1.5, by["herindeling_threat"]) == pytest.approx(0.95)


def test_rendered_text_is_escaped():
    result = {"outcome": "<b>", "conditions": ["A"], "threshold": 0.8, "pri_cut": 0.5, "unknown": "as-coded",
              "rows": [{"number": 2, "configuration": [1], "cases": ["<script>x</script>"], "consistency": 0.9,
                        "pri": 0.8, "output": "1", "contradictory": False}], "remainders": 1, "unplaced": [],
              "at_crossover": 0, "solutions": {"conservative": [], "parsimonious": []}, "necessity": []}
    html = qca_page.render(result)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_what_the_quiz_says_of_the_cases_holds():
    """data/quizzes/qca.json says QCA finds a recipe for failure but none for success."""
    questions = json.loads((loading.data_dir() / "quizzes" / "qca.json").read_text())
    assert any("recipe for failure" in q["question"] for q in questions)
    settings = qca.load_settings()
    cases = loading.load_cases()
    for negate, has_recipe in ((False, False), (True, True)):
        data = qca.case_data(cases, settings, negate_outcome=negate)
        table = qca.truth_table(data, incl_cut=settings.threshold, pri_cut=settings.pri_cut)
        assert bool(qca.minimise(table).solutions) is has_recipe


@pytest.mark.parametrize(("argv", "message"), [
    (["qca", "--threshold", "1.5"], "--threshold:"),
    (["qca", "--threshold", "high"], "--threshold: must be a number"),
    (["qca", "--conditions", "diagnosis,wealth"], "--conditions: unknown condition 'wealth'"),
    (["qca", "--anchors", "3,2,4"], "--anchors: anchors must be strictly monotone"),
    (["qca", "--anchors", "1,x,3"], "--anchors (crossover): must be a number"),
    (["qca", "--unknown", "guess"], "--unknown:"),
])
def test_the_command_line_names_the_option_at_fault(argv, message, capsys):
    assert cli.main(argv) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_the_command_line_prints_the_analysis(capsys):
    assert cli.main(["qca", "--negate", "--threshold", "0.8"]) == 0
    out = capsys.readouterr().out
    assert "~HOLDS" in out and "Parsimonious solution:" in out and "Truth table" in out
    assert cli.main(["qca", "--json", "--conditions", "diagnosis,benefits,trust"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["conditions"] == ["DIAG", "BENEFIT", "TRUST"]


# ------------------------------------ a second published example: ethnic protest in Europe
CVF = Path(__file__).resolve().parents[1] / "data" / "cvf.tsv"
CVF_CONDITIONS = ("DEMOC", "ETHFRACT", "GEOCON", "POLDIS", "NATPRIDE")


def _cvf() -> qca.Data:
    lines = [line.split("\t") for line in CVF.read_text().splitlines() if not line.startswith("#")]
    header, rows = lines[0], lines[1:]
    table = {row[0]: {n: float(v) for n, v in zip(header[1:], row[1:])} for row in rows}
    return qca.data(table, "PROTEST", CVF_CONDITIONS)


def test_cvf_truth_table_as_printed():
    """truthTable(CVF, PROTEST, incl.cut = 0.8, sort.by = "incl"), as printed by the R package QCA
    (tests/testthat/_snaps/truthTable.md): row, output, n, inclusion and PRI to 3 decimals."""
    printed = {  # row: (OUT, n, incl, PRI)
        31: ("1", 1, 0.959, 0.891), 29: ("1", 1, 0.957, 0.858), 27: ("1", 1, 0.938, 0.783),
        15: ("1", 2, 0.929, 0.839), 30: ("1", 2, 0.922, 0.667), 24: ("1", 2, 0.904, 0.754),
        32: ("1", 1, 0.892, 0.717), 5: ("1", 2, 0.874, 0.584), 16: ("1", 1, 0.821, 0.591),
        28: ("0", 1, 0.768, 0.225), 8: ("0", 1, 0.749, 0.248), 10: ("0", 1, 0.741, 0.086),
        6: ("0", 1, 0.732, 0.148), 22: ("0", 4, 0.725, 0.281), 20: ("0", 1, 0.711, 0.162),
        14: ("0", 3, 0.653, 0.098), 2: ("0", 4, 0.648, 0.182),
    }
    table = qca.truth_table(_cvf(), incl_cut=0.8)
    ours = {r.number: (r.output, r.n, round(r.consistency, 3), round(r.pri, 3)) for r in table.observed}
    assert ours == printed


def test_cvf_parsimonious_models_and_chart_as_printed():
    """minimize(ttCVF, include = "?", details = TRUE), R package QCA (tests/testthat/_snaps/minimize.md):
    four equally short models M1-M4, the prime implicant chart, and each PI's inclS, PRI, covS and
    its unique coverage in every model."""
    result = qca.minimise(qca.truth_table(_cvf(), incl_cut=0.8), remainders=True)
    assert result.chart == {
        "~NATPRIDE": (5, 15, 27, 29, 31), "~DEMOC*ETHFRACT*POLDIS": (15, 16),
        "DEMOC*ETHFRACT*GEOCON": (29, 30, 31, 32), "DEMOC*ETHFRACT*~POLDIS": (29, 30),
        "DEMOC*GEOCON*POLDIS": (24, 31, 32), "ETHFRACT*GEOCON*POLDIS": (15, 16, 31, 32),
    }
    printed_fit = {  # inclS, PRI, covS
        "~NATPRIDE": (0.899, 0.807, 0.597), "DEMOC*GEOCON*POLDIS": (0.906, 0.805, 0.342),
        "~DEMOC*ETHFRACT*POLDIS": (0.842, 0.718, 0.299), "DEMOC*ETHFRACT*GEOCON": (0.935, 0.826, 0.480),
        "DEMOC*ETHFRACT*~POLDIS": (0.932, 0.773, 0.417), "ETHFRACT*GEOCON*POLDIS": (0.869, 0.786, 0.365),
    }
    printed_models = {  # the model's terms with their covU in that model (columns (M1) to (M4))
        frozenset({("~NATPRIDE", 0.132), ("DEMOC*GEOCON*POLDIS", 0.065), ("~DEMOC*ETHFRACT*POLDIS", 0.040),
                   ("DEMOC*ETHFRACT*GEOCON", 0.085)}),
        frozenset({("~NATPRIDE", 0.122), ("DEMOC*GEOCON*POLDIS", 0.070), ("~DEMOC*ETHFRACT*POLDIS", 0.040),
                   ("DEMOC*ETHFRACT*~POLDIS", 0.085)}),
        frozenset({("~NATPRIDE", 0.136), ("DEMOC*GEOCON*POLDIS", 0.065), ("DEMOC*ETHFRACT*GEOCON", 0.085),
                   ("ETHFRACT*GEOCON*POLDIS", 0.045)}),
        frozenset({("~NATPRIDE", 0.126), ("DEMOC*GEOCON*POLDIS", 0.065), ("DEMOC*ETHFRACT*~POLDIS", 0.085),
                   ("ETHFRACT*GEOCON*POLDIS", 0.045)}),
    }
    ours = {frozenset((str(t.term), round(t.unique_coverage, 3)) for t in s.terms) for s in result.solutions}
    assert ours == printed_models
    for solution in result.solutions:
        for term in solution.terms:
            fit = (round(term.consistency, 3), round(term.pri, 3), round(term.coverage, 3))
            assert fit == printed_fit[str(term.term)]
