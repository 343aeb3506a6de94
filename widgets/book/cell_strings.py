"""The strings that the pages' code cells mark with ``_()``, for the catalogue (``make i18n``).

The chapters and cases are MyST text notebooks (``book/*.md``, ``cases/*.md``): their code
cells glue sentences into the prose and show tables whose words are translated like the
package's (``from widgets.book.language import _``). :func:`extract` is a Babel extraction
method (``babel.cfg``) that reads the code of every ``{code-cell}`` of a page with Babel's
own Python extractor, so those strings land in the same catalogue with their page and line.
"""

from __future__ import annotations

import io
import re
from typing import IO, Any, Collection, Iterator, Mapping

from babel.messages.extract import extract_python

CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def code_cells(text: str) -> Iterator[tuple[int, str]]:
    """The code of each code cell of a MyST notebook, with the line it starts on (its options blanked)."""
    for match in CELL.finditer(text):
        start = text.count("\n", 0, match.start(1)) + 1
        lines = match.group(1).splitlines()
        code = "\n".join("" if line.startswith(":") else line for line in lines)
        yield start, code + "\n"


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[tuple[int, Any, Any, Any]]:
    """Babel's extraction method for MyST notebooks: the marked strings of their code cells."""
    text = fileobj.read().decode("utf-8")
    python_options: Any = {**options, "encoding": "utf-8"}
    for start, code in code_cells(text):
        for lineno, funcname, messages, comments in extract_python(
                io.BytesIO(code.encode("utf-8")), keywords, comment_tags, python_options):
            yield start + lineno - 1, funcname, messages, comments
