"""`make run` installs what serving needs and nothing else; `make test` adds the development tools (issue 6,
finding 14). Read from the Makefile and pyproject.toml, the files that decide it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _prerequisites(target: str) -> list[str]:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:([^\n=]*)$", makefile, re.MULTILINE)
    assert match, f"the Makefile has no `{target}` rule"
    return match.group(1).replace("|", " ").split()


def _recipe(target: str) -> str:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.MULTILINE)
    assert match, f"the Makefile has no recipe for `{target}`"
    return match.group(1)


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


def test_make_run_needs_only_the_runtime_install() -> None:
    run = _prerequisites("run")
    assert "$(RUNTIME)" in run and "$(DEV)" not in run
    runtime = _recipe("$(RUNTIME)")
    assert "pip install --quiet -e ." in runtime and "[dev]" not in runtime


def test_make_test_and_lint_add_the_development_tools() -> None:
    assert "$(DEV)" in _prerequisites("lint")
    assert "lint" in _prerequisites("test")
    assert "'.[dev]'" in _recipe("$(DEV)")


def test_no_development_tool_is_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    dev = {_name(r) for r in project["optional-dependencies"]["dev"]}
    assert {"pytest", "moto", "mypy", "ruff", "playwright"} <= dev
    assert not runtime & dev, f"installed by `make run` although only tests need them: {sorted(runtime & dev)}"
