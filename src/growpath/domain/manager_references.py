"""Managers as HRIS files name them: by e-mail, by employee id, or by full name.

BambooHR's "Reports To" reads "Hopper, Grace", Workday's Manager and Personio's Supervisor
read "Grace Hopper". A name is only good when exactly one person carries it; otherwise the
row is refused naming the candidates, never guessed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from growpath.domain.errors import BadValue, Problem, Term
from growpath.domain.hris_values import name_key
from growpath.domain.people import PersonProfile
from growpath.i18n import N_

_SHOWN_CANDIDATES = 5


@dataclass(frozen=True)
class Colleague:
    """Someone a manager reference may name: in the file or already known."""

    email: str
    name: str
    employee_id: str = ""


@dataclass
class ManagerDirectory:
    """Everyone a reference may name, by employee id and by the key of their full name."""

    by_employee_id: dict[str, Colleague] = field(default_factory=dict)
    by_name: dict[str, list[Colleague]] = field(default_factory=dict)

    @classmethod
    def of(cls, colleagues: Iterable[Colleague]) -> ManagerDirectory:
        """Index colleagues; a later one with the same e-mail replaces an earlier one."""
        latest = {c.email: c for c in colleagues}
        directory = cls()
        for colleague in latest.values():
            if colleague.employee_id:
                directory.by_employee_id[colleague.employee_id] = colleague
            directory.by_name.setdefault(name_key(colleague.name), []).append(colleague)
        return directory

    def resolve(self, reference: str) -> str:
        """Return the e-mail of the one person reference names, or raise ValueError saying why."""
        if found := self.by_employee_id.get(reference.strip()):
            return found.email
        candidates = self.by_name.get(name_key(reference), [])
        if len(candidates) == 1:
            return candidates[0].email
        if candidates:
            raise BadValue(
                N_(
                    "manager '%(reference)s' is ambiguous: %(people)s share that name; "
                    "use their e-mail or employee id"
                ),
                reference=reference,
                people=_listed(candidates),
            )
        close = difflib.get_close_matches(name_key(reference), self.by_name, n=3, cutoff=0.8)
        if close:
            raise BadValue(
                N_(
                    "manager '%(reference)s' matches no one by e-mail, employee id or name; "
                    "did you mean %(people)s?"
                ),
                reference=reference,
                people=_listed([c for key in close for c in self.by_name[key]]),
            )
        raise BadValue(
            N_("manager '%(reference)s' matches no one by e-mail, employee id or name"),
            reference=reference,
        )


def _listed(colleagues: list[Colleague]) -> str:
    shown = ", ".join(f"{c.name} <{c.email}>" for c in colleagues[:_SHOWN_CANDIDATES])
    more = len(colleagues) - _SHOWN_CANDIDATES
    return Term(N_("%(shown)s and %(more)s more"), shown=shown, more=more) if more > 0 else shown


def resolve_manager_references(
    profiles: Mapping[str, tuple[int, PersonProfile]], directory: ManagerDirectory
) -> tuple[dict[str, tuple[int, PersonProfile]], list[Problem]]:
    """Replace each manager reference by the e-mail it names; list the ones that name no one."""
    resolved: dict[str, tuple[int, PersonProfile]] = {}
    problems: list[Problem] = []
    for email, (line, profile) in profiles.items():
        if not profile.manager_reference:
            resolved[email] = (line, profile)
            continue
        try:
            manager = directory.resolve(profile.manager_reference)
        except ValueError as exc:
            problems.append(Problem.from_error(exc, "manager_email", line))
            manager = None
        resolved[email] = (line, replace(profile, manager_email=manager, manager_reference=""))
    return resolved, problems
