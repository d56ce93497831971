"""Every setting aiproxy reads, with its default. The README's settings table mirrors this file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: dict[str, str], key: str, default: int) -> int:
    raw = env.get(key, "").strip()
    return int(raw) if raw else default


def _str(env: dict[str, str], key: str, default: str = "") -> str:
    return env.get(key, "").strip() or default


DEFAULT_OPENAI_MODELS = ("gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini")


def _list(env: dict[str, str], key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    raw = env.get(key, "").strip()
    return tuple(item.strip() for item in raw.split(",") if item.strip()) if raw else default


def _float(env: dict[str, str], key: str, default: float) -> float:
    raw = env.get(key, "").strip()
    return float(raw) if raw else default


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""
    database_url: str = ""
    redis_url: str = ""
    redis_key_prefix: str = "aiproxy:"  # lets several instances (or test runs) share one Redis
    storage_backend: str = "local"  # local | s3
    s3_endpoint: str = ""
    s3_public_endpoint: str = ""  # what browsers and the CLI use in pre-signed URLs, if not S3_ENDPOINT
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "aiproxy"
    s3_region: str = "us-east-1"
    jwt_secret: str = ""
    jwt_ttl_seconds: int = 24 * 3600
    bcrypt_rounds: int = 12
    allow_registration: bool = False
    graphiql: bool = True
    query_depth_limit: int = 10
    query_alias_limit: int = 30
    query_token_limit: int = 2000
    query_cost_limit: int = 10_000
    max_request_bytes: int = 1024 * 1024
    rate_limit_per_minute: int = 600
    trusted_proxies: tuple[str, ...] = ()  # addresses or CIDRs whose X-Forwarded-For is believed
    login_max_failures: int = 5
    login_lockout_seconds: int = 15 * 60
    signed_url_ttl_seconds: int = 3600
    upload_max_bytes: int = 512 * 1024 * 1024
    job_max_attempts: int = 3
    job_heartbeat_seconds: int = 10
    job_stale_after_seconds: int = 60
    inprocess_job_concurrency: int = 4
    ollama_url: str = ""  # unset: the built-in mock (aitestmock)
    ollama_default_model: str = "llama3.2:3b"
    ollama_chat_models: tuple[str, ...] = ()  # empty: every model the server has
    ollama_num_ctx_max: int = 32768  # a model's full window can need more memory than the host has
    openai_base_url: str = "https://api.openai.com/v1"
    openai_api_key: str = ""  # unset: the built-in mock
    openai_admin_api_key: str = ""
    openai_chat_models: tuple[str, ...] = DEFAULT_OPENAI_MODELS
    openai_default_model: str = "gpt-4o-mini"
    mureka_base_url: str = "https://api.mureka.ai"
    mureka_api_key: str = ""  # unset: the built-in mock
    chat_auto_compress_at: float = 0.85
    default_context_window: int = 8192
    log_level: str = "INFO"
    log_format: str = "console"  # console | json
    extra: dict[str, str] = field(default_factory=dict)

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
        unset = {"ollama": not self.ollama_url, "openai": not self.openai_api_key, "mureka": not self.mureka_api_key}
        return tuple(name for name, is_unset in unset.items() if is_unset)

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        e = dict(os.environ if env is None else env)
        return cls(
            data_dir=Path(_str(e, "DATA_DIR", "./data")).resolve(),
            host=_str(e, "HOST", "127.0.0.1"),
            port=_int(e, "PORT", 8000),
            public_url=_str(e, "PUBLIC_URL"),
            database_url=_str(e, "DATABASE_URL"),
            redis_url=_str(e, "REDIS_URL"),
            redis_key_prefix=_str(e, "REDIS_KEY_PREFIX", "aiproxy:"),
            storage_backend=_str(e, "STORAGE_BACKEND", "local").lower(),
            s3_endpoint=_str(e, "S3_ENDPOINT"),
            s3_public_endpoint=_str(e, "S3_PUBLIC_ENDPOINT"),
            s3_access_key=_str(e, "S3_ACCESS_KEY"),
            s3_secret_key=_str(e, "S3_SECRET_KEY"),
            s3_bucket=_str(e, "S3_BUCKET", "aiproxy"),
            s3_region=_str(e, "S3_REGION", "us-east-1"),
            jwt_secret=_str(e, "JWT_SECRET"),
            jwt_ttl_seconds=_int(e, "JWT_TTL_SECONDS", 24 * 3600),
            bcrypt_rounds=_int(e, "BCRYPT_ROUNDS", 12),
            allow_registration=_bool(e.get("ALLOW_REGISTRATION"), False),
            graphiql=_bool(e.get("GRAPHIQL"), True),
            query_depth_limit=_int(e, "QUERY_DEPTH_LIMIT", 10),
            query_alias_limit=_int(e, "QUERY_ALIAS_LIMIT", 30),
            query_token_limit=_int(e, "QUERY_TOKEN_LIMIT", 2000),
            query_cost_limit=_int(e, "QUERY_COST_LIMIT", 10_000),
            max_request_bytes=_int(e, "MAX_REQUEST_BYTES", 1024 * 1024),
            rate_limit_per_minute=_int(e, "RATE_LIMIT_PER_MINUTE", 600),
            trusted_proxies=_list(e, "TRUSTED_PROXIES"),
            login_max_failures=_int(e, "LOGIN_MAX_FAILURES", 5),
            login_lockout_seconds=_int(e, "LOGIN_LOCKOUT_SECONDS", 15 * 60),
            signed_url_ttl_seconds=_int(e, "SIGNED_URL_TTL_SECONDS", 3600),
            upload_max_bytes=_int(e, "UPLOAD_MAX_BYTES", 512 * 1024 * 1024),
            job_max_attempts=_int(e, "JOB_MAX_ATTEMPTS", 3),
            job_heartbeat_seconds=_int(e, "JOB_HEARTBEAT_SECONDS", 10),
            job_stale_after_seconds=_int(e, "JOB_STALE_AFTER_SECONDS", 60),
            inprocess_job_concurrency=_int(e, "INPROCESS_JOB_CONCURRENCY", 4),
            ollama_url=_str(e, "OLLAMA_URL"),
            ollama_default_model=_str(e, "OLLAMA_DEFAULT_MODEL", "llama3.2:3b"),
            ollama_chat_models=_list(e, "OLLAMA_CHAT_MODELS"),
            ollama_num_ctx_max=_int(e, "OLLAMA_NUM_CTX_MAX", 32768),
            openai_base_url=_str(e, "OPENAI_BASE_URL", "https://api.openai.com/v1").rstrip("/"),
            openai_api_key=_str(e, "OPENAI_API_KEY"),
            openai_admin_api_key=_str(e, "OPENAI_ADMIN_API_KEY"),
            openai_chat_models=_list(e, "OPENAI_CHAT_MODELS", DEFAULT_OPENAI_MODELS),
            openai_default_model=_str(e, "OPENAI_DEFAULT_MODEL", "gpt-4o-mini"),
            mureka_base_url=_str(e, "MUREKA_BASE_URL", "https://api.mureka.ai").rstrip("/"),
            mureka_api_key=_str(e, "MUREKA_API_KEY"),
            chat_auto_compress_at=_float(e, "CHAT_AUTO_COMPRESS_AT", 0.85),
            default_context_window=_int(e, "DEFAULT_CONTEXT_WINDOW", 8192),
            log_level=_str(e, "LOG_LEVEL", "INFO").upper(),
            log_format=_str(e, "LOG_FORMAT", "console").lower(),
        )
