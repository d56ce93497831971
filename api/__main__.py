"""`python -m api`: take the port, apply migrations, then serve (GraphiQL at /graphql)."""

from __future__ import annotations

import logging
import os
import sys

from api.app import create_app
from api.http import server_options
from api.listen import PortUnavailable, listening_socket, serve, serve_processes
from infra.db.migrate import prepare_database
from infra.logging import configure_logging
from infra.settings import InvalidSettings, Settings


def main() -> None:
    try:
        settings = Settings.from_env()
    except InvalidSettings as exc:
        sys.stderr.write(f"aiproxy: not started: {exc}\n")
        sys.exit(1)
    configure_logging(settings.log_level, settings.log_format)
    try:
        # First, before DATA_DIR or the database is touched: a busy port stops a second start right here.
        sock = listening_socket(settings.host, settings.port)
    except PortUnavailable as exc:
        sys.stderr.write(f"aiproxy: not started: {exc}\n")
        sys.exit(1)
    workers = settings.effective_web_concurrency
    if workers > 1 and (settings.is_sqlite or not settings.redis_url):
        sock.close()
        sys.stderr.write(
            f"aiproxy: not started: WEB_CONCURRENCY={workers} needs REDIS_URL and a PostgreSQL DATABASE_URL "
            "(the processes share jobs, events and data through them); the embedded default serves one process.\n"
        )
        sys.exit(1)
    prepare_database(settings)  # once, here, before any worker process starts
    log = logging.getLogger("aiproxy")
    log.info("migrations applied")
    options = {"log_config": None, "ws_ping_interval": 20, **server_options(settings)}
    if workers == 1:
        serve(create_app(settings), sock, **options)
        return
    log.info("serving with %d worker processes (kill -HUP %d restarts them one by one)", workers, os.getpid())
    serve_processes("api.app:create_app_from_env", sock, workers, **options)


if __name__ == "__main__":
    main()
