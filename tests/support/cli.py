"""Running the installed `aiproxy` command as a user runs it: a process of its own, with its own config and cache
directories, the password on stdin; trees of files on disk; a private certificate authority for HTTPS.

The app under test answers in the test's own event loop, so the command always runs through
`asyncio.create_subprocess_exec` (a blocking `subprocess.run` would keep the server from answering).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import hashlib
import ipaddress
import json
import os
import re
import signal
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import PASSWORD

AIPROXY = Path(sys.executable).with_name("aiproxy")
MiB = 1024 * 1024
PART_FILE_SUFFIX = ".aiproxy-part"

# What a terminal would wrap or box; messages are compared with whitespace collapsed.
_FRAME = re.compile(r"[│╭╮╰╯─┃━]")


@dataclass
class Result:
    command: list[str]
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.stdout)
        except json.JSONDecodeError as exc:  # pragma: no cover - the message is the point
            raise AssertionError(f"stdout is not JSON ({exc}):\n{self}") from None

    @property
    def output(self) -> str:
        """stdout and stderr together, with box characters dropped and whitespace collapsed (as a user reads it
        whatever the terminal's width)."""
        return " ".join(_FRAME.sub(" ", f"{self.stdout}\n{self.stderr}").split())

    def __str__(self) -> str:
        command = " ".join(self.command)
        return f"$ aiproxy {command}\nexit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@dataclass
class Cli:
    """One user's `aiproxy`: XDG_CONFIG_HOME and XDG_CACHE_HOME (and HOME) of its own under `home`, nothing
    AIPROXY_* from the outer environment."""

    home: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for folder in ("config", "cache", "home"):
            (self.home / folder).mkdir(parents=True, exist_ok=True)

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIPROXY_")}
        env.update(
            XDG_CONFIG_HOME=str(self.home / "config"),
            XDG_CACHE_HOME=str(self.home / "cache"),
            HOME=str(self.home / "home"),
            COLUMNS="200",
            NO_COLOR="1",
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
        )
        env.update(self.extra_env)
        return env

    @property
    def config_dir(self) -> Path:
        return self.home / "config" / "aiproxy"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.json"

    @property
    def global_ignore(self) -> Path:
        return self.config_dir / ".aiproxyignore"

    @staticmethod
    def _command() -> str:
        if not AIPROXY.exists():
            pytest.fail(f"{AIPROXY} is not installed (pip install -e . installs the `aiproxy` script)", pytrace=False)
        return str(AIPROXY)

    async def run(
        self, *args: str | Path, input: str | None = None, cwd: Path | None = None, timeout: float = 90
    ) -> Result:
        """Runs `aiproxy ARGS` to its end; stdin is `input`, or nothing (never a terminal)."""
        argv = [str(a) for a in args]
        process = await asyncio.create_subprocess_exec(
            self._command(),
            *argv,
            stdin=asyncio.subprocess.PIPE if input is not None else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self.env,
            cwd=cwd or self.home,
            start_new_session=True,
        )
        try:
            out, err = await asyncio.wait_for(
                process.communicate(input.encode() if input is not None else None), timeout
            )
        except TimeoutError:
            kill(process)
            await process.wait()
            raise AssertionError(f"aiproxy {' '.join(argv)} did not end within {timeout} s") from None
        assert process.returncode is not None
        return Result(argv, process.returncode, out.decode(errors="replace"), err.decode(errors="replace"))

    async def start(self, *args: str | Path, cwd: Path | None = None) -> Started:
        """Starts `aiproxy ARGS` in the background (its output into files), to be killed halfway."""
        argv = [str(a) for a in args]
        log = self.home / f"run-{len(list(self.home.glob('run-*')))}"
        with (log.with_suffix(".out")).open("wb") as out, (log.with_suffix(".err")).open("wb") as err:
            process = await asyncio.create_subprocess_exec(
                self._command(),
                *argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=self.env,
                cwd=cwd or self.home,
                start_new_session=True,
            )
        return Started(argv, process, log)

    async def login(self, api_url: str, email: str, *extra: str | Path, password: str = PASSWORD) -> Result:
        return await self.run(
            "login", "--api-url", api_url, "--email", email, "--password-stdin", *extra, input=password + "\n"
        )


@dataclass
class Started:
    command: list[str]
    process: asyncio.subprocess.Process
    log: Path

    def output(self) -> str:
        out, err = self.log.with_suffix(".out"), self.log.with_suffix(".err")
        command = " ".join(self.command)
        stdout, stderr = out.read_text(errors="replace"), err.read_text(errors="replace")
        return f"$ aiproxy {command}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"

    async def kill(self) -> None:
        """SIGKILL, as when the machine loses power or the user kills -9: no clean-up runs."""
        kill(self.process)
        await self.process.wait()


def kill(process: asyncio.subprocess.Process) -> None:
    """SIGKILL to the process we started and anything it started (its own session)."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


# --------------------------------------------------------------------------- files on disk


def write_tree(root: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def tree_of(root: Path) -> dict[str, bytes]:
    """Every regular file under `root` by its relative path (slashes), with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def digests(files: dict[str, bytes]) -> dict[str, tuple[str, int]]:
    return {path: (hashlib.sha256(data).hexdigest(), len(data)) for path, data in files.items()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --------------------------------------------------------------------------- a private certificate authority


@dataclass
class Certificates:
    ca: Path
    cert: Path
    key: Path


def private_ca(folder: Path) -> Certificates:
    """A CA of our own and a certificate it signed for 127.0.0.1 (and localhost): what a self-hosted server
    behind a company CA presents."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aiproxy test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    made = Certificates(ca=folder / "ca.pem", cert=folder / "server.pem", key=folder / "server-key.pem")
    made.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    made.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    made.key.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return made
