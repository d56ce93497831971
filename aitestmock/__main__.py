"""`python -m aitestmock [--host 127.0.0.1] [--port 3080]`: serve the mock with uvicorn (settings from env)."""

from __future__ import annotations

import argparse

import uvicorn

from aitestmock.app import create_app
from aitestmock.config import MockConfig


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m aitestmock", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3080)
    args = parser.parse_args(argv)
    uvicorn.run(create_app(MockConfig.from_env()), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
