"""The role-play scenarios practice triads play: Markdown with front matter, shipped as data.

Each file under growpath/data/scenarios/ has front matter (key, title, summary, order) and four
sections: the situation everyone reads, the coachee's brief, the coach's goal, and what the
observer watches for. Only paragraphs and "- " lists are read: a page shows them as text, so
nothing in a scenario is ever markup. Translations live under growpath/data/scenarios/<locale>/
with the same keys and order; their section headings stay the English ones above, the format's
own markers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from growpath.domain.catalogue import localised
from growpath.domain.triads import COACH, COACHEE, OBSERVER, TriadRole
from growpath.i18n import SOURCE_LOCALE

SECTIONS = {
    "The situation": "situation",
    "Coachee's brief": COACHEE.value,
    "Coach's goal": COACH.value,
    "What the observer watches for": OBSERVER.value,
}
FRONT_MATTER = ("key", "title", "summary", "order")


@dataclass(frozen=True)
class Block:
    """A paragraph (items empty) or a list (text empty) of a scenario's section."""

    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scenario:
    """A role-play: the shared situation and one brief for each role."""

    key: str
    title: str
    summary: str
    order: int
    situation: tuple[Block, ...]
    briefs: dict[str, tuple[Block, ...]]

    def brief_for(self, role: TriadRole) -> tuple[Block, ...]:
        """Return the part of the scenario written for a role."""
        return self.briefs[role.value]


class ScenarioFormatError(ValueError):
    """A scenario file does not follow the shipped format."""


def parse_scenario(name: str, text: str) -> Scenario:
    """Read one scenario file; refuse it, naming the file and what is missing."""
    head, sep, body = text.removeprefix("---\n").partition("\n---\n")
    if not text.startswith("---\n") or not sep:
        raise ScenarioFormatError(f"{name}: starts with front matter between two '---' lines")
    meta = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in head.splitlines())}
    missing = [k for k in FRONT_MATTER if not meta.get(k)]
    if missing or not meta["order"].isdigit():
        raise ScenarioFormatError(f"{name}: front matter needs {', '.join(FRONT_MATTER)}")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            if title not in SECTIONS:
                raise ScenarioFormatError(f"{name}: unknown section {title!r}")
            current = sections.setdefault(SECTIONS[title], [])
        elif current is not None:
            current.append(line)
    absent = [title for title, part in SECTIONS.items() if not sections.get(part)]
    if absent:
        raise ScenarioFormatError(f"{name}: missing section(s) {', '.join(absent)}")
    blocks = {part: _blocks(lines) for part, lines in sections.items()}
    return Scenario(
        key=meta["key"],
        title=meta["title"],
        summary=meta["summary"],
        order=int(meta["order"]),
        situation=blocks.pop("situation"),
        briefs=blocks,
    )


def _blocks(lines: list[str]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    words: list[str] = []
    items: list[str] = []

    def close() -> None:
        if words:
            blocks.append(Block(text=" ".join(words)))
        if items:
            blocks.append(Block(items=tuple(items)))
        words.clear()
        items.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("- "):
            if words:
                close()
            items.append(line[2:].strip())
        elif items and raw.startswith("  "):
            # A list item's continuation line, indented under it.
            items[-1] = f"{items[-1]} {line}"
        else:
            if items:
                close()
            words.append(line)
    close()
    return tuple(blocks)


@cache
def scenario_library(locale: str = SOURCE_LOCALE) -> tuple[Scenario, ...]:
    """Return every shipped scenario in a reader's locale (English if not translated into it),
    in their stated order."""
    folder = localised("scenarios", locale)
    found = [
        parse_scenario(entry.name, entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".md")
    ]
    return tuple(sorted(found, key=lambda s: (s.order, s.key)))


def scenario(key: str, locale: str = SOURCE_LOCALE) -> Scenario:
    """Return the shipped scenario with this key, in a reader's locale."""
    for each in scenario_library(locale):
        if each.key == key:
            return each
    raise KeyError(key)


def scenarios_for(size: int, offset: int) -> tuple[str, ...]:
    """Return one scenario key per round of a group of size, none repeated within the group.

    Groups formed together start at different offsets, so neighbouring groups do not all play
    the same scenario in the same round.
    """
    keys = [s.key for s in scenario_library()]
    if size > len(keys):
        raise ScenarioFormatError(f"{size} rounds need {size} scenarios; {len(keys)} ship")
    return tuple(keys[(offset + i) % len(keys)] for i in range(size))
