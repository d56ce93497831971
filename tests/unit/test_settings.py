"""Settings: what each environment variable sets, how values parse, and how invalid ones are refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, get_origin

import pytest
from pydantic import ValidationError

from infra.settings import InvalidSettings, S3Settings, Settings, Variable, main, markdown_table, variables

DEFAULTS = Settings.from_env({})


def flat(settings: Settings) -> dict[str, Any]:
    """Every setting by the variable that sets it: {"PORT": 8000, "OLLAMA_URL": "", ...}."""
    values: dict[str, Any] = {}
    for name, value in settings.model_dump().items():
        if isinstance(value, dict):
            values.update({f"{name}_{key}".upper(): inner for key, inner in value.items()})
        else:
            values[name.upper()] = value
    return values


# Two Fernet keys (32 bytes of URL-safe base64 each).
KEY_A = "x2ZyuO9sNw8bC6ZsR1e8ZQ2mF4vS6n1XK8wVvJmYw0s="
KEY_B = "R3p2n2yJc6vZ1k8Jc2QYw9cK0b1xq0X5m3Jd8aH2LkE="


def another_value(variable: Variable) -> str:
    """A valid value for the variable, different from its default."""
    default = variable.field.get_default(call_default_factory=True)
    if variable.name == "ENCRYPTION_KEYS":
        return f"{KEY_A}, {KEY_B}"
    if variable.choices:
        return next(choice for choice in variable.choices if choice != default)
    annotation = variable.field.annotation
    if annotation is bool:
        return "false" if default else "true"
    if annotation is int:
        return str(default + 1)
    if annotation == int | None:
        return "3"
    if annotation is float:
        return "0.5"
    if get_origin(annotation) is tuple:
        return "1.5, 2.5" if all(isinstance(item, float) for item in default) else "model-a, model-b"
    if annotation is Path:
        return "/tmp/aiproxy-elsewhere"
    if get_origin(annotation) is dict:
        return '{"dall-e-3:hd:1024x1024": 0.07}'
    return "http://changed.example"


def test_the_defaults() -> None:
    s = DEFAULTS
    assert s.data_dir == Path("data").resolve() and s.data_dir.is_absolute()
    assert (s.host, s.port, s.storage_backend, s.log_level, s.log_format) == (
        "127.0.0.1",
        8000,
        "local",
        "INFO",
        "console",
    )
    assert s.s3 == S3Settings() and s.s3.bucket == "aiproxy" and s.s3.region == "us-east-1"
    assert s.ollama.chat_models == () and s.ollama.num_ctx_max == 32768
    assert s.openai.base_url == "https://api.openai.com/v1" and "gpt-4o-mini" in s.openai.chat_models
    assert s.mocked_providers == ("ollama", "openai", "mureka")
    assert s.is_sqlite and s.effective_database_url == f"sqlite+aiosqlite:///{s.data_dir / 'aiproxy.db'}"
    assert s.effective_public_url == s.internal_url == "http://127.0.0.1:8000"
    assert s.arq_queue_name == "aiproxy:arq:queue"


@pytest.mark.parametrize("variable", list(variables()), ids=lambda v: v.name)
def test_each_variable_sets_its_own_setting_and_nothing_else(variable: Variable) -> None:
    changed = flat(Settings.from_env({variable.name: another_value(variable)}))
    assert {name for name, value in changed.items() if value != flat(DEFAULTS)[name]} == {variable.name}


def test_the_variables_are_every_setting() -> None:
    assert [v.name for v in variables()] == list(flat(DEFAULTS))
    assert all(v.field.description for v in variables()), "every setting says what it means"


def test_a_blank_variable_counts_as_unset() -> None:
    assert Settings.from_env({v.name: " " * (i % 2) for i, v in enumerate(variables())}) == DEFAULTS


def test_comma_lists_are_stripped_and_skip_empty_items() -> None:
    s = Settings.from_env({"OLLAMA_CHAT_MODELS": " llama3.2:3b, qwen3:8b,, ", "OPENAI_CHAT_MODELS": "gpt-4o"})
    assert s.ollama.chat_models == ("llama3.2:3b", "qwen3:8b")
    assert s.openai.chat_models == ("gpt-4o",)


@pytest.mark.parametrize(
    ("raw", "value"),
    [(w, True) for w in ("1", "true", "YES", "On")] + [(w, False) for w in ("0", "false", "no", "off")],
)
def test_booleans(raw: str, value: bool) -> None:
    s = Settings.from_env({"ALLOW_REGISTRATION": raw, "GRAPHIQL": raw})
    assert s.allow_registration is value and s.graphiql is value


def test_values_are_normalised() -> None:
    s = Settings.from_env(
        {
            "STORAGE_BACKEND": "S3",
            "LOG_FORMAT": "JSON",
            "LOG_LEVEL": "debug",
            "OPENAI_BASE_URL": "http://gateway/v1/",
            "MUREKA_BASE_URL": "http://mureka/",
            "PORT": " 9000 ",
            "DATA_DIR": "some/where",
        }
    )
    assert (s.storage_backend, s.log_format, s.log_level) == ("s3", "json", "DEBUG")
    assert (s.openai.base_url, s.mureka.base_url) == ("http://gateway/v1", "http://mureka")
    assert s.port == 9000 and s.data_dir == Path("some/where").resolve()


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"PORT": "abc"}, "PORT: Input should be a valid integer"),
        ({"PORT": "70000"}, "PORT"),
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND: Input should be 'local' or 's3' (got 'ftp')"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"ALLOW_REGISTRATION": "maybe"}, "ALLOW_REGISTRATION"),
        ({"OLLAMA_NUM_CTX_MAX": "lots"}, "OLLAMA_NUM_CTX_MAX: Input should be a valid integer"),
        ({"CHAT_AUTO_COMPRESS_AT": "most"}, "CHAT_AUTO_COMPRESS_AT"),
        ({"OPENAI_IMAGE_PRICES": "{dall-e-3: 1}"}, "OPENAI_IMAGE_PRICES: Value error, not JSON"),
        ({"OPENAI_IMAGE_PRICES": "[0.04]"}, "OPENAI_IMAGE_PRICES: Input should be a valid dictionary"),
        ({"OPENAI_IMAGE_PRICES": '{"dall-e-3:ultra:1024x1024": 1}'}, "is not model:quality:size with quality one of"),
        ({"OPENAI_IMAGE_PRICES": '{"dall-e-3:hd": 1}'}, "'dall-e-3:hd' is not model:quality:size"),
        (
            {"OPENAI_IMAGE_PRICES": '{"dall-e-3:hd:1024x1024": -1}'},
            "OPENAI_IMAGE_PRICES [dall-e-3:hd:1024x1024]: Input",
        ),
        ({"OPENAI_IMAGE_PRICES": '{"dall-e-3:hd:1024x1024": 0.00001}'}, "no more than 4 decimal places"),
        ({"OPENAI_COST_CACHE_TTL_SECONDS": "-1"}, "OPENAI_COST_CACHE_TTL_SECONDS"),
    ],
)
def test_an_invalid_value_is_refused_naming_its_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(InvalidSettings, match="invalid settings: ") as refused:
        Settings.from_env(env)
    assert named in str(refused.value)


def test_every_invalid_variable_is_named_at_once() -> None:
    with pytest.raises(InvalidSettings) as refused:
        Settings.from_env({"PORT": "abc", "LOG_FORMAT": "xml", "JOB_MAX_ATTEMPTS": "x"})
    assert all(name in str(refused.value) for name in ("PORT", "LOG_FORMAT", "JOB_MAX_ATTEMPTS"))


def test_secrets_stay_out_of_the_settings_repr() -> None:
    s = Settings.from_env(
        {"JWT_SECRET": "jwt-s3cret", "OPENAI_API_KEY": "sk-s3cret", "S3_SECRET_KEY": "s3-s3cret", "MUREKA_API_KEY": "m"}
    )
    assert "s3cret" not in repr(s)
    assert s.openai.api_key == "sk-s3cret" and s.mocked_providers == ("ollama",)


def test_encryption_keys_are_a_comma_list_of_fernet_keys_newest_first() -> None:
    assert Settings.from_env({"ENCRYPTION_KEYS": f" {KEY_B} ,{KEY_A},"}).encryption_keys == (KEY_B, KEY_A)
    assert DEFAULTS.encryption_keys == ()  # generated into DATA_DIR instead
    assert KEY_A not in repr(Settings.from_env({"ENCRYPTION_KEYS": KEY_A}))
    for bad in ("not-a-key", KEY_A[:-4], f"{KEY_A},{KEY_B}x!"):
        with pytest.raises(InvalidSettings, match=r"ENCRYPTION_KEYS: .*not 32 bytes") as refused:
            Settings.from_env({"ENCRYPTION_KEYS": bad})
        assert bad not in str(refused.value)  # a secret is never echoed
    with pytest.raises(InvalidSettings, match="key 2 is not"):
        Settings.from_env({"ENCRYPTION_KEYS": f"{KEY_A},short"})


def test_only_the_prefixed_variables_fill_a_section() -> None:
    # Variables other tools read (OLLAMA_HOST, OPENAI_ORG_ID) and one named like a section are not settings.
    assert Settings.from_env({"OLLAMA_HOST": "0.0.0.0", "OPENAI_ORG_ID": "org", "S3": "not json"}) == DEFAULTS


def test_the_process_environment_is_read_without_a_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_URL", "http://ollama:11434")
    monkeypatch.setenv("PORT", "8123")
    assert Settings.from_env().ollama.url == Settings().ollama.url == "http://ollama:11434"
    assert Settings.from_env().port == 8123
    assert Settings.from_env({}).port == 8000  # a mapping is all that is read


def test_replace_validates_and_knows_every_name() -> None:
    s = DEFAULTS.replace(port=9001, storage_backend="S3", s3=DEFAULTS.s3.replace(bucket="songs"))
    assert (s.port, s.storage_backend, s.s3.bucket, s.s3.region) == (9001, "s3", "songs", "us-east-1")
    assert DEFAULTS.port == 8000  # a copy
    with pytest.raises(InvalidSettings, match="PORT"):
        DEFAULTS.replace(port="abc")
    with pytest.raises(TypeError, match="ollama_url"):
        DEFAULTS.replace(ollama_url="http://x")
    with pytest.raises(TypeError, match="bukket"):
        DEFAULTS.s3.replace(bukket="x")


def test_settings_are_frozen() -> None:
    for model, name in ((DEFAULTS, "port"), (DEFAULTS.ollama, "url")):
        with pytest.raises(ValidationError, match="frozen"):
            setattr(model, name, "1")


def test_each_choice_is_described() -> None:
    for variable in variables():
        for choice in variable.choices:
            assert f"`{choice}`" in str(variable.field.description), f"{variable.name} does not describe {choice}"


def test_the_markdown_command_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--markdown"])
    assert capsys.readouterr().out == markdown_table()


def test_image_prices_are_read_exactly_from_json() -> None:
    prices = Settings.from_env(
        {"OPENAI_IMAGE_PRICES": '{"dall-e-3:hd:1024x1024": 0.07, "my-model:standard:1024x1792": "1"}'}
    )
    assert prices.openai.image_prices == {"dall-e-3:hd:1024x1024": Decimal("0.07"), "my-model:standard:1024x1792": 1}
    assert DEFAULTS.openai.image_prices == {} and DEFAULTS.openai.cost_cache_ttl_seconds == 3600
