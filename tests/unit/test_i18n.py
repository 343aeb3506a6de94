"""Every string of the interface and every rubric line speaks English and Dutch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import read_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

from widgets.records import loading
from widgets.views import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = i18n.locale_dir() / "nl" / "LC_MESSAGES" / "samensterk.po"
MO = PO.with_suffix(".mo")


def extracted() -> set[str | tuple[str, ...]]:
    """Every string marked with _(), N_() or ngettext() in the package, or both() in the book's
    extensions, as `make i18n` extracts them (a plural as its pair of forms)."""
    keywords = {"_": None, "N_": None, "gettext": None, "both": None, "ngettext": (1, 2)}
    return {message for folder in ("widgets", "_ext")
            for _file, _line, message, _comments, _context in
            extract_from_dir(str(ROOT / folder), method_map=[("**.py", "python")], keywords=keywords)
            if message}


def translated(catalogue, message: str | tuple[str, ...]) -> bool:
    found = catalogue.get(message[0] if isinstance(message, tuple) else message)
    if found is None:
        return False
    if isinstance(message, tuple):  # a plural: both Dutch forms, from the same English pair
        return tuple(found.id) == tuple(message) and isinstance(found.string, tuple) and all(found.string)
    return bool(found.string)


def test_every_interface_string_has_a_dutch_translation():
    catalogue = read_po(PO.open("rb"))
    missing = sorted((m for m in extracted() if not translated(catalogue, m)), key=str)
    assert not missing, f"strings without a Dutch translation in {PO} (run make i18n, then translate): {missing}"
    fuzzy = sorted(m.id for m in catalogue if m.id and m.fuzzy)
    assert not fuzzy, f"fuzzy translations to check in {PO}: {fuzzy}"


def test_the_catalogue_has_plurals_and_dutch_plural_forms():
    catalogue = read_po(PO.open("rb"))
    plurals = [m for m in catalogue if isinstance(m.id, tuple)]
    assert len(plurals) >= 5 and catalogue.num_plurals == 2
    ngettext = i18n.plural("nl")
    assert ngettext("{count} file read", "{count} files read", 1) == "{count} bestand ingelezen"
    assert ngettext("{count} file read", "{count} files read", 2) == "{count} bestanden ingelezen"


def test_every_translation_keeps_its_placeholders():
    for message in read_po(PO.open("rb")):
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for placeholder in ("{" + part.split("}")[0] + "}" for part in ids[-1].split("{")[1:]):
                assert all(placeholder in string for string in strings), (message.id, message.string)


def test_the_compiled_catalogue_is_the_current_one():
    def forms(message):
        return tuple(message.string) if isinstance(message.string, (tuple, list)) else message.string

    source = {m.id if isinstance(m.id, str) else tuple(m.id): forms(m) for m in read_po(PO.open("rb")) if m.id}
    compiled = {m.id if isinstance(m.id, str) else tuple(m.id): forms(m)
                for m in read_mo(io.BytesIO(MO.read_bytes())) if m.id}
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
