"""The unit of work: one transaction around a use case, with its repositories."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from growpath.adapters import report_facts
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
    ThemeRepository,
    TrajectoryRepository,
    TriageRepository,
    UserRepository,
)
from growpath.adapters.repositories.engagements import EngagementRepository
from growpath.adapters.repositories.enrolments import EnrolmentRepository
from growpath.adapters.repositories.goals import GoalRepository
from growpath.adapters.repositories.import_mappings import ImportMappingRepository
from growpath.adapters.repositories.program_admins import ProgramAdminRepository
from growpath.adapters.repositories.programs import ProgramRepository
from growpath.adapters.repositories.proposals import ProposalRepository
from growpath.adapters.repositories.sessions import SessionRepository


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return the sessions of every unit of work: built once, they keep the report facts."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    report_facts.keep_up_to_date(factory)
    return factory


class UnitOfWork:
    """Opens a database session on enter; anything not committed rolls back on exit."""

    session: Session
    people: PeopleRepository
    users: UserRepository
    audit: AuditTrail
    calendar_feeds: CalendarFeedRepository
    proposals: ProposalRepository
    engagements: EngagementRepository
    enrolments: EnrolmentRepository
    sessions: SessionRepository
    goals: GoalRepository
    home: HomeQueries
    caseload: CaseloadQueries
    programs: ProgramRepository
    program_admins: ProgramAdminRepository
    match_queries: MatchQueries
    reports: ReportStore
    checkins: CheckInRepository
    competencies: CompetencyRepository
    consents: ConsentRepository
    conversation_guides: ConversationGuideRepository
    data_keys: DataKeyRepository
    demo: DemoRepository
    digests: DigestRepository
    emailed_links: EmailedLinkRepository
    focus_areas: FocusAreaRepository
    health: HealthRepository
    nudges: NudgeRepository
    reminders: ReminderRepository
    themes: ThemeRepository
    trajectories: TrajectoryRepository
    triage: TriageRepository
    import_mappings: ImportMappingRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.people = PeopleRepository(self.session)
        self.users = UserRepository(self.session)
        self.audit = AuditTrail(self.session)
        self.calendar_feeds = CalendarFeedRepository(self.session)
        self.proposals = ProposalRepository(self.session)
        self.engagements = EngagementRepository(self.session)
        self.enrolments = EnrolmentRepository(self.session)
        self.sessions = SessionRepository(self.session)
        self.goals = GoalRepository(self.session)
        self.home = HomeQueries(self.session)
        self.caseload = CaseloadQueries(self.session)
        self.programs = ProgramRepository(self.session)
        self.program_admins = ProgramAdminRepository(self.session)
        self.match_queries = MatchQueries(self.session)
        self.reports = ReportStore(self.session)
        self.checkins = CheckInRepository(self.session)
        self.competencies = CompetencyRepository(self.session)
        self.consents = ConsentRepository(self.session)
        self.conversation_guides = ConversationGuideRepository(self.session)
        self.data_keys = DataKeyRepository(self.session)
        self.demo = DemoRepository(self.session)
        self.digests = DigestRepository(self.session)
        self.emailed_links = EmailedLinkRepository(self.session)
        self.focus_areas = FocusAreaRepository(self.session)
        self.health = HealthRepository(self.session)
        self.nudges = NudgeRepository(self.session)
        self.reminders = ReminderRepository(self.session)
        self.themes = ThemeRepository(self.session)
        self.trajectories = TrajectoryRepository(self.session)
        self.triage = TriageRepository(self.session)
        self.import_mappings = ImportMappingRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        """Make the use case's changes permanent."""
        self.session.commit()

    def rollback(self) -> None:
        """Discard the use case's changes."""
        self.session.rollback()
