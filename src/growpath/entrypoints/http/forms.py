"""Page forms, declared once by the API schemas they share.

A page form carries the same input as an API body, but as text: a page that cannot read a
number or a date shows the form again with the field named and what was typed kept, where the
API answers 422. So a page form is derived from its API schema, field for field with the
schema's length limits, each field read as text ("" when left out); the page then reads the
typed values with ``web.form_fields`` and the service checks the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Form
from pydantic import BaseModel, Field, create_model

from growpath.entrypoints.http.program_schemas import (
    CharterBody,
    CheckInAnswer,
    EngagementChange,
    GoalCreate,
    GoalStatusChange,
    MeasurementCreate,
    RatingCreate,
    SessionCancel,
    SessionCreate,
    SessionReschedule,
)
from growpath.entrypoints.http.schemas import PasswordChange, TokenRequest

# The limit of a field the schema types as a number, date or choice: no typed value is longer.
TYPED_LIMIT = 200
# The limit of a text field the schema leaves unbounded.
TEXT_LIMIT = 4000


class TextForm(BaseModel):
    """A page form: every field as the text that was typed."""

    def text(self) -> dict[str, str]:
        """Return the typed text by field name, to read and to show again on a problem."""
        return {name: str(value) for name, value in self.model_dump().items()}


def _limit(schema: type[BaseModel], name: str) -> int:
    field = schema.model_fields[name]
    # Pydantic keeps Field(max_length=...) as a MaxLen constraint in the field's metadata.
    limits = [
        limit for m in field.metadata if isinstance(limit := getattr(m, "max_length", None), int)
    ]
    if limits:
        return limits[0]
    return TEXT_LIMIT if field.annotation is str else TYPED_LIMIT


def text_form(schema: type[BaseModel], *page_only: str) -> type[TextForm]:
    """Derive a page form from an API schema; page_only names hidden fields the page adds."""
    fields: dict[str, Any] = {
        name: (str, Field(default="", max_length=_limit(schema, name)))
        for name in schema.model_fields
    }
    fields.update({name: (str, Field(default="", max_length=TYPED_LIMIT)) for name in page_only})
    form: type[TextForm] = create_model(
        schema.__name__.removesuffix("Body") + "Form", __base__=TextForm, **fields
    )
    return form


class LoginForm(TokenRequest):
    """The login form: the API's credentials, and the page to go on to."""

    # Empty when the visitor asked for no page: they land on their role's page.
    next: str = Field(default="", max_length=2000)


class ProfileForm(BaseModel):
    """The own-profile page form: skills as rows, languages as choices, a time zone."""

    skill_name: list[Annotated[str, Field(max_length=200)]] = Field([], max_length=60)
    skill_level: list[Annotated[str, Field(max_length=10)]] = Field([], max_length=60)
    languages: list[Annotated[str, Field(max_length=20)]] = Field([], max_length=60)
    timezone: str = Field(default="", max_length=64)
    interests: str = Field(default="", max_length=1000)
    bio: str = Field(default="", max_length=5000)
    locale: str = Field(default="", max_length=16)
    # Present when "More rows" was pressed: show more empty skill rows and save nothing.
    more_rows: str = Field(default="", max_length=20)


class LanguageForm(BaseModel):
    """The language switcher in every page's footer: a locale ("" for the browser's)."""

    locale: str = Field(default="", max_length=16)
    # The page the switcher was on, to show it again in the chosen language.
    back: str = Field(default="", max_length=2000)


if TYPE_CHECKING:
    # To the type checker every derived form is a TextForm; FastAPI reads the derived fields.
    TransitionForm = Annotated[TextForm, Form()]
    GoalForm = Annotated[TextForm, Form()]
    MeasurementForm = Annotated[TextForm, Form()]
    GoalStatusForm = Annotated[TextForm, Form()]
    CharterForm = Annotated[TextForm, Form()]
    RatingForm = Annotated[TextForm, Form()]
    ScheduleForm = Annotated[TextForm, Form()]
    RescheduleForm = Annotated[TextForm, Form()]
    CancelForm = Annotated[TextForm, Form()]
    CheckInForm = Annotated[TextForm, Form()]
else:
    TransitionForm = Annotated[text_form(EngagementChange, "confirm"), Form()]
    GoalForm = Annotated[text_form(GoalCreate), Form()]
    MeasurementForm = Annotated[text_form(MeasurementCreate, "engagement_id"), Form()]
    GoalStatusForm = Annotated[text_form(GoalStatusChange), Form()]
    CharterForm = Annotated[text_form(CharterBody), Form()]
    RatingForm = Annotated[text_form(RatingCreate), Form()]
    ScheduleForm = Annotated[text_form(SessionCreate, "timezone"), Form()]
    RescheduleForm = Annotated[text_form(SessionReschedule, "timezone"), Form()]
    CancelForm = Annotated[text_form(SessionCancel, "confirm"), Form()]
    CheckInForm = Annotated[text_form(CheckInAnswer), Form()]
PasswordForm = Annotated[PasswordChange, Form()]
ProfileFields = Annotated[ProfileForm, Form()]
LanguageFields = Annotated[LanguageForm, Form()]
LoginFields = Annotated[LoginForm, Form()]
