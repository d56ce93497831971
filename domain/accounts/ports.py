from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from domain.accounts.entities import IssuedToken, TokenClaims, User
from domain.common.uow import UnitOfWork


class UserRepository(Protocol):
    async def add(self, user: User) -> None: ...

    async def get(self, user_id: uuid.UUID) -> User | None: ...

    async def get_many(self, ids: Sequence[uuid.UUID]) -> list[User]: ...

    async def get_by_email(self, email: str) -> User | None: ...

    async def count(self) -> int: ...


class AccountsUnitOfWork(UnitOfWork, Protocol):
    users: UserRepository


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password: str, password_hash: str) -> bool: ...


class TokenIssuer(Protocol):
    def issue(self, user: User) -> IssuedToken: ...

    def verify(self, token: str) -> TokenClaims | None:
        """The claims of a valid token; None when tampered, expired or not ours."""
        ...


class LoginThrottle(Protocol):
    """Counts failed logins per email; locks the email out once too many failed."""

    async def is_locked(self, key: str) -> bool: ...

    async def record_failure(self, key: str) -> None: ...

    async def reset(self, key: str) -> None: ...
