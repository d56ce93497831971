import type { ProjectFilter, ProjectOrder } from "@/gql/graphql";
import { cleanTags } from "@/areas/sketches/public";

/** The list's orders, each one the API's `orderBy`. */
export const SORTS = {
  newest: { field: "CREATED_AT", direction: "DESC" },
  updated: { field: "UPDATED_AT", direction: "DESC" },
  nameAsc: { field: "NAME", direction: "ASC" },
  nameDesc: { field: "NAME", direction: "DESC" },
} as const satisfies Record<string, ProjectOrder>;
export type Sort = keyof typeof SORTS;
export const SORT_NAMES = Object.keys(SORTS) as Sort[];
export const DEFAULT_SORT: Sort = "newest";

/** The server's limits (api/schema/projects.py), checked before sending. */
export const LIMITS = { name: 255, description: 5000 } as const;

/** The list's state as the address holds it (so Back and a reload keep it). */
export interface ListState {
  q: string;
  sort: Sort;
  tags: string[];
  /** The "new project" dialog is open. */
  creating: boolean;
}

export function readList(params: URLSearchParams): ListState {
  const sort = params.get("sort");
  return {
    q: (params.get("q") ?? "").trim(),
    sort: sort !== null && sort in SORTS ? (sort as Sort) : DEFAULT_SORT,
    tags: cleanTags(params.getAll("tag")),
    creating: params.get("new") === "1",
  };
}

/** The address's parameters for a state; defaults are left out. */
export function writeList(state: ListState, into: URLSearchParams = new URLSearchParams()): URLSearchParams {
  for (const name of ["q", "sort", "tag", "new"]) into.delete(name);
  if (state.q) into.set("q", state.q);
  if (state.sort !== DEFAULT_SORT) into.set("sort", state.sort);
  for (const tag of state.tags) into.append("tag", tag);
  if (state.creating) into.set("new", "1");
  return into;
}

export function listQuery(state: ListState): { filter: ProjectFilter; orderBy: ProjectOrder } {
  return {
    filter: { search: state.q || null, tags: state.tags.length ? state.tags : null },
    orderBy: SORTS[state.sort],
  };
}

export function isFiltered(state: ListState): boolean {
  return !!(state.q || state.tags.length);
}
