"""The team scan's report: one self-contained HTML file to take into a meeting (standard library only).

It opens offline in any browser and prints to A4: no script, no outside request,
charts drawn as inline SVG, every name and comment escaped. It holds the team
profile with every respondent's answer, the lessons to discuss first with the
comments, the predicted trajectory with the chances of each outcome, the three
levers written as actions (what the next level looks like in practice, and the
case of the source that shows it), the nearest coded case and, when an earlier
scan is given, what changed since then. The same function writes it on the
command line (``samensterk report``) and in the reader's browser (the scan page).
Here the document is put together; its sections are written in :mod:`widgets.team.report_sections`.
"""

from __future__ import annotations

import datetime

from widgets.records import responses
from widgets.team.advice import advice, answered_on, chances_text
from widgets.team.drawings import trajectory_svg
from widgets.team.report_sections import (
    Context,
    answers_section,
    changes_section,
    context,
    discuss_section,
    levers_section,
    nearest_section,
    other_comments,
    profile_rows,
    questions,
    summary_section,
)
from widgets.team.report_text import TEXT, esc
from widgets.views.i18n import plural, translator
from widgets.views.roles import ROLE_COLOURS, ROLE_NAMES, role_name

__all__ = ["CSS", "Context", "context", "questions", "render"]

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1f2328; margin: 0 auto;
       max-width: 58rem; padding: 1.5rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.6rem; margin: 0 0 0.3rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 0.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.3rem; }
.meta { color: #424a53; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr, li, figure, .lever, .note { break-inside: avoid; page-break-inside: avoid; }
.flag { font-weight: 600; color: #9a3412; }
.dots svg { display: block; }
figure { margin: 0.6rem 0; }
figcaption { font-size: 0.9em; color: #424a53; }
.lever { border-left: 4px solid #0969da; padding: 0.2rem 0.8rem; margin: 0.6rem 0; }
.note { background: #f6f8fa; padding: 0.5rem 0.8rem; border-radius: 6px; }
.legend span { display: inline-block; margin-right: 1rem; }
.legend i { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.3em; }
.summary { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.2rem 1rem 0.6rem; margin: 0.8rem 0; }
.summary h2 { margin-top: 0.6rem; }
.summary h3 { margin: 0.6rem 0 0.2rem; }
.summary p, .summary ul, .summary ol { margin: 0.2rem 0; }
table.owner { width: auto; margin: 0.3rem 0; }
table.owner td { min-width: 12rem; border-bottom: 1px solid #57606a; }
.median-key { color: #1f2328; margin: 0 0.3em 0 0; font-size: 0.8em; }
.dots { white-space: nowrap; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 10pt; }
  .summary { break-after: page; page-break-after: always; border: none; padding: 0; font-size: 9.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section.chart { break-inside: avoid; page-break-inside: avoid; }
}
"""


def render(combined: responses.Team, context: Context, lang: str = "en", previous: responses.Team | None = None,
           today: datetime.date | None = None) -> str:
    """The report as one HTML document: the one-page summary for the college first, then the rest."""
    _ = translator(lang)
    ngettext = plural(lang)
    evaluation = combined.profile.evaluate()
    earlier = previous.profile.evaluate() if previous is not None else None
    found = advice(combined, evaluation, lang)
    name = combined.name or _("our cooperation")
    when = answered_on(combined) or today or datetime.date.today()
    roles = ", ".join(sorted({role_name(r.role, lang) for r in combined.respondents}))
    organisations = sorted({r.organisation for r in combined.respondents if r.organisation.strip()})
    count = len(combined.respondents)
    meta = ngettext("{count} respondent ({roles}); answers of {date}.", "{count} respondents ({roles}); answers up "
                    "to {date}.", count).format(count=count, roles=roles, date=when.isoformat())
    if organisations:
        meta += " " + _("Organisations: {names}.").format(names=", ".join(organisations))
    dont_know = _("Don't know")
    legend = "".join(f'<span><i style="background:{ROLE_COLOURS[role]}"></i>{esc(role_name(role, lang))}</span>'
                     for role in ROLE_NAMES if any(r.role == role for r in combined.respondents))
    legend += f'<span><b class="median-key">▲</b>{esc(_(TEXT.median_key))}</span>'
    chances = chances_text(evaluation, combined, lang)
    figure = (f"<figure>{trajectory_svg(evaluation, lang, earlier)}<figcaption>"
              f"{esc(_(TEXT.chances_after_years_years).format(years=len(evaluation.trajectory) - 1, chances=chances))}"
              + (f" {esc(_(TEXT.dashed_the_earlier_scan))}" if earlier is not None else "")
              + "</figcaption></figure>") if combined.answered else f"<p>{esc(chances)}.</p>"
    sections = [
        f"<h1>{esc(_(TEXT.cooperation_scan_name).format(name=name))}</h1>",
        f'<p class="meta">{esc(meta)}</p>',
        summary_section(combined, evaluation, found, context, lang),
        f'<p class="note">{esc(_(TEXT.caveat))}</p>',
        f"<h2>{esc(_(TEXT.the_team_profile))}</h2>",
        f'<p class="legend">{legend}</p>',
        f'<table><thead><tr><th scope="col">{esc(_(TEXT.lesson))}</th><th scope="col">{esc(_(TEXT.median))}</th>'
        f'<th scope="col">{esc(_(TEXT.reading))}</th><th scope="col">{esc(_(TEXT.spread))}</th>'
        f'<th scope="col">{esc(dont_know)}</th><th scope="col">{esc(_(TEXT.who_stands_where))}</th>'
        f'<th scope="col">{esc(_(TEXT.flag))}</th></tr></thead>'
        f"<tbody>{profile_rows(combined, context, lang)}</tbody></table>",
        f"<h2>{esc(_(TEXT.discuss_first_2))}</h2>",
        discuss_section(combined, context, lang),
        other_comments(combined, context, lang),
        f'<section class="chart"><h2>{esc(_(TEXT.the_predicted_trajectory))}</h2>{figure}</section>',
        f"<h2>{esc(_(TEXT.three_levers_as_actions))}</h2>",
        levers_section(combined, evaluation, context, lang, found),
        f"<h2>{esc(_(TEXT.the_nearest_case_of))}</h2>",
        nearest_section(combined, context, lang),
    ]
    if previous is not None:
        sections += [f"<h2>{esc(_(TEXT.since_the_earlier_scan))}</h2>",
                     changes_section(combined, previous, context, lang)]
    sections += [answers_section(combined, context, lang),
                 f'<p class="meta">{esc(_(TEXT.made_with_samen_sterk).format(version=context.version))}</p>']
    title = esc(_(TEXT.cooperation_scan_name).format(name=name))
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{CSS}</style></head>"
            f"<body><main>{''.join(sections)}</main></body></html>\n")
