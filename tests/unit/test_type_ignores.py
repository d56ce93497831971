"""mypy checks everything; the few places it cannot see through say so, with the error code and why."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<rest>.*)$")


def test_every_type_ignore_names_its_code_and_a_reason() -> None:
    bare = []
    for package in ("api", "domain", "infra", "workers"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                match = IGNORE.search(line)
                if match and not re.match(r"\[[a-z-]+(,[a-z-]+)*\]\s+#\s*\S", match["rest"]):
                    bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert bare == [], "\n".join(bare)
