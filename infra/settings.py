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
    rate_limit_per_minute: int = 600
    login_max_failures: int = 5
    login_lockout_seconds: int = 15 * 60
    signed_url_ttl_seconds: int = 3600
    upload_max_bytes: int = 512 * 1024 * 1024
    job_max_attempts: int = 3
    job_heartbeat_seconds: int = 10
    job_stale_after_seconds: int = 60
    inprocess_job_concurrency: int = 4
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
            rate_limit_per_minute=_int(e, "RATE_LIMIT_PER_MINUTE", 600),
            login_max_failures=_int(e, "LOGIN_MAX_FAILURES", 5),
            login_lockout_seconds=_int(e, "LOGIN_LOCKOUT_SECONDS", 15 * 60),
            signed_url_ttl_seconds=_int(e, "SIGNED_URL_TTL_SECONDS", 3600),
            upload_max_bytes=_int(e, "UPLOAD_MAX_BYTES", 512 * 1024 * 1024),
            job_max_attempts=_int(e, "JOB_MAX_ATTEMPTS", 3),
            job_heartbeat_seconds=_int(e, "JOB_HEARTBEAT_SECONDS", 10),
            job_stale_after_seconds=_int(e, "JOB_STALE_AFTER_SECONDS", 60),
            inprocess_job_concurrency=_int(e, "INPROCESS_JOB_CONCURRENCY", 4),
            log_level=_str(e, "LOG_LEVEL", "INFO").upper(),
            log_format=_str(e, "LOG_FORMAT", "console").lower(),
        )
