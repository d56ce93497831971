"""The arq worker's configuration carries rules the job design depends on."""

from __future__ import annotations

from pathlib import Path

from infra.queue.arq import RUN_JOB
from infra.settings import Settings
from workers.settings import worker_settings


def settings() -> Settings:
    return Settings.from_env({}).replace(data_dir=Path("/tmp"), redis_url="redis://127.0.0.1:6379/0")


def test_the_worker_runs_what_the_queue_enqueues_on_the_same_queue() -> None:
    config = worker_settings(settings().replace(redis_key_prefix="studio-a:"))
    assert [f.name for f in config.functions] == [RUN_JOB]
    assert config.queue_name == "studio-a:arq:queue"


def test_jobs_own_their_retries_and_timeouts() -> None:
    config = worker_settings(settings())
    assert config.max_tries == 1  # retries come from the jobs table, never from arq on its own
    assert config.job_timeout >= 3600
