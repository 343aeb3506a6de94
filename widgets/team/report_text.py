"""The report's headings and fixed sentences, to be translated (``make i18n``)."""

from __future__ import annotations

import html

from widgets.views.i18n import N_


class TEXT:
    """The texts of the report, marked for the catalogue here: gettext cannot see into f-strings."""

    discuss_first = N_('discuss first')
    respondent = N_('Respondent')
    role = N_('Role')
    answers_from_low_to = N_('answers from {low} to {high}')
    no_lesson_the_answers = N_('No lesson: the answers lie within two levels of each other everywhere.')
    what_that_looks_like = N_('What that looks like:')
    compared_with_when_the = N_('Compared with {when}: the median of every lesson, then and now.')
    lesson = N_('Lesson')
    then = N_('Then')
    now = N_('Now')
    change = N_('Change')
    cooperation_scan_name = N_('Cooperation scan: {name}')
    count_respondents_roles_date = N_('{count} respondents ({roles}); {date}.')
    caveat = N_("The scan scores the eleven lessons of Korsten and Van de Laar (2007) with the rubric of the book "
                "Samen sterk. The prediction comes from a teaching model fitted to twelve cases of the source: use "
                "it to start the conversation, not to end it.")
    the_team_profile = N_('The team profile')
    median = N_('Median')
    reading = N_('Reading')
    spread = N_('Spread')
    who_stands_where = N_('Who stands where')
    flag = N_('Flag')
    discuss_first_2 = N_('Discuss first')
    the_predicted_trajectory = N_('The predicted trajectory')
    chances_after_years_years = N_('Chances after {years} years: {chances}.')
    dashed_the_earlier_scan = N_('Dashed: the earlier scan.')
    three_levers_as_actions = N_('Three actions, with owner and term')
    the_nearest_case_of = N_('The nearest case of the source')
    since_the_earlier_scan = N_('Since the earlier scan')
    every_answer = N_('Every answer')
    answers_per_group = N_('Answers per role group and per organisation')
    per_role_group = N_('Per role group')
    per_organisation = N_('Per municipality or organisation')
    other_comments = N_('Comments on the other lessons')
    in_the_source = N_('In the source:')
    owner = N_('Owner')
    term = N_('Term')
    action = N_('Action:')
    effect = N_('Effect:')
    no_lever = N_('No action that helps:')
    not_in_hand = N_("Not in the cooperation's own hands:")
    summary = N_('Summary for the college')
    agreement = N_('Where the team agrees')
    disagreement = N_('Where the team is split')
    three_actions = N_('Three actions')
    three_questions = N_('Three questions for the meeting')
    expectation = N_('What the model expects:')
    median_key = N_('median (the triangle)')
    made_with_samen_sterk = N_('Made with Samen sterk {version} on this computer; nothing was sent anywhere.')


def esc(text: object) -> str:
    """Text made safe for HTML."""
    return html.escape(str(text), quote=True)
