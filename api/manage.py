"""Shell commands for operators:

python -m api.manage create-user --email E [--password P] [--admin]
python -m api.manage deactivate-user --email E     (signs the account out everywhere; data is kept)
python -m api.manage activate-user --email E       (lets it sign in again; tokens from before stay refused)
python -m api.manage generate-encryption-key       (prints a new key for ENCRYPTION_KEYS)
python -m api.manage rotate-keys                   (re-encrypts every stored secret under the newest key)

Rotating the keys that encrypt secrets at rest: put a new key first in ENCRYPTION_KEYS (or as the first line of
DATA_DIR/encryption_keys in the embedded default), keeping the old ones after it; restart the servers and workers
with it; run rotate-keys; then drop the old keys and restart again.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from domain.accounts.service import AccountService, NewAccount
from domain.common.errors import DomainError
from domain.common.secrets import SecretUnreadable, rotate_everything
from infra.container import build_container
from infra.db.migrate import prepare_database
from infra.security.encryption import generate_key
from infra.settings import Settings


async def create_user(args: argparse.Namespace, settings: Settings) -> int:
    container = await build_container(settings)
    try:
        async with container.uow() as uow:
            fields = NewAccount(
                email=args.email,
                password=args.password,
                first_name=args.first_name,
                last_name=args.last_name,
                artist_name=args.artist_name,
            )
            try:
                user = await container.services(uow).get(AccountService).create_user(fields, is_admin=args.admin)
            except DomainError as error:
                for e in error.errors:
                    print(f"error: {e.message}", file=sys.stderr)
                return 1
            await uow.commit()
        role = "admin" if user.is_admin else "user"
        print(f"created {role} {user.email} ({user.id})")
        return 0
    finally:
        await container.close()


async def set_active(args: argparse.Namespace, settings: Settings) -> int:
    container = await build_container(settings)
    try:
        async with container.uow() as uow:
            accounts = container.services(uow).get(AccountService)
            try:
                user = await accounts.set_active(args.email, args.command == "activate-user")
            except DomainError as error:
                for e in error.errors:
                    print(f"error: {e.message}", file=sys.stderr)
                return 1
            await uow.commit()  # then open connections are told (through Redis) to check their tokens
        print(f"{user.email} is now {'active' if user.is_active else 'deactivated'}")
        return 0
    finally:
        await container.close()


async def rotate_keys(settings: Settings) -> int:
    container = await build_container(settings)
    try:
        try:
            reports = await rotate_everything(container.uow, container.encrypted_values, container.cipher)
        except (SecretUnreadable, RuntimeError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        for report in reports:
            print(f"{report.label}: {report.rotated} of {report.tokens} re-encrypted under the newest key")
        if container.cipher.key_count > 1:
            print(f"every secret is under the newest key; the {container.cipher.key_count - 1} older key(s) can go")
        return 0
    finally:
        await container.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.manage", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="create an account (works while registration is closed)")
    create.add_argument("--email", required=True)
    create.add_argument("--password", help="prompted for when left out")
    create.add_argument("--admin", action="store_true", help="make the account an admin")
    create.add_argument("--first-name")
    create.add_argument("--last-name")
    create.add_argument("--artist-name")
    for name, text in (("deactivate-user", "refuse the account's logins and tokens"), ("activate-user", "undo that")):
        commands.add_parser(name, help=text).add_argument("--email", required=True)
    commands.add_parser("generate-encryption-key", help="print a new key for ENCRYPTION_KEYS")
    commands.add_parser("rotate-keys", help="re-encrypt every stored secret under the newest encryption key")
    args = parser.parse_args(argv)
    if args.command == "generate-encryption-key":
        print(generate_key())
        return 0
    if args.command == "create-user" and args.password is None:
        args.password = getpass.getpass("Password: ")
    settings = Settings.from_env()
    prepare_database(settings)
    if args.command == "rotate-keys":
        return asyncio.run(rotate_keys(settings))
    return asyncio.run(create_user(args, settings) if args.command == "create-user" else set_active(args, settings))


if __name__ == "__main__":
    raise SystemExit(main())
