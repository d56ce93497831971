"""Run-time knobs of the mock: how fast it streams and how long simulated work takes.

Tests shrink every wait with `time_scale` (e.g. 0.01) so a 30 s song finishes in 0.3 s while the
status progression stays the same; a developer clicking through the UI keeps the real-feeling defaults.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class MockConfig:
    """`token_delay` seconds between streamed tokens; `token_count` tokens per answer;
    `time_scale` multiplies every simulated duration (generation times, slow first tokens, stems)."""

    token_delay: float = 0.02
    token_count: int = 200
    time_scale: float = 1.0

    def __post_init__(self) -> None:
        if self.token_delay < 0:
            raise ValueError("token_delay must be >= 0")
        if self.token_count < 1:
            raise ValueError("token_count must be >= 1")
        if self.time_scale < 0:
            raise ValueError("time_scale must be >= 0")

    def scaled(self, seconds: float) -> float:
        """A simulated duration in real seconds."""
        return seconds * self.time_scale

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MockConfig:
        """Read AITESTMOCK_TOKEN_DELAY_MS, AITESTMOCK_TOKENS and AITESTMOCK_TIME_SCALE; unset means default."""
        env = os.environ if environ is None else environ
        defaults = cls()
        delay_ms = env.get("AITESTMOCK_TOKEN_DELAY_MS", "").strip()
        tokens = env.get("AITESTMOCK_TOKENS", "").strip()
        scale = env.get("AITESTMOCK_TIME_SCALE", "").strip()
        return cls(
            token_delay=float(delay_ms) / 1000 if delay_ms else defaults.token_delay,
            token_count=int(tokens) if tokens else defaults.token_count,
            time_scale=float(scale) if scale else defaults.time_scale,
        )
