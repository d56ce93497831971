"""`python -m api.graphiql install`: fetch and verify GraphiQL's pinned assets (see assets.toml).
`python -m api.graphiql check`: exit non-zero, naming them, when any is not installed."""

from __future__ import annotations

import sys

from api.graphiql.assets import MANIFEST, VENDOR
from infra.vendored import main

if __name__ == "__main__":
    sys.exit(main("GraphiQL assets", MANIFEST, VENDOR, prog="python -m api.graphiql"))
