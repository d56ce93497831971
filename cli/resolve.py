"""Projects and folders named on the command line: by id, or by name (a folder also by its name without the
number, "Stems" for "05 Stems", or by its kind). A name that matches several is refused with the candidates."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from cli.errors import EXIT_NOT_FOUND, CliError
from cli.graphql import Connection

PROJECT_FIELDS = "id name tags totalFiles totalSizeBytes updatedAt folders { id name kind position }"
PROJECT_BY_ID = f"query Project($id: ID!) {{ node(id: $id) {{ __typename ... on Project {{ {PROJECT_FIELDS} }} }} }}"
PROJECTS_PAGE = f"""
query Projects($search: String, $after: String) {{
  projects(first: 100, after: $after, filter: {{search: $search}}, orderBy: {{field: NAME, direction: ASC}}) {{
    nodes {{ {PROJECT_FIELDS} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""


@dataclass(frozen=True)
class Folder:
    id: str
    name: str
    kind: str | None
    position: int


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    raw: dict[str, Any]

    @property
    def folders(self) -> list[Folder]:
        return [Folder(f["id"], f["name"], f["kind"], f["position"]) for f in self.raw["folders"]]


async def all_projects(connection: Connection, search: str | None = None) -> list[Project]:
    projects: list[Project] = []
    after: str | None = None
    while True:
        data = await connection.graphql(PROJECTS_PAGE, {"search": search, "after": after})
        page = data["projects"]
        projects.extend(Project(p["id"], p["name"], p) for p in page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return projects
        after = page["pageInfo"]["endCursor"]


async def find_project(connection: Connection, name_or_id: str) -> Project:
    data = await connection.graphql(PROJECT_BY_ID, {"id": name_or_id})
    node = data.get("node")
    if node and node.get("__typename") == "Project":
        return Project(node["id"], node["name"], node)
    candidates = await all_projects(connection, search=name_or_id)
    return _one(
        "project",
        name_or_id,
        [p for p in candidates if p.name == name_or_id]
        or [p for p in candidates if p.name.casefold() == name_or_id.casefold()],
        lambda p: f"{p.name} ({p.id})",
        "`aiproxy projects` lists them",
    )


def find_folder(project: Project, name_or_id: str) -> Folder:
    wanted = name_or_id.casefold()
    folders = project.folders
    matches = (
        [f for f in folders if f.id == name_or_id]
        or [f for f in folders if f.name.casefold() == wanted]
        or [f for f in folders if re.sub(r"^\d+\s+", "", f.name).casefold() == wanted]
        or [f for f in folders if (f.kind or "").casefold() == wanted]
    )
    return _one(
        "folder", name_or_id, matches, lambda f: f"{f.name} ({f.id})", f"`aiproxy folders {project.name!r}` lists them"
    )


T = TypeVar("T")


def _one(what: str, asked: str, matches: list[T], show: Callable[[T], str], hint: str) -> T:
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CliError(f"No {what} is named {asked!r} (nor has that id); {hint}.", EXIT_NOT_FOUND)
    listed = ", ".join(show(m) for m in matches[:10])
    raise CliError(f"{len(matches)} {what}s are named {asked!r}: {listed}. Name it by its id.", EXIT_NOT_FOUND)
