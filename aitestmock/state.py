"""Everything the mock remembers, held by one app instance so two apps in a process never share state."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aitestmock.config import MockConfig
from aitestmock.files import FileStore
from aitestmock.triggers import OneShotFaults


@dataclass
class MockState:
    config: MockConfig
    faults: OneShotFaults = field(default_factory=OneShotFaults)
    files: FileStore = field(default_factory=FileStore)
    jobs: dict[str, Any] = field(default_factory=dict)
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Mureka requests received per billed route ("song", "instrumental", "stem"), whatever was answered.
    submissions: Counter[str] = field(default_factory=Counter)
    # OpenAI image generations received (billed), whatever was answered.
    image_requests: int = 0
    # Requests of OpenAI's costs API, whatever was answered: "first" (no page cursor) and "page" (a later page).
    cost_requests: Counter[str] = field(default_factory=Counter)
