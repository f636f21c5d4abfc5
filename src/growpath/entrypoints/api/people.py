"""API routes for the people directory, import and export."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import Response

from growpath.domain.errors import InvalidInput, Problem
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.schemas import (
    ERRORS,
    MAX_IMPORT_BYTES,
    MAX_RECORD_ID,
    ImportMappingPublic,
    ImportResultPublic,
    MyProfileUpdate,
    PathId,
    PeoplePagePublic,
    PersonCreate,
    PersonPublic,
    PersonUpdate,
)
from growpath.i18n import N_
from growpath.services import (
    import_mappings,
    import_template,
    people,
    people_import,
    personal_data,
)

router = APIRouter(prefix="/api/v1", tags=["people"])


@router.get("/people", response_model=PeoplePagePublic, responses=ERRORS)
def list_people(
    ctx: CurrentContext,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of name, e-mail or title")
    ] = None,
    department: Annotated[str | None, Query(max_length=120)] = None,
    job_family: Annotated[str | None, Query(max_length=120)] = None,
    seniority_level: Annotated[int | None, Query(ge=1, le=10)] = None,
    manager_id: Annotated[int | None, Query(ge=1, le=MAX_RECORD_ID)] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=people.MAX_PAGE_SIZE)] = 50,
) -> PeoplePagePublic:
    """List people, filtered and paginated."""
    filters = {
        "q": q,
        "department": department,
        "job_family": job_family,
        "seniority_level": seniority_level,
        "manager_id": manager_id,
    }
    result = people.list_people(ctx, filters, page, page_size)
    return PeoplePagePublic(
        items=[PersonPublic.of(p) for p in result.people],
        total=result.total,
        page=result.page,
        page_size=result.page_size,
        pages=result.pages,
    )


@router.get(
    "/people/export",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def export_people(ctx: CurrentContext) -> Response:
    """Export every person as CSV in the import's columns (administrators)."""
    return Response(
        people_import.export_people_csv(ctx),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="people.csv"'},
    )


@router.get(
    "/people/import/template",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def people_import_template(ctx: CurrentContext) -> Response:
    """Download the import's columns with one example row, to fill in (organisation admins)."""
    return Response(
        import_template.import_template_csv(ctx),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="people-template.csv"'},
    )


@router.post("/people/import", response_model=ImportResultPublic, responses=ERRORS)
async def import_people(
    file: Annotated[UploadFile, File(description="HRIS export: CSV, Excel .xlsx or JSON")],
    ctx: CurrentContext,
    preset: Annotated[
        str | None,
        Form(max_length=32, description="bamboohr, workday, hibob, personio or rippling"),
    ] = None,
    saved_mapping: Annotated[
        bool, Form(description="Read the columns by the organisation's saved mapping")
    ] = False,
    dry_run: Annotated[
        bool, Form(description="Check everything and count the changes; write nothing")
    ] = False,
) -> ImportResultPublic:
    """Import people atomically: any bad row writes nothing and every bad row is reported."""
    ctx.require_org_admin(
        N_("only an organisation administrator may import people: the HR records change everyone")
    )
    content = await file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidInput([Problem(N_("the file is larger than 50 MiB"), "file")])
    result = people_import.import_people(
        ctx,
        content,
        file.filename or "upload.csv",
        preset=preset,
        saved_mapping=saved_mapping,
        dry_run=dry_run,
    )
    return ImportResultPublic(
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        dry_run=result.dry_run,
        read_as=result.read_as,
        warnings=list(result.warnings),
        leavers_closed=result.leavers_closed,
    )


@router.get("/people/import/mapping", response_model=ImportMappingPublic, responses=ERRORS)
def read_import_mapping(ctx: CurrentContext) -> ImportMappingPublic:
    """Return the organisation's saved column mapping (administrators)."""
    return ImportMappingPublic(columns=import_mappings.saved_mapping(ctx) or {})


@router.put("/people/import/mapping", response_model=ImportMappingPublic, responses=ERRORS)
def save_import_mapping(body: ImportMappingPublic, ctx: CurrentContext) -> ImportMappingPublic:
    """Save the organisation's column mapping for HRIS files (organisation admins)."""
    return ImportMappingPublic(columns=import_mappings.save_mapping(ctx, body.columns))


@router.get("/people/{person_id}", response_model=PersonPublic, responses=ERRORS)
def read_person(person_id: PathId, ctx: CurrentContext) -> PersonPublic:
    """Return one person."""
    return PersonPublic.of(people.get_person(ctx, person_id))


@router.post("/people", response_model=PersonPublic, status_code=201, responses=ERRORS)
def create_person(body: PersonCreate, ctx: CurrentContext) -> PersonPublic:
    """Add a person (administrators)."""
    return PersonPublic.of(people.create_person(ctx, body.model_dump()))


@router.patch("/people/{person_id}", response_model=PersonPublic, responses=ERRORS)
def update_person(person_id: PathId, body: PersonUpdate, ctx: CurrentContext) -> PersonPublic:
    """Change some fields of a person (administrators)."""
    return PersonPublic.of(
        people.update_person(ctx, person_id, body.model_dump(exclude_unset=True))
    )


@router.patch("/me/profile", response_model=PersonPublic, responses=ERRORS)
def update_my_profile(body: MyProfileUpdate, ctx: CurrentContext) -> PersonPublic:
    """Change one's own time zone, languages, skills, interests and bio, and the language
    growpath speaks to you in (locale)."""
    return PersonPublic.of(people.update_my_profile(ctx, body.model_dump(exclude_unset=True)))


@router.get("/me/data", responses=ERRORS)
def export_my_data(ctx: CurrentContext) -> dict[str, Any]:
    """Download everything growpath holds about you, as JSON, your notes included."""
    return personal_data.export_my_data(ctx)


@router.delete("/people/{person_id}", responses=ERRORS)
def erase_person(person_id: PathId, ctx: CurrentContext) -> dict[str, int]:
    """Erase a person (organisation admins): notes crypto-shredded, profile anonymised."""
    return personal_data.erase_person(ctx, person_id)
