"""Learning modules and resources: Markdown with front matter, validated, rendered safely.

A module file starts with a YAML front matter block between two `---` lines (title,
audience, kind, themes, minutes, practice) and continues with its Markdown body. Shipped
modules live in growpath/data/modules, translated under growpath/data/modules/<locale>/;
admins add their own with the same fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from markdown_it import MarkdownIt

from growpath.domain.catalogue import load, localised
from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.text import control_found
from growpath.i18n import N_, SOURCE_LOCALE

MANAGER, MENTOR, COACH, MENTEE = "manager", "mentor", "coach", "mentee"
AUDIENCES = (MANAGER, MENTOR, COACH, MENTEE)
MODULE, RESOURCE = "module", "resource"
KINDS = (MODULE, RESOURCE)
# The enrolment role a program asks onboarding of, and the audience whose modules it means.
AUDIENCE_OF_ROLE = {"mentee": MENTEE, "coachee": MENTEE, "mentor": MENTOR, "coach": COACH}
NO_REQUIREMENT, BEFORE_MATCHING, BEFORE_FIRST_SESSION = (
    "none",
    "before_matching",
    "before_first_session",
)
TRAINING_REQUIREMENTS = (NO_REQUIREMENT, BEFORE_MATCHING, BEFORE_FIRST_SESSION)
FIELDS = ("title", "audience", "kind", "themes", "minutes", "practice", "order")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG, MAX_TITLE, MAX_PRACTICE, MAX_BODY = 80, 200, 1000, 40_000
MIN_MINUTES, MAX_MINUTES = 1, 120
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class Module:
    """A learning module or resource, shipped or added by an admin."""

    slug: str
    title: str
    audience: str
    kind: str
    themes: tuple[str, ...]
    minutes: int
    practice: str
    body: str
    order: int = 100
    shipped: bool = True

    @property
    def is_resource(self) -> bool:
        """Whether this is a resource of the library rather than a training module."""
        return self.kind == RESOURCE

    def document(self) -> str:
        """Return the text its closeness to a pair's goals is measured on."""
        return " ".join([self.title, *self.themes, self.practice, self.body])


def check_requirement(value: object, field: str, problems: list[Problem]) -> str:
    """Return a program's training requirement, noting a problem if it is none of the three."""
    if value not in TRAINING_REQUIREMENTS:
        problems.append(
            Problem.of(
                N_("must be one of %(choices)s"), field, choices=", ".join(TRAINING_REQUIREMENTS)
            )
        )
        return NO_REQUIREMENT
    return str(value)


def theme_keys() -> frozenset[str]:
    """Return the development themes a module may be tagged with."""
    return frozenset(entry["key"] for entry in load("themes"))


def check_slug(slug: str, problems: list[Problem]) -> str:
    """Return the slug, noting a problem if it is not lower-case words joined by hyphens."""
    if not slug:
        problems.append(Problem(N_("is missing"), "slug"))
    elif len(slug) > MAX_SLUG or not SLUG.match(slug):
        problems.append(
            Problem.of(
                N_(
                    "must be lower-case letters and digits joined by hyphens, at most %(most)s "
                    "characters (e.g. giving-feedback)"
                ),
                "slug",
                most=MAX_SLUG,
            )
        )
    return slug


def _line(fields: Mapping[str, Any], name: str, limit: int, problems: list[Problem]) -> str:
    value = fields.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(Problem(N_("is missing"), name))
        return ""
    if not isinstance(value, str):
        problems.append(Problem(N_("must be text"), name))
        return ""
    text = value.strip()
    if len(text) > limit:
        problems.append(Problem.of(N_("must be at most %(most)s characters"), name, most=limit))
    found = control_found(text)
    if found is not None:
        problems.append(
            Problem.of(
                N_("must be one line without control characters (found %(found)s)"),
                name,
                found=found,
            )
        )
    return text


def _choice(
    fields: Mapping[str, Any], name: str, allowed: Sequence[str], problems: list[Problem]
) -> str:
    value = fields.get(name)
    if value is None:
        problems.append(
            Problem.of(N_("is missing; one of %(choices)s"), name, choices=", ".join(allowed))
        )
        return ""
    if value not in allowed:
        problems.append(
            Problem.of(
                N_("must be one of %(choices)s (got %(value)r)"),
                name,
                choices=", ".join(allowed),
                value=value,
            )
        )
        return ""
    return str(value)


def _themes(value: object, problems: list[Problem]) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        problems.append(Problem(N_("must be a list of theme keys"), "themes"))
        return ()
    known = theme_keys()
    unknown = sorted(set(items) - known)
    if unknown:
        problems.append(
            Problem.of(
                N_("unknown theme(s) %(unknown)s; expected some of %(expected)s"),
                "themes",
                unknown=", ".join(unknown),
                expected=", ".join(sorted(known)),
            )
        )
    return tuple(dict.fromkeys(items))


def _whole(
    fields: Mapping[str, Any],
    name: str,
    low: int,
    high: int,
    default: int | None,
    problems: list[Problem],
) -> int:
    value = fields.get(name, default)
    if value is None:
        problems.append(
            Problem.of(
                N_("is missing; a whole number %(least)s–%(most)s"), name, least=low, most=high
            )
        )
        return low
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems.append(
            Problem.of(N_("must be a whole number %(least)s–%(most)s"), name, least=low, most=high)
        )
        return low
    return value


def module_from_fields(
    slug: str, fields: Mapping[str, Any], body: str, *, shipped: bool = False
) -> Module:
    """Validate a module's fields and body; raise InvalidInput naming every bad field."""
    problems: list[Problem] = []
    check_slug(slug, problems)
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        problems.append(
            Problem.of(
                N_("unknown field(s) %(unknown)s; expected %(expected)s"),
                "front matter",
                unknown=", ".join(map(str, unknown)),
                expected=", ".join(FIELDS),
            )
        )
    title = _line(fields, "title", MAX_TITLE, problems)
    audience = _choice(fields, "audience", AUDIENCES, problems)
    kind = _choice(fields, "kind", KINDS, problems)
    themes = _themes(fields.get("themes"), problems)
    minutes = _whole(fields, "minutes", MIN_MINUTES, MAX_MINUTES, None, problems)
    order = _whole(fields, "order", 0, 1000, 100, problems)
    practice = ""
    if kind == MODULE or fields.get("practice") is not None:
        # Every module ends with one practice prompt; a resource may offer one.
        practice = _line(fields, "practice", MAX_PRACTICE, problems)
    if not body.strip():
        problems.append(
            Problem(N_("is empty: write the module's text below the front matter"), "body")
        )
    elif len(body) > MAX_BODY:
        problems.append(
            Problem.of(N_("must be at most %(most)s characters"), "body", most=MAX_BODY)
        )
    if "\x00" in body:
        problems.append(Problem(N_("must not contain NUL characters"), "body"))
    if problems:
        raise InvalidInput(problems)
    return Module(
        slug=slug,
        title=title,
        audience=audience,
        kind=kind,
        themes=themes,
        minutes=minutes,
        practice=practice,
        body=body.strip() + "\n",
        order=order,
        shipped=shipped,
    )


def parse_module(slug: str, text: str, *, shipped: bool = False) -> Module:
    """Parse a Markdown file with front matter into a module; bad input names the field."""
    found = FRONT_MATTER.match(text)
    if found is None:
        raise InvalidInput(
            [
                Problem(
                    N_(
                        "is missing: the file must start with a line '---', the fields, and a "
                        "closing '---' line"
                    ),
                    "front matter",
                )
            ]
        )
    try:
        fields = yaml.safe_load(found.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # The front matter starts on the file's second line.
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or "cannot be read"
        raise InvalidInput(
            [
                Problem.of(
                    N_("is not valid YAML: %(problem)s"), "front matter", line, problem=problem
                )
            ]
        ) from exc
    if not isinstance(fields, dict):
        raise InvalidInput([Problem(N_("must be 'field: value' lines"), "front matter")])
    return module_from_fields(slug, fields, found.group(2), shipped=shipped)


@cache
def shipped_modules(locale: str = SOURCE_LOCALE) -> tuple[Module, ...]:
    """Return the modules shipped in growpath/data/modules, in a reader's locale (English if
    not translated into it), in track order."""
    folder = localised("modules", locale)
    found = [
        parse_module(entry.name.removesuffix(".md"), entry.read_text("utf-8"), shipped=True)
        for entry in folder.iterdir()
        if entry.name.endswith(".md")
    ]
    return tuple(sorted(found, key=lambda m: (m.audience, m.order, m.title)))


@cache
def _markdown() -> MarkdownIt:
    # CommonMark without raw HTML (it is shown as text) and without images (no outside loads);
    # markdown-it refuses javascript:, vbscript: and data: links on its own.
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def render_body(body: str) -> str:
    """Return the module's Markdown as HTML, with any HTML in it escaped, never passed on."""
    html: str = _markdown().render(body)
    return html


def audiences_of(enrolment_roles: Iterable[str], is_manager: bool) -> tuple[str, ...]:
    """Return the audiences whose training a person with these roles is due."""
    found = {AUDIENCE_OF_ROLE[r] for r in enrolment_roles if r in AUDIENCE_OF_ROLE}
    if is_manager:
        found.add(MANAGER)
    return tuple(a for a in AUDIENCES if a in found)


def onboarding_of(modules: Iterable[Module], enrolment_role: str) -> tuple[str, ...]:
    """Return the slugs of the onboarding modules an enrolment role must complete."""
    audience = AUDIENCE_OF_ROLE.get(enrolment_role)
    return tuple(m.slug for m in modules if m.kind == MODULE and m.audience == audience)


def missing_onboarding(
    modules: Iterable[Module], enrolment_role: str, completed: Iterable[str]
) -> tuple[str, ...]:
    """Return the onboarding modules of the role a person has not completed yet."""
    done = set(completed)
    return tuple(slug for slug in onboarding_of(modules, enrolment_role) if slug not in done)
