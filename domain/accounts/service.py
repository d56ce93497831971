"""Account use cases: registration, login, profile, password."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from domain.accounts.entities import IssuedToken, Language, User
from domain.accounts.ports import LoginThrottle, PasswordHasher, TokenIssuer, UserRepository
from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode
from domain.common.patch import UNSET, Unset, given
from domain.common.validation import Checks, clean_text

PASSWORD_MIN = 8
PASSWORD_MAX = 128
NAME_MAX = 100
EMAIL_MAX = 255
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

INVALID_CREDENTIALS = "Invalid email or password."


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def _check_password(checks: Checks, field: str, password: str | None) -> None:
    if checks.required(field, password, "Password"):
        checks.min_length(field, password, PASSWORD_MIN, "Password")
        checks.max_length(field, password, PASSWORD_MAX, "Password")


NAMES = (("first_name", "First name"), ("last_name", "Last name"), ("artist_name", "Artist name"))


def check_names(checks: Checks, values: dict[str, Any]) -> None:
    """The rules for profile names (also applied to imported profiles)."""
    for name, label in NAMES:
        if name in values:
            checks.max_length(name, values[name], NAME_MAX, label)


@dataclass(frozen=True)
class NewAccount:
    email: str
    password: str
    first_name: str | None | Unset = UNSET
    last_name: str | None | Unset = UNSET
    artist_name: str | None | Unset = UNSET


@dataclass(frozen=True)
class ProfileChanges:
    """UNSET: leave as it is; None: clear the name (language cannot be cleared)."""

    first_name: str | None | Unset = UNSET
    last_name: str | None | Unset = UNSET
    artist_name: str | None | Unset = UNSET
    language: Language | None | Unset = UNSET


@dataclass
class AccountService:
    users: UserRepository
    hasher: PasswordHasher
    tokens: TokenIssuer
    throttle: LoginThrottle
    allow_registration: bool

    async def register(self, fields: NewAccount, actor: User | None) -> User:
        """The first user becomes admin; later ones need open registration or an admin."""
        first_user = await self.users.count() == 0
        if not first_user and not self.allow_registration and not (actor and actor.is_admin):
            raise DomainError.single(
                ErrorCode.FORBIDDEN, "Registration is closed; ask an admin to create your account."
            )
        return await self.create_user(fields, is_admin=first_user)

    async def create_user(self, fields: NewAccount, *, is_admin: bool) -> User:
        """Create an account without the registration gate (the management command uses this)."""
        email = normalise_email(fields.email)
        names = {k: clean_text(v) for k, v in given(fields).items() if k in dict(NAMES)}
        checks = Checks()
        if checks.required("email", email, "Email"):
            checks.max_length("email", email, EMAIL_MAX, "Email")
            if not _EMAIL.match(email):
                checks.add("email", ErrorCode.INVALID, "Email is not a valid address.")
        _check_password(checks, "password", fields.password)
        check_names(checks, names)
        checks.raise_if_any()
        if await self.users.get_by_email(email) is not None:
            raise DomainError.single(ErrorCode.TAKEN, "An account with this email already exists.", "email")
        now = utcnow()
        user = User(
            email=email,
            password_hash=self.hasher.hash(fields.password),
            created_at=now,
            updated_at=now,
            is_admin=is_admin,
            first_name=names.get("first_name"),
            last_name=names.get("last_name"),
            artist_name=names.get("artist_name"),
        )
        await self.users.add(user)
        return user

    async def login(self, email: str | None, password: str | None) -> tuple[User, IssuedToken]:
        email = normalise_email(email)
        throttle_key = f"login:{email}"
        if await self.throttle.is_locked(throttle_key):
            raise DomainError.single(
                ErrorCode.RATE_LIMITED, "Too many failed logins for this email; try again in 15 minutes."
            )
        user = await self.users.get_by_email(email) if email else None
        valid = user is not None and user.is_active and self.hasher.verify(password or "", user.password_hash)
        if not valid or user is None:
            await self.throttle.record_failure(throttle_key)
            raise DomainError.single(ErrorCode.INVALID, INVALID_CREDENTIALS)
        await self.throttle.reset(throttle_key)
        user.last_login_at = utcnow()
        return user, self.tokens.issue(user)

    async def authenticate(self, token: str) -> User | None:
        """The active user a token speaks for, or None."""
        claims = self.tokens.verify(token)
        if claims is None:
            return None
        user = await self.users.get(claims.user_id)
        if user is None or not user.is_active:
            return None
        changed = user.password_changed_at
        if changed is not None and claims.issued_at < changed:
            return None
        return user

    async def update_profile(self, user_id: uuid.UUID, changes: ProfileChanges) -> User:
        user = await self.users.get(user_id)
        if user is None:
            raise DomainError.single(ErrorCode.UNAUTHENTICATED, "Your account no longer exists.")
        values = {k: clean_text(v) if k != "language" else v for k, v in given(changes).items()}
        checks = Checks()
        check_names(checks, values)
        if "language" in values and values["language"] is None:
            checks.required("language", None, "Language")
        checks.raise_if_any()
        for name, value in values.items():
            setattr(user, name, Language(str(value)) if name == "language" else value)
        if values:
            user.updated_at = utcnow()
        return user

    async def change_password(
        self, user_id: uuid.UUID, current: str | None, new: str | None
    ) -> tuple[User, IssuedToken]:
        """Changes the password and returns a fresh token: every older token stops working."""
        user = await self.users.get(user_id)
        if user is None:
            raise DomainError.single(ErrorCode.UNAUTHENTICATED, "Your account no longer exists.")
        checks = Checks()
        if not self.hasher.verify(current or "", user.password_hash):
            checks.add("current_password", ErrorCode.INVALID, "Current password is wrong.")
        _check_password(checks, "new_password", new)
        checks.raise_if_any()
        assert new is not None
        now = utcnow()
        user.password_hash = self.hasher.hash(new)
        user.password_changed_at = now
        user.updated_at = now
        return user, self.tokens.issue(user)

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self.users.get(user_id)
