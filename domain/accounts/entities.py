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
    is_admin: bool = False
    is_active: bool = True
    last_login_at: datetime | None = None
    # Tokens issued before this instant are refused: a password change signs out old sessions.
    password_changed_at: datetime | None = None


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    issued_at: datetime
    expires_at: datetime
