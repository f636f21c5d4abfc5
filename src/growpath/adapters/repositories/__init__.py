"""Repositories: how services find and store rows, one class per noun, without committing."""

from growpath.adapters.repositories.audit import AuditTrail
from growpath.adapters.repositories.people import PeopleRepository
from growpath.adapters.repositories.users import UserRepository

__all__ = [
    "AuditTrail",
    "PeopleRepository",
    "UserRepository",
]
