"""Sanity checks for the default prompt templates shipped in domain.prompt_templates.defaults."""

from __future__ import annotations

import re
from dataclasses import fields

from domain.prompt_templates.defaults import DEFAULT_TEMPLATES, DEFAULTS_BY_KEY, DefaultTemplate

_VERSION = re.compile(r"^\d+\.\d$")


def test_there_are_exactly_twenty_templates() -> None:
    assert len(DEFAULT_TEMPLATES) == 20
    assert all(isinstance(template, DefaultTemplate) for template in DEFAULT_TEMPLATES)


def test_category_action_pairs_are_unique() -> None:
    keys = [(template.category, template.action) for template in DEFAULT_TEMPLATES]
    assert len(set(keys)) == len(keys)


def test_every_field_is_non_empty() -> None:
    for template in DEFAULT_TEMPLATES:
        for field in fields(template):
            value = getattr(template, field.name)
            if isinstance(value, str):
                assert value.strip(), f"{template.category}/{template.action}: empty {field.name}"
            else:
                assert value is not None, f"{template.category}/{template.action}: missing {field.name}"


def test_versions_are_major_dot_minor() -> None:
    for template in DEFAULT_TEMPLATES:
        assert _VERSION.match(template.version), f"{template.category}/{template.action}: {template.version!r}"


def test_temperature_is_within_range() -> None:
    for template in DEFAULT_TEMPLATES:
        assert 0 <= template.temperature <= 2, f"{template.category}/{template.action}"


def test_max_tokens_is_positive() -> None:
    for template in DEFAULT_TEMPLATES:
        assert template.max_tokens > 0, f"{template.category}/{template.action}"


def test_defaults_by_key_covers_all_templates() -> None:
    keys = {(template.category, template.action) for template in DEFAULT_TEMPLATES}
    assert len(DEFAULTS_BY_KEY) == 20
    assert set(DEFAULTS_BY_KEY) == keys
    for key, template in DEFAULTS_BY_KEY.items():
        assert (template.category, template.action) == key


def test_titel_category_keeps_its_german_spelling() -> None:
    categories = {template.category for template in DEFAULT_TEMPLATES}
    assert "titel" in categories
    assert "title" not in categories
    assert ("titel", "generate") in DEFAULTS_BY_KEY
    assert ("titel", "generate-fast") in DEFAULTS_BY_KEY
