"""Every setting aiproxy reads: one declaration each, with its default and its meaning.

Each setting is an environment variable. A general setting is named after its field (`port` reads `PORT`);
S3's and each provider's settings are grouped in a section whose name prefixes theirs (`ollama.url` reads
`OLLAMA_URL`). A variable set blank counts as unset. A value that does not parse stops the start with
`InvalidSettings`, which names the variable.

The README's settings table is generated from this model (`python -m infra.settings --markdown`), and
tests/unit/test_readme.py keeps the two equal, so a setting cannot be added without its line there.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, Self, get_args, get_origin

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    InitSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from domain.images.provider import ImageQuality, ImageSize

# The checkout this module runs from (an editable install, as `make run` makes); an image sets its paths.
SOURCE_TREE = Path(__file__).resolve().parents[1]

# ----------------------------------------------------------------------------------------- value types


def _comma_list(value: object) -> object:
    """`a, b,,c` → ("a", "b", "c"); a sequence given in code passes through to validation."""
    if isinstance(value, str):
        return tuple(item.strip() for item in value.split(",") if item.strip())
    return value


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


# A comma-separated list of names. NoDecode: pydantic-settings would otherwise expect JSON for a tuple.
Names = Annotated[tuple[str, ...], NoDecode, BeforeValidator(_comma_list)]
# A comma list of positive numbers of seconds (`5, 15, 30`).
SecondsList = Annotated[
    tuple[Annotated[float, Field(gt=0)], ...], NoDecode, BeforeValidator(_comma_list), Field(min_length=1)
]


def _json(value: object) -> object:
    """A JSON text (numbers read exactly, as Decimal); a value given in code passes through to validation."""
    if isinstance(value, str):
        try:
            return json.loads(value, parse_float=Decimal)
        except ValueError as exc:
            raise ValueError(f"not JSON ({exc})") from None
    return value


def _image_price_keys(prices: dict[str, Decimal]) -> dict[str, Decimal]:
    qualities, sizes = [q.value for q in ImageQuality], [s.value for s in ImageSize]
    for key in prices:
        parts = key.split(":")
        if len(parts) != 3 or not parts[0].strip() or parts[1] not in qualities or parts[2] not in sizes:
            raise ValueError(
                f"{key!r} is not model:quality:size with quality one of {', '.join(qualities)} and size one of "
                f"{', '.join(sizes)} (e.g. dall-e-3:hd:1024x1024)"
            )
    return prices


# US$ per image by "model:quality:size", as a JSON object: `{"dall-e-3:hd:1024x1024": 0.08}`.
ImagePrices = Annotated[
    dict[str, Annotated[Decimal, Field(ge=0, le=1000, decimal_places=4)]],
    NoDecode,
    BeforeValidator(_json),
    AfterValidator(_image_price_keys),
]


def _fernet_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    for n, key in enumerate(keys, 1):
        try:
            valid = len(base64.b64decode(key.encode(), altchars=b"-_", validate=True)) == 32
        except (binascii.Error, ValueError):
            valid = False
        if not valid:
            raise ValueError(
                f"key {n} is not 32 bytes of URL-safe base64 (`python -m api.manage generate-encryption-key` makes one)"
            )
    return keys


# Fernet keys, newest first, as a comma list.
EncryptionKeys = Annotated[tuple[str, ...], NoDecode, BeforeValidator(_comma_list), AfterValidator(_fernet_keys)]
# A directory, made absolute against the working directory at start.
Directory = Annotated[Path, AfterValidator(Path.resolve)]
# A base URL that paths are appended to: no trailing slash.
BaseUrl = Annotated[str, AfterValidator(lambda url: url.rstrip("/"))]


def _shown_value(value: object) -> str:
    """A default as it is written in the environment: `5`, not `5.0`."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _shown(text: str) -> dict[str, Any]:
    """The default as the README shows it, where the value itself would not say it (a computed default)."""
    return {"shown_default": text}


# ----------------------------------------------------------------------------------------- sections


class Section(BaseModel):
    """A group of settings read from variables sharing a prefix: the section's field name in Settings."""

    model_config = ConfigDict(frozen=True, validate_default=True)

    def replace(self, **changes: Any) -> Self:
        """A copy with these fields changed, validated as the environment's values are."""
        _refuse_unknown(type(self), changes)
        return self.model_validate({**self.model_dump(), **changes})


class S3Settings(Section):
    endpoint: str = Field(
        default="",
        description="S3-compatible endpoint, e.g. `http://minio:9000`",
        json_schema_extra=_shown("unset (AWS)"),
    )
    public_endpoint: str = Field(
        default="",
        description="the endpoint clients use in pre-signed URLs, when it differs from the internal one",
        json_schema_extra=_shown("`S3_ENDPOINT`"),
    )
    access_key: str = Field(default="", description="S3 access key (unset: the AWS default credential chain)")
    secret_key: str = Field(
        default="", description="S3 secret key (unset: the AWS default credential chain)", repr=False
    )
    bucket: str = Field(default="aiproxy", description="bucket for every stored file; created if missing")
    region: str = Field(default="us-east-1", description="bucket region")


class OllamaSettings(Section):
    url: str = Field(
        default="",
        description="Ollama server, e.g. `http://localhost:11434`",
        json_schema_extra=_shown("unset: the built-in mock"),
    )
    default_model: str = Field(
        default="llama3.2:3b", description="the model `models(provider: OLLAMA)` marks as default"
    )
    chat_models: Names = Field(
        default=(),
        description="comma list restricting the Ollama models offered",
        json_schema_extra=_shown("empty: all"),
    )
    num_ctx_max: int = Field(
        default=32768,
        description="largest context window sent to Ollama as `num_ctx` (it allocates all of it up front)",
    )


class OpenAISettings(Section):
    base_url: BaseUrl = Field(default="https://api.openai.com/v1", description="OpenAI-compatible endpoint")
    api_key: str = Field(
        default="",
        description="key for chat and images",
        repr=False,
        json_schema_extra=_shown("unset: the built-in mock"),
    )
    admin_api_key: str = Field(
        default="",
        description="organisation admin key (`sk-admin-…`) for `openaiCosts`",
        repr=False,
        json_schema_extra=_shown("unset: the built-in mock while `OPENAI_API_KEY` is unset too, else no costs"),
    )
    admin_timeout_seconds: float = Field(
        default=30, gt=0, description="how long one page of the costs API may take to answer"
    )
    cost_cache_ttl_seconds: float = Field(
        default=3600,
        ge=0,
        description="how long the current month's costs are served from what was kept before OpenAI is asked "
        "again (past months are asked once and kept)",
    )
    chat_models: Names = Field(
        default=("gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini"),
        description="comma list of the OpenAI chat models offered",
    )
    default_model: str = Field(
        default="gpt-4o-mini", description="the model `models(provider: OPENAI)` marks as default"
    )
    image_model: str = Field(default="dall-e-3", description="the model `imageCreate` draws with")
    image_prices: ImagePrices = Field(
        default_factory=dict,
        description='US$ per image by `model:quality:size`, a JSON object (`{"dall-e-3:hd:1024x1024": 0.08}`) '
        "whose entries replace or add to the built-in table of OpenAI's list prices; new images are charged by it",
        json_schema_extra=_shown("empty: the built-in table"),
    )


class MurekaSettings(Section):
    base_url: BaseUrl = Field(default="https://api.mureka.ai", description="Mureka endpoint")
    api_key: str = Field(
        default="", description="Mureka key", repr=False, json_schema_extra=_shown("unset: the built-in mock")
    )
    models: Names = Field(
        default=("auto", "mureka-7.5", "mureka-7.6", "mureka-8", "mureka-9", "mureka-o1", "mureka-7", "mureka-6"),
        description="comma list of the Mureka models `songCreate` accepts",
    )
    choices: int = Field(default=2, ge=1, le=3, description="choices asked for per song (`n`; each is billed)")
    poll_intervals: SecondsList = Field(
        default=(5.0, 15.0, 30.0),
        description="seconds between status queries while the song is younger than each of `MUREKA_POLL_STEPS` "
        "(the last one after the last step)",
    )
    poll_steps: SecondsList = Field(
        default=(120.0, 300.0), description="ages of a song (seconds since its submission) where polling slows down"
    )
    deadline_seconds: float = Field(
        default=900, gt=0, description="a song not finished this long after its submission fails `TIMEOUT`"
    )
    concurrency: int = Field(
        default=0,
        ge=0,
        description="songs generated at once across every worker; `0`: the account's `concurrent_request_limit`",
    )
    rate_limit_seconds: float = Field(
        default=120,
        gt=0,
        description="how long a call Mureka keeps answering 429 (too fast) is tried again before it fails "
        "`RATE_LIMITED`",
    )


# ----------------------------------------------------------------------------------------- settings


class InvalidSettings(ValueError):
    """Settings whose values do not parse; the message names each variable and what is wrong with it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        frozen=True,
        validate_default=True,  # DATA_DIR's default is resolved like a given value
        # A section's variables are its name, `_`, and its field name, split once: OLLAMA_NUM_CTX_MAX is
        # ollama.num_ctx_max. (Variables are matched case-insensitively, as pydantic-settings does.)
        env_nested_delimiter="_",
        env_nested_max_split=1,
    )

    data_dir: Directory = Field(
        default=Path("data"),
        description="where the embedded default keeps its SQLite file, local files and generated secret",
        json_schema_extra=_shown("`./data`"),
    )
    host: str = Field(default="127.0.0.1", description="address to listen on (`0.0.0.0` in containers)")
    port: int = Field(default=8000, ge=0, le=65535, description="port to listen on")
    public_url: str = Field(
        default="",
        description="the address clients reach the API at; local signed file URLs are built on it",
        json_schema_extra=_shown("`http://HOST:PORT`"),
    )
    database_url: str = Field(
        default="",
        description="`postgresql+asyncpg://user:pass@host:5432/db` for production",
        json_schema_extra=_shown("SQLite file in `DATA_DIR`"),
    )
    redis_url: str = Field(
        default="", description="set it to run jobs on arq workers, events over Redis pub/sub and rate limits in Redis"
    )
    redis_key_prefix: str = Field(
        default="aiproxy:", description="prefix of every Redis key and channel, so instances can share one Redis"
    )
    storage_backend: Annotated[Literal["local", "s3"], BeforeValidator(_lower)] = Field(
        default="local", description="`local` (files under `DATA_DIR/files`) or `s3`"
    )
    s3: S3Settings = Field(default_factory=S3Settings)
    jwt_secret: str = Field(
        default="",
        description="secret that signs tokens and local file URLs; set it (the same everywhere) in production",
        repr=False,
        json_schema_extra=_shown("generated into `DATA_DIR/jwt_secret`"),
    )
    encryption_keys: EncryptionKeys = Field(
        default=(),
        description="comma list of Fernet keys that encrypt secrets at rest (equipment passwords, license keys and "
        "prices), newest first: new values use the first, any of them reads; to rotate, put a new key "
        "(`python -m api.manage generate-encryption-key`) first, run `python -m api.manage rotate-keys`, then drop "
        "the old ones; set it (the same everywhere) in production",
        repr=False,
        json_schema_extra=_shown("generated into `DATA_DIR/encryption_keys`"),
    )
    jwt_ttl_seconds: int = Field(default=24 * 3600, description="how long a login token is valid")
    bcrypt_rounds: int = Field(default=12, ge=4, le=31, description="bcrypt cost for password hashes")
    bcrypt_max_threads: int = Field(
        default=1,
        ge=1,
        description="password hashes computed or checked at once, each in a thread of its own (others wait their "
        "turn), so logins never hold up other requests; one keeps a core free on a small box",
    )
    allow_registration: bool = Field(
        default=False, description="let anyone register (the first account can always register and becomes admin)"
    )
    graphiql: bool = Field(default=True, description="serve GraphiQL at `GET /graphql`")
    web_client_dir: Directory = Field(
        default=SOURCE_TREE / "frontend-client" / "dist",
        description="the built web client, served at `/` (`make run` builds it when Node 20+ is present); "
        "without its `index.html`, `/` leads to GraphiQL",
        json_schema_extra=_shown("`frontend-client/dist` in the source tree"),
    )
    query_depth_limit: int = Field(default=10, description="deepest query accepted")
    query_alias_limit: int = Field(default=30, description="most aliases in one document")
    query_token_limit: int = Field(default=2000, description="most tokens in one document")
    query_cost_limit: int = Field(
        default=10_000, description="highest query cost accepted (see Limits above); `0` turns it off"
    )
    max_request_bytes: int = Field(
        default=1024 * 1024, description="largest request body (and WebSocket message) accepted (1 MiB)"
    )
    rate_limit_per_minute: int = Field(
        default=600,
        description="requests per user (or per address when signed out) in any sliding minute: HTTP requests, "
        "WebSocket `connection_init` and `subscribe` messages; `0` turns it off",
    )
    trusted_proxies: Names = Field(
        default=(),
        description="comma list of proxy addresses or CIDRs (`10.0.0.0/8`) whose `X-Forwarded-For` names the "
        "client; empty: the socket peer is the client",
        json_schema_extra=_shown("empty"),
    )
    login_max_failures: int = Field(
        default=5,
        description="failed sign-ins for one account (wrong passwords at `login` and at `passwordChange` alike) "
        "before it is locked",
    )
    login_lockout_seconds: int = Field(
        default=15 * 60, description="the window for those failures, and how long the lock lasts"
    )
    session_recheck_seconds: float = Field(
        default=5,
        gt=0,
        description="how often an open WebSocket checks that its token is still valid; a password change or "
        "deactivation made through a server sharing its events (one embedded process, or Redis) ends it at once",
    )
    signed_url_ttl_seconds: int = Field(default=3600, description="lifetime of signed download and upload URLs")
    upload_max_bytes: int = Field(default=512 * 1024 * 1024, description="largest upload accepted (512 MiB)")
    upload_keep_hours: float = Field(
        default=24,
        gt=0,
        description="an upload (an archive to import) can be imported this long after it was declared; then the "
        "sweep removes it with its bytes",
    )
    project_file_max_bytes: int = Field(
        default=64 * 1024**3,
        ge=0,
        le=5 * 1024**4,
        description="largest file a project takes (64 GiB; S3's own limit is 5 TiB); project files go straight to "
        "storage, never through the API process",
    )
    project_upload_part_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=5 * 1024 * 1024,
        le=5 * 1024**3,
        description="size of the parts a larger project file is uploaded in (64 MiB; 5 MiB to 5 GiB, S3's bounds); "
        "a file that fits in one part is one PUT, and parts grow where a file would need more than 10 000",
    )
    project_upload_expire_hours: float = Field(
        default=168,
        gt=0,
        description="a project file upload declared this long ago and never completed is abandoned (7 days): it is "
        "not resumed, and the sweep removes it with the parts it holds in storage",
    )
    job_max_attempts: int = Field(default=3, description="tries of a job that keeps failing transiently")
    job_heartbeat_seconds: int = Field(
        default=2,
        ge=1,
        description="how often a running job proves it is alive, and how often each worker's watchdog runs the "
        "recovery pass",
    )
    job_stale_after_seconds: int = Field(
        default=10,
        ge=2,
        description="a running job silent this long has lost its worker: it is requeued, or ended `INTERRUPTED` "
        "(keeping its text) when it must not start over, like a chat answer; keep it several heartbeats long",
    )
    inprocess_job_concurrency: int = Field(default=4, description="jobs run at once by the embedded in-process runner")
    web_concurrency: int | None = Field(
        default=None,
        ge=1,
        description="API worker processes sharing the port (graceful restart of all: `kill -HUP` the parent); "
        "more than 1 needs REDIS_URL and PostgreSQL, as every process then shares jobs, events and data",
        json_schema_extra=_shown("the number of cores in production; 1 in the embedded default"),
    )
    ollama: OllamaSettings = Field(default_factory=OllamaSettings)
    openai: OpenAISettings = Field(default_factory=OpenAISettings)
    mureka: MurekaSettings = Field(default_factory=MurekaSettings)
    chat_auto_compress_at: float = Field(
        default=0.85, description="context usage (0–1) at which a conversation is compressed before the next answer"
    )
    default_context_window: int = Field(
        default=8192, description="context window assumed when the provider does not report one"
    )
    lyrics_rule_timeout_ms: int = Field(
        default=250,
        ge=10,
        le=10_000,
        description="time one lyric parsing rule may take on one text; a runaway pattern that takes longer changes "
        "nothing and is reported (`lyricsCleanup`'s `failures`)",
    )
    log_level: Annotated[Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], BeforeValidator(_upper)] = Field(
        default="INFO", description="`DEBUG`, `INFO`, `WARNING`, `ERROR` or `CRITICAL`"
    )
    log_format: Annotated[Literal["console", "json"], BeforeValidator(_lower)] = Field(
        default="console", description="`console` (readable lines) or `json` (one JSON object per line)"
    )

    # ------------------------------------------------------------------------------------ building

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Self:
        """The settings in `env` (None: the process environment), and nothing else; raises InvalidSettings."""
        return cls._build(_Environment(cls, os.environ if env is None else env))

    def replace(self, **changes: Any) -> Self:
        """A copy with these settings changed (a section as a whole: `s3=settings.s3.replace(bucket=…)`),
        validated as the environment's values are."""
        _refuse_unknown(type(self), changes)
        return self._build(InitSettingsSource(type(self), init_kwargs={**self.model_dump(), **changes}))

    @classmethod
    def _build(cls, source: PydanticBaseSettingsSource) -> Self:
        # BaseSettings.__init__ takes the sources to read; the signature mypy derives from the fields lacks
        # that argument unless pydantic's mypy plugin is on, so the call goes through a plain callable.
        build: Callable[..., Self] = cls
        try:
            return build(_build_sources=((source,), {}))
        except ValidationError as exc:
            problems = [
                f"{_variable(error['loc'])}{_inside(error['loc'])}: {_problem(error)}" for error in exc.errors()
            ]
            raise InvalidSettings("invalid settings: " + "; ".join(problems)) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """`Settings()` reads what `from_env()` reads: arguments, then the environment (no .env, no secrets dir)."""
        return init_settings, _Environment(settings_cls, os.environ)

    # ------------------------------------------------------------------------------------ derived

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'aiproxy.db'}"

    @property
    def effective_public_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def arq_queue_name(self) -> str:
        return self.redis_key_prefix + "arq:queue"

    @property
    def internal_url(self) -> str:
        """How this process reaches its own HTTP server (for the mounted mock)."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"

    @property
    def mocked_providers(self) -> tuple[str, ...]:
        """Providers left unconfigured, which therefore talk to the built-in mock."""
        unset = {"ollama": not self.ollama.url, "openai": not self.openai.api_key, "mureka": not self.mureka.api_key}
        return tuple(name for name, is_unset in unset.items() if is_unset)

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    @property
    def effective_web_concurrency(self) -> int:
        """Processes to serve with. The embedded default is one process: its jobs run in it, its events live in
        its memory, and SQLite has one writer."""
        if self.web_concurrency is not None:
            return self.web_concurrency
        return 1 if self.is_sqlite or not self.redis_url else max(1, os.cpu_count() or 1)


class _Environment(EnvSettingsSource):
    """pydantic-settings' environment source over a given mapping; a variable set blank counts as unset."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ  # read by _load_env_vars, which the base __init__ calls
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {self._apply_case_sensitive(key): value.strip() for key, value in self._environ.items() if value.strip()}

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        if _is_section(field):  # read from its prefixed variables only, never from one holding JSON (`S3={...}`)
            return None, field_name, False
        return super().get_field_value(field, field_name)


def _is_section(field: FieldInfo) -> bool:
    return isinstance(field.annotation, type) and issubclass(field.annotation, Section)


def _refuse_unknown(model: type[BaseModel], changes: Mapping[str, object]) -> None:
    unknown = sorted(changes.keys() - model.model_fields.keys())
    if unknown:
        raise TypeError(f"{model.__name__} has no setting {', '.join(unknown)}")


# ----------------------------------------------------------------------------------------- variables


class Variable(NamedTuple):
    """One environment variable the settings read, as the README's table shows it."""

    name: str
    field: FieldInfo

    @property
    def shown_default(self) -> str:
        extra = self.field.json_schema_extra
        if isinstance(extra, dict) and isinstance(extra.get("shown_default"), str):
            return str(extra["shown_default"])
        default = self.field.get_default(call_default_factory=True)
        if default == "":
            return "unset"
        if isinstance(default, bool):
            return f"`{str(default).lower()}`"
        if isinstance(default, tuple):
            return f"`{','.join(_shown_value(item) for item in default)}`" if default else "empty"
        return f"`{_shown_value(default)}`"

    @property
    def secret(self) -> bool:
        return not self.field.repr

    @property
    def choices(self) -> tuple[str, ...]:
        """The values a Literal setting accepts; empty for any other."""
        for part in (self.field.annotation, *get_args(self.field.annotation)):
            if get_origin(part) is Literal:
                return tuple(str(choice) for choice in get_args(part))
        return ()


def variables() -> Iterator[Variable]:
    """Every variable Settings reads, in declaration order."""
    for name, field in Settings.model_fields.items():
        section = field.annotation
        if _is_section(field) and isinstance(section, type):
            for sub_name, sub_field in section.model_fields.items():
                yield Variable(f"{name}_{sub_name}".upper(), sub_field)
        else:
            yield Variable(name.upper(), field)


def _variable(loc: Sequence[int | str]) -> str:
    """The variable behind a validation error's location: ("port",) is PORT, ("ollama", "url") OLLAMA_URL."""
    field = Settings.model_fields.get(str(loc[0]))
    if field is not None and len(loc) > 1 and _is_section(field):
        return f"{loc[0]}_{loc[1]}".upper()
    return str(loc[0]).upper()


def _inside(loc: Sequence[int | str]) -> str:
    """Where inside a structured value (a JSON object's key) the problem is: ` [key]`, or nothing."""
    field = Settings.model_fields.get(str(loc[0]))
    depth = 2 if field is not None and len(loc) > 1 and _is_section(field) else 1
    return "".join(f" [{part}]" for part in loc[depth:])


def _problem(error: Mapping[str, Any]) -> str:
    by_name = {variable.name: variable for variable in variables()}
    variable = by_name.get(_variable(error["loc"]))
    if variable is None or variable.secret or not isinstance(error.get("input"), str):
        return str(error["msg"])
    return f"{error['msg']} (got {error['input']!r})"


def markdown_table() -> str:
    """The README's settings table."""
    rows = [
        "| variable | default | meaning |",
        "|---|---|---|",
        *(f"| `{v.name}` | {v.shown_default} | {v.field.description} |" for v in variables()),
    ]
    return "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m infra.settings", description="Every setting aiproxy reads.")
    parser.add_argument("--markdown", action="store_true", help="print the README's settings table")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown_table())
    else:
        parser.print_help()


if __name__ == "__main__":
    main()
