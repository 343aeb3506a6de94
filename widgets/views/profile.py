"""What a page shows about a profile, in the reader's language (standard library only).

The live pages (:mod:`widgets.browser.model_page`, in Pyodide), the ipywidgets explorer
(:mod:`widgets.apps.explorer`) and the command line (``samensterk score``) all say the same
things about a profile: the likeliest outcome in a year, in words; the chances of each
outcome; and the levers, one level better each, ranked by the model, with what each gains on
the chance of a good outcome and its 10-90% margin. :func:`profile_view` assembles them once,
from the model's evaluation and levers, into a :class:`ProfileView`; each surface only lays
them out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from widgets import scoring
from widgets.views import traces
from widgets.views.i18n import translator

LEVER_COUNT = 3  # the levers in the cooperation's own hands a page shows


@dataclass(frozen=True)
class LeverView:
    """One lever as a page shows it: a lesson one level better and what that gains."""

    factor: str
    title: str  # the lesson as the surface names it ("1. Sharp diagnosis")
    old_level: float
    new_level: float
    gain: float  # percentage points on the chance of a good outcome (mean over the draws)
    gain_low: float  # 10% quantile of that gain
    gain_high: float  # 90% quantile
    survival_gain: float
    momentum_gain: float
    in_hand: bool
    lang: str = "en"

    def rounded(self, digits: int = 3) -> "LeverView":
        """The lever with its gains rounded as ``samensterk score --json`` gives them (its text agrees)."""
        return replace(self, **{name: round(getattr(self, name), digits) for name in
                                ("gain", "gain_low", "gain_high", "survival_gain", "momentum_gain")})

    def gain_range(self, joiner: str = " .. ") -> str:
        """The gain with its 10-90% margin: "+2.1 (+0.4 .. +3.9)"."""
        return f"{self.gain:+.1f} ({self.gain_low:+.1f}{joiner}{self.gain_high:+.1f})"

    def sentence(self, year: int) -> str:
        """The lever in a sentence, as the live page lists it."""
        _ = translator(self.lang)
        text = _("{lesson}: from {old} to {new}, {gain} percentage points on the chance of a good outcome "
                 "in {year}").format(lesson=self.title, old=f"{self.old_level:g}", new=f"{self.new_level:g}",
                                     gain=f"{self.gain:+.1f}", year=year)
        return text + (" " + self.outside_note() if not self.in_hand else "")

    def line(self, width: int = 32) -> str:
        """The lever on one line of text, as the command line lists it."""
        _ = translator(self.lang)
        text = _("{lesson} to {level}: {gain}").format(
            lesson=f"{self.title:<{width}}", level=f"{self.new_level:g}", gain=self.gain_range())
        return text + ("  " + self.outside_note() if not self.in_hand else "")

    def outside_note(self) -> str:
        """The note on a lever the cooperation cannot pull itself."""
        _ = translator(self.lang)
        return _("(not in the cooperation's own hands)")


@dataclass(frozen=True)
class ProfileView:
    """The outcome, the chances and the levers of a profile, in one language."""

    lang: str
    when: int  # the year the outcome and chances are read in
    outcome: str  # the likeliest class then (the model's key)
    probabilities: Mapping[str, float]  # the chance of each class then
    alive: float  # the chance it still exists then
    momentum: float  # its momentum then, if it does
    levers: tuple[LeverView, ...]  # every lever, best first (the model's order)
    horizon: int  # the last year of the forecast (calendar year when the start is known)
    dated: bool = True  # whether ``when`` is a calendar year (else the year since the start)

    @property
    def outcome_name(self) -> str:
        """The likeliest class in the reader's language."""
        return traces.outcome_name(self.outcome, self.lang)

    @property
    def chances(self) -> str:
        """The chances in words, likeliest first: "collapsed 70%, stagnating 20%"."""
        return traces.probability_text(self.probabilities, self.lang)

    @property
    def summary(self) -> str:
        """The outcome and the chances in one sentence (the live page)."""
        _ = translator(self.lang)
        return _("Predicted for {when}: {outcome}; chances {chances}.").format(
            when=self.when, outcome=self.outcome_name, chances=self.chances)

    @property
    def outcome_line(self) -> str:
        """The outcome on a line of its own (the command line)."""
        _ = translator(self.lang)
        year = self.when if self.dated else _("year {number}").format(number=self.when)
        return _("Predicted outcome in {year}: {outcome}").format(year=year, outcome=self.outcome_name)

    @property
    def chances_line(self) -> str:
        """The chances on a line of their own (the command line)."""
        _ = translator(self.lang)
        return _("Chances: {chances}").format(chances=self.chances)

    @property
    def survival(self) -> str:
        """The outcome with the chance it still exists and its momentum (the explorer)."""
        _ = translator(self.lang)
        return _("Predicted outcome: {outcome} in {when} (the likeliest class). Chance it still exists then: "
                 "{alive}; its momentum if it does: {momentum}.").format(
            outcome=self.outcome_name, when=self.when, alive=f"{self.alive:.0%}", momentum=f"{self.momentum:.0f}")

    @property
    def chances_sentence(self) -> str:
        """The chances in a sentence that names the year (the explorer)."""
        _ = translator(self.lang)
        return _("Chances in {when}: {chances}.").format(when=self.when, chances=self.chances)

    def shown_levers(self, count: int = LEVER_COUNT) -> tuple[LeverView, ...]:
        """The levers a page lists: the best ``count`` in the cooperation's own hands, then those outside them."""
        own = [lever for lever in self.levers if lever.in_hand][:count]
        return tuple(own + [lever for lever in self.levers if not lever.in_hand])


def profile_view(evaluation: scoring.Evaluation, levers: Sequence[scoring.Lever], *,
                 titles: Mapping[str, str] | None = None, when: int | None = None,
                 lang: str = "en") -> ProfileView:
    """What a page shows about a profile, from the model's evaluation and levers of it.

    ``when`` is the year to read the outcome in (default: the last year of the forecast);
    ``titles`` names each lesson (default: its key).
    """
    point = evaluation.at(when) if when is not None else evaluation.final
    names = titles or {}
    return ProfileView(
        lang=lang,
        when=point.when,
        outcome=point.outcome,
        probabilities=point.probabilities,
        alive=point.alive,
        momentum=point.momentum,
        levers=tuple(
            LeverView(factor=lever.factor, title=names.get(lever.factor, lever.factor),
                      old_level=evaluation.levels[lever.factor], new_level=lever.new_level, gain=lever.gain,
                      gain_low=lever.gain_low, gain_high=lever.gain_high, survival_gain=lever.survival_gain,
                      momentum_gain=lever.momentum_gain, in_hand=lever.in_hand, lang=lang)
            for lever in levers),
        horizon=evaluation.final.when,
        dated=point.calendar_year is not None,
    )
