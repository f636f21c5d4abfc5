"""A seeded, realistic population of a technology organisation for benchmarks and tests."""

from __future__ import annotations

import random

import numpy as np

from growpath.matching.model import MatchConfig, Mentee, Mentor

SKILLS: tuple[str, ...] = (
    "python", "java", "go", "rust", "typescript", "react", "kubernetes", "docker", "terraform",
    "aws", "gcp", "azure", "postgresql", "kafka", "spark", "airflow", "machine-learning",
    "data-modeling", "security", "observability", "ci-cd", "system-design", "api-design",
    "testing", "performance", "mobile", "android", "ios", "graphql", "networking",
    "linux", "sre", "product-discovery", "ux-research", "analytics", "llm-applications",
)  # fmt: skip
COMPETENCIES: tuple[str, ...] = (
    "leadership", "communication", "delegation", "feedback", "strategy", "prioritisation",
    "stakeholder-management", "hiring", "mentoring", "negotiation", "public-speaking",
    "conflict-resolution",
)  # fmt: skip
DEPARTMENTS: tuple[str, ...] = (
    "platform", "payments", "growth", "data", "security", "mobile", "infrastructure",
    "marketplace", "identity", "search", "finance-tech", "developer-experience",
)  # fmt: skip
JOB_FAMILIES: tuple[str, ...] = (
    "software-engineering", "data-science", "product-management", "design", "sre",
    "engineering-management",
)  # fmt: skip
LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "pt", "hi", "pl", "ja")
OFFSETS: tuple[float, ...] = (-8.0, -5.0, -3.0, 0.0, 1.0, 2.0, 5.5, 8.0, 9.0)
OFFSET_SHARES: tuple[float, ...] = (0.15, 0.2, 0.05, 0.15, 0.2, 0.08, 0.1, 0.04, 0.03)
STYLES: tuple[str, ...] = ("direct", "reflective", "structured", "exploratory")
INTERESTS: tuple[str, ...] = (
    "open-source", "running", "chess", "music", "photography", "climbing", "writing",
    "gaming", "cooking", "travel", "startups", "teaching", "hardware", "design-systems",
)  # fmt: skip
AIMS: tuple[str, ...] = (
    "lead a team", "become a staff engineer", "own a critical service", "move into management",
    "speak at a conference", "design large systems", "ship faster with confidence",
    "grow my influence across teams", "switch to a new tech stack", "mentor others",
)  # fmt: skip


def population(
    n_mentees: int, n_mentors: int, seed: int = 0
) -> tuple[list[Mentee], list[Mentor], MatchConfig]:
    """Return seeded mentees, mentors (capacity 1-5, mean 3) and a traditional config."""
    rng = np.random.default_rng(seed)
    text_rng = random.Random(seed)
    n_people = n_mentees + n_mentors
    # Mentors come first so that the most senior person (the root) is a mentor.
    levels = np.concatenate([rng.integers(3, 9, n_mentors), rng.integers(1, 6, n_mentees)]).astype(
        np.int64
    )
    if n_mentors:
        levels[0] = 9
    departments = rng.integers(0, len(DEPARTMENTS), n_people)
    managers = _reporting_lines(levels, departments, rng)
    families = rng.integers(0, len(JOB_FAMILIES), n_people)
    offsets = rng.choice(len(OFFSETS), n_people, p=OFFSET_SHARES)
    styles = rng.integers(0, len(STYLES), n_people)
    ids = [f"p{i:06d}" for i in range(n_people)]

    def manager_id(person: int) -> str | None:
        return None if managers[person] < 0 else ids[managers[person]]

    mentors = [
        Mentor(
            id=ids[p],
            department=DEPARTMENTS[departments[p]],
            manager_id=manager_id(p),
            level=int(levels[p]),
            job_family=JOB_FAMILIES[families[p]],
            skills=(skills := _skills(text_rng, 3, 8, 2)),
            bio=_bio(text_rng, skills, int(levels[p])),
            languages=_languages(text_rng),
            timezone=OFFSETS[offsets[p]],
            communication_style=STYLES[styles[p]],
            interests=tuple(text_rng.sample(INTERESTS, text_rng.randint(1, 3))),
            capacity=text_rng.randint(1, 5),
            focus_areas=tuple(text_rng.sample(COMPETENCIES, text_rng.randint(0, 3))),
        )
        for p in range(n_mentors)
    ]
    mentees = []
    for p in range(n_mentors, n_people):
        wishes = _skills(text_rng, 1, 3, 3) | {
            c: text_rng.randint(2, 4) for c in text_rng.sample(COMPETENCIES, text_rng.randint(0, 2))
        }
        languages = _languages(text_rng)
        required = languages[-1] if len(languages) > 1 and text_rng.random() < 0.3 else None
        mentees.append(
            Mentee(
                id=ids[p],
                department=DEPARTMENTS[departments[p]],
                manager_id=manager_id(p),
                level=int(levels[p]),
                job_family=JOB_FAMILIES[families[p]],
                desired_skills=wishes,
                goals=_goals(text_rng, wishes),
                languages=languages,
                required_language=required,
                timezone=OFFSETS[offsets[p]],
                communication_style=STYLES[styles[p]] if text_rng.random() < 0.8 else None,
                interests=tuple(text_rng.sample(INTERESTS, text_rng.randint(1, 3))),
            )
        )
    config = MatchConfig(
        format="traditional",
        department_preference="other",
        exclusions=frozenset(_random_pairs(text_rng, mentees, mentors, n_mentees // 50)),
        previous_pairs=frozenset(_random_pairs(text_rng, mentees, mentors, n_mentees // 50)),
    )
    return mentees, mentors, config


def _reporting_lines(
    levels: np.ndarray, departments: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    # Everyone reports to a more senior person of the same department; department heads
    # report to the root, so the org chart is a tree.
    managers = np.full(len(levels), -1, dtype=np.int64)
    for department in np.unique(departments):
        members = np.flatnonzero(departments == department)
        members = members[np.argsort(-levels[members], kind="stable")]
        member_levels = levels[members]
        # For each member, how many colleagues of strictly higher level come before it.
        seniors = np.searchsorted(-member_levels, -member_levels, side="left")
        picks = np.floor(rng.random(len(members)) * np.maximum(seniors, 1)).astype(np.int64)
        managers[members] = np.where(seniors > 0, members[picks], 0)
    managers[0] = -1
    return managers


def _skills(text_rng: random.Random, low: int, high: int, min_level: int) -> dict[str, int]:
    chosen = text_rng.sample(SKILLS, text_rng.randint(low, high))
    return {skill: text_rng.randint(min_level, 5) for skill in chosen}


def _languages(text_rng: random.Random) -> tuple[str, ...]:
    extra = text_rng.sample(LANGUAGES[1:], text_rng.choice((0, 0, 1, 1, 2)))
    return ("en", *extra) if text_rng.random() < 0.9 else tuple(extra or ["en"])


def _goals(text_rng: random.Random, wishes: dict[str, int]) -> str:
    topics = " and ".join(name.replace("-", " ") for name in wishes)
    return f"I want to get better at {topics} so that I can {text_rng.choice(AIMS)}."


def _bio(text_rng: random.Random, skills: dict[str, int], level: int) -> str:
    strongest = sorted(skills, key=lambda s: -skills[s])[:3]
    topics = ", ".join(name.replace("-", " ") for name in strongest)
    return (
        f"Level {level} engineer, years of hands-on work with {topics}. "
        f"Happy to help people {text_rng.choice(AIMS)}."
    )


def _random_pairs(
    text_rng: random.Random, mentees: list[Mentee], mentors: list[Mentor], count: int
) -> set[tuple[str, str]]:
    if not mentees or not mentors:
        return set()
    return {(text_rng.choice(mentees).id, text_rng.choice(mentors).id) for _ in range(count)}
