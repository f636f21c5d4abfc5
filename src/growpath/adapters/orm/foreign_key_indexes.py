"""An index on every foreign key that has none of its own: joins and the deletes that cascade
through these columns read them (PostgreSQL indexes the referenced side, never the referring)."""

from sqlalchemy import Index
from sqlalchemy.sql.elements import KeyedColumnElement

from growpath.adapters.orm.engagements import (
    ActionItemRow,
    CheckInRow,
    CompetencyRatingRow,
    EngagementRow,
    KpiMeasurementRow,
    NoteRow,
    SessionThemeRow,
)
from growpath.adapters.orm.people import EmailedLinkRow, ImportMappingRow, UserRoleRow
from growpath.adapters.orm.programs import ExclusionRow, MatchProposalRow, MatchRunRow
from growpath.adapters.orm.reporting import (
    PublishedCompetencyChangeRow,
    PublishedThemeRow,
    ReportCompetencyChangeRow,
    ReportThemeRow,
)

INDEXED: list[KeyedColumnElement[object]] = [
    ActionItemRow.__table__.c.owner_person_id,
    CheckInRow.__table__.c.comment_data_key_id,
    CompetencyRatingRow.__table__.c.competency_id,
    CompetencyRatingRow.__table__.c.rater_person_id,
    CompetencyRatingRow.__table__.c.subject_person_id,
    EmailedLinkRow.__table__.c.created_by_user_id,
    EngagementRow.__table__.c.proposal_id,
    ExclusionRow.__table__.c.mentee_person_id,
    ExclusionRow.__table__.c.mentor_person_id,
    ImportMappingRow.__table__.c.updated_by_user_id,
    KpiMeasurementRow.__table__.c.recorded_by_person_id,
    MatchProposalRow.__table__.c.program_id,
    MatchProposalRow.__table__.c.run_id,
    MatchRunRow.__table__.c.created_by_user_id,
    MatchRunRow.__table__.c.program_id,
    NoteRow.__table__.c.author_person_id,
    NoteRow.__table__.c.data_key_id,
    PublishedCompetencyChangeRow.__table__.c.enrolment_id,
    PublishedThemeRow.__table__.c.enrolment_id,
    ReportCompetencyChangeRow.__table__.c.enrolment_id,
    ReportThemeRow.__table__.c.enrolment_id,
    SessionThemeRow.__table__.c.theme_id,
    UserRoleRow.__table__.c.program_id,
]
for column in INDEXED:
    Index(None, column)  # named by the metadata's convention: ix_<table>_<column>
