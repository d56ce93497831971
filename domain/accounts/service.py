"""Account use cases: registration, login, profile, password."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.accounts.entities import SESSIONS_TOPIC, Authentication, IssuedToken, Language, TokenProblem, User
from domain.accounts.ports import AccountsUnitOfWork, LoginThrottle, PasswordHasher, TokenIssuer, UserRepository
from domain.common.clock import utcnow
from domain.common.errors import DomainError, ErrorCode
from domain.common.events import EventBus
from domain.common.patch import UNSET, Unset, given
from domain.common.validation import Checks, clean_text

PASSWORD_MIN = 8
PASSWORD_MAX = 128
NAME_MAX = 100
EMAIL_MAX = 255
PAGE_SIZE_MIN = 5
PAGE_SIZE_MAX = 100
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

INVALID_CREDENTIALS = "Invalid email or password."
LOCKED = "Too many failed sign-ins for this account; try again in 15 minutes."
CLOSED = "Registration is closed; ask an admin to create your account."


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def throttle_key(email: str) -> str:
    """One lockout per account, whichever way its password is guessed (login, passwordChange)."""
    return f"login:{email}"


def _check_password(checks: Checks, field: str, password: str | None) -> None:
    if checks.required(field, password, "Password"):
        checks.min_length(field, password, PASSWORD_MIN, "Password")
        checks.max_length(field, password, PASSWORD_MAX, "Password")


NAMES = (("first_name", "First name"), ("last_name", "Last name"), ("artist_name", "Artist name"))
_NAME_FIELDS = frozenset(name for name, _ in NAMES)


def check_names(checks: Checks, values: dict[str, Any]) -> None:
    """The rules for profile names and settings (also applied to imported profiles)."""
    for name, label in NAMES:
        if name in values:
            checks.max_length(name, values[name], NAME_MAX, label)
    if "page_size" in values:
        size = values["page_size"]
        if checks.required("page_size", size, "Page size") and not PAGE_SIZE_MIN <= size <= PAGE_SIZE_MAX:
            checks.add("page_size", ErrorCode.INVALID, f"Page size must be {PAGE_SIZE_MIN} to {PAGE_SIZE_MAX}.")


@dataclass(frozen=True)
class NewAccount:
    email: str
    password: str
    first_name: str | None | Unset = UNSET
    last_name: str | None | Unset = UNSET
    artist_name: str | None | Unset = UNSET


@dataclass(frozen=True)
class ProfileChanges:
    """UNSET: leave as it is; None: clear the name (language and page size cannot be cleared)."""

    first_name: str | None | Unset = UNSET
    last_name: str | None | Unset = UNSET
    artist_name: str | None | Unset = UNSET
    language: Language | None | Unset = UNSET
    page_size: int | None | Unset = UNSET


@dataclass
class AccountService:
    uow: AccountsUnitOfWork
    hasher: PasswordHasher
    tokens: TokenIssuer
    throttle: LoginThrottle
    events: EventBus
    allow_registration: bool

    @property
    def users(self) -> UserRepository:
        return self.uow.users

    async def register(self, fields: NewAccount, actor: User | None) -> User:
        """The first account becomes admin; later ones need open registration or an admin. However many register
        at once on an empty database, the database lets exactly one take the first account's place."""
        open_to_all = self.allow_registration or (actor is not None and actor.is_admin)
        if not open_to_all and await self.users.count() > 0:
            raise DomainError.single(ErrorCode.FORBIDDEN, CLOSED)
        user = await self._new_user(fields, is_admin=False)
        # Claimed after the slow hashing: on SQLite the claim starts the write transaction, held until commit.
        if await self.users.claim_first_account(user.id):
            user.is_admin = True
        elif not open_to_all:
            raise DomainError.single(ErrorCode.FORBIDDEN, CLOSED)
        await self.users.add(user)
        return user

    async def create_user(self, fields: NewAccount, *, is_admin: bool) -> User:
        """Create an account without the registration gate (the management command uses this). Made first, it
        takes the first account's place too, so registration stays closed behind it."""
        user = await self._new_user(fields, is_admin=is_admin)
        await self.users.claim_first_account(user.id)
        await self.users.add(user)
        return user

    async def _new_user(self, fields: NewAccount, *, is_admin: bool) -> User:
        """A checked, not yet stored, account with its password hashed."""
        email = normalise_email(fields.email)
        names = {k: clean_text(v) for k, v in given(fields).items() if k in _NAME_FIELDS}
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
        password_hash = await self.hasher.hash(fields.password)
        now = utcnow()
        return User(
            email=email,
            password_hash=password_hash,
            created_at=now,
            updated_at=now,
            is_admin=is_admin,
            first_name=names.get("first_name"),
            last_name=names.get("last_name"),
            artist_name=names.get("artist_name"),
        )

    async def login(self, email: str | None, password: str | None) -> tuple[User, IssuedToken]:
        email = normalise_email(email)
        key = throttle_key(email)
        if await self.throttle.is_locked(key):
            raise DomainError.single(ErrorCode.RATE_LIMITED, LOCKED)
        user = await self.users.get_by_email(email) if email else None
        # One full check whatever the account: an unknown email (checked against a dummy hash) or a deactivated
        # account takes as long to refuse as a wrong password, so timing does not tell which accounts exist.
        matches = await self.hasher.verify(password or "", user.password_hash if user else None)
        if user is None or not matches or not user.is_active:
            await self.throttle.record_failure(key)
            raise DomainError.single(ErrorCode.INVALID, INVALID_CREDENTIALS)
        await self.throttle.reset(key)
        user.last_login_at = utcnow()
        return user, self.tokens.issue(user)

    async def authenticate(self, token: str) -> Authentication:
        """The active user a token speaks for, or why it speaks for no one: not ours, expired, or revoked (issued
        before the account's last password change or deactivation)."""
        claims = self.tokens.verify(token)
        if claims is None:
            return Authentication(None, TokenProblem.INVALID)
        if claims.expires_at <= utcnow():
            return Authentication(None, TokenProblem.EXPIRED)
        user = await self.users.get(claims.user_id)
        if user is None:
            return Authentication(None, TokenProblem.INVALID)
        valid_after = user.tokens_valid_after
        if not user.is_active or (valid_after is not None and claims.issued_at < valid_after):
            return Authentication(None, TokenProblem.REVOKED)
        return Authentication(user, expires_at=claims.expires_at)

    async def update_profile(self, user_id: uuid.UUID, changes: ProfileChanges) -> User:
        user = await self.users.get(user_id)
        if user is None:
            raise DomainError.single(ErrorCode.UNAUTHENTICATED, "Your account no longer exists.")
        values = {k: clean_text(v) if k in _NAME_FIELDS else v for k, v in given(changes).items()}
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
        """Changes the password and returns a fresh token: every older token stops working. Wrong current
        passwords count against the same lockout as failed logins."""
        user = await self.users.get(user_id)
        if user is None:
            raise DomainError.single(ErrorCode.UNAUTHENTICATED, "Your account no longer exists.")
        key = throttle_key(user.email)
        if await self.throttle.is_locked(key):
            raise DomainError.single(ErrorCode.RATE_LIMITED, LOCKED)
        checks = Checks()
        right = await self.hasher.verify(current or "", user.password_hash)
        if not right:
            await self.throttle.record_failure(key)
            checks.add("current_password", ErrorCode.INVALID, "Current password is wrong.")
        _check_password(checks, "new_password", new)
        checks.raise_if_any()
        assert new is not None
        await self.throttle.reset(key)
        now = utcnow()
        user.password_hash = await self.hasher.hash(new)
        user.password_changed_at = now
        user.updated_at = now
        self._end_sessions(user, now)
        return user, self.tokens.issue(user)

    async def set_active(self, email: str, active: bool) -> User:
        """Deactivate an account (its logins and every token it holds are refused; its data is kept) or let it
        back in. Tokens from before a deactivation stay refused after reactivation: the user signs in again."""
        user = await self.users.get_by_email(normalise_email(email))
        if user is None:
            raise DomainError.single(ErrorCode.NOT_FOUND, f"No account with email {email}.", "email")
        if user.is_active != active:
            now = utcnow()
            user.is_active = active
            user.updated_at = now
            if not active:
                self._end_sessions(user, now)
        return user

    def _end_sessions(self, user: User, now: datetime) -> None:
        """Revoke every token issued until now; once committed, tell open connections to check theirs."""
        user.tokens_valid_after = now
        user_id = str(user.id)

        async def announce() -> None:
            await self.events.publish(SESSIONS_TOPIC, {"user_id": user_id})

        self.uow.after_commit(announce)

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self.users.get(user_id)

    async def first_run(self) -> bool:
        """No account exists yet: the first to register becomes the admin."""
        return await self.users.count() == 0

    async def registration_open(self, actor: User | None) -> bool:
        """Whether `register` would let this actor (None: anyone) create an account now."""
        return self.allow_registration or (actor is not None and actor.is_admin) or await self.first_run()
