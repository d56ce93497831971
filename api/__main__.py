"""`python -m api`: take the port, apply migrations, then serve (GraphiQL at /graphql)."""

from __future__ import annotations

import logging
import sys

from api.app import create_app
from api.http import server_options
from api.listen import PortUnavailable, listening_socket, serve
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
    prepare_database(settings)
    logging.getLogger("aiproxy").info("migrations applied")
    serve(
        create_app(settings),
        sock,
        log_config=None,  # our formatters (infra/logging.py), not uvicorn's coloured ones
        access_log=False,  # our access lines (api/access.py) instead: no query strings, with request ids
        ws_ping_interval=20,
        **server_options(settings),
    )


if __name__ == "__main__":
    main()
