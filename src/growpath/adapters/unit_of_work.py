"""The unit of work: one transaction around a use case, with its repositories."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from threading import Lock
from types import TracebackType
from typing import Generic, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from growpath.adapters import read_only_end, report_facts
from growpath.adapters.caseload_queries import CaseloadQueries
from growpath.adapters.home_queries import HomeQueries
from growpath.adapters.match_queries import MatchQueries
from growpath.adapters.report_store import ReportStore
from growpath.adapters.repositories import (
    AuditTrail,
    CalendarFeedRepository,
    CheckInRepository,
    CompetencyRepository,
    ConsentRepository,
    ConversationGuideRepository,
    DataKeyRepository,
    DemoRepository,
    DigestRepository,
    EmailedLinkRepository,
    FocusAreaRepository,
    HealthRepository,
    NudgeRepository,
    PeopleRepository,
    ReminderRepository,
    SecondFactorRepository,
    SsoIdentityRepository,
    ThemeRepository,
    TrajectoryRepository,
    TriageRepository,
    UserRepository,
    audit,
)
from growpath.adapters.repositories.busy_times import BusyTimeRepository
from growpath.adapters.repositories.checkin_questions import CheckInQuestionRepository
from growpath.adapters.repositories.engagements import EngagementRepository
from growpath.adapters.repositories.enrolments import EnrolmentRepository
from growpath.adapters.repositories.goals import GoalRepository
from growpath.adapters.repositories.import_mappings import ImportMappingRepository
from growpath.adapters.repositories.learning import LearningRepository
from growpath.adapters.repositories.lessons import LessonRepository
from growpath.adapters.repositories.lineage import LineageRepository
from growpath.adapters.repositories.outcomes import OutcomeRepository
from growpath.adapters.repositories.practice import PracticeRepository
from growpath.adapters.repositories.program_admins import ProgramAdminRepository
from growpath.adapters.repositories.programs import ProgramRepository
from growpath.adapters.repositories.proposals import ProposalRepository
from growpath.adapters.repositories.reflection import ReflectionRepository
from growpath.adapters.repositories.saml import SamlRequestRepository
from growpath.adapters.repositories.scim import ScimRepository
from growpath.adapters.repositories.sessions import SessionRepository
from growpath.adapters.repositories.slot_proposals import SlotProposalRepository
from growpath.adapters.repositories.triads import TriadRepository
from growpath.adapters.repositories.working_hours import WorkingHoursRepository
from growpath.domain.errors import RaceLost


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return the sessions of every unit of work: built once, they keep the report facts."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    report_facts.keep_up_to_date(factory)
    audit.write_staged_at_commit(factory)
    read_only_end.track_writes(engine, factory)
    return factory


R = TypeVar("R")


class _Repository(Generic[R]):
    """A unit of work's repository, built on first use on the unit of work's session.

    A use case touches a handful of the forty repositories; building them all on every enter
    cost each request some forty objects it never used.
    """

    def __init__(self, build: Callable[[Session], R]) -> None:
        self._build = build
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, uow: UnitOfWork, owner: type | None = None) -> R:
        repository = self._build(uow.session)
        # Kept on the instance, which from now on answers without this descriptor.
        uow.__dict__[self._name] = repository
        return repository


class UnitOfWork:
    """Opens a database session on enter; anything not committed rolls back on exit."""

    session: Session
    people = _Repository(PeopleRepository)
    users = _Repository(UserRepository)
    audit = _Repository(AuditTrail)
    calendar_feeds = _Repository(CalendarFeedRepository)
    proposals = _Repository(ProposalRepository)
    engagements = _Repository(EngagementRepository)
    enrolments = _Repository(EnrolmentRepository)
    sessions = _Repository(SessionRepository)
    goals = _Repository(GoalRepository)
    home = _Repository(HomeQueries)
    caseload = _Repository(CaseloadQueries)
    programs = _Repository(ProgramRepository)
    program_admins = _Repository(ProgramAdminRepository)
    match_queries = _Repository(MatchQueries)
    reports = _Repository(ReportStore)
    checkins = _Repository(CheckInRepository)
    competencies = _Repository(CompetencyRepository)
    consents = _Repository(ConsentRepository)
    conversation_guides = _Repository(ConversationGuideRepository)
    data_keys = _Repository(DataKeyRepository)
    demo = _Repository(DemoRepository)
    digests = _Repository(DigestRepository)
    emailed_links = _Repository(EmailedLinkRepository)
    focus_areas = _Repository(FocusAreaRepository)
    health = _Repository(HealthRepository)
    nudges = _Repository(NudgeRepository)
    reminders = _Repository(ReminderRepository)
    second_factors = _Repository(SecondFactorRepository)
    themes = _Repository(ThemeRepository)
    trajectories = _Repository(TrajectoryRepository)
    triage = _Repository(TriageRepository)
    import_mappings = _Repository(ImportMappingRepository)
    saml = _Repository(SamlRequestRepository)
    scim = _Repository(ScimRepository)
    sso_identities = _Repository(SsoIdentityRepository)
    working_hours = _Repository(WorkingHoursRepository)
    busy_times = _Repository(BusyTimeRepository)
    slot_proposals = _Repository(SlotProposalRepository)
    outcomes = _Repository(OutcomeRepository)
    practice = _Repository(PracticeRepository)
    learning = _Repository(LearningRepository)
    triads = _Repository(TriadRepository)
    reflection = _Repository(ReflectionRepository)
    checkin_questions = _Repository(CheckInQuestionRepository)
    lessons = _Repository(LessonRepository)
    lineage = _Repository(LineageRepository)

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        # The repositories of a previous use of this unit of work belong to its closed session.
        for name in _REPOSITORY_NAMES:
            self.__dict__.pop(name, None)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._end(failed=exc_type is not None)

    def _end(self, failed: bool) -> None:
        # What was not committed is discarded; a transaction that only read ends with COMMIT,
        # which keeps the driver's prepared statements (adapters/read_only_end.py).
        if not failed and read_only_end.only_read(self.session):
            self.session.commit()
        else:
            self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        """Make the use case's changes permanent."""
        self.session.commit()

    def rollback(self) -> None:
        """Discard the use case's changes."""
        self.session.rollback()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Keep what is staged inside (a page's audit entries) unwritten until the commit.

        Each query would otherwise first flush the entries staged before it: one INSERT per
        entry, each its own round trip; at the commit they go in together.
        """
        with self.session.no_autoflush:
            yield

    @contextmanager
    def racing(self, message: str, **values: object) -> Iterator[None]:
        """Turn a unique key another use case took first into RaceLost, its work rolled back."""
        try:
            yield
        except IntegrityError as exc:
            self.session.rollback()
            raise RaceLost(message, **values) from exc


class RequestUnitOfWork(UnitOfWork):
    """The unit of work a request's login lookup opens, lent once to the request's first use
    case, which goes on in the lookup's transaction on the lookup's connection.

    Two units of work a request cost a second pool check-out with its ping, BEGIN and COMMIT
    (about 0.2 ms of the app's CPU and three commands of the database's). Lent once and only
    while nobody else holds it: a use case entered inside another (or after it) gets a fresh
    unit of work, as every use case did before; the one lent to ends as any other does
    (committed, or ended and closed on exit), so nothing is left for the next to see.
    """

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        super().__init__(session_factory)
        self._state = "new"  # new → open (the lookup's) → lent → done
        # Taken to lend or finish: two threads of one request never both get the session.
        self._lending = Lock()

    def open(self) -> UnitOfWork:
        """Start the request's transaction, for the login lookup; it stays open."""
        if self._state != "new":
            raise RuntimeError("a request's unit of work opens once")
        super().__enter__()
        self._state = "open"
        return self

    def lend(self) -> UnitOfWork | None:
        """Return this unit of work, still open, the first time; None after that."""
        with self._lending:
            if self._state != "open":
                return None
            self._state = "lent"
            return self

    def __enter__(self) -> UnitOfWork:
        if self._state != "lent":
            raise RuntimeError("a request's unit of work is entered once, through lend()")
        # Goes on in the open session: the repositories the lookup built belong to it.
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._state = "done"
        self._end(failed=exc_type is not None)

    @property
    def is_open(self) -> bool:
        """Whether the lookup's transaction is still open, no use case having taken it over."""
        return self._state == "open"

    def finish(self, failed: bool) -> None:
        """End the request: close the lookup's transaction if no use case took it over."""
        with self._lending:
            if self._state != "open":
                return
            self._state = "done"
        self._end(failed)


_REPOSITORY_NAMES = tuple(
    name for name, value in vars(UnitOfWork).items() if isinstance(value, _Repository)
)
