import type { JobStatus } from "@/gql/graphql";

/** The image job's phases, in order. */
export const PHASES = ["enhancing", "drawing", "storing"] as const;
export type Phase = (typeof PHASES)[number];

/**
 * Where the job reports each phase to start (domain/images/generation.py: 0.1 enhancing, 0.3 drawing, 0.8
 * storing); the progress tells the phase in any language, its message is the server's English.
 */
const STARTS: Record<Phase, number> = { enhancing: 0, drawing: 0.3, storing: 0.8 };

/** The phase a job is in: null while it waits to start and after it ended. */
export function phaseOf(job: { status: JobStatus; progress: number }): Phase | null {
  if (job.status !== "RUNNING") return null;
  const progress = Number.isFinite(job.progress) ? job.progress : 0;
  let phase: Phase = "enhancing";
  for (const p of PHASES) if (progress >= STARTS[p]) phase = p;
  return phase;
}

/** The index of the phase for a stepper: -1 before the first, PHASES.length once done. */
export function phaseIndex(job: { status: JobStatus; progress: number }): number {
  if (job.status === "SUCCEEDED") return PHASES.length;
  const phase = phaseOf(job);
  return phase === null ? -1 : PHASES.indexOf(phase);
}

/** The image's status as the gallery treats it: still being drawn, or ended. */
export function isDrawing(status: string): boolean {
  return status === "QUEUED" || status === "RUNNING";
}
