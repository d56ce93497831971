"""The listening socket, taken before anything else happens, and uvicorn serving on it.

`python -m api` binds HOST:PORT first: when the port is taken (aiproxy already running, say) it stops
at once with a message, before it logs "ready", runs migrations or creates anything under DATA_DIR.
Uvicorn alone would bind only after the app's start-up had done all of that.
"""

from __future__ import annotations

import errno
import socket
import sys
from typing import Any

import uvicorn

STARTUP_FAILURE = 3  # uvicorn's exit code when the app fails to start


class PortUnavailable(Exception):
    pass


def listening_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """Bound and listening, so a second process fails to bind it even while this one still starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        # SO_REUSEADDR lets a restart bind despite connections in TIME_WAIT; it never lets two processes
        # listen on one port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortUnavailable(
                f"{host}:{port} is already in use — is aiproxy (or something else) already running there? "
                f"Stop it, or choose another port: PORT={port + 1} make run"
            ) from exc
        raise PortUnavailable(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(True)
    return sock


def serve(app: Any, sock: socket.socket, **options: Any) -> None:
    """uvicorn.run, on a socket this process already holds."""
    server = uvicorn.Server(uvicorn.Config(app, **options))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def serve_processes(factory: str, sock: socket.socket, workers: int, **options: Any) -> None:
    """`workers` processes accepting on one socket (uvicorn's supervisor): a dead one is replaced, and SIGHUP
    replaces each in turn, the new one serving before the old one stops (a restart drops no request)."""
    from uvicorn.supervisors import Multiprocess

    # A new worker builds its app (adapters, connections) before it serves: give it time on a busy box.
    config = uvicorn.Config(factory, factory=True, workers=workers, timeout_worker_healthcheck=60, **options)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
