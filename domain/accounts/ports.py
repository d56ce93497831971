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

    async def claim_first_account(self, user_id: uuid.UUID) -> bool:
        """Record `user_id` as the first account ever made, in this unit of work; False when another account
        has that place already, or is taking it in a transaction not yet ended (whose outcome this waits for).
        The database decides, so of any number of concurrent claims exactly one succeeds."""
        ...


class AccountsUnitOfWork(UnitOfWork, Protocol):
    users: UserRepository


class PasswordHasher(Protocol):
    """Slow on purpose (bcrypt): implementations work off the event loop, a bounded number at a time."""

    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """Whether `password` matches `password_hash`. Without a hash (no such account) it is False, after the
        same work as a real check, so the time taken does not tell whether the account exists."""
        ...


class TokenIssuer(Protocol):
    def issue(self, user: User) -> IssuedToken: ...

    def verify(self, token: str) -> TokenClaims | None:
        """The claims of a token this issuer signed, expired or not; None when tampered, malformed or not ours.
        Whether it is still valid is the account rules' decision (`AccountService.authenticate`)."""
        ...


class LoginThrottle(Protocol):
    """Counts failed sign-ins (wrong passwords) per key; locks the key out once too many failed."""

    async def is_locked(self, key: str) -> bool: ...

    async def record_failure(self, key: str) -> None: ...

    async def reset(self, key: str) -> None: ...
