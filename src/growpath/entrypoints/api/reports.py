"""API route for program reports (administrators): JSON, or CSV with ?format=csv."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.report_schemas import ReportPublic
from growpath.entrypoints.http.schemas import ERRORS, PathId
from growpath.services import reporting

router = APIRouter(prefix="/api/v1", tags=["reports"], responses=ERRORS)


@router.get(
    "/programs/{program_id}/report",
    response_model=ReportPublic,
    responses={
        200: {
            "description": "The report as JSON, or with ?format=csv as CSV, one figure a line",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def program_report(
    program_id: PathId,
    ctx: CurrentContext,
    export_format: Annotated[
        Literal["json", "csv"], Query(alias="format", description="json (default) or csv")
    ] = "json",
    bom: Annotated[
        bool, Query(description="csv only: start with a UTF-8 byte order mark, for Excel")
    ] = False,
) -> ReportPublic | Response:
    """Return a program's report; every figure covers k people or reads "suppressed"."""
    report = reporting.program_report(ctx, program_id, export_format)
    if export_format == "csv":
        return Response(
            reporting.report_csv(report, bom),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="program-{program_id}-report.csv"'
            },
        )
    return ReportPublic.of(report)
