"""The QCA of the book's cases for the chapter's live table (and the table as built).

The chapter "Comparing the cases: fuzzy-set QCA" shows a truth table and its solutions
that the reader can recompute: the page's script (``_ext/static/samensterk-qca.js``)
sends the chosen conditions, anchors, consistency threshold and treatment of unknown
codings to this module, in the same Pyodide Web Worker as the live model
(``_ext/static/samensterk-worker.mjs``), and shows the HTML it returns. When the book is
built, :func:`render` makes the same HTML from the same request, so without JavaScript the
page shows the table as built. The request's ``lang`` ("en", the default, or "nl": the
edition's, which the page's section carries as ``data-lang``) sets the language of the HTML,
through the interface's catalogue (:mod:`widgets.views.i18n`), with its decimal sign.
Standard library only.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from widgets import qca
from widgets.views import i18n
from widgets.views.i18n import N_

_CASES: Mapping[str, Mapping[str, Any]] = MappingProxyType({})  # the cases of the page, set once by load()
UNKNOWN_LABELS = {"as-coded": "calibrated like their level (3: just out of the set)",
                  "crossover": "set to 0.5 (the case drops out of the rows)"}


def load(bundle: str | Mapping[str, Any]) -> str:
    """Take the case data the book exported (the live model's bundle); returns the case ids."""
    global _CASES
    data = json.loads(bundle) if isinstance(bundle, str) else bundle
    _CASES = MappingProxyType({
        case_id: MappingProxyType({"label": item["label"], "levels": item["levels"],
                                   "confidence": item["confidence"], "outcome": item["outcome"]})
        for case_id, item in data["cases"].items()})
    return json.dumps(list(_CASES))


def case_mappings(cases: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The loaded cases (:func:`widgets.records.loading.load_cases`) in the form the bundle has."""
    return {c.id: {"label": c.label, "levels": c.levels, "confidence": c.confidence, "outcome": c.outcome}
            for c in cases.values()}


def default_request(settings_document: Mapping[str, Any]) -> dict[str, Any]:
    """The chapter's own analysis as a request: its conditions, anchors, cut and treatment."""
    settings = qca.parse_settings(settings_document)
    a = settings.default_anchors
    return {"settings": dict(settings_document), "conditions": list(settings.chosen),
            "anchors": [a.exclusion, a.crossover, a.inclusion], "threshold": settings.threshold,
            "unknown": settings.unknown, "negate": False}


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool):
        raise qca.QcaError(field, f"must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise qca.QcaError(field, f"must be a number, got {value!r}") from None
    if number != number:  # NaN
        raise qca.QcaError(field, "must be a number, got nothing")
    return number


def anchors_for(settings: qca.Settings, chosen: Sequence[str],
                values: Sequence[Any]) -> dict[str, qca.Anchors]:
    """The reader's three anchors for every chosen lesson; a reversed lesson (the threat of
    herindeling) gets them mirrored on the scale of 1 to 5 (level x becomes 6 - x)."""
    if not isinstance(values, Sequence) or isinstance(values, str) or len(values) != 3:
        raise qca.QcaError("anchors", "three anchors are needed: exclusion, crossover, inclusion")
    names = ("exclusion", "crossover", "inclusion")
    e, c, i = (_number(v, f"anchors.{n}") for v, n in zip(values, names))
    ordinary = qca.anchors((e, c, i))
    result = {}
    for key in chosen:
        choice = settings.condition(key)
        result[choice.factor] = qca.Anchors(6 - e, 6 - c, 6 - i) if choice.anchors.reversed else ordinary
    return result


def analyse_cases(cases: Mapping[str, Mapping[str, Any]], request: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the live table shows, as plain data; a bad request raises :class:`qca.QcaError`."""
    settings = qca.parse_settings(request["settings"])
    chosen = request.get("conditions") or []
    if not isinstance(chosen, list) or not chosen:
        raise qca.QcaError("conditions", "choose at least one condition")
    if len(chosen) > 8:
        raise qca.QcaError("conditions", f"at most 8 conditions for twelve cases, got {len(chosen)}")
    for key in chosen:
        settings.condition(key)
    threshold = _number(request.get("threshold", settings.threshold), "threshold")
    if not 0.0 <= threshold <= 1.0:
        raise qca.QcaError("threshold", f"the consistency threshold must be from 0 to 1, got {threshold:g}")
    unknown = request.get("unknown", settings.unknown)
    if unknown not in qca.UNKNOWN_TREATMENTS:
        raise qca.QcaError("unknown", f"must be one of {', '.join(qca.UNKNOWN_TREATMENTS)}, got {unknown!r}")
    by = anchors_for(settings, chosen, request.get("anchors", ()))
    negate = bool(request.get("negate", False))
    data = qca.case_data(cases, settings, chosen=chosen, anchors_by=by, unknown=unknown, negate_outcome=negate)
    table = qca.truth_table(data, incl_cut=threshold, pri_cut=settings.pri_cut)
    labels = {key: str(case.get("label", key)) for key, case in cases.items()}
    rows = [{"number": r.number, "configuration": list(r.configuration), "cases": [labels[c] for c in r.cases],
             "consistency": r.consistency, "pri": r.pri, "output": r.output, "contradictory": r.contradictory}
            for r in table.observed]
    solutions = {}
    for kind, remainders in (("conservative", False), ("parsimonious", True)):
        found = qca.minimise(table, remainders=remainders)
        solutions[kind] = [{"expression": str(s), "consistency": s.consistency, "coverage": s.coverage,
                            "terms": [{"term": str(t.term), "consistency": t.consistency, "coverage": t.coverage,
                                       "unique": t.unique_coverage} for t in s.terms]}
                           for s in found.solutions]
    necessity = []
    for name in data.conditions:
        for label in (name, "~" + name):
            fit = qca.necessity(data.column(label), data.outcome)
            necessity.append({"condition": label, "consistency": fit.consistency, "coverage": fit.coverage,
                              "relevance": fit.relevance})
    at_half = sum(1 for col in data.columns.values() for v in col if v == 0.5)
    return {"outcome": data.outcome_name, "conditions": list(data.conditions), "threshold": threshold,
            "pri_cut": settings.pri_cut, "unknown": unknown, "rows": rows,
            "remainders": len(table.remainders), "unplaced": [labels[c] for c in data.cases
                                                              if not any(c in r.cases for r in table.rows)],
            "at_crossover": at_half, "solutions": solutions, "necessity": necessity}


def _f(value: float | None) -> str:
    """A fit with two decimals for the command line ("–" when there is none)."""
    return "–" if value is None else f"{value:.2f}"


def language(request: Mapping[str, Any]) -> str:
    """The request's language (``lang``, "en" when it has none); another raises :class:`qca.QcaError`."""
    lang = request.get("lang") or i18n.DEFAULT_LANGUAGE
    if lang not in i18n.LANGUAGES:
        raise qca.QcaError("lang", f"must be one of {', '.join(i18n.LANGUAGES)}, got {lang!r}")
    return str(lang)


# The headings of the two solutions, without and with equally short alternatives.
SOLUTION_TITLES = {
    "conservative": (N_("Conservative solution:"), N_("Conservative solution (equally short alternatives):")),
    "parsimonious": (N_("Parsimonious solution:"), N_("Parsimonious solution (equally short alternatives):")),
}


def render(result: Mapping[str, Any], lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The truth table and the two solutions as HTML in a language (every text escaped)."""
    e = html.escape
    _ = i18n.translator(lang)

    def fit(value: float | None) -> str:
        return "–" if value is None else i18n.number(value, lang, 2, trim=False)

    conditions = result["conditions"]
    body = []
    for row in result["rows"]:
        cells = "".join(f"<td>{v}</td>" for v in row["configuration"])
        output = (_("{output} (contradictory)").format(output=row["output"]) if row["contradictory"]
                  else row["output"])
        body.append(f'<tr><th scope="row">{row["number"]}</th>{cells}<td>{len(row["cases"])}</td>'
                    f'<td>{e(", ".join(row["cases"]))}</td><td>{fit(row["consistency"])}</td>'
                    f'<td>{fit(row["pri"])}</td><td>{e(output)}</td></tr>')
    outcome = result["outcome"]
    caption = _("Truth table for {outcome}: the observed rows (1 = in the set); consistency threshold "
                "{threshold}, PRI at least {pri_cut}").format(
        outcome=outcome, threshold=fit(result["threshold"]), pri_cut=fit(result["pri_cut"]))
    headers = (_("Row"), *conditions, "n", _("Cases"), _("Consistency"), "PRI", _("Output"))  # n, PRI: both languages
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    parts = [f'<table class="samensterk-qca-table"><caption>{e(caption)}</caption>'
             f'<thead><tr>{head}</tr></thead>'
             f'<tbody>{"".join(body)}</tbody></table>']
    notes = [_("{remainders} of the {configurations} configurations are logical remainders (no case shows them).")
             .format(remainders=result["remainders"], configurations=2 ** len(conditions))]
    if result["unplaced"]:
        notes.append(_("In no row, because a membership is exactly 0.5: {cases}.").format(
            cases=", ".join(result["unplaced"])))
    parts.append(f'<p class="samensterk-qca-notes">{e(" ".join(notes))}</p>')
    for kind in ("conservative", "parsimonious"):
        found = result["solutions"][kind]
        one, alternatives = SOLUTION_TITLES[kind]
        if not found:
            none = _("no row reaches the threshold, so there is nothing to minimise: no configuration of these "
                     "conditions is consistently sufficient for {outcome}.").format(outcome=outcome)
            parts.append(f'<p class="samensterk-qca-solution"><strong>{e(_(one))}</strong> {e(none)}</p>')
            continue
        items = "".join(
            f"<li><code>{e(s['expression'])} → {e(outcome)}</code>: "
            + e(_("consistency {consistency}, coverage {coverage}").format(
                consistency=fit(s["consistency"]), coverage=fit(s["coverage"])))
            + "</li>" for s in found)
        title = alternatives if len(found) > 1 else one
        parts.append(f'<p class="samensterk-qca-solution"><strong>{e(_(title))}</strong></p>'
                     f"<ul>{items}</ul>")
    return "\n".join(parts)


def render_request(cases: Mapping[str, Mapping[str, Any]], request: Mapping[str, Any],
                   lang: str | None = None) -> str:
    """The HTML for a request (the static table the book builds) in ``lang``: the book's language
    when it builds the page, else the request's own (:func:`language`)."""
    return render(analyse_cases(cases, request), language({"lang": lang} if lang else request))


def analyse(request: str) -> str:
    """The worker's entry: a JSON request in, ``{"html": ..., "result": ...}`` or
    ``{"error": ..., "field": ...}`` out, never a traceback."""
    try:
        parsed = json.loads(request)
        if not isinstance(parsed, dict):
            raise qca.QcaError("request", "must be a JSON object")
        lang = language(parsed)
        result = analyse_cases(_CASES, parsed)
        return json.dumps({"html": render(result, lang), "result": result})
    except qca.QcaError as error:
        return json.dumps({"error": str(error), "field": error.field})
    except (KeyError, TypeError, ValueError) as error:
        return json.dumps({"error": f"request: {error}", "field": "request"})


def update(request: str) -> str:
    """Same as :func:`analyse` (the worker's ``update`` message)."""
    return analyse(request)


# ------------------------------------------------------------------ command line
def command_request(settings_document: Mapping[str, Any], *, conditions: str | None = None,
                    threshold: float | None = None, anchors: str | None = None, negate: bool = False,
                    unknown: str | None = None) -> dict[str, Any]:
    """The request of ``samensterk qca``: the chapter's analysis with the options given."""
    request = default_request(settings_document)
    if conditions is not None:
        request["conditions"] = [part.strip() for part in conditions.split(",") if part.strip()]
    if threshold is not None:
        request["threshold"] = threshold
    if anchors is not None:
        request["anchors"] = [part.strip() for part in anchors.split(",")]
    if unknown is not None:
        request["unknown"] = unknown
    request["negate"] = negate
    return request


def text_report(result: Mapping[str, Any]) -> str:
    """The analysis as plain text for the terminal."""
    outcome = result["outcome"]
    conditions = result["conditions"]
    lines = [f"Fuzzy-set QCA of the twelve cases: outcome {outcome}, conditions {', '.join(conditions)}",
             f"consistency threshold {result['threshold']:.2f}, PRI cut {result['pri_cut']:.2f}, "
             f"unknown codings {result['unknown']}", "", "Necessity (consistency, coverage, RoN):"]
    lines += [f"  {n['condition']:<12} {n['consistency']:.2f}  {n['coverage']:.2f}  {n['relevance']:.2f}"
              for n in result["necessity"]]
    lines += ["", "Truth table (observed rows):",
              "  row  " + " ".join(f"{c:>8}" for c in conditions) + "   n  incl   PRI  out  cases"]
    for row in result["rows"]:
        flag = "C" if row["contradictory"] else ""
        lines.append(f"  {row['number']:>3}  " + " ".join(f"{v:>8}" for v in row["configuration"])
                     + f"  {len(row['cases']):>2}  {_f(row['consistency'])}  {_f(row['pri'])}  "
                     f"{row['output']}{flag:<2}  {', '.join(row['cases'])}")
    lines.append(f"  {result['remainders']} logical remainders")
    for kind in ("conservative", "parsimonious"):
        found = result["solutions"][kind]
        if not found:
            lines += ["", f"{kind.capitalize()} solution: none (no row reaches the threshold)"]
            continue
        lines += ["", f"{kind.capitalize()} solution:"]
        for s in found:
            lines.append(f"  {s['expression']} -> {outcome}  (consistency {_f(s['consistency'])}, "
                         f"coverage {_f(s['coverage'])})")
    return "\n".join(lines)


def option_error(error: qca.QcaError) -> str:
    """A refused request in the words of the command line: the option at fault first."""
    option, _, detail = error.field.partition(".")
    if option in ("conditions", "threshold", "unknown", "anchors"):
        return f"--{option}{f' ({detail})' if detail else ''}: {error.message}"
    return str(error)


def command(conditions: str | None = None, threshold: float | None = None, anchors: str | None = None,
            negate: bool = False, unknown: str | None = None, as_json: bool = False) -> str:
    """``samensterk qca``: the analysis as text or JSON; bad input raises :class:`qca.QcaError`."""
    import tomllib

    from widgets.records import loading

    document = tomllib.loads((loading.data_dir() / "qca.toml").read_text(encoding="utf-8"))
    request = command_request(document, conditions=conditions, threshold=threshold, anchors=anchors,
                              negate=negate, unknown=unknown)
    result = analyse_cases(case_mappings(loading.load_cases()), request)
    return json.dumps(result, ensure_ascii=False) if as_json else text_report(result)
