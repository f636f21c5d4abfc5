"""Request and response schemas of the JSON API; the page forms read the same ids."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from growpath.entrypoints.http.error_codes import ERROR_CODES
from growpath.services.people import PersonView

# Ids are PostgreSQL integers: a larger number names no record (and SQLite cannot even bind
# one past 2**63), so it is refused as invalid input before it reaches the database.
MAX_RECORD_ID = 2**31 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_RECORD_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]
# The largest people import, by the API or the admin page.
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class ProblemPublic(BaseModel):
    """One reason a request was refused."""

    reason: str
    field: str | None = None
    line: int | None = None


class ErrorPublic(BaseModel):
    """The body of every 4xx answer."""

    # In the reader's language (their choice, else Accept-Language, else the default).
    detail: str
    problems: list[ProblemPublic] = []
    # What a client branches on: stable whatever the wording or language of detail.
    code: str = Field(
        description="What kind of error, stable across versions and languages: "
        + "; ".join(f"{code}: {meaning}" for code, meaning in ERROR_CODES.items()),
        examples=["not_found"],
    )


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Document the error answers a route gives, each with the ErrorPublic body."""
    return {code: {"model": ErrorPublic} for code in codes}


# 400 is a body that is not JSON at all; 422 is JSON that does not fit the schema.
ERRORS = error_responses(400, 401, 403, 404, 409, 422)


class TokenRequest(BaseModel):
    """Credentials exchanged for an API token."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "ada@example.com", "password": "••••••••••••"}]}
    )
    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)
    code: str = Field(
        default="",
        max_length=20,
        description="When two-step login is on: the code of the authenticator app, or a "
        "recovery code",
    )


class TokenPublic(BaseModel):
    """An issued bearer token; send it as `Authorization: Bearer <access_token>`."""

    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_at: datetime


class PasswordChange(BaseModel):
    """The current password and the one to replace it."""

    current_password: str = Field(max_length=1000)
    new_password: str = Field(
        max_length=1000, description="At least 12 characters, not only letters or digits."
    )


class InvitationCreate(BaseModel):
    """A person to invite by e-mail; the link goes to that address only, never to the admin."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email": "coach@external.example", "roles": ["participant"]}]
        }
    )
    email: str = Field(max_length=320)
    roles: list[Literal["participant", "program_admin", "org_admin"]] = ["participant"]


class InvitationPublic(BaseModel):
    """Where an invitation stands; its link is in the invitee's mailbox and nowhere else."""

    id: int
    email: str
    roles: list[str]
    created_at: datetime
    expires_at: datetime
    status: Literal["pending", "accepted", "expired", "revoked"]


class InvitationAccept(BaseModel):
    """The token from an invitation e-mail and the password its recipient chooses."""

    token: str = Field(max_length=200)
    password: str = Field(
        max_length=1000, description="At least 12 characters, not only letters or digits."
    )


class PasswordResetRequest(BaseModel):
    """The login address to send a reset link to (the answer is the same for any address)."""

    email: str = Field(max_length=320)


class PasswordReset(BaseModel):
    """The token from a reset e-mail and the new password."""

    token: str = Field(max_length=200)
    new_password: str = Field(
        max_length=1000, description="At least 12 characters, not only letters or digits."
    )


class EmailChangeRequest(BaseModel):
    """The address to move one's login to; it must confirm by the link it is sent."""

    new_email: str = Field(max_length=320)


class NoticePublic(BaseModel):
    """What happens next, in words (the same words whatever the request found)."""

    detail: str


class EmailChangeConfirm(BaseModel):
    """The token from the confirmation e-mail sent to the new address."""

    token: str = Field(max_length=200)


class MePublic(BaseModel):
    """The logged-in account."""

    user_id: int
    email: str
    person_id: int | None
    roles: list[str]
    must_change_password: bool
    locale: str | None = Field(
        default=None,
        description="The language chosen for pages and mail; null: the browser's language",
        examples=["de"],
    )


class PersonBase(BaseModel):
    """Fields shared by every person schema."""

    is_external: bool = Field(default=False, description="An external coach, not in the HRIS")
    name: str = Field(min_length=1, max_length=200, examples=["Ada Lovelace"])
    title: str = Field(default="", max_length=200, examples=["Staff Engineer"])
    department: str = Field(default="", max_length=120, examples=["Platform"])
    manager_email: str | None = Field(default=None, examples=["grace@example.com"])
    seniority_level: int | None = Field(default=None, ge=1, le=10, examples=[5])
    job_family: str = Field(default="", max_length=120, examples=["Engineering"])
    timezone: str = Field(default="UTC", examples=["Europe/London"])
    languages: list[str] = Field(default_factory=list, examples=[["en", "fr"]])
    skills: dict[str, int] = Field(default_factory=dict, examples=[{"python": 4, "sql": 3}])
    interests: list[str] = Field(default_factory=list, examples=[["climbing", "chess"]])
    bio: str = Field(default="", max_length=5000)


class PersonCreate(PersonBase):
    """A person to add."""

    email: str = Field(max_length=320, examples=["ada@example.com"])


class PersonUpdate(BaseModel):
    """Fields of a person to change; those left out stay as they are."""

    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    title: str | None = Field(default=None, max_length=200)
    department: str | None = Field(default=None, max_length=120)
    manager_email: str | None = None
    seniority_level: int | None = Field(default=None, ge=1, le=10)
    job_family: str | None = Field(default=None, max_length=120)
    timezone: str | None = None
    languages: list[str] | None = None
    skills: dict[str, int] | None = None
    interests: list[str] | None = None
    bio: str | None = Field(default=None, max_length=5000)
    is_external: bool | None = None


class MyProfileUpdate(BaseModel):
    """The parts of one's own profile that matching uses; the HR record stays with admins."""

    model_config = ConfigDict(extra="forbid")

    timezone: str | None = None
    languages: list[str] | None = None
    skills: dict[str, int] | None = None
    interests: list[str] | None = None
    bio: str | None = Field(default=None, max_length=5000)
    # The account's, not the person's: checked against the shipped locales by the service.
    locale: str | None = Field(
        default=None,
        max_length=16,
        description="The language for pages and mail: en, de, fr, es or pt_BR; null: the "
        "browser's language",
        examples=["de"],
    )


class PersonPublic(PersonBase):
    """A person as the directory shows them."""

    id: int
    email: str
    manager_id: int | None

    @classmethod
    def of(cls, person: PersonView) -> PersonPublic:
        """Build the public view of a person."""
        return cls.model_validate(person, from_attributes=True)


class PeoplePagePublic(BaseModel):
    """One page of people."""

    items: list[PersonPublic]
    total: int
    page: int
    page_size: int
    pages: int


class ImportResultPublic(BaseModel):
    """What an import changed (or, in a dry run, would change), and how it read the file."""

    created: int
    updated: int
    unchanged: int = 0
    dry_run: bool = False
    read_as: str = Field(default="", examples=["CSV, Windows-1252, semicolon-separated"])
    warnings: list[str] = Field(default_factory=list)
    leavers_closed: int = Field(
        default=0, description="People whose leave date had come: their accounts were closed"
    )


class ImportMappingPublic(BaseModel):
    """The saved column mapping: each column of the HRIS file and the field it fills."""

    columns: dict[str, str] = Field(
        examples=[
            {"Work Email": "email", "Preferred Name": "name", "Line Manager": "manager_email"}
        ]
    )
