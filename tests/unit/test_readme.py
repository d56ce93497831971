"""The README is part of the product: its commands and its settings table must stay true."""

from __future__ import annotations

import re
from pathlib import Path

from infra.settings import markdown_table
from tests.unit.test_deploy_files import settings_keys

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def settings_table() -> str:
    section = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    return "".join(line + "\n" for line in section.splitlines() if line.startswith("|"))


def documented_settings() -> set[str]:
    return {
        key
        for row in re.findall(r"^\| (`[^|]+)\|", settings_table(), re.M)
        for key in re.findall(r"`([A-Z0-9_]+)`", row)
    }


def test_every_setting_is_documented_and_nothing_else() -> None:
    assert documented_settings() == settings_keys()


def test_the_settings_table_is_the_models_own() -> None:
    """Names, defaults and meanings come from infra/settings.py; the README shows exactly what it declares."""
    assert settings_table() == markdown_table(), (
        "the README's settings table is stale: paste in the output of `python -m infra.settings --markdown`"
    )


def test_quick_start_is_the_two_make_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in quick_start.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_make_targets_named_in_the_readme_exist() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"`make ([a-z-]+)`", README)):
        assert re.search(rf"^{target}:", makefile, re.M), f"README names `make {target}` but the Makefile lacks it"
