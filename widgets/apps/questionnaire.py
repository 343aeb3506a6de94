"""The team scan's questionnaire as ipywidgets: what ``samensterk app --scan`` serves.

The same questionnaire as the scan page of the book (:mod:`widgets.browser.scan_page`): per lesson
the five rubric levels or "don't know", a comment (asked for at level 1 or 2), the
respondent's name and role and the cooperation's name. The answers become an answers
file (:func:`widgets.records.loading.answers_text`) offered as a ``data:`` link, so nothing
leaves the page; an answers file saved earlier can be loaded back. Dutch or English,
switched in place without losing the answers. Text typed by the user is only ever
shown as plain text: escaped wherever a widget reads markup. Importing this module
creates no widget.
"""

from __future__ import annotations

import datetime
import html
from typing import Any, Mapping

import ipywidgets as ipw

from widgets.apps.explorer import download_link
from widgets.records import coding, fields, loading, responses
from widgets.team import answer_files
from widgets.views import i18n, roles
from widgets.views.i18n import N_

DONT_KNOW = "dont_know"  # the value of the "don't know" option (None is: nothing chosen yet)
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
ROLE_CHOICES: tuple[str, ...] = ("",) + roles.ROLES  # "" first: the role is optional
LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = tuple((i18n.LANGUAGE_NAMES[code], code) for code in ("nl", "en"))
# Layouts and styles as plain dicts: each widget makes its own.
FORM_LAYOUT = {"width": "100%", "max_width": "60em"}
FIELD_LAYOUT = {"width": "40em", "max_width": "100%"}
FIELD_STYLE = {"description_width": "14em"}  # room for "Samenwerkingsverband"
UPLOAD_LAYOUT = {"width": "auto", "align_self": "flex-start"}  # the button fits its label in either language
RADIO_LAYOUT = {"width": "100%"}  # long rubric lines wrap (the template lets their labels grow)
RADIO_STYLE = {"description_width": "initial"}
COMMENT_LAYOUT = {"width": "auto", "height": "4.5em"}
LESSON_LAYOUT = {"width": "100%", "margin": "0 0 1.2em 0"}
NOT_LOADED = N_("Not loaded, your answers are unchanged. {error}")
INTRO = N_(
    "For each of the eleven lessons of Korsten and Van de Laar (2007), choose the level that fits your "
    "cooperation now, or \"Don't know\" where you cannot judge it; explain a level 1 or 2 in a comment. "
    "Your answers stay on this computer: download them when every lesson is answered and give the file "
    "to the facilitator of the scan."
)

REVERSED_NOTE = N_("A high level here is bad: a strong push for a merger.")


class Questionnaire:
    """One respondent's answers to the team scan, in Dutch or English."""

    def __init__(self, lang: str = "nl") -> None:
        self.lang = i18n.check_language(lang)
        self.factors = loading.load_factors()
        self._loading = False

        self.heading = ipw.HTML()
        self.language = ipw.ToggleButtons(options=list(LANGUAGE_CHOICES), value=self.lang)
        self.language.observe(self._on_language, names="value")
        self.cooperation = ipw.Text(style=FIELD_STYLE, layout=FIELD_LAYOUT)
        self.name = ipw.Text(style=FIELD_STYLE, layout=FIELD_LAYOUT)
        self.organisation = ipw.Text(style=FIELD_STYLE, layout=FIELD_LAYOUT)
        self.respondent_id = responses.new_id()  # written into the answers file: the same answers count once
        self.role = ipw.Dropdown(options=self._role_options(), value="", style=FIELD_STYLE, layout=FIELD_LAYOUT)
        self.upload = ipw.FileUpload(accept=".toml", multiple=False, layout=UPLOAD_LAYOUT)
        self.upload.observe(self._on_upload, names="value")

        self.headers: dict[str, ipw.HTML] = {}
        self.choices: dict[str, ipw.RadioButtons] = {}
        self.comments: dict[str, ipw.Textarea] = {}
        self.prompts: dict[str, ipw.Label] = {}
        lessons = []
        for factor in self.factors:
            key = factor.key
            self.headers[key] = ipw.HTML()
            self.choices[key] = ipw.RadioButtons(options=self._level_options(factor), index=None,
                                                 style=RADIO_STYLE, layout=RADIO_LAYOUT)
            self.comments[key] = ipw.Textarea(layout=COMMENT_LAYOUT)
            self.prompts[key] = ipw.Label(layout=ipw.Layout(display="none"))
            group = ipw.VBox([self.headers[key], self.choices[key], self.prompts[key], self.comments[key]],
                             layout=ipw.Layout(**LESSON_LAYOUT))
            group.add_class("samensterk-lesson")
            lessons.append(group)

        self.status = ipw.HTML()  # escaped text: a Label cuts a long list of lessons off
        self.download = ipw.HTML()
        for widget in (self.cooperation, self.name, self.organisation, self.role, *self.choices.values(),
                       *self.comments.values()):
            widget.observe(self._on_change, names="value")

        self.widget = ipw.VBox([
            self.language,
            self.heading,
            self.cooperation,
            self.name,
            self.organisation,
            self.role,
            self.upload,
            ipw.VBox(lessons),
            self.status,
            self.download,
        ], layout=ipw.Layout(**FORM_LAYOUT))
        self.widget.add_class("samensterk-questionnaire")
        self._relabel()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)

    # -------------------------------------------------------------------- labels

    def _(self, message: str) -> str:
        return i18n.translator(self.lang)(message)

    def _role_options(self) -> list[tuple[str, str]]:
        return [(roles.role_name(role, self.lang), role) for role in ROLE_CHOICES]

    def _level_options(self, factor: coding.Factor) -> list[tuple[str, int | str]]:
        _ = i18n.translator(self.lang)
        options: list[tuple[str, int | str]] = [
            (f"{level}: {' '.join(line.split())}", level) for level, line in zip(LEVELS, factor.rubric_in(self.lang))
        ]
        return options + [(_("Don't know"), DONT_KNOW)]

    def set_language(self, lang: str) -> None:
        """Show every label in ``lang`` (``nl`` or ``en``); the answers stay as they are."""
        lang = i18n.check_language(lang)
        if lang == self.lang and self.language.value == lang:
            return
        self.lang = lang
        self._loading = True
        try:
            self.language.value = lang
        finally:
            self._loading = False
        self._relabel()

    def _relabel(self) -> None:
        """Every label in the current language, keeping what is chosen and typed."""
        _ = i18n.translator(self.lang)
        for code in i18n.LANGUAGES:
            self.widget.remove_class(f"samensterk-lang-{code}")
        self.widget.add_class(f"samensterk-lang-{self.lang}")  # the template sets lang= from it
        title = _("Team scan: your answers")  # outside the f-string, where `make i18n` finds it
        self.heading.value = f"<h2>{html.escape(title)}</h2><p>{html.escape(_(INTRO))}</p>"
        self.language.description = _("Language")
        self.cooperation.description = _("Cooperation")
        self.cooperation.placeholder = _("the name of your cooperation")
        self.name.description = _("Your name")
        self.name.placeholder = _("optional")
        self.organisation.description = _("Organisation")
        self.organisation.placeholder = _("the municipality or organisation you speak for")
        self.role.description = _("Your role")
        self.upload.description = _("Load answers")
        self.upload.tooltip = _("Load an answers file (.toml) saved earlier")
        self._loading = True
        try:
            self._keep_choice(self.role, self._role_options())
            for factor in self.factors:
                key = factor.key
                reversed_note = (" <strong>" + html.escape(self._(REVERSED_NOTE)) + "</strong>"
                                 if responses.reversed_scale(key) else "")
                self.headers[key].value = (f"<h3>{html.escape(factor.title_in(self.lang))}</h3>"
                                           f"<p>{html.escape(' '.join(factor.summary_in(self.lang).split()))}"
                                           f"{reversed_note}</p>")
                self._keep_choice(self.choices[key], self._level_options(factor))
                self.comments[key].placeholder = _("Comment: why this level? (optional)")
        finally:
            self._loading = False
        self.refresh()

    @staticmethod
    def _keep_choice(widget: Any, options: list[Any]) -> None:
        """New option labels for a selection widget, keeping what is chosen (new options
        would select the first one)."""
        index = widget.index
        with widget.hold_sync():
            widget.options = options
            widget.index = index

    # --------------------------------------------------------------------- state

    def answered(self, key: str) -> bool:
        """Whether a lesson has a choice (a level or "don't know")."""
        return self.choices[key].value is not None

    def level(self, key: str) -> float | None:
        """A lesson's level; None for "don't know" (or while nothing is chosen, see :meth:`answered`)."""
        value = self.choices[key].value
        return None if value is None or value == DONT_KNOW else float(value)

    def missing(self) -> list[str]:
        """The lessons without a choice yet, in lesson order."""
        return [key for key in self.choices if not self.answered(key)]

    def respondent(self) -> responses.Respondent:
        """The answers as the form shows them, dated today (a lesson without a choice is left out)."""
        levels = {key: self.level(key) for key in self.choices if self.answered(key)}
        comments = {key: box.value.strip()[: fields.MAX_TEXT] for key, box in self.comments.items()
                    if box.value.strip()}
        return responses.Respondent(
            name=self.name.value.strip()[: fields.MAX_NAME], role=str(self.role.value or ""),
            date=datetime.date.today(), levels=levels, comments=comments,
            cooperation=self.cooperation.value.strip()[: fields.MAX_NAME], id=self.respondent_id,
            organisation=self.organisation.value.strip()[: fields.MAX_NAME],
        )

    def answers_text(self) -> str:
        """The answers file (ValueError naming the lessons still without a choice)."""
        missing = self.missing()
        if missing:
            raise ValueError(self._missing_text(missing))
        respondent = self.respondent()
        return answer_files.answers_text(respondent, respondent.cooperation)

    def file_name(self) -> str:
        """scan-<name, or role>-<date>.toml, safe as a file name."""
        respondent = self.respondent()
        date = respondent.date.isoformat() if respondent.date else ""
        return responses.file_name("scan", respondent.name or respondent.role, date)

    def set_answers(self, respondent: responses.Respondent) -> None:
        """Fill the form with a respondent's answers (a lesson not given is left without a choice).
        A level the scan does not offer (not 1 to 5 in whole levels) is a ValueError, before
        anything changes."""
        values: dict[str, int | str | None] = {}
        for factor in self.factors:
            if factor.key not in respondent.levels:
                values[factor.key] = None
                continue
            level = respondent.levels[factor.key]
            if level is None:
                values[factor.key] = DONT_KNOW
            elif float(level) in LEVELS:
                values[factor.key] = int(level)
            else:
                raise ValueError(self._("{lesson}: level {level} is not one of the scan's levels "
                                        "(1 to 5, or don't know)").format(lesson=factor.title_in(self.lang),
                                                                         level=f"{level:g}"))
        self._loading = True
        try:
            self.name.value = respondent.name
            self.organisation.value = respondent.organisation
            self.respondent_id = respondent.id or self.respondent_id
            self.role.value = respondent.role if respondent.role in ROLE_CHOICES else ""
            if respondent.cooperation:
                self.cooperation.value = respondent.cooperation
            for key, value in values.items():
                self.choices[key].value = value
                self.comments[key].value = respondent.comments.get(key, "")
        finally:
            self._loading = False
        self.refresh()

    def load_text(self, text: str | bytes, source: str = "uploaded file") -> bool:
        """Load an answers file; on any problem keep the form as it is and say what is wrong."""
        try:
            self.set_answers(answer_files.parse_answers(text, source))
        except (fields.DataError, ValueError) as error:
            self.status.value = html.escape(self._(NOT_LOADED).format(error=error))
            return False
        self.status.value = html.escape(self._("Loaded {source}.").format(source=source) + " "
                                        + self._progress_text())
        return True

    def _on_upload(self, change: Mapping[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        self.upload.value = ()  # so that choosing the same file again counts as a change
        self.load_text(bytes(upload["content"]), str(upload["name"]))

    # ------------------------------------------------------------------- display

    def _on_language(self, change: Mapping[str, Any]) -> None:
        if not self._loading:
            self.set_language(str(change["new"]))

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        if not self._loading:
            self.refresh()

    def _missing_text(self, missing: list[str]) -> str:
        titles = [factor.title_in(self.lang) for factor in self.factors if factor.key in missing]
        return self._("Still to answer ({count}): {lessons}.").format(count=len(titles), lessons="; ".join(titles))

    def _progress_text(self) -> str:
        missing = self.missing()
        if missing:
            return self._missing_text(missing)
        return self._("Every lesson answered: download your answers and give the file to the facilitator.")

    def refresh(self) -> None:
        """The comment prompts, the status line and the download link for the form as it is."""
        for key in self.choices:
            asked = self.answered(key) and responses.asks_for_comment(self.level(key), key)
            prompt = self._("Please explain this answer in a comment: it is one of the two worst levels.")
            self.prompts[key].value = prompt if asked else ""
            self.prompts[key].layout.display = "" if asked else "none"
        self.status.value = html.escape(self._progress_text())
        if self.missing():
            self.download.value = ""
            return
        self.download.value = download_link(self.answers_text(), self.file_name(), self._("Download answers"))

