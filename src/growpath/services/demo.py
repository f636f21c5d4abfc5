"""A believable demo organisation, seeded through the same import path as real HRIS files."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass

from growpath.adapters.csv_files import csv_text
from growpath.adapters.unit_of_work import UnitOfWork
from growpath.domain.accounts import ADMIN_ROLES, Role
from growpath.domain.errors import Conflict
from growpath.services import (
    accounts,
    checkins,
    consents,
    engagements,
    learning,
    program_admins,
    programs,
    reflection,
    second_factor,
)
from growpath.services.context import Collaborators as Growpath
from growpath.services.context import operator_context
from growpath.services.demo_lineage import seed_demo_lessons, seed_demo_lineage
from growpath.services.demo_outcomes import (
    PAST_PROGRAM,
    demo_history,
    import_history,
    seed_past_program,
)
from growpath.services.demo_practice import seed_demo_adoption, seed_demo_practice
from growpath.services.demo_programs import (
    DRAFT,
    PROGRAM_ADMIN_RUNS,
    DemoPrograms,
    demo_actor,
    seed_demo_programs,
)
from growpath.services.demo_triads import (
    seed_demo_triads,
)
from growpath.services.people_import import ImportResult, import_people

DEMO_DOMAIN = "demo.growpath.dev"
DEMO_PASSWORD = "growpath-demo-2026"  # noqa: S105 - printed for the demo's users on purpose
# The demo admins' authenticator key, printed like the password: admins log in with two steps.
DEMO_TOTP_SECRET = "GROWPATHDEMOKEYGROWPATHDEMOKEY23"  # noqa: S105 - published on purpose
NAME_TRIES = 20  # random first-last pairs tried before a namesake gets a number

DEPARTMENTS = {
    "Platform": ("Engineering", ["go", "kubernetes", "terraform", "observability", "python"]),
    "Payments": ("Engineering", ["java", "distributed systems", "sql", "security", "kotlin"]),
    "Data": ("Data", ["python", "sql", "spark", "machine learning", "statistics"]),
    "Mobile": ("Engineering", ["swift", "kotlin", "react native", "ux", "testing"]),
    "Web": ("Engineering", ["typescript", "react", "css", "accessibility", "node"]),
    "Security": ("Security", ["threat modelling", "cryptography", "go", "incident response"]),
    "Product Design": ("Design", ["ux research", "figma", "accessibility", "prototyping"]),
    "People": ("People", ["coaching", "facilitation", "learning design", "hr analytics"]),
}
SHARED_SKILLS = [
    "communication",
    "system design",
    "mentoring",
    "public speaking",
    "writing",
    "stakeholder management",
    "delegation",
    "feedback",
    "prioritisation",
]
TIMEZONES = [
    "Europe/London",
    "Europe/Berlin",
    "Europe/Lisbon",
    "America/New_York",
    "America/Toronto",
    "America/Los_Angeles",
    "Asia/Singapore",
    "Asia/Kolkata",
]
LANGUAGES = ["en", "de", "fr", "es", "pt", "hi", "zh"]
INTERESTS = [
    "climbing",
    "chess",
    "cycling",
    "open source",
    "photography",
    "board games",
    "running",
    "music",
    "cooking",
    "gardening",
    "reading",
    "travel",
]
FIRST = [
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Edsger",
    "Frances",
    "Dennis",
    "Radia",
    "Tim",
    "Hedy",
    "Guido",
    "Katherine",
    "Donald",
    "Shafi",
    "Vint",
    "Anita",
    "Bjarne",
    "Sophie",
    "Tariq",
    "Mei",
    "Kofi",
    "Priya",
    "Mateo",
    "Yuki",
    "Amara",
    "Lars",
    "Noor",
    "Ines",
    "Ravi",
    "Olu",
    "Hana",
    "Jonas",
    "Lucia",
    "Omar",
    "Zara",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Patel",
    "Nguyen",
    "Schmidt",
    "Silva",
    "Kowalski",
    "Haddad",
    "Mensah",
    "Rossi",
    "Novak",
    "Fischer",
    "Ito",
    "Garcia",
    "Khan",
    "Dubois",
    "Eriksen",
    "Costa",
    "Mbeki",
    "Sato",
    "Reyes",
    "Varga",
    "Ahmed",
    "Brennan",
]
TITLES = {
    1: "Associate Engineer",
    2: "Engineer",
    3: "Engineer II",
    4: "Senior Engineer",
    5: "Staff Engineer",
    6: "Principal Engineer",
}


@dataclass(frozen=True)
class DemoLogin:
    """A demo account to show the user."""

    role: str
    email: str
    password: str
    name: str
    # The authenticator key of an admin (two-step login); "" for everyone else.
    totp_secret: str = ""


@dataclass(frozen=True)
class DemoOrganisation:
    """What seeding the demo organisation produced."""

    people: ImportResult
    logins: list[DemoLogin]
    programs: DemoPrograms
    # People this run brought in, the year of HR history's imports included.
    newcomers: int = 0


def demo_people_csv(size: int = 300, seed: int = 7) -> bytes:
    """Generate an HRIS CSV of a tech company with departments and reporting lines."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    used: set[str] = set()

    def person(level: int, department: str, manager: str | None, title: str) -> str:
        for _ in range(NAME_TRIES):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first}.{last}@{DEMO_DOMAIN}".lower()
            if email not in used:
                break
        else:
            # A large organisation runs out of first-last pairs: number the namesakes.
            email = f"{first}.{last}{len(rows)}@{DEMO_DOMAIN}".lower()
        used.add(email)
        family, skills = DEPARTMENTS.get(department, ("Leadership", SHARED_SKILLS))
        chosen = rng.sample(skills, k=min(3, len(skills))) + rng.sample(SHARED_SKILLS, k=2)
        languages = [
            "en",
            *rng.sample(
                [lang for lang in LANGUAGES if lang != "en"], k=rng.choice([0, 0, 1, 1, 2])
            ),
        ]
        rows.append(
            {
                "email": email,
                "name": f"{first} {last}",
                "title": title,
                "department": department,
                "manager_email": manager or "",
                "seniority_level": str(level),
                "job_family": family,
                "timezone": rng.choice(TIMEZONES),
                "languages": ";".join(languages),
                "skills": ";".join(
                    f"{s}:{min(5, max(1, level - 2 + rng.randint(0, 3)))}" for s in chosen
                ),
                "interests": ";".join(rng.sample(INTERESTS, k=rng.randint(1, 3))),
                "bio": f"{title} in {department}. Works mostly on {chosen[0]} and {chosen[1]}; "
                f"keen to grow in {rng.choice(SHARED_SKILLS)}.",
            }
        )
        return email

    cto = person(10, "Leadership", None, "Chief Technology Officer")
    heads = {d: person(8, d, cto, f"Head of {d}") for d in DEPARTMENTS}
    managers = {
        d: [person(7, d, heads[d], "Engineering Manager") for _ in range(3)] for d in DEPARTMENTS
    }
    while len(rows) < size:
        department = rng.choice(list(DEPARTMENTS))
        level = rng.choices(list(TITLES), weights=[2, 5, 6, 6, 3, 1])[0]
        title = (
            TITLES[level]
            if DEPARTMENTS[department][0] == "Engineering"
            else (f"{DEPARTMENTS[department][0]} Specialist")
        )
        person(level, department, rng.choice(managers[department]), title)
    header = list(rows[0])
    return csv_text([header, *([row[name] for name in header] for row in rows)]).encode()


def _pick_logins(app: Growpath, content: bytes) -> list[tuple[str, str, str, set[Role]]]:
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    managers = {row["manager_email"] for row in rows}
    with app.uow() as uow:
        # The admins run the programs and guide nobody in them: an admin's own pairs would put
        # content on the pages the insider walk checks they never see.
        people = [r for r in rows if r["department"] == "People" and not _guides(uow, r["email"])]
        people_lead = next(r for r in people if r["email"] in managers)
        admin = next(r for r in people if r["email"] not in managers)
        # The demo participant is in a running engagement, and the demo manager is theirs.
        participant = uow.demo.running_participant_with_manager()
        if participant is None or participant.manager is None:
            raise LookupError("the demo programs produced no running engagement")
        manager = participant.manager
        guide = uow.demo.running_guide_of(participant.id)
        if guide is None:
            raise LookupError("the demo participant's engagement has no guide")
        coach = uow.demo.running_guide_of_kind("coaching")
        if coach is None:
            raise LookupError("the demo programs produced no running coaching engagement")
        picked = [
            (
                "org admin",
                people_lead["email"],
                people_lead["name"],
                {Role.ORG_ADMIN, Role.PARTICIPANT},
            ),
            (
                "program admin",
                admin["email"],
                admin["name"],
                {Role.PROGRAM_ADMIN, Role.PARTICIPANT},
            ),
            ("manager", manager.email, manager.name, {Role.PARTICIPANT}),
            ("participant", participant.email, participant.name, {Role.PARTICIPANT}),
            ("mentor", guide.email, guide.name, {Role.PARTICIPANT}),
            ("coach", coach.email, coach.name, {Role.PARTICIPANT}),
        ]
    return picked


def _guides(uow: UnitOfWork, email: str) -> bool:
    person = uow.people.by_email(email)
    return person is not None and uow.users.guides(person.id)


def _share_with_the_demo_manager(app: Growpath, manager_email: str, participant_email: str) -> None:
    """Let one other report of the demo manager, rated in an engagement, share their trajectory.

    The demo participant decides for themselves on their privacy page; without someone who
    already shares, the manager's login would show only names.
    """
    with app.uow() as uow:
        manager = uow.people.by_email(manager_email)
        # Without the manager, nobody is theirs to share with (a None would match everyone
        # who has no manager at all).
        sharer = uow.demo.rated_report_of(manager.id, participant_email) if manager else None
        if sharer is None:
            return
        who = (sharer.id, sharer.email)
    consents.set_consent(demo_actor(app, *who), consents.MANAGER_TRAJECTORY, granted=True)


def _name_the_demo_program_admin(app: Growpath, email: str) -> None:
    """Make the demo program admin run the mentoring program and the draft, not the coaching
    one, so a walk through the demo shows what a program admin cannot reach."""
    with app.uow() as uow:
        program_ids = [uow.programs.named(name) for name in PROGRAM_ADMIN_RUNS]
    for program_id in program_ids:
        if program_id is not None:
            program_admins.change_program_admins(operator_context(app), program_id, add=[email])


# The demo's learning: the mentor completed their onboarding, the manager is two modules into
# the coaching-skills track, and the participant has read one onboarding module of three.
DEMO_COMPLETIONS = {
    "mentor": ("listening-as-a-mentor", "asking-before-advising", "feedback-without-answers"),
    "manager": ("powerful-questions", "active-listening"),
    "participant": ("driving-the-relationship",),
}


def _practise_learning(app: Growpath, by_role: dict[str, str]) -> None:
    """Complete the demo logins' modules, and make the draft program ask for onboarding."""
    for role, slugs in DEMO_COMPLETIONS.items():
        with app.uow() as uow:
            person = uow.people.by_email(by_role[role])
            if person is None:
                continue
            who = (person.id, person.email)
        for slug in slugs:
            learning.complete_module(demo_actor(app, *who), slug)
    with app.uow() as uow:
        draft = uow.programs.named(DRAFT)
    if draft is not None:
        programs.update_program(
            operator_context(app), draft, {"training_required": "before_matching"}
        )


def _reflect_as_the_demo_participant(app: Growpath, participant_email: str) -> None:
    """Answer the demo participant's oldest reflection prompt and share it with their guide,
    so the prepare page shows a shared reflection to both; the newer prompts wait on Home."""
    with app.uow() as uow:
        person = uow.people.by_email(participant_email)
        if person is None:
            return
        who = (person.id, person.email)
    participant = demo_actor(app, *who)
    running = {
        e.id for e in engagements.my_engagements(participant) if e.status in ("active", "renewed")
    }
    prompts = [p for p in reflection.my_prompts(participant) if p.engagement_id in running]
    if reflection.my_journal(participant) or not prompts:
        return  # seeded before, or nothing was held
    oldest = prompts[-1]
    reflection.write_entry(
        participant,
        oldest.engagement_id,
        "Trying one thing at a time worked better than planning everything. I want to talk "
        "about how to keep going when the week gets busy.",
        prompt_id=oldest.id,
        shared=True,
    )


def seed_demo(app: Growpath, size: int = 300) -> DemoOrganisation:
    """Import the demo organisation and create one login per role (idempotent)."""
    # A year of HR history first (hire dates, promotions, leavers), for the outcome figures.
    history = demo_history(demo_people_csv(size), app.clock.now().date())
    with app.uow() as uow:
        first_time = not uow.demo.has_programs()
    arrived = import_history(app, history) if first_time else 0
    content = history.today
    result = import_people(operator_context(app), content, "demo-people.csv")
    demo_programs = seed_demo_programs(app)
    seed_past_program(app, history)
    seed_demo_lineage(app, PAST_PROGRAM)
    logins = []
    for role, email, name, roles in _pick_logins(app, content):
        try:
            accounts.create_account(app, email, roles, DEMO_PASSWORD)
        except Conflict:
            pass  # seeded before: keep the account as it is
        secret = ""
        if roles & ADMIN_ROLES:
            second_factor.set_up_with_secret(app, email, DEMO_TOTP_SECRET)
            secret = DEMO_TOTP_SECRET
        logins.append(
            DemoLogin(role=role, email=email, password=DEMO_PASSWORD, name=name, totp_secret=secret)
        )
    by_role = {login.role: login.email for login in logins}
    _name_the_demo_program_admin(app, by_role["program admin"])
    _share_with_the_demo_manager(app, by_role["manager"], by_role["participant"])
    seed_demo_practice(app, by_role["manager"], by_role["participant"])
    seed_demo_adoption(app)
    _practise_learning(app, by_role)
    # The participant's program practises coaching in triads; theirs is in round 2 of 3.
    seed_demo_triads(app, by_role["participant"])
    _reflect_as_the_demo_participant(app, by_role["participant"])
    seed_demo_lessons(app, by_role["mentor"], by_role["participant"])
    # The engagements started weeks ago: their check-ins are due, so the participant's home
    # shows one waiting rather than an empty list until the nightly job runs.
    checkins.schedule_checkins(app)
    return DemoOrganisation(
        people=result, logins=logins, programs=demo_programs, newcomers=arrived + result.created
    )
