import type { SongWorkflow } from "@/gql/graphql";

/** Workflows a bulk delete leaves alone unless forced (the API's `force`). */
export const PROTECTED_WORKFLOWS: readonly SongWorkflow[] = ["IN_USE", "ON_WORK"];

export function isProtected(workflow: SongWorkflow | null | undefined): boolean {
  return !!workflow && PROTECTED_WORKFLOWS.includes(workflow);
}

export interface BulkResultLike {
  id: string;
  deleted: boolean;
  error?: { code: string; message: string } | null;
}

export interface BulkOutcome {
  deleted: string[];
  /** Refused only because they are IN_USE or ON_WORK: a forced delete would take them. */
  protectedIds: string[];
  /** Refused for another reason (still generating, not found …), with why. */
  refused: { id: string; code: string; message: string }[];
}

/**
 * Sorts songBulkDelete's per-id results. The API refuses a protected song and a song still generating with
 * the same code (CONFLICT), so the song's workflow as the list showed it tells them apart: a refused song that
 * is IN_USE or ON_WORK and no longer generating is one a forced delete would take.
 */
export function sortBulkResults(
  results: readonly BulkResultLike[],
  songs: ReadonlyMap<string, { workflow?: SongWorkflow | null; status?: string | null }>,
): BulkOutcome {
  const outcome: BulkOutcome = { deleted: [], protectedIds: [], refused: [] };
  for (const result of results) {
    if (result.deleted) {
      outcome.deleted.push(result.id);
      continue;
    }
    const song = songs.get(result.id);
    const code = result.error?.code ?? "INVALID";
    const generating = song?.status === "QUEUED" || song?.status === "RUNNING";
    if (code === "CONFLICT" && song && isProtected(song.workflow) && !generating) {
      outcome.protectedIds.push(result.id);
    } else {
      outcome.refused.push({ id: result.id, code, message: result.error?.message ?? "" });
    }
  }
  return outcome;
}
