"""Builds every adapter from the settings. The API and the worker both compose themselves from here,
so the embedded default and production differ only in which adapters this picks."""

from __future__ import annotations

import hashlib
import hmac
import logging
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

from arq import create_pool
from arq.connections import RedisSettings
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from domain.accounts.service import AccountService
from domain.chat.generation import TemplateGenerationHandler
from domain.chat.providers import ChatProvider, Provider
from domain.chat.reply import ChatReplyHandler
from domain.data_transfer.service import DataExportHandler, DataImportHandler
from domain.files.ports import FileStorage
from domain.jobs.entities import JobKind
from domain.jobs.executor import JobExecutor
from infra.db.engine import create_engine, create_session_factory
from infra.db.uow import SqlUnitOfWork
from infra.events.memory import MemoryEventBus
from infra.events.redis import RedisEventBus
from infra.providers.ollama import OllamaProvider
from infra.providers.openai import OpenAIProvider
from infra.queue.arq import ArqJobQueue
from infra.queue.inprocess import InProcessJobQueue
from infra.ratelimit import CounterLoginThrottle, Counters, MemoryCounters, RateLimiter, RedisCounters
from infra.security.passwords import BcryptHasher
from infra.security.secrets import load_or_create_secret
from infra.security.tokens import JwtTokens
from infra.settings import Settings

log = logging.getLogger("aiproxy")


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    storage: FileStorage
    events: Any
    queue: Any
    counters: Counters
    tokens: JwtTokens
    hasher: BcryptHasher
    executor: JobExecutor
    providers: dict[Provider, ChatProvider] = field(default_factory=dict)
    redis: Redis | None = None
    stack: AsyncExitStack = field(default_factory=AsyncExitStack)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    @property
    def rate_limiter(self) -> RateLimiter:
        return RateLimiter(self.counters, self.settings.rate_limit_per_minute)

    def accounts(self, uow: SqlUnitOfWork) -> AccountService:
        return AccountService(
            users=uow.users,
            hasher=self.hasher,
            tokens=self.tokens,
            throttle=CounterLoginThrottle(
                self.counters, self.settings.login_max_failures, self.settings.login_lockout_seconds
            ),
            allow_registration=self.settings.allow_registration,
        )

    async def close(self) -> None:
        await self.stack.aclose()


def build_providers(settings: Settings, mock_url: str, stack: AsyncExitStack) -> dict[Provider, ChatProvider]:
    """Real endpoints where configured; the built-in mock (at mock_url) for the rest. Same adapter code."""
    ollama = OllamaProvider(settings.ollama_url or mock_url, max_num_ctx=settings.ollama_num_ctx_max)
    if settings.openai_api_key:
        openai = OpenAIProvider(
            settings.openai_base_url, settings.openai_api_key, chat_models=settings.openai_chat_models
        )
    else:
        openai = OpenAIProvider(f"{mock_url}/v1", "aitestmock", chat_models=settings.openai_chat_models)
    stack.push_async_callback(ollama.aclose)
    stack.push_async_callback(openai.aclose)
    return {Provider.OLLAMA: ollama, Provider.OPENAI: openai}


def secret(settings: Settings) -> str:
    return settings.jwt_secret or load_or_create_secret(settings.data_dir / "jwt_secret")


async def _storage(settings: Settings, key: str, stack: AsyncExitStack) -> FileStorage:
    if settings.storage_backend == "s3":
        from infra.storage.s3 import S3FileStorage

        s3 = S3FileStorage(
            endpoint=settings.s3_endpoint or None,
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key,
            bucket=settings.s3_bucket,
            region=settings.s3_region,
            public_endpoint=settings.s3_public_endpoint or None,
        )
        await s3.start()
        stack.push_async_callback(s3.close)
        return s3
    if settings.storage_backend != "local":
        raise ValueError(f"STORAGE_BACKEND must be 'local' or 's3', not {settings.storage_backend!r}")
    from infra.storage.local import LocalFileStorage

    signing_key = hmac.new(key.encode(), b"aiproxy-storage-urls", hashlib.sha256).digest()
    return LocalFileStorage(settings.data_dir / "files", settings.effective_public_url, signing_key)


async def build_container(settings: Settings, *, mock_url: str | None = None) -> Container:
    """Jobs run in this process unless Redis is configured (then arq workers run them). `mock_url` is
    where this process reaches the built-in mock (default: mounted in its own API at /mock)."""
    stack = AsyncExitStack()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(settings.effective_database_url)
        stack.push_async_callback(engine.dispose)
        key = secret(settings)
        storage = await _storage(settings, key, stack)
        redis: Redis | None = None
        if settings.redis_url:
            redis = Redis.from_url(settings.redis_url)
            stack.push_async_callback(redis.aclose)
            events: Any = RedisEventBus(redis, settings.redis_key_prefix)
            counters: Counters = RedisCounters(redis, settings.redis_key_prefix)
            pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
            stack.push_async_callback(pool.aclose)
            queue: Any = ArqJobQueue(pool, settings.arq_queue_name)
        else:
            events = MemoryEventBus()
            counters = MemoryCounters()
            queue = InProcessJobQueue(settings.inprocess_job_concurrency)
            stack.push_async_callback(queue.close)
        session_factory = create_session_factory(engine)
        providers = build_providers(settings, mock_url or settings.internal_url + "/mock", stack)
        executor = JobExecutor(
            uow_factory=lambda: SqlUnitOfWork(session_factory),
            events=events,
            queue=queue,
            heartbeat_seconds=settings.job_heartbeat_seconds,
            handlers={
                JobKind.DATA_EXPORT: DataExportHandler(storage),
                JobKind.DATA_IMPORT: DataImportHandler(storage, settings.upload_max_bytes),
                JobKind.CHAT_REPLY: ChatReplyHandler(
                    uow_factory=lambda: SqlUnitOfWork(session_factory),
                    events=events,
                    providers=providers,
                    auto_compress_at=settings.chat_auto_compress_at,
                ),
                JobKind.TEMPLATE_GENERATION: TemplateGenerationHandler(
                    uow_factory=lambda: SqlUnitOfWork(session_factory),
                    events=events,
                    providers=providers,
                ),
            },
        )
        if isinstance(queue, InProcessJobQueue):
            queue.bind(executor.run)
        return Container(
            settings=settings,
            engine=engine,
            session_factory=session_factory,
            storage=storage,
            events=events,
            queue=queue,
            counters=counters,
            tokens=JwtTokens(key, settings.jwt_ttl_seconds),
            hasher=BcryptHasher(settings.bcrypt_rounds),
            executor=executor,
            providers=providers,
            redis=redis,
            stack=stack,
        )
    except BaseException:
        await stack.aclose()
        raise
