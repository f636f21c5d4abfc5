"""Repositories: how services find and store rows, one class per noun, without committing."""

from growpath.adapters.repositories.audit import AuditTrail
from growpath.adapters.repositories.calendar_feeds import CalendarFeedRepository
from growpath.adapters.repositories.checkins import CheckInRepository
from growpath.adapters.repositories.competencies import CompetencyRepository
from growpath.adapters.repositories.consents import ConsentRepository
from growpath.adapters.repositories.conversation_guides import ConversationGuideRepository
from growpath.adapters.repositories.data_keys import DataKeyRepository
from growpath.adapters.repositories.demo import DemoRepository
from growpath.adapters.repositories.digests import DigestRepository
from growpath.adapters.repositories.emailed_links import EmailedLinkRepository
from growpath.adapters.repositories.focus_areas import FocusAreaRepository
from growpath.adapters.repositories.health import HealthRepository
from growpath.adapters.repositories.nudges import NudgeRepository
from growpath.adapters.repositories.people import PeopleRepository
from growpath.adapters.repositories.reminders import ReminderRepository
from growpath.adapters.repositories.second_factors import SecondFactorRepository
from growpath.adapters.repositories.sso_identities import SsoIdentityRepository
from growpath.adapters.repositories.themes import ThemeRepository
from growpath.adapters.repositories.trajectories import TrajectoryRepository
from growpath.adapters.repositories.triage import TriageRepository
from growpath.adapters.repositories.users import UserRepository

__all__ = [
    "AuditTrail",
    "CalendarFeedRepository",
    "CheckInRepository",
    "CompetencyRepository",
    "ConsentRepository",
    "ConversationGuideRepository",
    "DataKeyRepository",
    "DemoRepository",
    "DigestRepository",
    "EmailedLinkRepository",
    "FocusAreaRepository",
    "HealthRepository",
    "NudgeRepository",
    "PeopleRepository",
    "ReminderRepository",
    "SecondFactorRepository",
    "SsoIdentityRepository",
    "ThemeRepository",
    "TrajectoryRepository",
    "TriageRepository",
    "UserRepository",
]
