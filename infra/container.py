"""The composition root: builds every adapter from the settings and every area's services from the
area registrations (infra/areas). The API and the worker both compose themselves from here, so the
embedded default and production differ only in which adapters this picks."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from domain.common.events import EventBus
from domain.common.secrets import EncryptedValues
from domain.costs.provider import CostsProvider
from domain.data_transfer.sections import ArchiveSection, is_section_name
from domain.files.deletions import StorageDeletions
from domain.files.ports import FileStorage
from domain.images.provider import ImageProvider
from domain.jobs.executor import JobExecutor
from domain.jobs.ports import JobQueue
from domain.llm.catalogue import ModelCatalogue, ModelPolicy
from domain.llm.ports import ChatProvider, Provider
from domain.songs.ports import SlotPool, SongAccounts
from domain.songs.provider import SongProvider
from infra.areas import AREAS, Area
from infra.db.engine import create_engine, create_read_session_factory, create_session_factory
from infra.db.mapping import start_mappers
from infra.db.uow import RepositoryFactory, SqlUnitOfWork
from infra.events.memory import MemoryEventBus
from infra.events.redis import RedisEventBus
from infra.overlay import PillowOverlayRenderer
from infra.providers.mureka import MurekaProvider
from infra.providers.ollama import OllamaProvider
from infra.providers.openai import OpenAIProvider
from infra.providers.openai_costs import OpenAICostsProvider
from infra.providers.openai_images import OpenAIImageProvider
from infra.queue.arq import ArqJobQueue, arq_redis
from infra.queue.inprocess import InProcessJobQueue
from infra.rate_limits import RequestRateLimiter, request_rate_limiter
from infra.ratelimit import Counters, DegradingCounters, RedisCounters, SqlCounters
from infra.redis_health import RedisHealth, redis_client
from infra.security.encryption import FernetCipher, load_keys
from infra.security.passwords import BcryptHasher
from infra.security.secrets import load_or_create_secret
from infra.security.tokens import JwtTokens
from infra.settings import Settings
from infra.slots import MemorySlotPool, RedisSlotPool
from infra.song_accounts import CachedSongAccounts

log = logging.getLogger("aiproxy")

S = TypeVar("S")

# What a process does while Redis is down (logged once per outage; see infra/redis_health.py).
WITHOUT_REDIS = (
    "reads and writes go on; the login throttle counts in the database and rate limits in this process only, "
    "live updates (subscriptions) end and resume from the stored rows, new jobs wait in the jobs table until "
    "Redis is back"
)


class Services:
    """The services of one unit of work, built on first use from the areas' registrations."""

    container: Container
    uow: SqlUnitOfWork

    def __init__(self, container: Container, uow: SqlUnitOfWork) -> None:
        self.container = container
        self.uow = uow
        self._made: dict[type[Any], Any] = {}

    def get(self, service: type[S]) -> S:
        if service not in self._made:
            factory = self.container.factories.get(service)
            if factory is None:
                raise LookupError(f"no area registers {service.__name__}")
            self._made[service] = factory(self)
        return cast(S, self._made[service])


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    storage: FileStorage
    events: EventBus
    queue: JobQueue
    counters: Counters
    tokens: JwtTokens
    hasher: BcryptHasher
    # The language models, and the rules for picking among them.
    llm: dict[Provider, ChatProvider]
    catalogue: ModelCatalogue
    # The song provider, its account (cached), and the slots that keep its concurrent generations in bounds.
    song_provider: SongProvider
    song_accounts: SongAccounts
    song_slots: SlotPool
    # DALL-E (or the built-in mock of it).
    image_provider: ImageProvider
    # The organisation's costs at OpenAI (or the built-in mock of them).
    costs_provider: CostsProvider
    # Secrets at rest (equipment passwords, …): the server's Fernet keys, newest first.
    cipher: FernetCipher
    areas: Sequence[Area] = AREAS
    redis: Redis | None = None
    # This process's view of Redis (None in the embedded default): every Redis adapter reports to it.
    redis_health: RedisHealth | None = None
    stack: AsyncExitStack = field(default_factory=AsyncExitStack)
    executor: JobExecutor = field(init=False)
    read_session_factory: async_sessionmaker[AsyncSession] = field(init=False)
    repositories: dict[str, RepositoryFactory] = field(init=False)
    factories: dict[type[Any], Callable[[Services], Any]] = field(init=False)
    # Every area's sections of the export archive, in registration order (the export and import handlers').
    archive_sections: tuple[ArchiveSection[Any, Any], ...] = field(init=False)
    # Every area's values kept under `cipher` (what `rotate-keys` re-encrypts), in registration order.
    encrypted_values: tuple[EncryptedValues[Any], ...] = field(init=False)

    def __post_init__(self) -> None:
        start_mappers((area.name, area.map_entities) for area in self.areas)
        self.read_session_factory = create_read_session_factory(self.engine)
        self.repositories = {name: repo for area in self.areas for name, repo in area.repositories.items()}
        self.factories = {service: make for area in self.areas for service, make in area.services.items()}
        self.archive_sections = archive_sections(self.areas)
        self.encrypted_values = tuple(values for area in self.areas for values in area.encrypted_values)
        self.executor = JobExecutor(
            uow_factory=self.uow,
            statements=self.reads,
            events=self.events,
            queue=self.queue,
            heartbeat_seconds=self.settings.job_heartbeat_seconds,
            handlers={job.type.kind: job.handler(self) for area in self.areas for job in area.jobs},
            sweepers=[sweeps(self) for area in self.areas for sweeps in area.sweeps],
        )

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory, self.repositories)

    def reads(self) -> SqlUnitOfWork:
        """A unit of work whose every statement commits by itself (autocommit): for reads, with no transaction
        around them, and for one atomic statement that writes (a job's claim, an UPDATE … RETURNING) in one
        round trip, without BEGIN and COMMIT. Never commit it."""
        return SqlUnitOfWork(self.read_session_factory, self.repositories)

    def services(self, uow: SqlUnitOfWork) -> Services:
        return Services(self, uow)

    def service_for(self, service: type[S]) -> Callable[[Any], S]:
        """A factory of `service` for any unit of work (for handlers that open their own)."""
        return lambda uow: self.services(uow).get(service)

    @cached_property
    def rate_limiter(self) -> RequestRateLimiter:
        return request_rate_limiter(
            self.redis, self.settings.redis_key_prefix, self.settings.rate_limit_per_minute, self.redis_health
        )

    @cached_property
    def storage_deletions(self) -> StorageDeletions:
        """Bytes let go of, removed from storage once the unit of work that let go of them has committed."""
        return StorageDeletions(self.uow, self.storage)

    @cached_property
    def overlay_renderer(self) -> PillowOverlayRenderer:
        """Text overlays, drawn with Pillow; its downscaled sources for previews are kept for the process's life."""
        return PillowOverlayRenderer(self.storage)

    async def close(self) -> None:
        await self.stack.aclose()


def archive_sections(areas: Sequence[Area]) -> tuple[ArchiveSection[Any, Any], ...]:
    """The areas' archive sections in registration order; two areas cannot write one document."""
    sections = tuple(section for area in areas for section in area.archive_sections)
    names = [section.name for section in sections]
    for name in names:
        if not is_section_name(name) or names.count(name) > 1:
            raise ValueError(f"archive section {name!r}: a unique name of lowercase letters, digits and _ is needed")
    return sections


def build_providers(settings: Settings, mock_url: str, stack: AsyncExitStack) -> dict[Provider, ChatProvider]:
    """Real endpoints where configured; the built-in mock (at mock_url) for the rest. Same adapter code."""
    ollama = OllamaProvider(settings.ollama.url or mock_url, max_num_ctx=settings.ollama.num_ctx_max)
    if settings.openai.api_key:
        openai = OpenAIProvider(settings.openai.base_url, settings.openai.api_key)
    else:
        openai = OpenAIProvider(f"{mock_url}/v1", "aitestmock")
    stack.push_async_callback(ollama.aclose)
    stack.push_async_callback(openai.aclose)
    return {Provider.OLLAMA: ollama, Provider.OPENAI: openai}


def build_song_provider(settings: Settings, mock_url: str, stack: AsyncExitStack) -> MurekaProvider:
    if settings.mureka.api_key:
        base_url, key = settings.mureka.base_url, settings.mureka.api_key
    else:
        base_url, key = mock_url, "aitestmock"
    mureka = MurekaProvider(base_url, key, rate_limit_budget_seconds=settings.mureka.rate_limit_seconds)
    stack.push_async_callback(mureka.aclose)
    return mureka


def build_image_provider(settings: Settings, mock_url: str, stack: AsyncExitStack) -> OpenAIImageProvider:
    if settings.openai.api_key:
        images = OpenAIImageProvider(settings.openai.base_url, settings.openai.api_key)
    else:
        images = OpenAIImageProvider(f"{mock_url}/v1", "aitestmock")
    stack.push_async_callback(images.aclose)
    return images


# The admin key the built-in mock's costs API accepts.
MOCK_ADMIN_KEY = "sk-admin-aitestmock"


def build_costs_provider(settings: Settings, mock_url: str, stack: AsyncExitStack) -> OpenAICostsProvider:
    """The admin key where set; the built-in mock while OpenAI is not configured at all; otherwise an adapter
    without a key, which answers NOT_CONFIGURED (a project key cannot read the organisation's costs)."""
    openai = settings.openai
    if openai.admin_api_key or openai.api_key:
        base_url, key = openai.base_url, openai.admin_api_key
    else:
        base_url, key = f"{mock_url}/v1", MOCK_ADMIN_KEY
    costs = OpenAICostsProvider(base_url, key, timeout=openai.admin_timeout_seconds)
    stack.push_async_callback(costs.aclose)
    return costs


def build_catalogue(settings: Settings, llm: dict[Provider, ChatProvider]) -> ModelCatalogue:
    policies = {
        Provider.OLLAMA: ModelPolicy(
            settings.ollama.default_model, settings.ollama.chat_models, max_context=settings.ollama.num_ctx_max
        ),
        Provider.OPENAI: ModelPolicy(settings.openai.default_model, settings.openai.chat_models),
    }
    return ModelCatalogue(llm, policies, default_context_window=settings.default_context_window)


def secret(settings: Settings) -> str:
    return settings.jwt_secret or load_or_create_secret(settings.data_dir / "jwt_secret")


async def _storage(settings: Settings, key: str, stack: AsyncExitStack) -> FileStorage:
    if settings.storage_backend == "s3":
        from infra.storage.s3 import S3FileStorage

        s3 = S3FileStorage(
            endpoint=settings.s3.endpoint or None,
            access_key=settings.s3.access_key,
            secret_key=settings.s3.secret_key,
            bucket=settings.s3.bucket,
            region=settings.s3.region,
            public_endpoint=settings.s3.public_endpoint or None,
        )
        await s3.start()
        stack.push_async_callback(s3.close)
        return s3
    from infra.storage.local import LocalFileStorage

    signing_key = hmac.new(key.encode(), b"aiproxy-storage-urls", hashlib.sha256).digest()
    return LocalFileStorage(settings.data_dir / "files", settings.effective_public_url, signing_key)


async def build_container(
    settings: Settings, *, mock_url: str | None = None, areas: Sequence[Area] = AREAS
) -> Container:
    """Jobs run in this process unless Redis is configured (then arq workers run them). `mock_url` is
    where this process reaches the built-in mock (default: mounted in its own API at /mock). `areas`: the
    registered ones (tests may add one of their own).

    Nothing here connects to Redis: a process starts (and serves) while Redis is down, and its adapters
    connect, and reconnect after an outage, as they need it."""
    stack = AsyncExitStack()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(settings.effective_database_url)
        stack.push_async_callback(engine.dispose)
        key = secret(settings)
        storage = await _storage(settings, key, stack)
        redis: Redis | None = None
        health: RedisHealth | None = None
        if settings.redis_url:
            redis = redis_client(settings.redis_url)
            stack.push_async_callback(redis.aclose)
            health = RedisHealth(WITHOUT_REDIS)
            watch = asyncio.create_task(health.keep_watch(redis))

            async def stop_watch() -> None:
                watch.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watch

            stack.push_async_callback(stop_watch)
            bus = RedisEventBus(redis, settings.redis_key_prefix, health)
            stack.push_async_callback(bus.fanout.close)
            events: EventBus = bus
            counters: Counters = DegradingCounters(
                RedisCounters(redis, settings.redis_key_prefix), health, fallback=SqlCounters(engine)
            )
            queue: JobQueue = ArqJobQueue(arq_redis(redis, settings.arq_queue_name), settings.arq_queue_name, health)
        else:
            events = MemoryEventBus()
            counters = SqlCounters(engine)
            inprocess = InProcessJobQueue(settings.inprocess_job_concurrency)
            stack.push_async_callback(inprocess.close)
            queue = inprocess
        hasher = BcryptHasher(settings.bcrypt_rounds, settings.bcrypt_max_threads)
        stack.callback(hasher.close)
        mock_url = mock_url or settings.internal_url + "/mock"
        llm = build_providers(settings, mock_url, stack)
        song_provider = build_song_provider(settings, mock_url, stack)
        slots = RedisSlotPool(redis, settings.redis_key_prefix + "songs:slots") if redis else MemorySlotPool()
        container = Container(
            settings=settings,
            engine=engine,
            session_factory=create_session_factory(engine),
            storage=storage,
            events=events,
            queue=queue,
            counters=counters,
            tokens=JwtTokens(key, settings.jwt_ttl_seconds),
            hasher=hasher,
            llm=llm,
            catalogue=build_catalogue(settings, llm),
            song_provider=song_provider,
            song_accounts=CachedSongAccounts(song_provider),
            song_slots=slots,
            image_provider=build_image_provider(settings, mock_url, stack),
            costs_provider=build_costs_provider(settings, mock_url, stack),
            cipher=FernetCipher(load_keys(settings.encryption_keys, settings.data_dir)),
            areas=areas,
            redis=redis,
            redis_health=health,
            stack=stack,
        )
        if isinstance(queue, InProcessJobQueue):
            queue.bind(container.executor.run)
        return container
    except BaseException:
        await stack.aclose()
        raise
