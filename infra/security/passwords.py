from __future__ import annotations

import bcrypt


class BcryptHasher:
    def __init__(self, rounds: int = 12) -> None:
        self.rounds = rounds

    def hash(self, password: str) -> str:
        # bcrypt reads at most 72 bytes; the 128-character limit keeps inputs sane.
        return bcrypt.hashpw(password.encode()[:72], bcrypt.gensalt(self.rounds)).decode()

    def verify(self, password: str, password_hash: str) -> bool:
        try:
            return bcrypt.checkpw(password.encode()[:72], password_hash.encode())
        except ValueError:
            return False
