"""`python -m api`: take the port, apply migrations, then serve (GraphiQL at /graphql)."""

from __future__ import annotations

import logging
import sys

from api.app import create_app
from api.listen import PortUnavailable, listening_socket, serve
from infra.db.migrate import prepare_database
from infra.logging import configure_logging
from infra.settings import Settings


def main() -> None:
    settings = Settings.from_env()
    configure_logging(settings.log_level, settings.log_format)
    try:
        # First, before DATA_DIR or the database is touched: a busy port stops a second start right here.
        sock = listening_socket(settings.host, settings.port)
    except PortUnavailable as exc:
        sys.stderr.write(f"aiproxy: not started: {exc}\n")
        sys.exit(1)
    prepare_database(settings)
    logging.getLogger("aiproxy").info("migrations applied")
    serve(
        create_app(settings),
        sock,
        log_config=None,
        proxy_headers=True,
        ws_ping_interval=20,
    )


if __name__ == "__main__":
    main()
