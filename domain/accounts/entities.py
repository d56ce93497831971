from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Language(StrEnum):
    EN = "EN"
    DE = "DE"


@dataclass(eq=False)
class User:
    email: str
    password_hash: str
    created_at: datetime
    updated_at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    first_name: str | None = None
    last_name: str | None = None
    artist_name: str | None = None
    language: Language = Language.EN
    page_size: int = 20  # items a page in the user's lists (the web client's; the API's default stays 20)
    is_admin: bool = False
    is_active: bool = True
    last_login_at: datetime | None = None
    password_changed_at: datetime | None = None
    # Tokens issued before this instant are refused: a password change or a deactivation signs out every
    # session, and reactivating the account does not bring them back.
    tokens_valid_after: datetime | None = None


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    issued_at: datetime
    expires_at: datetime


class TokenProblem(StrEnum):
    """Why a token does not sign anyone in."""

    INVALID = "INVALID"  # not one of ours (malformed, forged, tampered), or its account is gone
    EXPIRED = "EXPIRED"  # ours, but past its expiry
    REVOKED = "REVOKED"  # ours, but signed out since: the password changed or the account was deactivated


@dataclass(frozen=True)
class Authentication:
    """What a token is worth now: the active user it speaks for (and until when), or why it speaks for no one."""

    user: User | None
    problem: TokenProblem | None = None
    expires_at: datetime | None = None


SESSIONS_TOPIC = "accounts:sessions"
"""Published (`{"user_id": …}`) once a user's tokens have been revoked, so open connections check theirs at once."""
