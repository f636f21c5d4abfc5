"""Admins' people import pages: upload with a preset or the saved mapping, preview, and the
saved column mapping itself."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from growpath.domain.errors import InvalidInput, Problem
from growpath.domain.hris_columns import MAPPABLE_FIELDS, PRESET_LABELS
from growpath.entrypoints.http.context import CurrentContext
from growpath.entrypoints.http.language import translator
from growpath.entrypoints.http.schemas import MAX_IMPORT_BYTES
from growpath.entrypoints.web.rendering import problems_of, render, see_other
from growpath.entrypoints.web.security import csrf_protected
from growpath.i18n import N_, Translator
from growpath.services import import_mappings, people_import, programs

router = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protected)])
SAVED = "saved"  # the import form's choice of the saved mapping, beside the presets
MAX_IMPORTED = 10_000_000  # a bound on the count of new people the next-steps card names


def _page(
    request: Request, ctx: CurrentContext, status_code: int = 200, **extra: object
) -> Response:
    context: dict[str, object] = {
        "actor": ctx.actor,
        "problems": [],
        "presets": PRESET_LABELS,
        "has_saved_mapping": import_mappings.saved_mapping(ctx) is not None,
        "chosen": "",
        **extra,
    }
    return render(request, "admin/import.html", context, status_code=status_code)


@router.get("/admin/people/import")
def import_form(
    request: Request,
    ctx: CurrentContext,
    imported: Annotated[int | None, Query(ge=0, le=MAX_IMPORTED)] = None,
) -> Response:
    """Show the people import form; after an import, the next steps with their links."""
    ctx.require_org_admin(
        N_("only an organisation administrator may import people: the HR records change everyone")
    )
    if imported is None:
        return _page(request, ctx)
    # Matching needs both sides enrolled: only such open programs are worth running it for.
    ready = [p for p in programs.list_programs(ctx, "open") if p.participants and p.guides]
    return _page(request, ctx, new_people=imported, ready_programs=ready, next_steps=True)


@router.post("/admin/people/import")
async def import_people(
    request: Request,
    ctx: CurrentContext,
    file: Annotated[UploadFile | None, File()] = None,
    columns: Annotated[str, Form(max_length=32)] = "",
    preview: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Import an HRIS file atomically (or preview it); on any bad row, list every one."""
    ctx.require_org_admin(
        N_("only an organisation administrator may import people: the HR records change everyone")
    )
    tr = translator(request, ctx.actor)
    try:
        if file is None or not file.filename:
            raise InvalidInput(
                [Problem(tr(N_("choose a CSV, Excel or JSON file to import")), "file")]
            )
        content = await file.read(MAX_IMPORT_BYTES + 1)
        if len(content) > MAX_IMPORT_BYTES:
            raise InvalidInput([Problem(tr(N_("the file is larger than 50 MiB")), "file")])
        result = people_import.import_people(
            ctx,
            content,
            file.filename,
            preset=None if columns in ("", SAVED) else columns,
            saved_mapping=columns == SAVED,
            dry_run=bool(preview),
        )
    except InvalidInput as exc:
        filename = file and file.filename
        return _page(
            request, ctx, 422, problems=problems_of(exc), filename=filename, chosen=columns
        )
    if result.dry_run:
        return _page(request, ctx, preview=result, filename=file.filename, chosen=columns)
    counts = tr(
        N_("%(created)s created, %(updated)s updated, %(unchanged)s unchanged"),
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
    )
    if result.leavers_closed:
        left = tr(N_("%(count)s who left can no longer log in"), count=result.leavers_closed)
        counts = f"{counts}; {left}"
    said = tr(N_("Imported %(total)s people: %(counts)s."), total=result.total, counts=counts)
    return see_other(
        request,
        f"/admin/people/import?imported={result.created}",
        " ".join([said, *result.warnings]),
    )


@router.get("/admin/people/import/mapping")
def mapping_form(request: Request, ctx: CurrentContext) -> Response:
    """Show the organisation's saved column mapping, one "File column = field" per line."""
    saved = import_mappings.saved_mapping(ctx) or {}
    text = "\n".join(f"{column} = {field}" for column, field in saved.items())
    return _mapping_page(request, ctx, text)


@router.post("/admin/people/import/mapping")
def save_mapping(
    request: Request,
    ctx: CurrentContext,
    mapping: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Save the organisation's column mapping; on a problem, show every one."""
    try:
        import_mappings.save_mapping(ctx, _mapping_lines(translator(request, ctx.actor), mapping))
    except InvalidInput as exc:
        return _mapping_page(request, ctx, mapping, problems_of(exc), 422)
    said = translator(request, ctx.actor)(N_("Saved the column mapping."))
    return see_other(request, "/admin/people/import/mapping", said)


def _mapping_page(
    request: Request,
    ctx: CurrentContext,
    text: str,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "actor": ctx.actor,
        "mapping": text,
        "problems": problems or [],
        "fields": MAPPABLE_FIELDS,
    }
    return render(request, "admin/import_mapping.html", context, status_code=status_code)


def _mapping_lines(tr: Translator, text: str) -> dict[str, str]:
    columns: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        column, sep, field = line.rpartition("=")
        if not sep or not column.strip():
            reason = tr(N_("write each line as: File column = field"))
            problems.append(Problem(reason, "mapping", number))
        elif column.strip() in columns:
            reason = tr(N_("column '%(column)s' is named twice"), column=column.strip())
            problems.append(Problem(reason, "mapping", number))
        else:
            columns[column.strip()] = field.strip()
    if problems:
        raise InvalidInput(problems)
    return columns
