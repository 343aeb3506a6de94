"""What the scan says about the files it was given: refused ones and why, names shared, answers found twice."""

from __future__ import annotations

import re

from widgets.records import responses
from widgets.views.i18n import N_, plural, translator
from widgets.views.roles import role_name


def intake_notes(intake: responses.Intake, lang: str) -> list[str]:
    """What the scan did with the files it was given: files sharing a name (each counted) and
    answers found twice (counted once), in the reader's language."""
    _ = translator(lang)
    ngettext = plural(lang)
    notes = [ngettext("{count} file named {name}: counted.",
                      "{count} files with the same name {name}: each counted.", count).format(count=count, name=name)
             for name, count in intake.same_names.items()]
    by_file: dict[str, list[responses.Duplicate]] = {}
    for duplicate in intake.duplicates:
        by_file.setdefault(duplicate.source, []).append(duplicate)
    for source, found in by_file.items():
        if len(found) == 1:
            who = found[0].respondent.name or role_name(found[0].respondent.role, lang)
            notes.append(_("{who} ({file}) is already in {first}: counted once.").format(
                who=who[:1].upper() + who[1:], file=source, first=found[0].first))
        else:
            notes.append(ngettext("{count} respondent of {file} was already loaded: counted once.",
                                  "{count} respondents of {file} were already loaded: each counted once.",
                                  len(found)).format(count=len(found), file=source))
    return notes


ARRANGEMENT = N_("{file} scores {other}, this scan {arrangement}: one scan per arrangement, so the file was not "
                 "used.")
# Why the loader refuses a file, as patterns of its English messages and the templates the reader
# sees in their language (the file and the field are named in every one).
REFUSALS: tuple[tuple[str, str], ...] = (
    (r"not valid TOML \(.*\(at line (?P<line>\d+), column (?P<column>\d+)\)\)",
     N_("{file}: not valid TOML (line {line}, column {column}); the file was not used.")),
    (r"not valid TOML.*", N_("{file}: not valid TOML; the file was not used.")),
    (r"is not UTF-8 text", N_("{file}: not a text file (UTF-8); the file was not used.")),
    (r"cannot be read.*|no such file", N_("{file}: the file cannot be read.")),
    (r"larger than (?P<size>\d+) MB", N_("{file}: larger than {size} MB; the file was not read.")),
    (r"missing factor.*", N_("{file}: the lesson {field} is missing (a level, or dont_know = true).")),
    (r"unknown factor.*", N_("{file}: {field} is not a lesson of the scan.")),
    (r"unknown key.*", N_("{file}: {field} is not a field of an answers file.")),
    (r"missing", N_("{file}: the field {field} is missing.")),
    (r"level must be a number from 1 to 5.*", N_("{file}: {field} must be a level from 1 to 5.")),
    (r"give a level or dont_know = true, not both", N_("{file}: {field}: give a level or \"don't know\", not both.")),
    (r"at most (?P<limit>\d+) characters.*", N_("{file}: {field} is longer than {limit} characters.")),
    (r"at most (?P<limit>\d+) respondents.*|at most (?P<limit2>\d+), got.*",
     N_("{file}: more than {limit} respondents in one scan; the file was not used.")),
    (r"must be a date.*", N_("{file}: {field} must be a date like 2026-12-01.")),
    (r"must be one of.*", N_("{file}: {field} is not one of the choices.")),
    (r"this is a team file.*", N_("{file}: this is a team file, not one respondent's answers.")),
    (r"must be 'team'.*", N_("{file}: not a team file.")),
    (r"a team file needs at least one respondent", N_("{file}: the team file holds no answers.")),
    (r"no file could be read.*", N_("No file could be read.")),
    (r"scores (?P<other>.+), the scan (?P<arrangement>.+): one scan per arrangement", ARRANGEMENT),
    (r"may hold only letters, digits and dashes", N_("{file}: {field} may hold only letters, digits and dashes.")),
)


def refusal(error: Exception, lang: str) -> str:
    """Why a file was not used, in the reader's language, naming the file and the field."""
    _ = translator(lang)
    source = str(getattr(error, "source", "") or _("the file"))
    field_name = str(getattr(error, "field", "") or "")
    message = str(getattr(error, "message", "") or str(error))
    rejected = getattr(error, "rejected", ())
    if rejected:
        return " ".join([_("No file could be read.")] + [refusal(e, lang) for _s, e in rejected])
    for pattern, template in REFUSALS:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found:
            values = {k: v for k, v in found.groupdict().items() if v is not None}
            if "limit2" in values:
                values["limit"] = values.pop("limit2")
            return _(template).format(file=source, field=field_name, **values)
    return _("{file}: the field {field} cannot be used.").format(file=source, field=field_name)


def other_arrangement(source: str, scored: str, scan: str, lang: str) -> str:
    """Why a file of another arrangement is kept out of a scan."""
    return translator(lang)(ARRANGEMENT).format(file=source, other=scored, arrangement=scan)


def files_read(files: int, respondents: int, lang: str) -> str:
    """"3 files read; 3 respondents in the scan." in the reader's language."""
    ngettext = plural(lang)
    return (ngettext("{count} file read", "{count} files read", files).format(count=files) + "; "
            + ngettext("{count} respondent in the scan.", "{count} respondents in the scan.",
                       respondents).format(count=respondents))
