"""The mirror plan: what makes a folder like the local tree, as the API computes it (projectFolderMirrorPlan).

The API takes at most 5000 files (and 1 MiB) a request, so a larger tree is asked about in pieces: each top-level
subfolder that fits is its own piece (`prefix`), the rest go in pieces without one. A piece's `toDelete` lists the
folder's files it was not told of, so the deletions of all pieces together are those that no local file has."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from cli.errors import CliError
from cli.graphql import Connection
from cli.ignore import LocalFile

MAX_FILES = 5000
MAX_BYTES = 768 * 1024  # of the request body: the API refuses more than 1 MiB

PLAN_QUERY = """
query Plan($input: ProjectFolderMirrorPlanInput!) {
  projectFolderMirrorPlan(input: $input) {
    plan {
      toUpload { relativePath sizeBytes sha256 }
      toUpdate { relativePath sizeBytes sha256 file { id } }
      toDelete { relativePath sizeBytes sha256 file { id } }
      unchanged { relativePath sizeBytes sha256 }
    }
    userErrors { field message code }
  }
}
"""


@dataclass
class Entry:
    path: str
    size: int
    file_id: str | None = None


@dataclass
class Plan:
    upload: list[Entry] = field(default_factory=list)
    update: list[Entry] = field(default_factory=list)
    delete: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        def listed(entries: list[Entry]) -> list[dict[str, Any]]:
            return [{"path": e.path, "sizeBytes": e.size} for e in entries]

        return {
            "upload": listed(self.upload),
            "update": listed(self.update),
            "delete": listed(self.delete),
            "unchanged": len(self.unchanged),
        }


def _pieces(files: list[tuple[LocalFile, str]]) -> list[tuple[str | None, list[tuple[LocalFile, str]]]]:
    by_top: dict[str, list[tuple[LocalFile, str]]] = defaultdict(list)
    loose: list[tuple[LocalFile, str]] = []
    for pair in files:
        top, slash, _ = pair[0].relative.partition("/")
        (by_top[top] if slash else loose).append(pair)
    pieces: list[tuple[str | None, list[tuple[LocalFile, str]]]] = []
    for top, members in sorted(by_top.items()):
        if _fits(members):
            pieces.append((f"{top}/", members))
        else:
            loose.extend(members)
    current: list[tuple[LocalFile, str]] = []
    for pair in sorted(loose, key=lambda p: p[0].relative):
        if current and not _fits([*current, pair]):
            pieces.append((None, current))
            current = []
        current.append(pair)
    if current or all(prefix is not None for prefix, _ in pieces):
        # One piece without a prefix, always: only it compares the folder's files outside the local subfolders
        # (at its top, or in subfolders the tree no longer has).
        pieces.append((None, current))
    return pieces


def _fits(members: list[tuple[LocalFile, str]]) -> bool:
    return len(members) <= MAX_FILES and sum(len(f.relative.encode()) + 120 for f, _ in members) <= MAX_BYTES


async def mirror_plan(connection: Connection, folder_id: str, files: list[LocalFile], hashes: dict[str, str]) -> Plan:
    pairs = [(f, hashes[f.relative]) for f in files]
    local = {f.relative for f in files}
    plan = Plan()
    deletions: dict[str, Entry] = {}
    for prefix, members in _pieces(pairs):
        variables = {
            "input": {
                "folderId": folder_id,
                "prefix": prefix,
                "files": [{"relativePath": f.relative, "sha256": sha, "sizeBytes": str(f.size)} for f, sha in members],
            }
        }
        data = await connection.graphql(PLAN_QUERY, variables)
        payload = data["projectFolderMirrorPlan"]
        if payload["plan"] is None:
            raise CliError("; ".join(e["message"] for e in payload["userErrors"]) or "The server refused the plan.")
        piece = payload["plan"]
        plan.upload += [Entry(e["relativePath"], int(e["sizeBytes"])) for e in piece["toUpload"]]
        plan.update += [Entry(e["relativePath"], int(e["sizeBytes"]), e["file"]["id"]) for e in piece["toUpdate"]]
        plan.unchanged += [Entry(e["relativePath"], int(e["sizeBytes"])) for e in piece["unchanged"]]
        for e in piece["toDelete"]:
            if e["relativePath"] not in local:
                deletions[e["relativePath"]] = Entry(e["relativePath"], int(e["sizeBytes"]), e["file"]["id"])
    plan.delete = sorted(deletions.values(), key=lambda e: e.path)
    return plan
