"""Every string of the interface and every rubric line speaks English and Dutch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import read_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

from widgets import i18n, loading

ROOT = Path(__file__).resolve().parent.parent
PO = i18n.locale_dir() / "nl" / "LC_MESSAGES" / "samensterk.po"
MO = PO.with_suffix(".mo")


def extracted() -> set[str]:
    """Every string marked with _() or N_() in the package, or both() in the book's extensions,
    as `make i18n` extracts them."""
    keywords = {"_": None, "N_": None, "gettext": None, "both": None}
    return {message for folder in ("widgets", "_ext")
            for _file, _line, message, _comments, _context in
            extract_from_dir(str(ROOT / folder), method_map=[("**.py", "python")], keywords=keywords)
            if isinstance(message, str) and message}


def test_every_interface_string_has_a_dutch_translation():
    catalogue = read_po(PO.open("rb"))
    missing = sorted(m for m in extracted() if not (catalogue.get(m) and catalogue.get(m).string))
    assert not missing, f"strings without a Dutch translation in {PO} (run make i18n, then translate): {missing}"
    fuzzy = sorted(m.id for m in catalogue if m.id and m.fuzzy)
    assert not fuzzy, f"fuzzy translations to check in {PO}: {fuzzy}"


def test_every_translation_keeps_its_placeholders():
    for message in read_po(PO.open("rb")):
        if message.id:
            for placeholder in ("{" + part.split("}")[0] + "}" for part in message.id.split("{")[1:]):
                assert placeholder in message.string, (message.id, message.string)


def test_the_compiled_catalogue_is_the_current_one():
    source = {m.id: m.string for m in read_po(PO.open("rb")) if m.id}
    compiled = {m.id: m.string for m in read_mo(io.BytesIO(MO.read_bytes())) if m.id}
    assert compiled == source, "the .mo is out of date: run make i18n"


def test_gettext_reads_the_dutch_catalogue():
    assert i18n.translator("nl")("thriving") != "thriving"
    assert i18n.translator("en")("thriving") == "thriving"
    with pytest.raises(ValueError, match="nl"):
        i18n.translator("fr")


def test_every_rubric_line_and_label_speaks_both_languages():
    for factor in loading.load_factors():
        for lang in i18n.LANGUAGES:
            assert factor.label(lang) and factor.summary_in(lang) and len(factor.rubric_in(lang)) == 5
