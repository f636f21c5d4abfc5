"""SQLAlchemy tables for the whole product; importing this registers every table."""

from growpath.adapters.orm.base import Base
from growpath.adapters.orm.engagements import (
    ActionItemRow,
    CheckInRow,
    CompetencyRatingRow,
    EngagementMemberRow,
    EngagementRow,
    GoalRow,
    KpiMeasurementRow,
    NoteRow,
    SessionRow,
    SessionThemeRow,
)
from growpath.adapters.orm.operations import AuditEventRow, ConsentRow, DataKeyRow, NudgeRow
from growpath.adapters.orm.people import (
    ApiTokenRow,
    EmailedLinkRow,
    LoginSessionRow,
    PersonRow,
    PersonSkillRow,
    UserRoleRow,
    UserRow,
)
from growpath.adapters.orm.programs import (
    CompetencyRow,
    DevelopmentThemeRow,
    EnrolmentRow,
    ExclusionRow,
    MatchProposalRow,
    MatchRunRow,
    ProgramRow,
)
from growpath.adapters.orm.reporting import (
    ReportCompetencyChangeRow,
    ReportFactsStateRow,
    ReportParticipantRow,
    ReportStaleRow,
    ReportThemeRow,
)

__all__ = [
    "ActionItemRow",
    "ApiTokenRow",
    "AuditEventRow",
    "Base",
    "CheckInRow",
    "CompetencyRatingRow",
    "CompetencyRow",
    "ConsentRow",
    "DataKeyRow",
    "DevelopmentThemeRow",
    "EmailedLinkRow",
    "EngagementMemberRow",
    "EngagementRow",
    "EnrolmentRow",
    "ExclusionRow",
    "GoalRow",
    "KpiMeasurementRow",
    "LoginSessionRow",
    "MatchProposalRow",
    "MatchRunRow",
    "NoteRow",
    "NudgeRow",
    "PersonRow",
    "PersonSkillRow",
    "ProgramRow",
    "ReportCompetencyChangeRow",
    "ReportFactsStateRow",
    "ReportParticipantRow",
    "ReportStaleRow",
    "ReportThemeRow",
    "SessionRow",
    "SessionThemeRow",
    "UserRoleRow",
    "UserRow",
]
