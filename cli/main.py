"""The `aiproxy` command: Typer for the commands and their --help, rich for tables and progress.

Every command is thin: it reads the sign-in, names the project and folder, and hands the work to `transfer`
(uploads and downloads), `plan` (the mirror plan) and `ignore`/`hashing` (the local tree). Messages and progress go
to stderr, results to stdout (a table, or one JSON document with --json), so `aiproxy projects --json | jq` works."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from collections.abc import Callable, Coroutine
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from cli.config import Config
from cli.errors import EXIT_AUTH, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, CliError
from cli.graphql import DEFAULT_API_URL, Connection, environment_api_url, normalise_api_url
from cli.hashing import HashCache, hash_files
from cli.ignore import LocalFile, Scan, scan
from cli.paths import safe_parts
from cli.plan import Entry, Plan, mirror_plan
from cli.progress import Reporter, size
from cli.resolve import Folder, Project, all_projects, find_folder, find_project
from cli.transfer import Downloader, Outcome, RemoteFile, Transfers, Uploader, UploadItem, first_error

app = typer.Typer(
    name="aiproxy",
    epilog="**Exit codes**: 0 done · 1 some files failed, or the server did · 2 bad options or paths · 3 not signed "
    "in, or the session expired · 4 no such project or folder · 5 the server cannot be reached or its TLS "
    "certificate is not trusted · 130 stopped with Ctrl-C (run the command again to continue).\n\n"
    "**Examples**\n\n`aiproxy login --api-url https://studio.example.com`\n\n"
    '`aiproxy mirror "Summer Song" stems ~/Music/Summer/Stems --dry-run`\n\n'
    "Each command has its own help: `aiproxy mirror --help`",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# Results on stdout; off a terminal (a pipe, a file) as wide as they are, never cut to 80 columns.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 10_000)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 10_000)  # messages and progress: stderr

DEFAULT_JOBS = 4  # transfers at once, as rclone's --transfers
PREVIEW = 10  # paths shown of each list of a plan

# ----------------------------------------------------------------------------------------------- shared options


def _version(asked: bool) -> None:
    if asked:
        out.print(f"aiproxy {metadata.version('aiproxy')}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Sync song projects with an aiproxy server: sign in, list projects and folders, and upload, download, clone
    and mirror project folders (parallel, resumable, SHA-256 checked)."""


CaBundle = Annotated[
    str | None,
    typer.Option(
        "--ca-bundle",
        envvar="AIPROXY_CA_BUNDLE",
        help="PEM file of a private CA to trust besides the system's (TLS is always verified). `login` remembers it.",
        show_default=False,
    ),
]
JsonOutput = Annotated[bool, typer.Option("--json", help="Print the result as one JSON document on stdout.")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, max=32, help="Transfers at once.")]
LimitRate = Annotated[
    str | None,
    typer.Option(
        "--limit-rate", help="Bandwidth for all transfers together, bytes per second: 500K, 4M, 1G.", show_default=False
    ),
]
ProjectArg = Annotated[str, typer.Argument(help="The project's name or id.", show_default=False)]
FolderArg = Annotated[
    str, typer.Argument(help='The folder: its name ("05 Stems", or just "stems") or id.', show_default=False)
]


def examples(*lines: str) -> str:
    """An epilog of examples (markdown: each on its own line)."""
    return "**Examples**\n\n" + "\n\n".join(f"`{line}`" for line in lines)


def rate(text: str | None) -> int | None:
    if text is None:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)(?:i?B)?(?:/s)?\s*", text)
    if not match:
        raise CliError(f"--limit-rate: {text!r} is not a rate like 500K, 4M or 1G (bytes per second).", EXIT_USAGE)
    exponent = "kmg".index(match[2].lower()) + 1 if match[2] else 0
    value = float(match[1]) * 1024**exponent
    if value < 1024:
        raise CliError("--limit-rate: at least 1K (1024 bytes per second).", EXIT_USAGE)
    return int(value)


def run(work: Callable[[], Coroutine[Any, Any, int | None]]) -> None:
    """Runs a command's coroutine; its errors become a message and an exit code. Ctrl-C cancels every transfer
    (asyncio.run turns SIGINT into a cancellation) and says how to continue."""
    try:
        code = asyncio.run(work())
    except KeyboardInterrupt:
        err.print("Stopped. Run the same command again to continue where it stopped.", style="yellow")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BaseExceptionGroup as group:
        error = first_error(group)
        if isinstance(error, CliError):
            fail(error)
        raise
    except CliError as error:
        fail(error)
    raise typer.Exit(code or 0)


def fail(error: CliError) -> None:
    err.print(f"Error: {error.message}", style="red", highlight=False, markup=False)
    raise typer.Exit(error.exit_code)


def connect(ca_bundle: str | None, jobs: int = DEFAULT_JOBS) -> Connection:
    config = Config.load()
    token = config.require_token()
    url = environment_api_url() or config.api_url
    if not url:
        raise CliError("You are not signed in. Run `aiproxy login` first.", EXIT_AUTH)
    return Connection(url, token, ca_bundle or config.ca_bundle, connections=jobs)


def count_files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def emit(document: Any) -> None:
    out.print_json(json.dumps(document, ensure_ascii=False))


# ----------------------------------------------------------------------------------------------------- sign-in

LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) { token expiresAt user { email } userErrors { field message code } }
}
"""
VIEWER = "query Viewer { viewer { email firstName lastName artistName isAdmin } }"


@app.command(
    epilog=examples(
        "aiproxy login --api-url https://studio.example.com",
        "aiproxy login --api-url https://macstudio.local --ca-bundle ~/my-ca.pem",
        "pass show aiproxy | aiproxy login --email me@example.com --password-stdin",
    )
)
def login(
    api_url: Annotated[
        str | None, typer.Option("--api-url", envvar="AIPROXY_API_URL", help="The server (default: the last one).")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Your account's email (asked when left out).")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin instead of asking.")
    ] = False,
    ca_bundle: CaBundle = None,
) -> None:
    """Sign in and keep the token (in ~/.config/aiproxy/config.json, readable only by you)."""

    async def work() -> None:
        config = Config.load()
        url = normalise_api_url(api_url or config.api_url or DEFAULT_API_URL)
        bundle = (
            str(Path(ca_bundle).expanduser().resolve())
            if ca_bundle
            else (config.ca_bundle if url == config.api_url else None)
        )
        if not sys.stdin.isatty() and not (email and password_stdin):
            raise CliError(
                "There is no terminal to ask for your email and password: pass --email and pipe the password "
                "with --password-stdin.",
                EXIT_USAGE,
            )
        address = email or typer.prompt("Email", default=config.email or None)
        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else typer.prompt("Password", hide_input=True)
        async with Connection(url, None, bundle) as connection:
            data = await connection.graphql(LOGIN, {"input": {"email": address, "password": password}})
        payload = data["login"]
        if not payload["token"]:
            raise CliError("; ".join(e["message"] for e in payload["userErrors"]) or "Sign-in refused.", EXIT_AUTH)
        config.api_url, config.token, config.expires_at = url, payload["token"], payload["expiresAt"]
        config.email, config.ca_bundle = payload["user"]["email"], bundle
        config.save()
        expiry = config.expiry()
        until = f" until {expiry:%Y-%m-%d %H:%M} UTC" if expiry else ""
        err.print(f"Signed in to {url} as {config.email}{until}.", highlight=False)

    run(work)


@app.command(epilog=examples("aiproxy logout"))
def logout() -> None:
    """Forget the token (the server address is kept for the next login)."""
    config = Config.load()
    was = config.token is not None
    config.token = config.expires_at = None
    if Config.path().exists():
        config.save()
    err.print(f"Signed out of {config.api_url}." if was else "You were not signed in.", highlight=False)


@app.command(epilog=examples("aiproxy whoami", "aiproxy whoami --json"))
def whoami(json_output: JsonOutput = False, ca_bundle: CaBundle = None) -> None:
    """Who you are signed in as, where, and until when."""

    async def work() -> None:
        config = Config.load()
        async with connect(ca_bundle) as connection:
            viewer = (await connection.graphql(VIEWER))["viewer"]
            url = connection.api_url
        if viewer is None:
            raise CliError("Your sign-in is no longer valid. Run `aiproxy login`.", EXIT_AUTH)
        name = " ".join(p for p in (viewer["firstName"], viewer["lastName"]) if p) or None
        document = {
            "email": viewer["email"],
            "name": name,
            "artistName": viewer["artistName"],
            "isAdmin": viewer["isAdmin"],
            "apiUrl": url,
            "expiresAt": config.expires_at,
        }
        if json_output:
            emit(document)
            return
        who = f"{viewer['email']}" + (f" ({name})" if name else "")
        out.print(
            f"{who} on {url}" + (f", signed in until {config.expires_at}" if config.expires_at else ""), highlight=False
        )

    run(work)


# ----------------------------------------------------------------------------------------------------- listings


@app.command(
    epilog=examples("aiproxy projects", "aiproxy projects --search demo", "aiproxy projects --json | jq '.[].name'")
)
def projects(
    search: Annotated[
        str | None, typer.Option("--search", "-s", help="Only projects with this text in name or description.")
    ] = None,
    json_output: JsonOutput = False,
    ca_bundle: CaBundle = None,
) -> None:
    """List your projects."""

    async def work() -> None:
        async with connect(ca_bundle) as connection:
            found = await all_projects(connection, search)
        rows = [
            {
                "id": p.id,
                "name": p.name,
                "tags": p.raw["tags"],
                "totalFiles": p.raw["totalFiles"],
                "totalSizeBytes": int(p.raw["totalSizeBytes"]),
                "updatedAt": p.raw["updatedAt"],
            }
            for p in found
        ]
        if json_output:
            emit(rows)
            return
        table = Table("Name", "Files", "Size", "Updated", "Id", box=None, header_style="bold")
        for row in rows:
            table.add_row(
                row["name"],
                str(row["totalFiles"]),
                size(row["totalSizeBytes"]),
                row["updatedAt"][:16].replace("T", " "),
                row["id"],
            )
        out.print(table if rows else "No projects yet.")

    run(work)


@app.command(epilog=examples('aiproxy folders "Summer Song"', "aiproxy folders UHJvamVjdDo... --json"))
def folders(project: ProjectArg, json_output: JsonOutput = False, ca_bundle: CaBundle = None) -> None:
    """List a project's folders."""

    async def work() -> None:
        async with connect(ca_bundle) as connection:
            found = await find_project(connection, project)
        rows = [{"id": f.id, "name": f.name, "kind": f.kind, "position": f.position} for f in found.folders]
        if json_output:
            emit(rows)
            return
        table = Table("Folder", "Kind", "Id", box=None, header_style="bold")
        for f in found.folders:
            table.add_row(f.name, f.kind or "", f.id)
        out.print(table)

    run(work)


# ------------------------------------------------------------------------------------------ upload and mirror


def local_tree(path: Path) -> tuple[Path, Scan]:
    if not path.exists():
        raise CliError(f"{path} does not exist.", EXIT_USAGE)
    if path.is_file():  # one file: it goes to the folder's top, by its name
        return path.parent, Scan([LocalFile.of(path, path.name)], 0)
    return path, scan(path)


async def plan_tree(
    connection: Connection, folder: Folder, path: Path, jobs: int, reporter: Reporter
) -> tuple[Scan, Plan, dict[str, str]]:
    """The local tree (what the ignore rules keep), its hashes (cached), and the API's plan for the folder."""
    _, tree = local_tree(path)
    cache = HashCache()
    try:
        with reporter:
            reporter.begin(f"Hashing {count_files(len(tree.files))}", sum(f.size for f in tree.files))
            hashes = await hash_files(tree.files, cache, jobs, lambda n: reporter.advance(None, n), tree.refused)
    finally:
        cache.close()
    tree.files = [f for f in tree.files if f.relative in hashes]
    return tree, await mirror_plan(connection, folder.id, tree.files, hashes), hashes


def show_plan(plan: Plan, delete: bool) -> None:
    def total(entries: list[Entry]) -> str:
        return size(sum(e.size for e in entries))

    table = Table("", "Files", "Size", box=None, header_style="bold")
    table.add_row("unchanged", str(len(plan.unchanged)), total(plan.unchanged))
    table.add_row("upload (new)", str(len(plan.upload)), total(plan.upload))
    table.add_row("update (changed)", str(len(plan.update)), total(plan.update))
    label = "delete (only in the folder)" if delete else "only in the folder (kept; --delete removes them)"
    table.add_row(label, str(len(plan.delete)), total(plan.delete))
    err.print(table)
    for title, entries in (
        ("upload", plan.upload),
        ("update", plan.update),
        ("delete" if delete else "kept", plan.delete),
    ):
        if entries:
            err.print(f"[bold]{title}:[/bold]")
            for entry in entries[:PREVIEW]:
                err.print(f"  {entry.path} ({size(entry.size)})", highlight=False, markup=False)
            if len(entries) > PREVIEW:
                err.print(f"  … and {len(entries) - PREVIEW} more", highlight=False)


async def push(
    connection: Connection,
    folder: Folder,
    plan: Plan,
    tree: Scan,
    hashes: dict[str, str],
    jobs: int,
    limit: int | None,
    reporter: Reporter,
) -> list[Outcome]:
    by_path = {f.relative: f for f in tree.files}
    items = [UploadItem(by_path[e.path], hashes[e.path], False) for e in plan.upload]
    items += [UploadItem(by_path[e.path], hashes[e.path], True) for e in plan.update]
    if not items:
        return []
    with reporter:
        reporter.begin(f"Uploading {count_files(len(items))}", sum(i.file.size for i in items))
        transfers = Transfers(connection, reporter, jobs, limit)
        return await Uploader(transfers, folder.id).run(items)


BULK_DELETE = """
mutation Delete($input: ProjectFileBulkDeleteInput!) {
  projectFileBulkDelete(input: $input) { results { id deleted error { message } } userErrors { message } }
}
"""


async def remove(connection: Connection, entries: list[Entry], reporter: Reporter) -> tuple[int, list[dict[str, str]]]:
    deleted, errors = 0, []
    by_id = {e.file_id: e for e in entries}
    ids = [e.file_id for e in entries if e.file_id]
    for start in range(0, len(ids), 100):
        data = await connection.graphql(BULK_DELETE, {"input": {"ids": ids[start : start + 100]}})
        payload = data["projectFileBulkDelete"]
        for result in payload["results"] or []:
            entry = by_id[result["id"]]
            if result["deleted"]:
                deleted += 1
                reporter.say(f"deleted {entry.path}")
            else:
                message = (result["error"] or {}).get("message") or "not deleted"
                errors.append({"path": entry.path, "message": message})
                reporter.error(f"failed to delete {entry.path}: {message}")
    return deleted, errors


def sync_report(
    project: Project,
    folder: Folder,
    plan: Plan,
    outcomes: list[Outcome],
    *,
    dry_run: bool,
    deleted: int,
    delete_errors: list[dict[str, str]],
    tree: Scan,
    seconds: float,
) -> dict[str, Any]:
    changed = {e.path for e in plan.update}
    done = [o for o in outcomes if o.ok]
    failures = [{"path": path, "message": f"not sent: {why}"} for path, why in tree.refused]
    failures += [{"path": o.relative, "message": o.message or "failed"} for o in outcomes if not o.ok]
    return {
        "project": {"id": project.id, "name": project.name},
        "folder": {"id": folder.id, "name": folder.name},
        "dryRun": dry_run,
        "uploaded": sum(o.relative not in changed for o in done),
        "updated": sum(o.relative in changed for o in done),
        "unchanged": len(plan.unchanged),
        "deleted": deleted,
        "kept": len(plan.delete) - deleted - len(delete_errors),
        "failed": len(failures) + len(delete_errors),
        "ignored": tree.ignored,
        "bytesSent": sum(o.bytes for o in outcomes),
        "resumedParts": sum(o.resumed_parts for o in outcomes),
        "seconds": round(seconds, 3),
        "errors": failures + delete_errors,
        "plan": plan.as_json(),
    }


def print_sync(report: dict[str, Any]) -> None:
    speed = report["bytesSent"] / report["seconds"] if report["seconds"] else 0
    parts = [
        f"{report['uploaded']} uploaded",
        f"{report['updated']} updated",
        f"{report['unchanged']} unchanged",
        f"{report['deleted']} deleted",
    ]
    if report["kept"]:
        parts.append(f"{report['kept']} only in the folder kept")
    if report["failed"]:
        parts.append(f"{report['failed']} failed")
    if report["ignored"]:
        parts.append(f"{report['ignored']} ignored")
    resumed = f", {report['resumedParts']} parts resumed" if report["resumedParts"] else ""
    err.print(
        ", ".join(parts)
        + f"; {size(report['bytesSent'])} sent in {report['seconds']:.1f} s ({size(int(speed))}/s){resumed}.",
        highlight=False,
    )
    for error in report["errors"][:PREVIEW]:
        err.print(f"  {error['path']}: {error['message']}", style="red", highlight=False, markup=False)


async def sync(
    *,
    project: str,
    folder: str,
    path: Path,
    jobs: int,
    limit_rate: str | None,
    json_output: bool,
    ca_bundle: str | None,
    dry_run: bool,
    delete: bool,
    yes: bool,
    mirror: bool,
) -> int:
    limit = rate(limit_rate)
    if mirror and path.is_file():
        raise CliError(
            f"{path} is a file; mirror makes a project folder like a local folder. Use upload for a file.", EXIT_USAGE
        )
    started = time.monotonic()
    reporter = Reporter(err, quiet=json_output)
    async with connect(ca_bundle, jobs) as connection:
        found = await find_project(connection, project)
        target = find_folder(found, folder)
        tree, plan, hashes = await plan_tree(connection, target, path, jobs, reporter)
        if (mirror or dry_run) and not json_output:
            show_plan(plan, delete)
        deleting = mirror and delete and bool(plan.delete)
        if deleting and not dry_run and not yes:
            if not sys.stdin.isatty():
                raise CliError(
                    f"{count_files(len(plan.delete))} would be deleted, and there is no terminal to ask: pass --yes to "
                    "delete them, or leave out --delete. Nothing was changed."
                )
            if not typer.confirm(
                f"Delete {count_files(len(plan.delete))} from {target.name}?", default=False, err=True
            ):
                raise CliError("Nothing was changed.")
        outcomes: list[Outcome] = []
        deleted, delete_errors = 0, list[dict[str, str]]()
        if not dry_run:
            outcomes = await push(connection, target, plan, tree, hashes, jobs, limit, reporter)
            if deleting:
                if any(not o.ok for o in outcomes):
                    reporter.error("Some uploads failed, so nothing was deleted (as rclone does); run again.")
                else:
                    deleted, delete_errors = await remove(connection, plan.delete, reporter)
    report = sync_report(
        found,
        target,
        plan,
        outcomes,
        dry_run=dry_run,
        deleted=deleted,
        delete_errors=delete_errors,
        tree=tree,
        seconds=time.monotonic() - started,
    )
    if json_output:
        emit(report)
    elif dry_run:
        err.print("Dry run: nothing was changed.")
    elif not plan.upload and not plan.update and not deleting and not report["failed"]:
        err.print("Everything is up to date." if not plan.delete else "Nothing to upload.")
        print_sync(report)
    else:
        print_sync(report)
    return EXIT_FAILED if report["failed"] else 0


@app.command(
    epilog=examples(
        'aiproxy upload "Summer Song" stems ./Stems',
        "aiproxy upload UHJvamVjdDo... UHJvamVjdEZvbGRlcjo... ~/Music/Session --jobs 8",
        'aiproxy upload "Summer Song" mix mix-v3.wav --limit-rate 2M',
    )
)
def upload(
    project: ProjectArg,
    folder: FolderArg,
    path: Annotated[Path, typer.Argument(help="A folder (its tree is sent) or one file.")] = Path(),
    jobs: Jobs = DEFAULT_JOBS,
    limit_rate: LimitRate = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would be sent; send nothing.")] = False,
    json_output: JsonOutput = False,
    ca_bundle: CaBundle = None,
) -> None:
    """Upload a local folder's files into a project folder: new and changed ones; files the folder already has
    (same SHA-256) are skipped. An interrupted upload continues where it stopped when you run it again."""
    run(
        lambda: sync(
            project=project,
            folder=folder,
            path=path,
            jobs=jobs,
            limit_rate=limit_rate,
            json_output=json_output,
            ca_bundle=ca_bundle,
            dry_run=dry_run,
            delete=False,
            yes=False,
            mirror=False,
        )
    )


@app.command(
    epilog=examples(
        'aiproxy mirror "Summer Song" stems ./Stems --dry-run',
        'aiproxy mirror "Summer Song" stems ./Stems',
        'aiproxy mirror "Summer Song" stems ./Stems --delete --yes',
    )
)
def mirror(
    project: ProjectArg,
    folder: FolderArg,
    path: Annotated[Path, typer.Argument(help="The local folder to mirror.")] = Path(),
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show the plan; change nothing.")] = False,
    delete: Annotated[bool, typer.Option("--delete", help="Delete files that only the project folder has.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
    jobs: Jobs = DEFAULT_JOBS,
    limit_rate: LimitRate = None,
    json_output: JsonOutput = False,
    ca_bundle: CaBundle = None,
) -> None:
    """Make a project folder like a local folder: shows the plan (unchanged, upload, update, delete), uploads new
    and changed files, and with --delete removes files only the project folder has (after asking, unless --yes).
    Hashes are remembered by size and time, so a second run reads only what changed."""
    run(
        lambda: sync(
            project=project,
            folder=folder,
            path=path,
            jobs=jobs,
            limit_rate=limit_rate,
            json_output=json_output,
            ca_bundle=ca_bundle,
            dry_run=dry_run,
            delete=delete,
            yes=yes,
            mirror=True,
        )
    )


# ------------------------------------------------------------------------------------------- download and clone

FOLDER_FILES = """
query Files($id: ID!, $after: String) {
  node(id: $id) {
    ... on ProjectFolder {
      files(first: 100, after: $after) {
        nodes { id relativePath sizeBytes sha256 downloadUrl }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""


async def folder_files(connection: Connection, folder: Folder, root: Path, prefix: str = "") -> list[RemoteFile]:
    """The folder's files, 100 a page, each to go under `root`; `prefix` goes before their names in messages."""
    files: list[RemoteFile] = []
    after: str | None = None
    while True:
        node = (await connection.graphql(FOLDER_FILES, {"id": folder.id, "after": after}))["node"]
        if node is None:
            raise CliError(f"The folder {folder.name} is gone.")
        page = node["files"]
        files += [
            RemoteFile(f["id"], f["relativePath"], int(f["sizeBytes"]), f["sha256"], f["downloadUrl"], root, prefix)
            for f in page["nodes"]
        ]
        if not page["pageInfo"]["hasNextPage"]:
            return files
        after = page["pageInfo"]["endCursor"]


async def fetch(
    connection: Connection, files: list[RemoteFile], jobs: int, limit: int | None, reporter: Reporter
) -> list[Outcome]:
    cache = HashCache()
    try:
        with reporter:
            reporter.begin(f"Downloading {count_files(len(files))}", sum(f.size for f in files))
            return await Downloader(Transfers(connection, reporter, jobs, limit), cache).run(files)
    finally:
        cache.close()


def fetch_report(outcomes: list[Outcome], seconds: float) -> dict[str, Any]:
    return {
        "downloaded": sum(o.ok and not o.skipped for o in outcomes),
        "unchanged": sum(o.skipped for o in outcomes),
        "failed": sum(not o.ok for o in outcomes),
        "bytesReceived": sum(o.bytes for o in outcomes),
        "resumedBytes": sum(o.resumed_bytes for o in outcomes),
        "seconds": round(seconds, 3),
        "errors": [{"path": o.relative, "message": o.message or "failed"} for o in outcomes if not o.ok],
    }


def print_fetch(report: dict[str, Any]) -> None:
    speed = report["bytesReceived"] / report["seconds"] if report["seconds"] else 0
    parts = [f"{report['downloaded']} downloaded", f"{report['unchanged']} unchanged"]
    if "foldersCreated" in report:
        parts.insert(0, f"{report['foldersCreated']} folders created")
    if report["failed"]:
        parts.append(f"{report['failed']} failed")
    resumed = f", {size(report['resumedBytes'])} were already there" if report["resumedBytes"] else ""
    err.print(
        ", ".join(parts) + f"; {size(report['bytesReceived'])} received in {report['seconds']:.1f} s "
        f"({size(int(speed))}/s){resumed}.",
        highlight=False,
    )
    for error in report["errors"][:PREVIEW]:
        err.print(f"  {error['path']}: {error['message']}", style="red", highlight=False, markup=False)


def local_folder(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise CliError(f"{path} is not a folder.", EXIT_USAGE)
    path.mkdir(parents=True, exist_ok=True)
    return path


@app.command(
    epilog=examples(
        'aiproxy download "Summer Song" stems ./Stems',
        'aiproxy download "Summer Song" "06 Mix" --jobs 8 --json',
    )
)
def download(
    project: ProjectArg,
    folder: FolderArg,
    path: Annotated[Path, typer.Argument(help="Where the folder's files go (created if needed).")] = Path(),
    jobs: Jobs = DEFAULT_JOBS,
    limit_rate: LimitRate = None,
    json_output: JsonOutput = False,
    ca_bundle: CaBundle = None,
) -> None:
    """Download a project folder's files, subfolders kept. Files already there byte for byte are skipped; a
    download cut off continues (from `<name>.aiproxy-part`) when you run it again; every file's SHA-256 is checked."""

    async def work() -> int:
        limit = rate(limit_rate)
        started = time.monotonic()
        root = local_folder(path)
        reporter = Reporter(err, quiet=json_output)
        async with connect(ca_bundle, jobs) as connection:
            found = await find_project(connection, project)
            target = find_folder(found, folder)
            outcomes = await fetch(connection, await folder_files(connection, target, root), jobs, limit, reporter)
        report = {
            "project": {"id": found.id, "name": found.name},
            "folder": {"id": target.id, "name": target.name},
            **fetch_report(outcomes, time.monotonic() - started),
        }
        emit(report) if json_output else print_fetch(report)
        return EXIT_FAILED if report["failed"] else 0

    run(work)


@app.command(
    epilog=examples(
        'aiproxy clone "Summer Song"            # its folders into the current folder',
        'aiproxy clone "Summer Song" ~/Music -d  # into ~/Music/Summer Song/',
    )
)
def clone(
    project: ProjectArg,
    path: Annotated[Path, typer.Argument(help="Where the project's folders go (created if needed).")] = Path(),
    create_dir: Annotated[
        bool, typer.Option("--create-dir", "-d", help="Put them in a new folder named after the project.")
    ] = False,
    jobs: Jobs = DEFAULT_JOBS,
    limit_rate: LimitRate = None,
    json_output: JsonOutput = False,
    ca_bundle: CaBundle = None,
) -> None:
    """Download a whole project: every folder (empty ones too) with its files. Run again to continue or to bring
    a copy up to date (files already there byte for byte are skipped)."""

    async def work() -> int:
        limit = rate(limit_rate)
        started = time.monotonic()
        reporter = Reporter(err, quiet=json_output)
        async with connect(ca_bundle, jobs) as connection:
            found = await find_project(connection, project)
            root = path
            if create_dir:
                root = path / safe_parts(found.name.replace("/", "-"))[0]
            root = local_folder(root)
            created = 0
            files: list[RemoteFile] = []
            for folder in found.folders:
                where = root / safe_parts(folder.name)[0]
                if not where.is_dir():
                    where.mkdir()
                    created += 1
                files += await folder_files(connection, folder, where, f"{folder.name}/")
            outcomes = await fetch(connection, files, jobs, limit, reporter)
        report = {
            "project": {"id": found.id, "name": found.name},
            "path": str(root),
            "foldersCreated": created,
            **fetch_report(outcomes, time.monotonic() - started),
        }
        emit(report) if json_output else print_fetch(report)
        return EXIT_FAILED if report["failed"] else 0

    run(work)


def main() -> None:
    app()
