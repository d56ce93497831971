import type { EquipmentFilter, EquipmentOrder, EquipmentStatus, EquipmentType } from "@/gql/graphql";
import { STATUSES, TYPES } from "./form";

/** The list's orders, each one the API's `orderBy`. */
export const SORTS = {
  nameAsc: { field: "NAME", direction: "ASC" },
  nameDesc: { field: "NAME", direction: "DESC" },
  newest: { field: "CREATED_AT", direction: "DESC" },
  updated: { field: "UPDATED_AT", direction: "DESC" },
} as const satisfies Record<string, EquipmentOrder>;
export type Sort = keyof typeof SORTS;
export const SORT_NAMES = Object.keys(SORTS) as Sort[];
export const DEFAULT_SORT: Sort = "nameAsc";

/** The list's state as the address holds it (so Back and a reload keep it). */
export interface ListState {
  q: string;
  sort: Sort;
  type: EquipmentType | null;
  status: EquipmentStatus | null;
}

export function readList(params: URLSearchParams): ListState {
  const sort = params.get("sort");
  const type = params.get("type");
  const status = params.get("status");
  return {
    q: (params.get("q") ?? "").trim(),
    sort: sort !== null && sort in SORTS ? (sort as Sort) : DEFAULT_SORT,
    type: TYPES.includes(type as EquipmentType) ? (type as EquipmentType) : null,
    status: STATUSES.includes(status as EquipmentStatus) ? (status as EquipmentStatus) : null,
  };
}

export function writeList(state: ListState, into: URLSearchParams = new URLSearchParams()): URLSearchParams {
  for (const name of ["q", "sort", "type", "status"]) into.delete(name);
  if (state.q) into.set("q", state.q);
  if (state.sort !== DEFAULT_SORT) into.set("sort", state.sort);
  if (state.type) into.set("type", state.type);
  if (state.status) into.set("status", state.status);
  return into;
}

export function listQuery(state: ListState): { filter: EquipmentFilter; orderBy: EquipmentOrder } {
  return {
    filter: { search: state.q || null, type: state.type, status: state.status },
    orderBy: SORTS[state.sort],
  };
}

export function isFiltered(state: ListState): boolean {
  return !!(state.q || state.type || state.status);
}
