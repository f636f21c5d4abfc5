"""What /scim/v2 serves, as scim2-models resources: only the attributes growpath keeps.

The published schemas list exactly what a person or group holds here, so what a provider
writes reads back as written; anything else it sends is ignored (ScimPolicy unknown=ignore).
"""

from typing import Annotated, Any

from pydantic import Field
from scim2_models import (
    URN,
    AnyExtension,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    Extension,
    Filter,
    Mutability,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ScimPolicy,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)

MAX_RESULTS = 200
DOCS = "https://github.com/growpath/growpath/blob/main/docs/identity.md"


class Name(ComplexAttribute):
    """A person's name in parts; growpath's one name is the formatted one."""

    formatted: str | None = None
    family_name: str | None = None
    given_name: str | None = None


class Email(ComplexAttribute):
    """One e-mail address; the primary one (or the first) is the person's login e-mail."""

    value: Annotated[str | None, Required.true] = None
    type: str | None = None
    primary: bool | None = None


class Manager(ComplexAttribute):
    """The person's manager: their SCIM id (or employee number) and address."""

    value: Annotated[str | None, Required.true, CaseExact.true] = None
    # Okta and Entra send the value alone (RFC 7643 §4.3 does not require $ref).
    ref: Annotated[Reference["User"] | None, Required.false] = Field(  # type: ignore[type-arg]
        None, serialization_alias="$ref", validation_alias="$ref"
    )


class EnterpriseUser(Extension):
    """The enterprise extension's attributes growpath keeps on the person."""

    __schema__ = URN("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")

    employee_number: str | None = None
    department: str | None = None
    manager: Manager | None = None


class User(Resource[AnyExtension]):
    """A person of the directory."""

    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:User")

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    name: Name | None = None
    display_name: str | None = None
    title: str | None = None
    active: bool | None = None
    # growpath needs an address for every person: mail, invitations, single sign-on.
    emails: Annotated[list[Email] | None, Required.true] = None


class GroupMember(ComplexAttribute):
    """A member of a group: a person's SCIM id."""

    value: Annotated[str | None, Mutability.immutable, CaseExact.true] = None
    ref: Annotated[Reference["User"] | None, Mutability.immutable] = Field(  # type: ignore[type-arg]
        None, serialization_alias="$ref", validation_alias="$ref"
    )


class Group(Resource[Any]):
    """A named group of people."""

    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:Group")

    display_name: Annotated[str | None, Required.true] = None
    members: list[GroupMember] | None = None


# Microsoft Entra removes by value and adds to filtered paths; attributes growpath does not
# keep (phone numbers, addresses, ...) are dropped rather than refused.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)
CONFIG = ServiceProviderConfig(
    documentation_uri=DOCS,
    patch=Patch(supported=True),
    bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
    filter=Filter(supported=True, max_results=MAX_RESULTS),
    change_password=ChangePassword(supported=False),
    sort=Sort(supported=False),
    etag=ETag(supported=False),
    authentication_schemes=[
        AuthenticationScheme(
            type=AuthenticationScheme.Type.oauthbearertoken,
            name="Bearer token",
            description="A token made with `growpath scim token create`.",
            documentation_uri=DOCS,
            primary=True,
        )
    ],
)
PROVIDER = ScimProvider(
    models=[User, EnterpriseUser, Group],
    resource_types=[
        ResourceType.from_resource(User[EnterpriseUser]),
        ResourceType.from_resource(Group),
    ],
    config=CONFIG,
    policy=POLICY,
)
UserResource: Any = PROVIDER.model_for("User")
GroupResource: Any = PROVIDER.model_for("Group")
