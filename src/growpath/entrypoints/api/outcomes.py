"""API route for a program's outcome comparison (administrators): JSON, or CSV with ?format=csv."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.outcome_schemas import OutcomesPublic
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import outcomes

router = APIRouter(prefix="/api/v1", tags=["reports"], responses=ERRORS)


@router.get(
    "/programs/{program_id}/outcomes",
    response_model=OutcomesPublic,
    responses={
        200: {
            "description": "The comparison as JSON, or with ?format=csv as CSV, one figure a line",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def program_outcomes(
    program_id: PathId,
    ctx: CurrentContext,
    export_format: Annotated[
        Literal["json", "csv"], Query(alias="format", description="json (default) or csv")
    ] = "json",
    salary: Annotated[
        str | None, Query(description="Annual salary assumed for the turnover cost")
    ] = None,
    share: Annotated[
        str | None, Query(description="Cost of replacing a leaver, in % of salary (default 21)")
    ] = None,
) -> OutcomesPublic | Response:
    """Return retention and promotion of participants against matched non-participants."""
    assumption = outcomes.turnover_assumption(salary, share)
    report = outcomes.program_outcomes(ctx, program_id, assumption, export_format)
    if export_format == "csv":
        return Response(
            outcomes.outcomes_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="program-{program_id}-outcomes.csv"'
            },
        )
    return OutcomesPublic.of(report)
