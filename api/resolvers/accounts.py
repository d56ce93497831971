from __future__ import annotations

import strawberry

from api.context import Info
from api.resolvers.common import mutate, mutate_as
from api.schema.accounts import (
    AuthPayload,
    LoginInput,
    PasswordChangeInput,
    RegisterInput,
    RegisterPayload,
    User,
    ViewerUpdateInput,
    ViewerUpdatePayload,
)
from api.schema.common import provided
from domain.accounts.entities import IssuedToken
from domain.accounts.entities import User as UserEntity


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in user; null when not signed in.")
    async def viewer(self, info: Info) -> User | None:
        viewer = await info.context.viewer()
        return User.from_entity(viewer) if viewer else None


@strawberry.type
class AccountMutation:
    @strawberry.mutation(
        description="Create an account. The first account becomes admin; later ones need open "
        "registration (ALLOW_REGISTRATION=true) or an admin's token."
    )
    async def register(self, info: Info, input: RegisterInput) -> RegisterPayload:
        actor = await info.context.viewer()
        user, errors = await mutate_as(
            info, actor, lambda uow, actor: info.context.container.accounts(uow).register(provided(input), actor)
        )
        return RegisterPayload(user=User.from_entity(user) if user else None, user_errors=errors)

    @strawberry.mutation(description="Exchange email and password for a token valid for 24 hours.")
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        result, errors = await mutate_as(
            info, None, lambda uow, _: info.context.container.accounts(uow).login(input.email, input.password)
        )
        if result is None:
            return AuthPayload(user_errors=errors)
        user, token = result
        return AuthPayload(token=token.token, expires_at=token.expires_at, user=User.from_entity(user))

    @strawberry.mutation(description="Change the signed-in user's names or language. An explicit null clears a name.")
    async def viewer_update(self, info: Info, input: ViewerUpdateInput) -> ViewerUpdatePayload:
        async def action(uow, viewer: UserEntity) -> UserEntity:  # type: ignore[no-untyped-def]
            user = await uow.users.get(viewer.id)
            return await info.context.container.accounts(uow).update_profile(user, provided(input))

        user, errors = await mutate(info, action)
        return ViewerUpdatePayload(user=User.from_entity(user) if user else None, user_errors=errors)

    @strawberry.mutation(description="Change the password. Returns a new token; every older token stops working.")
    async def password_change(self, info: Info, input: PasswordChangeInput) -> AuthPayload:
        async def action(uow, viewer: UserEntity) -> tuple[UserEntity, IssuedToken]:  # type: ignore[no-untyped-def]
            user = await uow.users.get(viewer.id)
            token = await info.context.container.accounts(uow).change_password(
                user, input.current_password, input.new_password
            )
            return user, token

        result, errors = await mutate(info, action)
        if result is None:
            return AuthPayload(user_errors=errors)
        user, token = result
        return AuthPayload(token=token.token, expires_at=token.expires_at, user=User.from_entity(user))
