"""SQLAlchemy tables for the whole product; importing this registers every table."""

import growpath.adapters.orm.foreign_key_indexes  # noqa: F401 - attaches the indexes
from growpath.adapters.orm.base import Base
from growpath.adapters.orm.checkin_questions import (
    CheckInAnswerRow,
    CheckInQuestionRow,
    PublishedAnswerRow,
)
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
from growpath.adapters.orm.identity import SsoIdentityRow
from growpath.adapters.orm.learning import HiddenModuleRow, LearningModuleRow, ModuleCompletionRow
from growpath.adapters.orm.lessons import (
    LessonRow,
    LessonThemeRow,
    MentorFollowRow,
    PublishedLineageRow,
)
from growpath.adapters.orm.operations import AuditEventRow, ConsentRow, DataKeyRow, NudgeRow
from growpath.adapters.orm.outcomes import LevelSeenRow, OutcomePublicationRow
from growpath.adapters.orm.people import (
    ApiTokenRow,
    CalendarFeedRow,
    EmailedLinkRow,
    ImportMappingRow,
    LoginSessionRow,
    PersonRow,
    PersonSkillRow,
    UserRoleRow,
    UserRow,
)
from growpath.adapters.orm.practice import (
    PracticeAnswerRow,
    PracticeConversationRow,
    PublishedAdoptionRow,
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
from growpath.adapters.orm.reflection import JournalEntryRow, ReflectionPromptRow
from growpath.adapters.orm.reporting import (
    PublishedCompetencyChangeRow,
    PublishedParticipantRow,
    PublishedThemeRow,
    ReportCompetencyChangeRow,
    ReportFactsStateRow,
    ReportParticipantRow,
    ReportStaleRow,
    ReportThemeRow,
    ReportUnpublishedRow,
)
from growpath.adapters.orm.saml import SamlAssertionRow, SamlRequestRow
from growpath.adapters.orm.scheduling import (
    BusyIntervalRow,
    BusySourceRow,
    SlotProposalRow,
    WorkingHoursRow,
)
from growpath.adapters.orm.scim import (
    ScimGroupMemberRow,
    ScimGroupRow,
    ScimTokenRow,
    ScimUserRow,
)
from growpath.adapters.orm.second_factor import RecoveryCodeRow, TotpCredentialRow
from growpath.adapters.orm.triads import (
    TriadFeedbackRow,
    TriadMemberRow,
    TriadRoundRow,
    TriadRow,
)

__all__ = [
    "ActionItemRow",
    "ApiTokenRow",
    "AuditEventRow",
    "Base",
    "BusyIntervalRow",
    "BusySourceRow",
    "CalendarFeedRow",
    "CheckInAnswerRow",
    "CheckInQuestionRow",
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
    "HiddenModuleRow",
    "ImportMappingRow",
    "JournalEntryRow",
    "KpiMeasurementRow",
    "LearningModuleRow",
    "LessonRow",
    "LessonThemeRow",
    "LevelSeenRow",
    "LoginSessionRow",
    "MatchProposalRow",
    "MatchRunRow",
    "MentorFollowRow",
    "ModuleCompletionRow",
    "NoteRow",
    "NudgeRow",
    "OutcomePublicationRow",
    "PersonRow",
    "PersonSkillRow",
    "PracticeAnswerRow",
    "PracticeConversationRow",
    "PublishedAdoptionRow",
    "ProgramRow",
    "PublishedAnswerRow",
    "PublishedCompetencyChangeRow",
    "PublishedLineageRow",
    "PublishedParticipantRow",
    "PublishedThemeRow",
    "RecoveryCodeRow",
    "ReflectionPromptRow",
    "ReportCompetencyChangeRow",
    "ReportFactsStateRow",
    "ReportParticipantRow",
    "ReportStaleRow",
    "ReportThemeRow",
    "ReportUnpublishedRow",
    "SamlAssertionRow",
    "SamlRequestRow",
    "ScimGroupMemberRow",
    "ScimGroupRow",
    "ScimTokenRow",
    "ScimUserRow",
    "SessionRow",
    "SessionThemeRow",
    "SlotProposalRow",
    "SsoIdentityRow",
    "TotpCredentialRow",
    "TriadFeedbackRow",
    "TriadMemberRow",
    "TriadRoundRow",
    "TriadRow",
    "UserRoleRow",
    "UserRow",
    "WorkingHoursRow",
]
