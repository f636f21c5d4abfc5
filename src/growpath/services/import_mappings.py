"""The organisation's saved column mapping for HRIS files that no preset fits."""

from __future__ import annotations

from growpath.adapters.orm import ImportMappingRow
from growpath.domain.hris_columns import check_mapping
from growpath.i18n import N_
from growpath.services.context import Context


def saved_mapping(ctx: Context) -> dict[str, str] | None:
    """Return the saved mapping (file column -> growpath field), or None if none is saved."""
    ctx.require_org_admin(
        N_("only an organisation administrator may read the import's column mapping")
    )
    with ctx.uow() as uow:
        saved = uow.import_mappings.saved()
        return dict(saved.columns) if saved else None


def save_mapping(ctx: Context, mapping: object) -> dict[str, str]:
    """Check and save the organisation's column mapping, replacing any saved before."""
    ctx.require_org_admin(
        N_("only an organisation administrator may save the import's column mapping")
    )
    columns = check_mapping(mapping)
    with ctx.uow() as uow:
        saved = uow.import_mappings.saved()
        if saved is None:
            saved = ImportMappingRow(columns=columns, updated_at=ctx.now)
            uow.import_mappings.add(saved)
        saved.columns = columns
        saved.updated_at, saved.updated_by_user_id = ctx.now, ctx.actor_user_id
        uow.audit.record(
            ctx.now,
            ctx.actor_user_id,
            "people.import_mapping",
            "people",
            "",
            ctx.source_address,
            detail={"columns": len(columns)},
        )
        uow.commit()
    return columns
