"""`python -m infra.fonts install`: fetch and verify the overlay fonts and their licences (see fonts.toml).
`python -m infra.fonts check`: exit non-zero, naming them, when any is not installed."""

from __future__ import annotations

import sys

from infra.fonts import MANIFEST, VENDOR
from infra.vendored import main

if __name__ == "__main__":
    sys.exit(main("Overlay fonts", MANIFEST, VENDOR, prog="python -m infra.fonts"))
