"""/scim/v2: SCIM 2.0 provisioning for an identity provider, with its own bearer tokens only.

Every route needs a token from `growpath scim token create`: user API tokens and session
cookies are no authority here. Bearer-only, so there is no CSRF check (app.py includes this
router without api_write_protected on purpose). Errors take the SCIM form (errors.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from scim2_models import (
    Context as ScimContext,
)
from scim2_models import (
    ListResponse,
    PatchOp,
    ResourceType,
    ResponseParameters,
    Schema,
    SearchRequest,
)

from growpath.entrypoints.http.context import app_of, client_address
from growpath.entrypoints.scim.errors import (
    CHALLENGE,
    PREFIX,
    ScimFailure,
    from_validation,
    scim_json,
)
from growpath.entrypoints.scim.resources import (
    group_resource,
    manager_as_sent_by_entra,
    user_resource,
    wanted_group,
    wanted_person,
)
from growpath.entrypoints.scim.schema import (
    CONFIG,
    MAX_RESULTS,
    PROVIDER,
    GroupResource,
    UserResource,
)
from growpath.services import provisioning, scim_groups, scim_tokens
from growpath.services.context import Context

router = APIRouter(prefix=PREFIX, include_in_schema=False)
DEFAULT_COUNT = 100


def identity_provider(request: Request) -> Context:
    """Dependency: the context of a live SCIM token, or a SCIM 401 with a challenge."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ScimFailure(401, "send the SCIM bearer token", headers=CHALLENGE)
    ctx = scim_tokens.scim_context(app_of(request), token.strip(), client_address(request))
    if ctx is None:
        raise ScimFailure(401, "this token is not a live SCIM token", headers=CHALLENGE)
    return ctx


async def json_body(request: Request) -> dict[str, Any]:
    """Dependency: the request's JSON object, or a SCIM 400 invalidSyntax."""
    try:
        body = json.loads(await request.body() or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ScimFailure(400, f"the body is not JSON: {exc}", "invalidSyntax") from exc
    if not isinstance(body, dict):
        raise ScimFailure(400, "the body must be a JSON object", "invalidSyntax")
    return body


Provider = Annotated[Context, Depends(identity_provider)]
Body = Annotated[dict[str, Any], Depends(json_body)]


def _validated(model: Any, payload: Any, context: ScimContext) -> Any:
    try:
        return model.model_validate(payload, scim_ctx=context, scim_provider=PROVIDER)
    except ValidationError as exc:
        raise from_validation(exc) from exc


def _dump(resource: Any, context: ScimContext, parameters: Any = None) -> Any:
    return resource.model_dump(
        scim_ctx=context, response_parameters=parameters, scim_provider=PROVIDER
    )


def _parameters(request: Request) -> Any:
    query = request.query_params
    given = {k: query[k] for k in ("attributes", "excludedAttributes") if k in query}
    return _validated(ResponseParameters, given, ScimContext.SEARCH_REQUEST) if given else None


def _search(request: Request, body: dict[str, Any] | None) -> Any:
    if body is not None:
        return _validated(SearchRequest, body, ScimContext.SEARCH_REQUEST)
    query = request.query_params
    given = {
        k: query[k]
        for k in ("filter", "startIndex", "count", "attributes", "excludedAttributes")
        if k in query
    }
    return _validated(SearchRequest, given, ScimContext.SEARCH_REQUEST)


def _id(raw: str, kind: str) -> int:
    # Ids are numbers; anything else names no resource.
    if not raw.isdigit() or len(raw) > 18:
        raise ScimFailure(404, f"no {kind} with id {raw}")
    return int(raw)


def _listed(
    request: Request,
    search: Any,
    model: Any,
    find: Callable[[str | None, int, int], tuple[int, list[Any]]],
    show: Callable[[Request, Any], Any],
) -> Response:
    start = max(search.start_index or 1, 1)
    count = DEFAULT_COUNT if search.count is None else max(min(search.count, MAX_RESULTS), 0)
    filter_text = str(search.filter) if search.filter is not None else None
    total, found = find(filter_text, start, count)
    page = ListResponse[model](
        total_results=total,
        start_index=start,
        items_per_page=len(found),
        resources=[show(request, item) for item in found],
    )
    return scim_json(_dump(page, ScimContext.SEARCH_RESPONSE, search))


# discovery
@router.get("/ServiceProviderConfig")
def service_provider_config(ctx: Provider) -> Response:
    """Say what this SCIM service supports."""
    return scim_json(_dump(CONFIG, ScimContext.RESOURCE_QUERY_RESPONSE))


@router.get("/ResourceTypes")
def resource_types(ctx: Provider) -> Response:
    """List the resource types: User (with the enterprise extension) and Group."""
    types = list(PROVIDER.resource_types)
    page = ListResponse[ResourceType](
        total_results=len(types), start_index=1, items_per_page=len(types), resources=types
    )
    return scim_json(_dump(page, ScimContext.SEARCH_RESPONSE))


@router.get("/ResourceTypes/{resource_type_id}")
def resource_type(ctx: Provider, resource_type_id: str) -> Response:
    """Describe one resource type."""
    for found in PROVIDER.resource_types:
        if found.id == resource_type_id:
            return scim_json(_dump(found, ScimContext.RESOURCE_QUERY_RESPONSE))
    raise ScimFailure(404, f"no resource type {resource_type_id}")


@router.get("/Schemas")
def schemas(ctx: Provider) -> Response:
    """List the schemas: exactly the attributes growpath keeps."""
    found = list(PROVIDER.schemas)
    page = ListResponse[Schema](
        total_results=len(found), start_index=1, items_per_page=len(found), resources=found
    )
    return scim_json(_dump(page, ScimContext.SEARCH_RESPONSE))


@router.get("/Schemas/{schema_id}")
def schema(ctx: Provider, schema_id: str) -> Response:
    """Describe one schema."""
    for found in PROVIDER.schemas:
        if found.id == schema_id:
            return scim_json(_dump(found, ScimContext.RESOURCE_QUERY_RESPONSE))
    raise ScimFailure(404, f"no schema {schema_id}")


@router.post("/.search")
def search_everything(ctx: Provider) -> Response:
    """Refuse a search across every resource type: search /Users or /Groups instead."""
    raise ScimFailure(501, "search /Users/.search or /Groups/.search instead")


# users
def _users(request: Request, ctx: Context, search: Any) -> Response:
    return _listed(
        request,
        search,
        UserResource,
        lambda f, start, count: provisioning.list_people(ctx, f, start, count),
        user_resource,
    )


@router.get("/Users")
def list_users(request: Request, ctx: Provider) -> Response:
    """List people, filtered and paginated."""
    return _users(request, ctx, _search(request, None))


@router.post("/Users/.search")
def search_users(request: Request, ctx: Provider, body: Body) -> Response:
    """List people by a search request."""
    return _users(request, ctx, _search(request, body))


@router.post("/Users")
def create_user(request: Request, ctx: Provider, body: Body) -> Response:
    """Provision a person."""
    user = _validated(UserResource, body, ScimContext.RESOURCE_CREATION_REQUEST)
    person = provisioning.provision(ctx, wanted_person(user))
    shown = user_resource(request, person)
    return scim_json(
        _dump(shown, ScimContext.RESOURCE_CREATION_RESPONSE, _parameters(request)),
        201,
        {"Location": shown.meta.location},
    )


@router.get("/Users/{user_id}")
def get_user(request: Request, ctx: Provider, user_id: str) -> Response:
    """Show one person."""
    person = provisioning.get_person(ctx, _id(user_id, "user"))
    return scim_json(
        _dump(
            user_resource(request, person),
            ScimContext.RESOURCE_QUERY_RESPONSE,
            _parameters(request),
        )
    )


@router.put("/Users/{user_id}")
def replace_user(request: Request, ctx: Provider, user_id: str, body: Body) -> Response:
    """Replace a person's provisioned attributes; what the body leaves out is cleared."""
    user = _validated(UserResource, body, ScimContext.RESOURCE_REPLACEMENT_REQUEST)
    person = provisioning.replace_person(ctx, _id(user_id, "user"), wanted_person(user))
    return scim_json(
        _dump(
            user_resource(request, person),
            ScimContext.RESOURCE_REPLACEMENT_RESPONSE,
            _parameters(request),
        )
    )


@router.patch("/Users/{user_id}")
def patch_user(request: Request, ctx: Provider, user_id: str, body: Body) -> Response:
    """Apply PATCH operations to a person (add, replace, remove), all or none."""
    patch = _validated(
        PatchOp[UserResource], manager_as_sent_by_entra(body), ScimContext.RESOURCE_PATCH_REQUEST
    )

    def edit(person: Any) -> Any:
        user = user_resource(request, person)
        patch.patch(user)
        return wanted_person(user)

    person = provisioning.change_person(ctx, _id(user_id, "user"), edit)
    return scim_json(
        _dump(
            user_resource(request, person),
            ScimContext.RESOURCE_PATCH_RESPONSE,
            _parameters(request),
        )
    )


@router.delete("/Users/{user_id}", status_code=204)
def delete_user(ctx: Provider, user_id: str) -> Response:
    """Deprovision a person and stop showing them; their history stays."""
    provisioning.delete_person(ctx, _id(user_id, "user"))
    return Response(status_code=204)


# groups
def _groups(request: Request, ctx: Context, search: Any) -> Response:
    return _listed(
        request,
        search,
        GroupResource,
        lambda f, start, count: scim_groups.list_groups(ctx, f, start, count),
        group_resource,
    )


@router.get("/Groups")
def list_groups(request: Request, ctx: Provider) -> Response:
    """List groups, filtered and paginated."""
    return _groups(request, ctx, _search(request, None))


@router.post("/Groups/.search")
def search_groups(request: Request, ctx: Provider, body: Body) -> Response:
    """List groups by a search request."""
    return _groups(request, ctx, _search(request, body))


@router.post("/Groups")
def create_group(request: Request, ctx: Provider, body: Body) -> Response:
    """Store a group of people."""
    group = _validated(GroupResource, body, ScimContext.RESOURCE_CREATION_REQUEST)
    stored = scim_groups.create_group(ctx, wanted_group(group))
    shown = group_resource(request, stored)
    return scim_json(
        _dump(shown, ScimContext.RESOURCE_CREATION_RESPONSE, _parameters(request)),
        201,
        {"Location": shown.meta.location},
    )


@router.get("/Groups/{group_id}")
def get_group(request: Request, ctx: Provider, group_id: str) -> Response:
    """Show one group."""
    group = scim_groups.get_group(ctx, _id(group_id, "group"))
    return scim_json(
        _dump(
            group_resource(request, group),
            ScimContext.RESOURCE_QUERY_RESPONSE,
            _parameters(request),
        )
    )


@router.put("/Groups/{group_id}")
def replace_group(request: Request, ctx: Provider, group_id: str, body: Body) -> Response:
    """Replace a group's name and members."""
    group = _validated(GroupResource, body, ScimContext.RESOURCE_REPLACEMENT_REQUEST)
    wanted = wanted_group(group)
    stored = scim_groups.change_group(ctx, _id(group_id, "group"), lambda _: wanted)
    return scim_json(
        _dump(
            group_resource(request, stored),
            ScimContext.RESOURCE_REPLACEMENT_RESPONSE,
            _parameters(request),
        )
    )


@router.patch("/Groups/{group_id}")
def patch_group(request: Request, ctx: Provider, group_id: str, body: Body) -> Response:
    """Apply PATCH operations to a group (members added or removed, a new name)."""
    patch = _validated(PatchOp[GroupResource], body, ScimContext.RESOURCE_PATCH_REQUEST)

    def edit(stored: Any) -> Any:
        group = group_resource(request, stored)
        patch.patch(group)
        return wanted_group(group)

    stored = scim_groups.change_group(ctx, _id(group_id, "group"), edit)
    return scim_json(
        _dump(
            group_resource(request, stored),
            ScimContext.RESOURCE_PATCH_RESPONSE,
            _parameters(request),
        )
    )


@router.delete("/Groups/{group_id}", status_code=204)
def delete_group(ctx: Provider, group_id: str) -> Response:
    """Delete a group; its members stay."""
    scim_groups.delete_group(ctx, _id(group_id, "group"))
    return Response(status_code=204)
