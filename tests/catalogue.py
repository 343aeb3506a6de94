"""The Dutch catalogue as a test reads it: which English strings of the interface are left in a text."""

from __future__ import annotations

import re
from pathlib import Path

from widgets.views import i18n


def english_left(text: str) -> list[str]:
    """The English strings of the catalogue (those with a different Dutch translation) found in a text."""
    from babel.messages.pofile import read_po

    found = set()
    for message in read_po((Path(i18n.locale_dir()) / "nl" / "LC_MESSAGES" / "samensterk.po").open("rb")):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            for part in re.split(r"\{[^}]*\}", english or ""):
                part = part.strip(" .,:;()")
                if len(part) >= 10 and " " in part and part in text and not any(part in s for s in strings):
                    found.add(part)
    found |= set(re.findall(r"\b(?:the|and|with|after|years|chances?|respondents?|momentum|municipal|election"
                            r"|lesson|source|level|median)\b", text))
    return sorted(found)
