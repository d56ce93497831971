"""`python -m api` as `make run` starts it: what it leaves in DATA_DIR, and a second start on a busy port."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

from infra.db.sqlite_file import secure_sqlite_file
from tests.e2e.test_processes import ROOT, process
from tests.support import Api, free_port


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def embedded_env(data_dir: Path, port: int) -> dict[str, str]:
    return {
        "DATA_DIR": str(data_dir),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "JWT_SECRET": "",
        "BCRYPT_ROUNDS": "4",
    }


def start_on_busy_port(data_dir: Path, port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api"],
        cwd=ROOT,
        env={**os.environ, **embedded_env(data_dir, port)},
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_data_dir_is_private_and_a_second_start_on_the_same_port_stops_first(tmp_path: Path) -> None:
    port = free_port()
    data_dir = tmp_path / "data"
    async with process("api", embedded_env(data_dir, port), tmp_path / "api.log", f"http://127.0.0.1:{port}/readyz"):
        api = Api(f"http://127.0.0.1:{port}")
        try:
            await api.user()  # writes through the WAL
        finally:
            await api.close()
        # The embedded database holds password hashes and every song: owner-only, as the secret is.
        assert mode(data_dir) == 0o700
        database = data_dir / "aiproxy.db"
        assert mode(database) == 0o600
        side_files = [data_dir / f"aiproxy.db{suffix}" for suffix in ("-wal", "-shm")]
        assert any(path.exists() for path in side_files), "expected SQLite's WAL files while serving"
        for path in [*side_files, data_dir / "aiproxy.db-journal"]:
            assert not path.exists() or mode(path) == 0o600, f"{path.name} is {oct(mode(path))}"
        assert mode(data_dir / "jwt_secret") == 0o600

        # `make run` again while the first one serves: it stops before it logs "ready" or migrates,
        # and leaves its DATA_DIR uncreated.
        second_dir = tmp_path / "second"
        result = start_on_busy_port(second_dir, port)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert f"127.0.0.1:{port} is already in use" in result.stderr, output
        assert "aiproxy ready" not in output and "migrations applied" not in output, output
        assert not second_dir.exists()
    assert "aiproxy ready" in (tmp_path / "api.log").read_text()


def test_a_port_held_by_another_program_stops_the_start_too(tmp_path: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = start_on_busy_port(tmp_path / "data", port)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("aiproxy: not started:"), result.stderr
    assert "PORT=" in result.stderr  # says how to choose another port
    assert not (tmp_path / "data").exists()


def test_an_existing_readable_database_is_made_private(tmp_path: Path) -> None:
    database = tmp_path / "aiproxy.db"
    database.touch(mode=0o644)
    database.chmod(0o644)
    (tmp_path / "aiproxy.db-wal").touch()
    (tmp_path / "aiproxy.db-wal").chmod(0o664)
    secure_sqlite_file(f"sqlite+aiosqlite:///{database}")
    assert mode(database) == 0o600
    assert mode(tmp_path / "aiproxy.db-wal") == 0o600
    secure_sqlite_file("postgresql+asyncpg://u@localhost/db")  # not a file: nothing to do
