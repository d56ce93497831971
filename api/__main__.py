"""`python -m api`: apply migrations, then serve (GraphiQL at /graphql)."""

from __future__ import annotations

import logging

import uvicorn

from api.app import create_app
from infra.db.migrate import prepare_database
from infra.logging import configure_logging
from infra.settings import Settings


def main() -> None:
    settings = Settings.from_env()
    configure_logging(settings.log_level, settings.log_format)
    prepare_database(settings)
    logging.getLogger("aiproxy").info("migrations applied")
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        proxy_headers=True,
        ws_ping_interval=20,
    )


if __name__ == "__main__":
    main()
