"""`python -m aitestmock.s3 --root DIR [--host 127.0.0.1] [--port 9000] [--access-key test --secret-key test]`."""

from __future__ import annotations

import argparse
import os
import threading
import time

import uvicorn

from aitestmock.s3.app import create_app


def _exit_with_parent(server: uvicorn.Server) -> None:
    """Stops the server once the process that started it is gone (a test run killed hard)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        server.should_exit = True

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m aitestmock.s3", description=__doc__)
    parser.add_argument("--root", required=True, help="where buckets and objects are kept (created if missing)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--access-key", default="test")
    parser.add_argument("--secret-key", default="test")
    parser.add_argument("--exit-with-parent", action="store_true", help="stop when the parent process ends")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    app = create_app(args.root, {args.access_key: args.secret_key})
    server = uvicorn.Server(
        uvicorn.Config(app, host=args.host, port=args.port, log_level=args.log_level, timeout_graceful_shutdown=5)
    )
    if args.exit_with_parent:
        _exit_with_parent(server)
    server.run()


if __name__ == "__main__":
    main()
