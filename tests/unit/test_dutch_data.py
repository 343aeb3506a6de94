"""The Dutch twins of the data files' texts: history, the QCA calibration's reasons, the factors.

Every English text a page shows from ``data/history.toml``, ``data/qca.toml`` and
``data/factors.toml`` has a Dutch twin (``<field>_nl``) that the loaders carry and
``text_in`` picks for ``nl``; none copies six words of the source in a row.
"""

from __future__ import annotations

import datetime
import sys
import tomllib
from pathlib import Path

import pytest

from widgets import qca
from widgets.qca.settings import parse_settings
from widgets.records import history, loading
from widgets.records.coding import text_in
from widgets.records.fields import DataError

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

import fingerprint  # noqa: E402

DATA = TESTS.parent / "data"


def copied(text: str) -> str | None:
    """The first run of six words of the source in ``text``, or None."""
    hashes = fingerprint.read_fingerprint()
    tokens = [word for word, _ in fingerprint.word_spans(text)]
    for start, digest in enumerate(fingerprint.gram_hashes(tokens)):
        if digest in hashes:
            return " ".join(tokens[start:start + fingerprint.GRAM])
    return None


def dutch_texts() -> list[tuple[str, str]]:
    """Every Dutch text of the three files, with where it sits."""
    found: list[tuple[str, str]] = []

    def walk(value: object, where: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{where}.{key}")
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(inner, f"{where}[{index}]")
        elif isinstance(value, str) and "_nl" in where:
            found.append((where, value))

    for name in ("history.toml", "qca.toml", "factors.toml"):
        walk(tomllib.loads((DATA / name).read_text(encoding="utf-8")), name)
    return found


# ---------------------------------------------------------------- history
def test_every_history_entry_and_event_has_dutch():
    histories = history.load_history()
    assert histories
    for case_id, entry in histories.items():
        assert entry.summary_nl.strip(), case_id
        assert entry.summary_nl != entry.summary, case_id
        assert entry.events, case_id
        for event in entry.events:
            assert event.text_nl.strip(), (case_id, event.date)
            assert event.text_nl != event.text, (case_id, event.date)


def test_text_in_picks_the_history_language():
    entry = history.load_history()["kempen"]
    assert text_in(entry, "summary", "nl") == entry.summary_nl
    assert text_in(entry, "summary", "en") == entry.summary
    event = entry.events[0]
    assert text_in(event, "text", "nl") == event.text_nl
    assert text_in(event, "text", "en") == event.text


def test_history_dutch_keys_are_optional_and_checked():
    document = tomllib.loads((DATA / "history.toml").read_text(encoding="utf-8"))
    for entry in document.values():
        entry.pop("summary_nl")
        for event in entry["events"]:
            event.pop("text_nl")
    plain = history.parse_history(document, "history.toml")
    assert all(entry.summary_nl == "" for entry in plain.values())
    assert text_in(plain["kempen"], "summary", "nl") == plain["kempen"].summary  # English when no Dutch
    document["kempen"]["summary_nl"] = 3
    with pytest.raises(DataError, match="kempen.summary_nl"):
        history.parse_history(document, "history.toml")
    document["kempen"]["summary_nl"] = "Samen."
    document["kempen"]["events"][0]["text_en"] = "typo"
    with pytest.raises(DataError, match=r"kempen.events\[0\].text_en: unknown key"):
        history.parse_history(document, "history.toml")


def test_history_events_keep_their_dutch_in_date_order():
    document = {case_id: {"summary": "S", "summary_nl": "Z", "sources": ["CBS"], "verified": True, "events": [
        {"date": datetime.date(2020, 1, 1), "kind": "merger", "text": "later", "text_nl": "later nl"},
        {"date": datetime.date(2010, 1, 1), "kind": "ended", "text": "earlier", "text_nl": "eerder"},
    ]} for case_id in loading.case_ids()}
    entry = history.parse_history(document, "test")[loading.case_ids()[0]]
    assert [(e.text, e.text_nl) for e in entry.events] == [("earlier", "eerder"), ("later", "later nl")]


# ---------------------------------------------------------------- QCA calibration
def test_every_qca_reason_has_dutch():
    settings = qca.load_settings()
    for choice in settings.conditions:
        assert choice.reason_nl.strip(), choice.factor
        assert choice.reason_nl != choice.reason, choice.factor
    for name in ("chosen_reason", "anchors_reason", "outcome_reason", "unknown_reason"):
        english, dutch = getattr(settings, name), getattr(settings, f"{name}_nl")
        assert english.strip() and dutch.strip() and dutch != english, name


def test_text_in_picks_the_qca_language():
    settings = qca.load_settings()
    choice = settings.condition("diagnosis")
    assert text_in(choice, "reason", "nl") == choice.reason_nl
    assert text_in(choice, "reason", "en") == choice.reason
    assert text_in(settings, "chosen_reason", "nl") == settings.chosen_reason_nl
    assert text_in(settings, "unknown_reason", "en") == settings.unknown_reason


def test_the_dutch_reasons_leave_the_calibration_alone():
    document = tomllib.loads((DATA / "qca.toml").read_text(encoding="utf-8"))
    settings = parse_settings(document)
    assert settings.default_anchors == qca.anchors({"exclusion": 1.5, "crossover": 3.25, "inclusion": 4.5})
    for table in (document, document["anchors"], document["outcome"], document["unknown"],
                  *document["conditions"].values()):
        for key in [k for k in table if k.endswith("reason_nl")]:
            del table[key]
    plain = parse_settings(document)
    assert plain.default_anchors == settings.default_anchors
    assert plain.conditions[0].reason_nl == "" and plain.chosen_reason_nl == ""
    assert text_in(plain.conditions[0], "reason", "nl") == plain.conditions[0].reason


# ---------------------------------------------------------------- factors
def test_every_factor_text_has_dutch():
    for factor in loading.load_factors():
        assert factor.label_nl.strip() and factor.summary_nl.strip(), factor.key
        assert factor.summary_nl != factor.summary, factor.key
        assert len(factor.rubric_nl) == len(factor.rubric) == 5, factor.key
        assert all(line.strip() for line in factor.rubric_nl), factor.key
        assert text_in(factor, "summary", "nl") == factor.summary_nl
        assert text_in(factor, "summary", "en") == factor.summary


# ---------------------------------------------------------------- no copying
DUTCH = dutch_texts()


@pytest.mark.parametrize("text", [text for _, text in DUTCH], ids=[where for where, _ in DUTCH])
def test_no_dutch_text_copies_the_source(text):
    assert copied(text) is None
