from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt

from domain.accounts.entities import IssuedToken, TokenClaims, User

ALGORITHM = "HS256"


class JwtTokens:
    def __init__(self, secret: str, ttl_seconds: int = 24 * 3600) -> None:
        self.secret = secret
        self.ttl = timedelta(seconds=ttl_seconds)

    def issue(self, user: User) -> IssuedToken:
        now = datetime.now(UTC)
        expires = (now + self.ttl).replace(microsecond=0)
        # `iat` keeps sub-second precision (a NumericDate may be fractional): a token issued in the same
        # second as, but before, a password change must still be told apart from the one issued after it.
        claims = {"sub": str(user.id), "email": user.email, "iat": now.timestamp(), "exp": expires}
        return IssuedToken(token=jwt.encode(claims, self.secret, algorithm=ALGORITHM), expires_at=expires)

    def verify(self, token: str) -> TokenClaims | None:
        """The claims of a token signed with our secret, expired or not: whether it still counts is the account
        rules' decision (they tell an expired token from a forged one)."""
        try:
            # A fixed algorithm list: "alg: none" and algorithm-confusion tokens are refused.
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                options={"require": ["sub", "iat", "exp"], "verify_exp": False},
            )
            return TokenClaims(
                user_id=uuid.UUID(claims["sub"]),
                issued_at=datetime.fromtimestamp(claims["iat"], UTC),
                expires_at=datetime.fromtimestamp(claims["exp"], UTC),
            )
        except (jwt.PyJWTError, ValueError, TypeError):
            return None
