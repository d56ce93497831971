from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Self

import strawberry

from api.context import Context, Info
from api.ids import encode_id
from api.schema.common import Node, UserError, argument_error
from api.schema.images import ImageSpend, image_spends
from domain.accounts.entities import Language
from domain.accounts.entities import User as UserEntity
from domain.common.errors import DomainError
from domain.common.months import Month

strawberry.enum(Language, name="Language")


async def users_by_id(context: Context, keys: list[uuid.UUID]) -> list[UserEntity | None]:
    """Owners of what the viewer reads: the viewer only (every row a viewer reads is their own)."""
    viewer = await context.viewer()
    return [viewer if viewer is not None and key == viewer.id else None for key in keys]


@strawberry.type
class User(Node):
    type_name: ClassVar[str] = "User"
    email: str
    first_name: str | None
    last_name: str | None
    artist_name: str | None
    language: Language
    page_size: int = strawberry.field(
        description="Items a page in the web client's lists (5 to 100, as the replaced client allowed)."
    )
    is_admin: bool
    created_at: datetime
    last_login_at: datetime | None

    _user_id: strawberry.Private[uuid.UUID]

    @strawberry.field(
        description="What your own images cost in `month` (`YYYY-MM`, UTC; this month when left out), at the price "
        "each was charged. A month that is not one is refused (BAD_USER_INPUT)."
    )
    async def image_spend(self, info: Info, month: str | None = None) -> ImageSpend:
        try:
            wanted = Month.parse(month) if month is not None else None
        except DomainError as error:
            raise argument_error(error) from error
        return await info.context.loaders(image_spends).load((self._user_id, wanted))

    @classmethod
    def from_entity(cls, user: UserEntity) -> Self:
        return cls(
            _user_id=user.id,
            id=strawberry.ID(encode_id("User", user.id)),
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
            artist_name=user.artist_name,
            language=user.language,
            page_size=user.page_size,
            is_admin=user.is_admin,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
        )

    @classmethod
    async def resolve_node(cls, info: Info, key: str) -> Self | None:
        viewer = await info.context.viewer()
        return cls.from_entity(viewer) if viewer is not None and key == str(viewer.id) else None


@strawberry.type(description="What a client needs to know before anyone signs in.")
class ServerInfo:
    first_run: bool = strawberry.field(description="No account exists yet: the first to register becomes the admin.")
    registration_open: bool = strawberry.field(
        description="`register` would create an account for this caller now (first run, open registration, "
        "or an admin's token)."
    )


@strawberry.input
class RegisterInput:
    email: str
    password: str
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    artist_name: str | None = strawberry.UNSET


@strawberry.input
class LoginInput:
    email: str
    password: str


@strawberry.input
class ViewerUpdateInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    artist_name: str | None = strawberry.UNSET
    language: Language | None = strawberry.UNSET
    page_size: int | None = strawberry.field(default=strawberry.UNSET, description="5 to 100.")


@strawberry.input
class PasswordChangeInput:
    current_password: str
    new_password: str


@strawberry.type
class RegisterPayload:
    user: User | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AuthPayload:
    token: str | None = None
    expires_at: datetime | None = None
    user: User | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ViewerUpdatePayload:
    user: User | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
