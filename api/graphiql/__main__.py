"""`python -m api.graphiql install`: fetch and verify GraphiQL's pinned assets (see assets.toml).
`python -m api.graphiql check`: exit non-zero, naming them, when any is not installed."""

from __future__ import annotations

import argparse
import sys

from api.graphiql.assets import VENDOR, InstallError, install, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.graphiql", description=__doc__)
    parser.add_argument("command", choices=["install", "check"])
    args = parser.parse_args(argv)
    if args.command == "check":
        absent = missing()
        for asset in absent:
            sys.stderr.write(f"missing: {asset.key}\n")
        return 1 if absent else 0
    try:
        fetched = install()
    except InstallError as exc:
        sys.stderr.write(f"GraphiQL assets: {exc}\n")
        return 1
    done = "fetched " + ", ".join(fetched) if fetched else "up to date"
    sys.stdout.write(f"GraphiQL assets: {done} in {VENDOR}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
