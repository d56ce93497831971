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
    ServerInfo,
    User,
    ViewerUpdateInput,
    ViewerUpdatePayload,
)
from api.schema.common import command
from api.schema.part import SchemaPart
from domain.accounts.entities import IssuedToken
from domain.accounts.entities import User as UserEntity
from domain.accounts.service import AccountService, NewAccount, ProfileChanges


def _auth(result: tuple[UserEntity, IssuedToken]) -> AuthPayload:
    user, token = result
    return AuthPayload(token=token.token, expires_at=token.expires_at, user=User.from_entity(user))


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in user; null when not signed in.")
    async def viewer(self, info: Info) -> User | None:
        viewer = await info.context.viewer()
        return User.from_entity(viewer) if viewer else None

    @strawberry.field(description="Whether the server awaits its first account, and whether registration is open.")
    async def server_info(self, info: Info) -> ServerInfo:
        viewer = await info.context.viewer()

        async def read(accounts: AccountService) -> ServerInfo:
            return ServerInfo(
                first_run=await accounts.first_run(), registration_open=await accounts.registration_open(viewer)
            )

        return await info.context.read(AccountService, read)


@strawberry.type
class AccountMutation:
    @strawberry.mutation(
        description="Create an account. The first account becomes admin; later ones need open "
        "registration (ALLOW_REGISTRATION=true) or an admin's token."
    )
    async def register(self, info: Info, input: RegisterInput) -> RegisterPayload:
        return await mutate_as(
            info,
            await info.context.viewer(),
            RegisterPayload,
            lambda s, actor: s.get(AccountService).register(command(NewAccount, input), actor),
            lambda user: RegisterPayload(user=User.from_entity(user)),
        )

    @strawberry.mutation(description="Exchange email and password for a token valid for 24 hours.")
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        return await mutate_as(
            info, None, AuthPayload, lambda s, _: s.get(AccountService).login(input.email, input.password), _auth
        )

    @strawberry.mutation(
        description="Change the signed-in user's names, language or page size. An explicit null clears a name."
    )
    async def viewer_update(self, info: Info, input: ViewerUpdateInput) -> ViewerUpdatePayload:
        return await mutate(
            info,
            ViewerUpdatePayload,
            lambda s, viewer: s.get(AccountService).update_profile(viewer.id, command(ProfileChanges, input)),
            lambda user: ViewerUpdatePayload(user=User.from_entity(user)),
        )

    @strawberry.mutation(description="Change the password. Returns a new token; every older token stops working.")
    async def password_change(self, info: Info, input: PasswordChangeInput) -> AuthPayload:
        return await mutate(
            info,
            AuthPayload,
            lambda s, viewer: s.get(AccountService).change_password(
                viewer.id, input.current_password, input.new_password
            ),
            _auth,
        )


schema = SchemaPart(query=AccountQuery, mutation=AccountMutation, types=(User,))
