import type { JobKind, JobStatus } from "@/gql/graphql";
import { locale } from "@/shared/format";

/** Every kind of job the API knows today (JobKind); a kind added later shows under its own name. */
export const JOB_KINDS = [
  "DATA_EXPORT",
  "DATA_IMPORT",
  "CHAT_REPLY",
  "TEMPLATE_GENERATION",
  "SONG_GENERATION",
  "SONG_FILES",
  "SONG_STEMS",
  "IMAGE_GENERATION",
] as const satisfies readonly JobKind[];

export const JOB_STATUSES = [
  "QUEUED",
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "CANCELLED",
] as const satisfies readonly JobStatus[];

/** Queued or running: it can still change, be followed and be cancelled. */
export function isActive(status: JobStatus): boolean {
  return status === "QUEUED" || status === "RUNNING";
}

export function isTerminal(status: JobStatus): boolean {
  return !isActive(status);
}

export const STATUS_COLORS: Record<JobStatus, string> = {
  QUEUED: "gray",
  RUNNING: "blue",
  SUCCEEDED: "green",
  FAILED: "red",
  CANCELLED: "orange",
};

/** The fraction a progress bar shows: 0 to 1; a job that succeeded is complete whatever it reported. */
export function progressFraction(job: { status: JobStatus; progress: number }): number {
  if (job.status === "SUCCEEDED") return 1;
  if (!Number.isFinite(job.progress)) return 0;
  return Math.min(1, Math.max(0, job.progress));
}

/** The whole percent shown next to a bar: 0.999 is "99", never "100" before the end. */
export function progressPercent(job: { status: JobStatus; progress: number }): number {
  const fraction = progressFraction(job);
  if (job.status === "SUCCEEDED") return 100;
  return Math.min(99, Math.floor(fraction * 100));
}

function time(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** How long it ran: start to end, or start to `now` while running; null before it started. */
export function jobDurationMs(
  job: { startedAt?: string | null; finishedAt?: string | null; status: JobStatus },
  now: number = Date.now(),
): number | null {
  const start = time(job.startedAt);
  if (start === null) return null;
  const end = time(job.finishedAt) ?? (isActive(job.status) ? now : null);
  if (end === null) return null;
  return Math.max(0, end - start);
}

function unit(value: number, name: "hour" | "minute" | "second" | "millisecond", lang: string): string {
  return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "short" }).format(value);
}

/** 850 → "850 ms"; 65 000 → "1 min 5 secs" / "1 Min. 5 Sek."; 3 720 000 → "1 hr 2 mins" / "1 Std. 2 Min.". */
export function formatDuration(ms: number, lang: string = locale()): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  if (ms < 1000) return unit(Math.round(ms), "millisecond", lang);
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return unit(seconds, "second", lang);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = seconds % 60;
    return rest
      ? `${unit(minutes, "minute", lang)} ${unit(rest, "second", lang)}`
      : unit(minutes, "minute", lang);
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${unit(hours, "hour", lang)} ${unit(rest, "minute", lang)}` : unit(hours, "hour", lang);
}

/** Of a signed URL's `expiresAt`: whether it has passed, and how long is left. */
export function linkExpiry(
  expiresAt: string,
  now: number = Date.now(),
): { expired: boolean; leftMs: number } {
  const at = time(expiresAt);
  if (at === null) return { expired: true, leftMs: 0 };
  return { expired: at <= now, leftMs: Math.max(0, at - now) };
}

/** Which of two states of the same job is newer (by `updatedAt`; the second on a tie). */
export function newer<J extends { updatedAt: string }>(
  a: J | null | undefined,
  b: J | null | undefined,
): J | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return (time(a.updatedAt) ?? 0) > (time(b.updatedAt) ?? 0) ? a : b;
}

/** "prompt_templates" → "prompt templates": the name of a section no catalogue knows. */
export function humanize(name: string): string {
  return name.replace(/_/g, " ").toLowerCase();
}
