"""The team scan's roles, in one place: their keys, their names in the reader's language and
their colours, and how a respondent is shown beside an answer."""

from __future__ import annotations

from typing import Mapping, Protocol

from widgets.views.i18n import N_, translator

ROLES: tuple[str, ...] = ("bestuurder", "gemeentesecretaris", "ambtenaar", "raadslid", "anders")
ROLE_NAMES: Mapping[str, str] = {
    "bestuurder": N_("administrator (bestuurder)"),
    "gemeentesecretaris": N_("municipal secretary"),
    "ambtenaar": N_("official"),
    "raadslid": N_("council member"),
    "anders": N_("other"),
    "": N_("role not given"),
}
ROLE_COLOURS: Mapping[str, str] = {
    "bestuurder": "#8250df", "gemeentesecretaris": "#0969da", "ambtenaar": "#1a7f37", "raadslid": "#bf3989",
    "anders": "#9a6700", "": "#57606a",
}


class Shown(Protocol):
    """What :func:`who` reads of a respondent."""

    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def organisation(self) -> str: ...


class Naming(Protocol):
    """What :func:`who` reads of the team: whether every respondent agreed to be named."""

    @property
    def named(self) -> bool: ...


def role_name(role: str, lang: str) -> str:
    """A role's name in the reader's language ("other" for a role this version does not know)."""
    return translator(lang)(ROLE_NAMES.get(role, ROLE_NAMES["anders"]))


def who(respondent: Shown, combined: Naming, lang: str) -> str:
    """How a respondent is shown beside an answer or a comment: by role group and organisation,
    never by name, unless every respondent agreed to be named (``combined.named``)."""
    if combined.named and respondent.name.strip():
        return respondent.name
    role = role_name(respondent.role, lang)
    return f"{role}, {respondent.organisation}" if respondent.organisation.strip() else role
