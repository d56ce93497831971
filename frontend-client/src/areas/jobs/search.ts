import { JOB_KINDS, JOB_STATUSES } from "./format";

export type JobsOrder = "newest" | "oldest" | "updated";

export interface JobsSearch {
  statuses: string[];
  kinds: string[];
  order: JobsOrder;
}

function list(value: string | null, allowed: readonly string[]): string[] {
  if (!value) return [];
  const wanted = value.split(",").map((v) => v.trim().toUpperCase());
  return allowed.filter((v) => wanted.includes(v));
}

/** The jobs page's filters from its URL (`?status=QUEUED,RUNNING&kind=DATA_EXPORT&order=oldest`); unknown values are dropped. */
export function parseJobsSearch(params: URLSearchParams): JobsSearch {
  const order = params.get("order");
  return {
    statuses: list(params.get("status"), JOB_STATUSES),
    kinds: list(params.get("kind"), JOB_KINDS),
    order: order === "oldest" || order === "updated" ? order : "newest",
  };
}

/** The jobs page showing only `statuses` / `kinds`. */
export function jobsSearch(options: { statuses?: string[]; kinds?: string[] }): string {
  const params = new URLSearchParams();
  if (options.statuses?.length) params.set("status", options.statuses.join(","));
  if (options.kinds?.length) params.set("kind", options.kinds.join(","));
  const query = params.toString();
  return query ? `?${query}` : "";
}
